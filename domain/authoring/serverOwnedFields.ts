import type { FieldIssue } from '../errors';

/** Fields the server owns: a client that sends them gets a `readOnly` field error, never a write. */
export const serverOwnedFields = new Set([
  'id',
  'accountId',
  'offerId',
  'section',
  'state',
  'status',
  'failingFields',
  'etag',
  '_etag',
  'revision',
  'schemaVersion',
  'incarnation',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'live',
  'everPublished',
]);

/**
 * Relabels `unknownField` issues of server-owned names (and of secret presence markers such as
 * `appClientSecretSet`, which only the server sets) as `readOnly`, so the client learns why.
 * `allowed` lists fields the body may legitimately carry (e.g. `offerId` on creation).
 */
export function markServerOwnedFields(
  issues: readonly FieldIssue[],
  allowed: ReadonlySet<string> = new Set(),
): FieldIssue[] {
  return issues.map((issue) => {
    if (issue.code !== 'unknownField') return issue;
    const key = lastToken(issue.pointer);
    if (allowed.has(key)) return issue;
    if (serverOwnedFields.has(key)) {
      return { ...issue, code: 'readOnly', message: `${key} is set by the server and cannot be written` };
    }
    if (/^[a-z][A-Za-z0-9]*Set$/.test(key)) {
      return {
        ...issue,
        code: 'readOnly',
        message: `${key} is set by the server; send ${key.slice(0, -3)} to replace the secret, or omit it to keep the stored one`,
      };
    }
    return issue;
  });
}

function lastToken(pointer: string): string {
  const token = pointer.slice(pointer.lastIndexOf('/') + 1);
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}
