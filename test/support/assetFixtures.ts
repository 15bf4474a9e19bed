/**
 * Named factories for the files the asset tests upload: PNGs of exact pixel sizes, PDFs,
 * ARM template packages, zip bombs and zips with unsafe paths. Everything is generated, so
 * a test states exactly what it feeds in.
 */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { ZipFile } from 'yazl';
import { encodePng } from '../../scripts/demo/encodePng';

/**
 * A real RGB PNG of `width` x `height` pixels (a gradient, so that two sizes never share bytes).
 * `seed` varies the pixels to make distinct files of one size.
 */
export function pngOfSize(width: number, height: number, seed = 0): Buffer {
  return encodePng(width, height, (x, y) => [
    (x + seed) & 0xff,
    (y + seed * 7) & 0xff,
    (x ^ y ^ seed) & 0xff,
  ]);
}

/** The first bytes of a JPEG (SOI, JFIF APP0) with some data: what a `.jpg` renamed `.png` holds. */
export function jpegBytes(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]),
    Buffer.from('JFIF\0', 'latin1'),
    Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
    Buffer.alloc(64, 0x11),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A one- or more-page PDF made with pdf-lib, with `text` on its first page. */
export async function pdfDocument(text = 'Key usage scenarios', pages = 1): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([595, 842]);
    page.drawText(i === 0 ? text : `Page ${i + 1}`, { x: 50, y: 780, size: 14, font });
  }
  return Buffer.from(await doc.save());
}

/**
 * A PDF whose trailer names an /Encrypt dictionary (standard security handler), which is how
 * readers know a PDF is encrypted. Object offsets in the xref table are computed, so the file
 * is otherwise well formed.
 */
export function encryptedPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
    '<< /Filter /Standard /V 1 /R 2 /O <00000000000000000000000000000000> /U <00000000000000000000000000000000> /P -4 >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((content, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${content}\nendobj\n`;
  });
  const xrefAt = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body +=
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R ` +
    `/ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>\n` +
    `startxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A minimal valid resource-group deployment template. */
export function armTemplateJson(): string {
  return JSON.stringify(
    {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: {
        username: { type: 'string', metadata: { type: 'username' } },
        password: { type: 'securestring', metadata: { type: 'password' } },
      },
      variables: { location: '[resourceGroup().location]' },
      resources: [],
      outputs: { 'User Name': { type: 'string', value: "[parameters('username')]" } },
    },
    null,
    2,
  );
}

export interface ZipEntrySpec {
  name: string;
  content: Buffer | string;
  /** Store without compression (method 0). */
  store?: boolean;
}

/** A zip holding exactly `entries`, in order (yazl, the same writer `zip` tools interoperate with). */
export async function zipOf(entries: ZipEntrySpec[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const entry of entries) {
    const content = typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
    zip.addBuffer(content, entry.name, { compress: !entry.store, mtime: new Date(Date.UTC(2024, 0, 1)) });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** A good test drive package: main-template.json at the root plus a linked template and a script. */
export function armTemplatePackage(): Promise<Buffer> {
  return zipOf([
    { name: 'main-template.json', content: armTemplateJson() },
    { name: 'templates/solution.json', content: armTemplateJson() },
    { name: 'scripts/warmup.ps1', content: 'Write-Output "warm"\n' },
  ]);
}

/** A template package with one entry of `megabytes` MiB of zeros: ~1000x compression. */
export function zipBomb(megabytes = 64): Promise<Buffer> {
  return zipOf([
    { name: 'main-template.json', content: armTemplateJson() },
    { name: 'payload.bin', content: Buffer.alloc(megabytes * 1024 * 1024) },
  ]);
}

/**
 * A zip whose central directory understates an entry's unpacked size (declares 1 KiB for what
 * inflates to `megabytes` MiB): a bomb that only an unpacking count can catch.
 */
export async function zipWithLyingSizes(megabytes = 64): Promise<Buffer> {
  const zip = await zipOf([
    { name: 'main-template.json', content: armTemplateJson() },
    { name: 'payload.bin', content: Buffer.alloc(megabytes * 1024 * 1024, 0x41) },
  ]);
  // Central directory file headers start with PK\x01\x02; the unpacked size is at +24.
  let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  while (at >= 0) {
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    if (name === 'payload.bin') zip.writeUInt32LE(1024, at + 24);
    at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
  }
  return zip;
}

/** A template package with an extra entry named `unsafeName` (e.g. `../evil.sh`). */
export function zipWithEntryNamed(unsafeName: string): Promise<Buffer> {
  return zipWithRawName(unsafeName);
}

/**
 * yazl refuses unsafe names itself, so the entry is written under a same-length placeholder and
 * the name bytes are patched in both the local and the central header.
 */
async function zipWithRawName(rawName: string): Promise<Buffer> {
  const placeholder = 'x'.repeat(Buffer.byteLength(rawName));
  const zip = await zipOf([
    { name: 'main-template.json', content: armTemplateJson() },
    { name: placeholder, content: 'echo owned\n' },
  ]);
  const from = Buffer.from(placeholder);
  const to = Buffer.from(rawName);
  let at = zip.indexOf(from);
  let patched = 0;
  while (at >= 0) {
    to.copy(zip, at);
    patched++;
    at = zip.indexOf(from, at + to.length);
  }
  if (patched !== 2) throw new Error(`expected to patch 2 headers, patched ${patched}`);
  return zip;
}
