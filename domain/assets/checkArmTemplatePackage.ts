import type { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import { type AssetProblem, assetProblem } from './assetProblem';
import { type ArmPackageLimits, armPackageLimits, type ZipSlotRule } from './assetSlots';

export type ArmPackageCheck =
  { ok: true; entries: number; unpackedBytes: number } | { ok: false; problem: AssetProblem };

type Limits = ArmPackageLimits;

/** Thrown inside the walk to stop at the first problem. */
class Refused extends Error {
  constructor(readonly problem: AssetProblem) {
    super(problem.message);
  }
}

/**
 * Accepts a zip that test drive can unpack safely and deploy: at most `maxEntries` entries,
 * none encrypted, none with a path that could escape the folder it is unpacked into (`..`
 * segments, absolute paths, drive letters, backslashes), none over `maxEntryBytes` unpacked,
 * all together under `maxTotalBytes`, no entry compressed beyond `maxCompressionRatio`, and a
 * `main-template.json` at the root that parses as an ARM deployment template.
 *
 * Sizes are first checked as the central directory declares them, then every entry is
 * actually inflated with a running count (yauzl's `validateEntrySizes` also fails a stream that
 * yields more or fewer bytes than declared), so a header that lies about sizes cannot get a bomb
 * through.
 */
export async function checkArmTemplatePackage(
  bytes: Uint8Array,
  rule: ZipSlotRule,
  limits: Limits = armPackageLimits,
): Promise<ArmPackageCheck> {
  const label = rule.label;
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
      autoClose: true,
    });
  } catch {
    return { ok: false, problem: assetProblem('notZip', `${label} is not a zip archive`) };
  }
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new Refused(
        assetProblem(
          'zipTooManyEntries',
          `${label} has ${zip.entryCount} entries, at most ${limits.maxEntries} are allowed`,
        ),
      );
    }
    let declaredTotal = 0;
    let unpackedTotal = 0;
    let template: Buffer | undefined;
    const rootNames: string[] = [];
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(
        entry.generalPurposeBitFlag,
        entry.fileNameRaw,
        entry.extraFields,
        true,
      );
      const unsafe = unsafePathReason(name);
      if (unsafe) {
        throw new Refused(
          assetProblem('zipUnsafePath', `${label} has an entry "${printable(name)}" with ${unsafe}`),
        );
      }
      if (entry.isEncrypted()) {
        throw new Refused(
          assetProblem('zipEncrypted', `${label} has an encrypted entry "${printable(name)}"`),
        );
      }
      if (name.endsWith('/')) continue;
      if (!name.includes('/')) rootNames.push(name);
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (entry.uncompressedSize >= limits.ratioFloorBytes && ratio > limits.maxCompressionRatio) {
        throw new Refused(
          assetProblem(
            'zipBomb',
            `${label} looks like a zip bomb: entry "${printable(name)}" unpacks ${Math.round(ratio)} times its packed size (at most ${limits.maxCompressionRatio})`,
          ),
        );
      }
      if (entry.uncompressedSize > limits.maxEntryBytes) {
        throw new Refused(entryTooLarge(label, name, entry.uncompressedSize, limits));
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxTotalBytes) throw new Refused(totalTooLarge(label, limits));
      const isTemplate = name === limits.templateFileName;
      const keep = isTemplate ? limits.maxTemplateBytes : 0;
      let stream: Readable;
      try {
        stream = await zip.openReadStreamPromise(entry);
      } catch {
        throw new Refused(
          assetProblem('notZip', `${label} has an entry "${printable(name)}" that cannot be unpacked`),
        );
      }
      const { bytesRead, kept } = await drain(stream, keep, (n) => {
        if (n > limits.maxEntryBytes) throw new Refused(entryTooLarge(label, name, n, limits));
        if (unpackedTotal + n > limits.maxTotalBytes) throw new Refused(totalTooLarge(label, limits));
      }).catch((error: unknown) => {
        if (error instanceof Refused) throw error;
        // yauzl's validateEntrySizes: the entry inflates to more (or fewer) bytes than declared.
        if (error instanceof Error && /too many bytes|not enough bytes/.test(error.message)) {
          throw new Refused(
            assetProblem(
              'zipBomb',
              `${label} looks like a zip bomb: entry "${printable(name)}" unpacks to a different size than its header declares`,
            ),
          );
        }
        throw new Refused(
          assetProblem('notZip', `${label} has an entry "${printable(name)}" that cannot be unpacked`),
        );
      });
      unpackedTotal += bytesRead;
      if (isTemplate) {
        if (bytesRead > limits.maxTemplateBytes) {
          throw new Refused(
            assetProblem(
              'templateInvalid',
              `${label}: ${limits.templateFileName} is ${bytesRead} bytes, Azure Resource Manager accepts at most ${limits.maxTemplateBytes}`,
            ),
          );
        }
        template = kept;
      }
    }
    if (!template) {
      const near = rootNames.find((n) => /^(maintemplate|main-template|azuredeploy)\.json$/i.test(n));
      const hint = near ? ` (found ${near}; test drive reads ${limits.templateFileName})` : '';
      throw new Refused(
        assetProblem('templateMissing', `${label} has no ${limits.templateFileName} at its root${hint}`),
      );
    }
    const templateProblem = armTemplateProblem(template);
    if (templateProblem) {
      throw new Refused(
        assetProblem('templateInvalid', `${label}: ${limits.templateFileName} ${templateProblem}`),
      );
    }
    return { ok: true, entries: zip.entryCount, unpackedBytes: unpackedTotal };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, problem: error.problem };
    return { ok: false, problem: assetProblem('notZip', `${label} is a damaged zip archive`) };
  } finally {
    if (zip.isOpen) zip.close();
  }
}

