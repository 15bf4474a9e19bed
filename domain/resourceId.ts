/** The most UTF-8 bytes a resource id can have: far above any id the API hands out. */
export const RESOURCE_ID_MAX_BYTES = 255;

/** Characters a Cosmos DB item id may not contain. */
const FORBIDDEN_IN_ID = /[/\\?#]/;
/** Half of a surrogate pair on its own: not text, so it cannot be put in a URL (or an id). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `value` can be the id of one of our resources. Every id the API hands out (offer ids,
 * UUIDs, content hashes, listing ids, version numbers) is short, printable and never contains
 * '/', '\', '?' or '#', and each is stored as, or inside, a Cosmos DB item id, which may not hold
 * those characters, be blank or be malformed text (the client throws before asking) and is
 * bounded in length. A value that cannot be an id names nothing: it is answered 404 instead of
 * being passed to the database.
 */
export function isPossibleResourceId(value: string): boolean {
  return (
    value.trim() !== '' &&
    !FORBIDDEN_IN_ID.test(value) &&
    !LONE_SURROGATE.test(value) &&
    new TextEncoder().encode(value).length <= RESOURCE_ID_MAX_BYTES
  );
}
