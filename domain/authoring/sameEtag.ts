/**
 * Strong comparison of an If-Match value with a stored ETag. Cosmos DB ETags are quoted in
 * Azure and bare in some emulators; HTTP ETags are always quoted. Weak validators never match a
 * write (RFC 9110 13.1.1).
 */
export function sameEtag(ifMatch: string, stored: string): boolean {
  if (ifMatch.startsWith('W/') || stored === '') return false;
  return unquote(ifMatch) === unquote(stored);
}

/** The HTTP form of a stored ETag: always a quoted string. */
export function httpEtag(stored: string): string {
  return stored.startsWith('"') ? stored : `"${stored}"`;
}

function unquote(etag: string): string {
  return etag.length >= 2 && etag.startsWith('"') && etag.endsWith('"') ? etag.slice(1, -1) : etag;
}
