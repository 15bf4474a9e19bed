/**
 * Bearer tokens this process has already verified, by their exact text, with what verification
 * gave (the publisher or customer they name). Verifying a signature costs far more CPU than the
 * rest of a small request; clients send the same token for up to an hour. An entry is used only
 * until the token's `exp` (no clock tolerance, so never longer than verification would accept it)
 * and at most `maxAgeMs` after it was verified, so a key withdrawn from the issuer's JWKS stops
 * being honoured within that time after the JWKS cache lets it go. Only successes are kept: a
 * token that failed is verified again every time. Bounded: the least recently used entry goes.
 */
export class VerifiedTokenCache<T> {
  readonly #entries = new Map<string, { value: T; expiresAtMs: number }>();

  constructor(
    private readonly capacity: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): T | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    this.#entries.delete(token);
    if (this.now() >= entry.expiresAtMs) return undefined;
    this.#entries.set(token, entry);
    return entry.value;
  }

  /** Keeps a verified token until `expSeconds` (its `exp` claim) or `maxAgeMs` from now, whichever is first. */
  set(token: string, value: T, expSeconds: number): void {
    const now = this.now();
    const expiresAtMs = Math.min(expSeconds * 1000, now + this.maxAgeMs);
    if (!(expiresAtMs > now)) return;
    this.#entries.delete(token);
    this.#entries.set(token, { value, expiresAtMs });
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
