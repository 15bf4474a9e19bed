import type { HttpRequest } from '@azure/functions';
import { AppError } from './AppError';

/**
 * The ETag a conditional write names. 428 when If-Match is missing; `*` is refused too, because an
 * unconditional write could silently overwrite another publisher's save.
 */
export function requireIfMatch(request: HttpRequest): string {
  const raw = request.headers.get('if-match')?.trim();
  if (raw === undefined || raw === '') {
    throw new AppError('preconditionRequired', 'Send If-Match with the ETag of the version you read.');
  }
  if (raw === '*' || raw.includes(',')) {
    throw new AppError(
      'preconditionRequired',
      'If-Match must name exactly one ETag (the version you read); "*" and lists are not accepted.',
    );
  }
  // Weak validators never match for writes (RFC 9110 13.1.1): strip nothing, compare strongly.
  return raw;
}
