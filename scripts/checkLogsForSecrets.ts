import { readFileSync } from 'node:fs';
import { configuredSecrets } from '../app/telemetry/configuredSecrets';
import { REDACTED } from '../app/telemetry/redact';

/**
 * Checks the logs of a run for the secrets the run used. Two nets: the literal values the run
 * knows (the stack's keys and secrets, the fixtures' client secrets and connection strings), and
 * the shapes of secrets issued along the way that no list can hold (SAS signatures, bearer tokens
 * and JWTs, webhook secrets, keys inside connection strings). A match is reported with its line
 * number and kind only, so the report does not leak what it found.
 *
 * CLI: `node dist/scripts/checkLogsForSecrets.js <log file> [<stack.json>]`, exit 1 on a leak.
 */
export interface UsedSecret {
  /** What it is, for the report (never the value). */
  name: string;
  value: string;
}

export interface Leak {
  line: number;
  kind: string;
}

const shapes: { kind: string; pattern: RegExp }[] = [
  { kind: 'SAS signature (sig=)', pattern: /[?&;\s"']sig=(?!\[redacted\])[A-Za-z0-9%+/=]{8,}/i },
  { kind: 'bearer token', pattern: /\bBearer\s+(?!\[redacted\])[A-Za-z0-9\-._~+/]{8,}/ },
  { kind: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{4,}/ },
  { kind: 'webhook secret (whsec_)', pattern: /\bwhsec_[A-Za-z0-9+/=]{8,}/ },
  {
    kind: 'connection string key',
    pattern: /\b(?:AccountKey|accesskey|SharedAccessKey)=(?!\[redacted\])[^;\s"']{8,}/i,
  },
  { kind: 'client secret in a form', pattern: /\bclient_secret=(?!\[redacted\])[^&\s"']{4,}/i },
];

/** Literal values shorter than this would match ordinary text; every real key is longer. */
const MIN_LITERAL = 8;

export function findLeaks(log: string, secrets: readonly UsedSecret[]): Leak[] {
  const literals = secrets.filter((s) => s.value.length >= MIN_LITERAL && s.value !== REDACTED);
  const leaks: Leak[] = [];
  log.split('\n').forEach((text, i) => {
    for (const s of literals) if (text.includes(s.value)) leaks.push({ line: i + 1, kind: s.name });
    for (const shape of shapes) if (shape.pattern.test(text)) leaks.push({ line: i + 1, kind: shape.kind });
  });
  return leaks;
}

/** What the local stack used: the app's configured secrets (key by key) and the host's keys. */
export function stackSecrets(info: {
  appSettings: Record<string, string>;
  masterKey: string;
  functionKey: string;
}): UsedSecret[] {
  return [
    ...configuredSecrets(info.appSettings).map((value) => ({ name: 'app setting secret', value })),
    { name: 'host master key', value: info.masterKey },
    { name: 'host function key', value: info.functionKey },
  ];
}

export function describeLeaks(leaks: readonly Leak[], where: string): string {
  const shown = leaks.slice(0, 20).map((l) => `  line ${l.line}: ${l.kind}`);
  const more = leaks.length > shown.length ? [`  ... and ${leaks.length - shown.length} more`] : [];
  return [`${leaks.length} secret(s) found in ${where}:`, ...shown, ...more].join('\n');
}

function main(argv: string[]): number {
  const [logFile, stackFile] = argv;
  if (!logFile) {
    process.stderr.write('usage: checkLogsForSecrets <log file> [<stack.json>]\n');
    return 2;
  }
  const secrets = stackFile
    ? stackSecrets(JSON.parse(readFileSync(stackFile, 'utf8')) as Parameters<typeof stackSecrets>[0])
    : [];
  const leaks = findLeaks(readFileSync(logFile, 'utf8'), secrets);
  if (leaks.length > 0) {
    process.stderr.write(describeLeaks(leaks, logFile) + '\n');
    return 1;
  }
  process.stdout.write(
    `no secrets in ${logFile} (${secrets.length} known values, ${shapes.length} shapes checked)\n`,
  );
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
