import { secretFields } from '../../domain/offer/secrets';

/**
 * The one place that decides what a log line may not carry. Everything the logger writes goes
 * through here, whatever the caller passed: secrets are recognised by the name of the field that
 * holds them and by the shape of the value (SAS signatures, bearer tokens, JWTs, webhook secrets,
 * keys inside connection strings), and configured secret values are removed wherever they appear.
 */
export const REDACTED = '[redacted]';

/** Write-only offer fields (domain/offer/secrets.ts), e.g. appClientSecret, applicationKey. */
const offerSecretFieldNames = [
  ...new Set(Object.values(secretFields).flatMap((ps) => ps.map((p) => p.split('/').pop() ?? ''))),
]
  .filter((n) => n.length > 0)
  .map(normalizeKey);

/** Field names (compared lower-case, without `-`, `_` and spaces) whose values are never logged. */
const sensitiveKeyPattern =
  /secret|password|passwd|^pwd$|token|authorization|cookie|apikey|accesskey|accountkey|functionskey|masterkey|functionkey|cosmoskey|encryptionkey|privatekey|connectionstring|credential|signature|^sig$|^code$|^assertion$|clientassertion/;

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** True when a field of this name holds something that must never reach a log. */
export function isSensitiveKey(key: string): boolean {
  const k = normalizeKey(key);
  return sensitiveKeyPattern.test(k) || offerSecretFieldNames.includes(k);
}

/** Value shapes that are secrets wherever they appear in text. Each keeps its label, drops the value. */
const textRules: { pattern: RegExp; replace: string }[] = [
  // SAS signature (and the other credential-bearing query parameters: function keys, OAuth forms).
  {
    pattern:
      /([?&;\s"']|^)(sig|code|client_secret|client_assertion|access_token|refresh_token|id_token|password|assertion)=[^&\s"'#;,)]+/gi,
    replace: `$1$2=${REDACTED}`,
  },
  // Keys inside connection strings (Storage, Service Bus, ACS, Cosmos DB, App Insights ikeys are not secret).
  {
    pattern:
      /\b(AccountKey|SharedAccessKey|SharedAccessSignature|accesskey|Password|Pwd|ClientSecret)=[^;\s"']+/gi,
    replace: `$1=${REDACTED}`,
  },
  // Authorization header text, whatever the scheme (Bearer, Basic, SharedKey, HMAC-SHA256 ...).
  { pattern: /\b(authorization"?\s*[:=]\s*"?)[^"\r\n,}]+/gi, replace: `$1${REDACTED}` },
  { pattern: /\b(Bearer|Basic|SharedKey|SharedKeyLite)\s+[A-Za-z0-9\-._~+/:=]+/g, replace: `$1 ${REDACTED}` },
  // JSON Web Tokens (header.payload[.signature]), with or without a scheme in front.
  { pattern: /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*(\.[A-Za-z0-9_-]*)?/g, replace: REDACTED },
  // Standard Webhooks signing secrets.
  { pattern: /\bwhsec_[A-Za-z0-9+/=]+/g, replace: REDACTED },
  // "secretName": "value" inside text that is itself JSON (e.g. an error quoting a body).
  {
    pattern:
      /"([A-Za-z0-9_-]*(?:secret|password|token|authorization|apikey|accesskey|accountkey|connectionstring|applicationkey)[A-Za-z0-9_-]*)"\s*:\s*"(?:[^"\\]|\\.)*"/gi,
    replace: `"$1":"${REDACTED}"`,
  },
];

export interface Redactor {
  /** The text with every secret replaced by `[redacted]`. */
  text(value: string): string;
  /** A JSON-safe copy of any value with secrets replaced (by field name and by value shape). */
  value(value: unknown): unknown;
}

/**
 * A redactor that also removes the given literal values (the configured keys and secrets), so a
 * secret with no recognisable shape, such as a base64 encryption key, cannot leak either.
 */
export function createRedactor(knownSecrets: readonly string[] = []): Redactor {
  // Short values would redact ordinary words; real keys are long.
  const literals = [...new Set(knownSecrets.filter((s) => s.length >= 8))].sort(
    (a, b) => b.length - a.length,
  );

  function text(value: string): string {
    let out = value;
    for (const literal of literals) out = out.split(literal).join(REDACTED);
    for (const rule of textRules) out = out.replace(rule.pattern, rule.replace);
    return out;
  }

  function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') {
      return typeof value === 'bigint' || typeof value === 'symbol' || typeof value === 'function'
        ? String(value)
        : value;
    }
    if (seen.has(value) || depth > 8) return '[…]';
    seen.add(value);
    if (value instanceof Error) {
      return {
        name: value.name,
        message: text(value.message),
        ...(value.stack ? { stack: text(value.stack) } : {}),
      };
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen));
    if (value instanceof Map) return walk(Object.fromEntries(value), depth, seen);
    if (
      typeof (value as { entries?: unknown }).entries === 'function' &&
      value.constructor?.name === 'Headers'
    ) {
      return walk(Object.fromEntries((value as Headers).entries()), depth, seen);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] =
        isSensitiveKey(k) && v !== undefined && v !== null && v !== '' && typeof v !== 'boolean'
          ? REDACTED
          : walk(v, depth + 1, seen);
    }
    return out;
  }

  return { text, value: (value) => walk(value, 0, new WeakSet()) };
}
