/** Methods whose requests take the buffered path; anything else gets the library's own Request. */
const bufferedMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export interface BufferedRequestInit {
  url: string;
  /** Upper-case. */
  method: string;
  headers: Record<string, string>;
  /** The whole body, already read; null when there is none. */
  body: Buffer | null;
}

/**
 * The WHATWG `Request` that the library's `HttpRequest` wraps, for a body the host has already
 * read into memory. The library builds a `Request` from the RPC bytes (a copy of the body, a
 * ReadableStream over it) and `arrayBuffer()`/`text()`/`json()` then pump that stream back into
 * bytes; for a small JSON body that round trip, with the Request's own construction, was a tenth
 * of the host's CPU per request. Handlers still receive the library's `HttpRequest`: its getters
 * and body methods delegate here, with the same results and the same single-use body (a second
 * read throws "Body is unusable", as undici's does). `body` (the stream), `blob()`, `formData()`
 * and `clone()` build the real `Request` from the same input and delegate to it from then on.
 *
 * `nativeRequestFor` returns undefined where the library's own path must run unchanged: unusual
 * methods (the Request constructor refuses CONNECT, TRACE and TRACK) and GET/HEAD with a body
 * (which the library drops, with a warning).
 */
export class BufferedRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly #body: Buffer | null;
  #used = false;
  #native: Request | undefined;

  private constructor(init: BufferedRequestInit) {
    this.url = init.url;
    this.method = init.method;
    this.headers = new Headers(init.headers);
    this.#body = init.body;
  }

  static nativeRequestFor(init: BufferedRequestInit): BufferedRequest | undefined {
    if (!bufferedMethods.has(init.method)) return undefined;
    const hasBody = init.body !== null && init.body.length > 0;
    if (hasBody && (init.method === 'GET' || init.method === 'HEAD')) return undefined;
    return new BufferedRequest({ ...init, body: hasBody ? init.body : null });
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#native === undefined && this.#body === null) return null;
    return this.#real().body;
  }

  get bodyUsed(): boolean {
    return this.#native !== undefined ? this.#native.bodyUsed : this.#used;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#native !== undefined) return this.#native.arrayBuffer();
    const bytes = this.#consume();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    if (this.#native !== undefined) return this.#native.text();
    // UTF-8 with replacement characters and a leading BOM dropped, as the Fetch body mixin decodes.
    return new TextDecoder('utf-8').decode(this.#consume());
  }

  async json(): Promise<unknown> {
    if (this.#native !== undefined) return this.#native.json();
    return JSON.parse(await this.text()) as unknown;
  }

  async blob(): Promise<Blob> {
    return this.#real().blob();
  }

  async formData(): Promise<FormData> {
    return this.#real().formData();
  }

  clone(): Request {
    return this.#real().clone();
  }

  #consume(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#body ?? Buffer.alloc(0);
  }

  /** The library's Request, from the same input; once built, everything goes to it. */
  #real(): Request {
    if (this.#native === undefined) {
      if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
      this.#native = new Request(this.url, {
        method: this.method,
        headers: this.headers,
        ...(this.#body !== null ? { body: Buffer.from(this.#body) } : {}),
      });
    }
    return this.#native;
  }
}
