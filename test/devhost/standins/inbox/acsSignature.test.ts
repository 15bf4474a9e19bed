import { createHash, createHmac } from 'node:crypto';
import { verifyAcsSignature, type SignedRequest } from '../../../../devhost/standins/inbox/acsSignature';

const key = Buffer.from('test access key').toString('base64');

/** Signs as @azure/communication-common's access-key policy does. */
function signed(
  body: string,
  overrides: Partial<SignedRequest['headers']> = {},
  signingKey = key,
): SignedRequest {
  const date = new Date().toUTCString();
  const hash = createHash('sha256').update(body).digest('base64');
  const url = '/emails:send?api-version=2025-09-01';
  const signature = createHmac('sha256', Buffer.from(signingKey, 'base64'))
    .update(`POST\n${url}\n${date};127.0.0.1:7075;${hash}`)
    .digest('base64');
  return {
    method: 'POST',
    url,
    body: Buffer.from(body),
    headers: {
      host: '127.0.0.1:7075',
      'x-ms-date': date,
      'x-ms-content-sha256': hash,
      authorization: `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`,
      ...overrides,
    },
  };
}

describe('verifyAcsSignature', () => {
  it('When the request is signed with the access key, then it is accepted', () => {
    expect(verifyAcsSignature(signed('{"a":1}'), key)).toEqual({ ok: true });
  });

  it('When it is signed with another key, then it is refused', () => {
    expect(verifyAcsSignature(signed('{}', {}, Buffer.from('other').toString('base64')), key)).toMatchObject({
      ok: false,
    });
  });

  it('When the body was changed after signing, then it is refused', () => {
    const req = signed('{"a":1}');
    expect(verifyAcsSignature({ ...req, body: Buffer.from('{"a":2}') }, key)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('x-ms-content-sha256'),
    });
  });

  it('When the date is an hour old, then it is refused', () => {
    const req = signed('{}', { 'x-ms-date': new Date(Date.now() - 3600_000).toUTCString() });
    expect(verifyAcsSignature(req, key)).toMatchObject({ ok: false });
  });

  it('When there is no Authorization header, then it is refused', () => {
    expect(verifyAcsSignature(signed('{}', { authorization: undefined }), key)).toMatchObject({ ok: false });
  });
});
