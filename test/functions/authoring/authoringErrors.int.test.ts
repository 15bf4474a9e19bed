import { callApi, publisher, uniqueAccount } from '../../support/publisherApi';

/** Every error answer is RFC 9457 problem details with one entry per failing field. */
function expectProblem(res: { status: number; headers: Headers; body: any }, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
  expect(Array.isArray(res.body.errors)).toBe(true);
}

describe('Authoring API errors', () => {
  let as: Awaited<ReturnType<typeof publisher>>;
  let offerEtag: string;

  beforeAll(async () => {
    as = await publisher(uniqueAccount('errors'));
    const created = await as.post('/offers', { offerId: 'errs', alias: 'Errors' });
    expect(created.status).toBe(201);
    offerEtag = created.headers.get('etag')!;
  });

  it('When a section is replaced without If-Match, then it answers 428 and stores nothing', async () => {
    const res = await as.put('/offers/errs/sections/availability', { markets: ['us'] });

    expectProblem(res, 428, 'preconditionRequired');
    expect((await as.get('/offers/errs/sections/availability')).body.revision).toBe(0);
  });

  it('When If-Match is "*", then it answers 428: a write must name the version it read', async () => {
    expectProblem(await as.put('/offers/errs/sections/availability', { markets: ['us'] }, '*'), 428, 'preconditionRequired');
  });

  it('When a section is replaced with a stale ETag, then it answers 412 and keeps the newer save', async () => {
    const read = await as.get('/offers/errs/sections/properties');
    const first = await as.put('/offers/errs/sections/properties', { appVersion: '1.0' }, read.headers.get('etag')!);

    const stale = await as.put('/offers/errs/sections/properties', { appVersion: '2.0' }, read.headers.get('etag')!);

    expect(first.status).toBe(200);
    expectProblem(stale, 412, 'preconditionFailed');
    expect((await as.get('/offers/errs/sections/properties')).body.value).toEqual({ appVersion: '1.0' });
  });

  it('When another account reads, writes, reviews or deletes an offer, then it answers 404 exactly as for a missing offer', async () => {
    const other = await publisher(uniqueAccount('intruder'));
    const etag = (await as.get('/offers/errs/sections/listing')).headers.get('etag')!;

    const answers = [
      await other.get('/offers/errs'),
      await other.get('/offers/errs/sections/listing'),
      await other.put('/offers/errs/sections/listing', { name: 'Taken over' }, etag),
      await other.get('/offers/errs/sections/listing/history'),
      await other.get('/offers/errs/review'),
      await other.delete('/offers/errs', offerEtag),
    ];
    const missing = await as.get('/offers/no-such-offer');

    for (const res of answers) expectProblem(res, 404, 'notFound');
    expect(answers[0]!.body.detail).toBe('There is no offer errs in this account.');
    expect(missing.body.detail).toBe('There is no offer no-such-offer in this account.');
    expect((await other.get('/offers')).body.items).toEqual([]);
    expect((await as.get('/offers/errs/sections/listing')).body.revision).toBe(0);
  });

  it('When an offer id is already used in the account, then creating it again answers 409; another account may use it', async () => {
    const again = await as.post('/offers', { offerId: 'errs', alias: 'Again' });
    const elsewhere = await (await publisher(uniqueAccount('same-id'))).post('/offers', { offerId: 'errs', alias: 'Mine' });

    expectProblem(again, 409, 'offerIdTaken');
    expect(again.body.errors).toEqual([expect.objectContaining({ pointer: '/offerId', code: 'taken' })]);
    expect(elsewhere.status).toBe(201);
  });

  it('When a section value is malformed, then it answers 400 with one entry per failing field and stores nothing', async () => {
    const etag = (await as.get('/offers/errs/sections/listing')).headers.get('etag')!;

    const res = await as.put(
      '/offers/errs/sections/listing',
      { name: 'x'.repeat(51), searchKeywords: ['a', 'b', 'c', 'd'], helpLink: 'ftp://nope', colour: 'blue' },
      etag,
    );

    expectProblem(res, 400, 'validationFailed');
    const byPointer = Object.fromEntries(res.body.errors.map((e: any) => [e.pointer, e.code]));
    expect(byPointer).toMatchObject({ '/name': 'tooLong', '/searchKeywords': 'tooMany', '/colour': 'unknownField' });
    expect(byPointer['/helpLink']).toBeDefined();
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
    const after = await as.get('/offers/errs/sections/listing');
    expect(after.body.revision).toBe(0);
    expect(after.headers.get('etag')).toBe(etag);
  });

  it('When a body carries server-owned fields, then they are refused as readOnly', async () => {
    const etag = (await as.get('/offers/errs/sections/test-drive')).headers.get('etag')!;

    const section = await as.put('/offers/errs/sections/test-drive', { revision: 9, subscription: { appClientSecretSet: true } }, etag);
    const create = await as.post('/offers', { offerId: 'owned', alias: 'Owned', state: 'live', accountId: 'someone-else' });

    expectProblem(section, 400, 'validationFailed');
    expect(section.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ pointer: '/revision', code: 'readOnly' }),
        expect.objectContaining({ pointer: '/subscription/appClientSecretSet', code: 'readOnly' }),
      ]),
    );
    expectProblem(create, 400, 'validationFailed');
    expect(create.body.errors.map((e: any) => [e.pointer, e.code]).sort()).toEqual([
      ['/accountId', 'readOnly'],
      ['/state', 'readOnly'],
    ]);
  });

  it('When the offer id breaks its rules, then creation answers 400 with the field', async () => {
    const res = await as.post('/offers', { offerId: 'Has Spaces', alias: '   ' });

    expectProblem(res, 400, 'validationFailed');
    expect(res.body.errors.map((e: any) => e.pointer).sort()).toEqual(['/alias', '/offerId']);
  });

  it('When the body is not JSON by content type, then it answers 415', async () => {
    const etag = (await as.get('/offers/errs/sections/availability')).headers.get('etag')!;
    const res = await callApi('/offers/errs/sections/availability', {
      method: 'PUT',
      token: as.token,
      rawBody: 'markets=us',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'if-match': etag },
    });
    const none = await callApi('/offers', { method: 'POST', token: as.token, rawBody: '{"offerId":"x","alias":"y"}' });

    expectProblem(res, 415, 'unsupportedMediaType');
    expectProblem(none, 415, 'unsupportedMediaType');
  });

  it('When the body is over the size limit, then it answers 413 before parsing it', async () => {
    const etag = (await as.get('/offers/errs/sections/listing')).headers.get('etag')!;
    const huge = JSON.stringify({ description: 'x'.repeat(300_000) });

    const res = await callApi('/offers/errs/sections/listing', {
      method: 'PUT',
      token: as.token,
      rawBody: huge,
      headers: { 'content-type': 'application/json', 'if-match': etag },
    });

    expectProblem(res, 413, 'payloadTooLarge');
  });

  it('When the body is invalid JSON, too deeply nested or carries __proto__, then it answers 400', async () => {
    const etag = (await as.get('/offers/errs/sections/listing')).headers.get('etag')!;
    const put = (rawBody: string) =>
      callApi('/offers/errs/sections/listing', {
        method: 'PUT',
        token: as.token,
        rawBody,
        headers: { 'content-type': 'application/json', 'if-match': etag },
      });

    const broken = await put('{"name": ');
    const deep = await put(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`);
    const polluted = await put('{"contacts": {"__proto__": {"admin": true}}}');

    expectProblem(broken, 400, 'invalidJson');
    expectProblem(deep, 400, 'invalidJson');
    expectProblem(polluted, 400, 'validationFailed');
    expect(polluted.body.errors).toEqual([expect.objectContaining({ pointer: '/contacts/__proto__', code: 'forbiddenKey' })]);
  });

  it('When an unknown section is named, then it answers 404', async () => {
    expectProblem(await as.get('/offers/errs/sections/pricing'), 404, 'notFound');
  });

  it('When a query parameter is out of range, then it answers 400 naming it', async () => {
    const res = await as.get('/offers?pageSize=1000');
    const state = await as.get('/offers?state=archived');
    const token = await as.get('/offers?continuationToken=bm90LWEtdG9rZW4');

    expectProblem(res, 400, 'invalidQuery');
    expect(res.body.errors[0].pointer).toBe('/pageSize');
    expectProblem(state, 400, 'invalidQuery');
    expectProblem(token, 400, 'invalidQuery');
  });

  it('When an offer is deleted without If-Match or with a stale one, then it answers 428 or 412 and the offer stays', async () => {
    const without = await as.delete('/offers/errs');
    const stale = await as.delete('/offers/errs', '"not-the-etag"');

    expectProblem(without, 428, 'preconditionRequired');
    expectProblem(stale, 412, 'preconditionFailed');
    expect((await as.get('/offers/errs')).status).toBe(200);
  });
});
