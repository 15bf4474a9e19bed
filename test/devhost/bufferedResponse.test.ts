import { Readable } from 'node:stream';
import { HttpResponse, type HttpResponseInit } from '@azure/functions';
import { BufferedResponse } from '../../devhost/http/bufferedResponse';

/** What the library's conversion reads from a response: status, headers, cookies and body bytes. */
async function converted(init: unknown): Promise<unknown> {
  const response = new HttpResponse(init as HttpResponseInit);
  return {
    status: response.status,
    headers: [...response.headers.entries()],
    cookies: response.cookies,
    body: Buffer.from(await response.arrayBuffer()).toString('base64'),
  };
}

describe('BufferedResponse (the response the host hands the library)', () => {
  const cases: [string, HttpResponseInit][] = [
    [
      'jsonBody with ETag and a content type',
      {
        status: 200,
        headers: { 'Content-Type': 'application/json; charset=utf-8', ETag: '"1"' },
        jsonBody: { a: [1, 'é'] },
      },
    ],
    ['jsonBody without a content type', { jsonBody: ['x', null] }],
    ['jsonBody that is a string', { status: 201, jsonBody: 'text', headers: { Location: '/api/x' } }],
    ['a string body', { status: 400, body: 'plain ü' }],
    ['a string body with its content type', { body: '<p/>', headers: { 'content-type': 'text/html' } }],
    ['a Buffer body', { body: Buffer.from([0, 1, 2, 255]) }],
    ['a Uint8Array view body', { body: new Uint8Array([9, 8, 7, 6]).subarray(1, 3) }],
    ['no body', { status: 202, headers: { 'retry-after': '1' } }],
    ['an empty object', {}],
    ['cookies', { jsonBody: {}, cookies: [{ name: 'a', value: 'b', httpOnly: true }] }],
    ['jsonBody and body both', { jsonBody: { wins: true }, body: 'ignored' }],
    ['Headers as headers', { jsonBody: 1, headers: new Headers({ 'x-a': '1' }) }],
  ];
  it.each(cases)(
    'When a handler returns %s, then the library converts the same status, headers and bytes',
    async (_name, init) => {
      const prepared = BufferedResponse.prepare(init);
      expect((prepared as { nativeResponse?: unknown }).nativeResponse).toBeInstanceOf(BufferedResponse);
      expect(await converted(prepared)).toEqual(await converted(init));
    },
  );

  it('When the result is not a plain in-memory response, then it is left to the library', () => {
    const stream = { body: Readable.from(['a']) };
    const httpResponse = new HttpResponse({ body: 'x' });
    const noContent = { status: 204, body: 'dropped' };
    const notSerialisable = { jsonBody: () => 1 };
    const badHeader = { body: 'x', headers: { 'x-bad': 'a\nb' } };
    for (const result of [
      stream,
      httpResponse,
      noContent,
      notSerialisable,
      badHeader,
      { status: 99 },
      'text',
      null,
      undefined,
    ]) {
      expect(BufferedResponse.prepare(result)).toBe(result);
    }
  });

  it('When the body is read twice, then the second read fails as with a Response', async () => {
    const prepared = BufferedResponse.prepare({ jsonBody: { a: 1 } }) as { nativeResponse: BufferedResponse };
    expect(await prepared.nativeResponse.json()).toEqual({ a: 1 });
    expect(prepared.nativeResponse.bodyUsed).toBe(true);
    await expect(prepared.nativeResponse.text()).rejects.toThrow(TypeError);
  });

  it('When a clone or the body stream is wanted, then the real Response serves it', async () => {
    const prepared = BufferedResponse.prepare({ body: 'abc' }) as { nativeResponse: BufferedResponse };
    expect(await prepared.nativeResponse.clone().text()).toBe('abc');
    expect(await new Response(prepared.nativeResponse.body).text()).toBe('abc');
  });
});
