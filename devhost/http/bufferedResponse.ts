/** Statuses the library answers without a body (it builds their Response itself). */
const nullBodyStatuses = new Set([204, 205, 304]);

/**
 * The WHATWG `Response` that the library's `HttpResponse` wraps (`nativeResponse`), for a
 * handler result whose body is already in memory. The library turns a plain `HttpResponseInit`
 * into a `Response` (with a web stream over the body) and reads it straight back with
 * `arrayBuffer()`; for a small JSON answer that was a tenth of the host's CPU per request. The
 * conversion here gives the same status, headers and bytes: `jsonBody` as `JSON.stringify` with
 * `Content-Type: application/json` unless set, a string as UTF-8 with `text/plain;charset=UTF-8`
 * unless set, bytes as they are. Anything else the library still converts itself.
 */
export class BufferedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly #bytes: Buffer | null;
  #used = false;
  #native: Response | undefined;

  private constructor(status: number, headers: Headers, bytes: Buffer | null) {
    this.status = status;
    this.headers = headers;
    this.#bytes = bytes;
  }

  /**
   * The handler's result with a `nativeResponse` the library uses, or the result unchanged where
   * the library must convert it (an `HttpResponse`, a stream or other body type, a status without
   * a body or outside 200-599, anything that is not a plain object).
   */
  static prepare(result: unknown): unknown {
    if (result === null || typeof result !== 'object' || Object.getPrototypeOf(result) !== Object.prototype) {
      return result;
    }
    const init = result as {
      status?: unknown;
      headers?: unknown;
      body?: unknown;
      jsonBody?: unknown;
      nativeResponse?: unknown;
    };
    if (init.nativeResponse !== undefined) return result;
    const status = init.status ?? 200;
    if (
      typeof status !== 'number' ||
      !Number.isInteger(status) ||
      status < 200 ||
      status > 599 ||
      nullBodyStatuses.has(status)
    ) {
      return result;
    }
    const headersInit = init.headers;
    if (
      headersInit !== undefined &&
      !(headersInit instanceof Headers) &&
      (headersInit === null ||
        typeof headersInit !== 'object' ||
        Object.getPrototypeOf(headersInit) !== Object.prototype)
    ) {
      return result;
    }
    let headers: Headers;
    try {
      headers = new Headers(headersInit as ConstructorParameters<typeof Headers>[0]);
    } catch {
      return result; // the library's own conversion reports an invalid header
    }
    let bytes: Buffer | null;
    if (init.jsonBody !== undefined && init.jsonBody !== null) {
      let text: string | undefined;
      try {
        text = JSON.stringify(init.jsonBody);
      } catch {
        return result; // the library's own conversion throws the same error
      }
      if (text === undefined) return result;
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      bytes = Buffer.from(text, 'utf8');
    } else if (init.body === undefined || init.body === null) {
      bytes = null;
    } else if (typeof init.body === 'string') {
      if (!headers.has('content-type')) headers.set('content-type', 'text/plain;charset=UTF-8');
      bytes = Buffer.from(init.body, 'utf8');
    } else if (ArrayBuffer.isView(init.body)) {
      const view = init.body;
      bytes = Buffer.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
    } else {
      return result;
    }
    return { ...init, nativeResponse: new BufferedResponse(status, headers, bytes) };
  }

  get body(): ReadableStream<Uint8Array> | null {
    if (this.#native === undefined && this.#bytes === null) return null;
    return this.#real().body;
  }

  get bodyUsed(): boolean {
    return this.#native !== undefined ? this.#native.bodyUsed : this.#used;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#native !== undefined) return this.#native.arrayBuffer();
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    const bytes = this.#bytes ?? Buffer.alloc(0);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return new TextDecoder('utf-8').decode(await this.arrayBuffer());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async blob(): Promise<Blob> {
    return this.#real().blob();
  }

  async formData(): Promise<FormData> {
    return this.#real().formData();
  }

  clone(): Response {
    return this.#real().clone();
  }

  /** The Response the library would have built; once built, everything goes to it. */
  #real(): Response {
    if (this.#native === undefined) {
      if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
      this.#native = new Response(this.#bytes === null ? null : Buffer.from(this.#bytes), {
        status: this.status,
        headers: this.headers,
      });
    }
    return this.#native;
  }
}