/** Why a path could land outside the unpack folder (zip slip), or undefined when it cannot. */
export function unsafePathReason(name: string): string | undefined {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\\')) return 'a backslash in its path';
  if (name.includes('\0')) return 'a NUL character in its path';
  if (name.startsWith('/')) return 'an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'a drive letter';
  if (name.split('/').some((segment) => segment === '..')) return 'a ".." segment in its path';
  return undefined;
}

/** The parameter metadata types test drive fills in (Microsoft's ARM test drive docs). */
const TEST_DRIVE_PARAMETER_TYPES = ['baseuri', 'username', 'password', 'sessionid'];

/**
 * The template must be JSON with a deployment-template `$schema` (any scope and version on
 * schema.management.azure.com), a `contentVersion` and a `resources` array (or object, in
 * language version 2.0), as Azure Resource Manager requires; and each parameter must carry a
 * metadata type test drive knows (`baseuri`, `username`, `password`, `session id`).
 */
export function armTemplateProblem(bytes: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    return `is not valid JSON (${error instanceof Error ? error.message : 'parse error'})`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'is not a JSON object';
  const template = parsed as Record<string, unknown>;
  const schema = template['$schema'];
  if (
    typeof schema !== 'string' ||
    !/^https:\/\/schema\.management\.azure\.com\/schemas\/[0-9-]+\/[A-Za-z]*deploymentTemplate\.json#?$/i.test(
      schema,
    )
  ) {
    return 'has no deployment template $schema (e.g. https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#)';
  }
  if (typeof template['contentVersion'] !== 'string') return 'has no contentVersion';
  const resources = template['resources'];
  if (!Array.isArray(resources) && (typeof resources !== 'object' || resources === null)) {
    return 'has no resources';
  }
  // Test drive deploys unattended and fills only parameters whose metadata type it knows;
  // Microsoft's test drive docs: every parameter needs one, or the template fails validation.
  const parameters = template['parameters'];
  if (
    parameters !== undefined &&
    (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))
  ) {
    return 'has parameters that are not an object';
  }
  for (const [name, definition] of Object.entries((parameters ?? {}) as Record<string, unknown>)) {
    const type = (definition as { metadata?: { type?: unknown } } | null)?.metadata?.type;
    if (
      typeof type !== 'string' ||
      !TEST_DRIVE_PARAMETER_TYPES.includes(type.toLowerCase().replace(/\s+/g, ''))
    ) {
      return `parameter "${name}" needs metadata.type ${TEST_DRIVE_PARAMETER_TYPES.join(', ')} (test drive fills only those; use a variable otherwise)`;
    }
  }
  return undefined;
}

async function drain(
  stream: Readable,
  keepUpTo: number,
  onProgress: (bytesSoFar: number) => void,
): Promise<{ bytesRead: number; kept: Buffer }> {
  let bytesRead = 0;
  const kept: Buffer[] = [];
  let keptBytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      onProgress(bytesRead);
      if (keptBytes < keepUpTo) {
        kept.push(chunk.subarray(0, keepUpTo - keptBytes));
        keptBytes += Math.min(chunk.length, keepUpTo - keptBytes);
      }
    }
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return { bytesRead, kept: Buffer.concat(kept) };
}

function entryTooLarge(label: string, name: string, size: number, limits: Limits): AssetProblem {
  return assetProblem(
    'zipEntryTooLarge',
    `${label} has an entry "${printable(name)}" of ${size} bytes unpacked, at most ${limits.maxEntryBytes} are allowed`,
  );
}

function totalTooLarge(label: string, limits: Limits): AssetProblem {
  return assetProblem('zipTooLarge', `${label} unpacks to more than ${limits.maxTotalBytes} bytes`);
}

/** Names come from the uploader: keep messages short and free of control characters. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '?');
  return clean.length > 120 ? `${clean.slice(0, 117)}...` : clean;
}
