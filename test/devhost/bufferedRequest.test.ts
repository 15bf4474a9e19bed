import { HttpRequest } from '@azure/functions';
import { BufferedRequest, type BufferedRequestInit } from '../../devhost/http/bufferedRequest';

const url = 'http://127.0.0.1:7071/api/offers/o-1/sections/properties?x=1';
const headers = { 'content-type': 'application/json', 'if-match': '"abc"', 'x-repeated': 'a, b' };

/** The buffered request and the Request the library would have built, from the same input. */
function both(init: Partial<BufferedRequestInit> = {}): { buffered: BufferedRequest; real: Request } {
  const full: BufferedRequestInit = {
    url,
    method: 'PUT',
    headers,
    body: Buffer.from('{"a":[1,2]}'),
    ...init,
  };
  const buffered = BufferedRequest.nativeRequestFor(full);
  if (buffered === undefined) throw new Error('expected the buffered path');
  const hasBody = full.body !== null && full.body.length > 0;
  const real = new Request(full.url, {
    method: full.method,
    headers: full.headers,
    ...(hasBody ? { body: Buffer.from(full.body!) } : {}),
  });
  return { buffered, real };
}

async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    const value = await read();
    return { value: value instanceof ArrayBuffer ? [...new Uint8Array(value)] : value };
  } catch (error) {
    return { threw: (error as Error).constructor.name };
  }
}

describe('BufferedRequest (the request the host hands the library)', () => {
  it('When a JSON body is read as text, json or bytes, then the results equal those of the Request the library builds', async () => {
    for (const method of ['text', 'json', 'arrayBuffer'] as const) {
      const { buffered, real } = both();
      expect(await outcome(() => buffered[method]())).toEqual(await outcome(() => real[method]()));
      expect(buffered.bodyUsed).toBe(true);
      expect(real.bodyUsed).toBe(true);
    }
  });

  it('When the body is read twice, then the second read fails as with a Request', async () => {
    const { buffered, real } = both();
    await buffered.text();
    await real.text();
    const second = await outcome(() => buffered.json());
    expect(second).toEqual(await outcome(() => real.json()));
    expect(second).toEqual({ threw: 'TypeError' });
  });

  it('When the body has a BOM or invalid UTF-8, then text() decodes it as the Fetch body mixin does', async () => {
    for (const body of [Buffer.from('\uFEFF{"a":1}'), Buffer.from([0x7b, 0xff, 0xfe, 0x7d])]) {
      const { buffered, real } = both({ body });
      expect(await buffered.text()).toBe(await real.text());
    }
  });

  it('When a GET has no body, then body is null, text is empty and json fails, as with a Request', async () => {
    const { buffered, real } = both({ method: 'GET', body: null });
    expect(buffered.body).toBeNull();
    expect(real.body).toBeNull();
    expect(await outcome(() => buffered.json())).toEqual(await outcome(() => real.json()));
  });

  it('When url, method and headers are read, then they equal those of the Request', () => {
    const { buffered, real } = both();
    expect(buffered.url).toBe(real.url);
    expect(buffered.method).toBe(real.method);
    expect([...buffered.headers.entries()]).toEqual([...real.headers.entries()]);
  });

  it('When the body stream, a clone or formData is wanted, then the real Request serves it', async () => {
    const { buffered } = both();
    const copy = buffered.clone();
    expect(copy).toBeInstanceOf(Request);
    expect(await copy.json()).toEqual({ a: [1, 2] });
    const reader = buffered.body!.getReader();
    const chunks: number[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(...r.value);
    expect(Buffer.from(chunks).toString()).toBe('{"a":[1,2]}');
    expect(buffered.bodyUsed).toBe(true);
    expect(await outcome(() => buffered.text())).toEqual({ threw: 'TypeError' });
  });

  it('When the method is unusual or a GET carries a body, then the library builds its own Request', () => {
    expect(BufferedRequest.nativeRequestFor({ url, method: 'TRACE', headers, body: null })).toBeUndefined();
    expect(
      BufferedRequest.nativeRequestFor({ url, method: 'GET', headers, body: Buffer.from('x') }),
    ).toBeUndefined();
    expect(BufferedRequest.nativeRequestFor({ url, method: 'MKCOL', headers, body: null })).toBeUndefined();
  });

  it("When the library's HttpRequest wraps it, then a handler reads the same request", async () => {
    const nativeRequest = BufferedRequest.nativeRequestFor({
      url,
      method: 'PUT',
      headers,
      body: Buffer.from('{"b":2}'),
    });
    const init = {
      method: 'PUT',
      url,
      headers,
      query: { x: '1' },
      params: { offerId: 'o-1' },
      body: { bytes: Buffer.from('{"b":2}') },
      nativeRequest,
    };
    const request = new HttpRequest(init);
    expect(request.method).toBe('PUT');
    expect(request.url).toBe(url);
    expect(request.headers.get('if-match')).toBe('"abc"');
    expect(request.query.get('x')).toBe('1');
    expect(request.params.offerId).toBe('o-1');
    expect(await request.clone().json()).toEqual({ b: 2 });
    expect(await request.json()).toEqual({ b: 2 });
    expect(request.bodyUsed).toBe(true);
  });
});
