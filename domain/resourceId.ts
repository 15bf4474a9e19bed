/** The most UTF-8 bytes a resource id can have: far above any id the API hands out. */
export const RESOURCE_ID_MAX_BYTES = 255;

/** Characters a Cosmos DB item id may not contain. */
const FORBIDDEN_IN_ID = /[/\\?#]/;

/**
 * Whether `value` can be the id of one of our resources. Every id the API hands out (offer ids,
 * UUIDs, content hashes, listing ids, version numbers) is short and never contains '/', '\', '?'
 * or '#', and each is stored as, or inside, a Cosmos DB item id, where those characters are not
 * allowed (the client throws before asking) and the length is bounded. A value that cannot be an
 * id names nothing: it is answered 404 instead of being passed to the database.
 */
export function isPossibleResourceId(value: string): boolean {
  return !FORBIDDEN_IN_ID.test(value) && new TextEncoder().encode(value).length <= RESOURCE_ID_MAX_BYTES;
}
