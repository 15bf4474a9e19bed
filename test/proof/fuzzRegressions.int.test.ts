import { completeListingWrite, createOfferBody } from '../support/offerFixtures';
import { callApi, publisher, uniqueAccount } from '../support/publisherApi';

/**
 * What the HTTP fuzz found, kept as plain examples: identifiers that cannot be Cosmos DB item ids
 * (with '/', '\', '?', '#', or very long) reached the database client, which throws on them, and
 * the API answered 500. They name no resource: 404 problem details.
 */
describe('Identifiers that cannot be resource ids', () => {
  const account = uniqueAccount('fuzz-regress');
  const offerId = 'regress-offer';
  let as: Awaited<ReturnType<typeof publisher>>;

  beforeAll(async () => {
    as = await publisher(account, 'fuzzer');
    expect((await as.post('/offers', createOfferBody(offerId))).status).toBe(201);
  });

  it.each([
    ['a slash', 'a%2Fb'],
    ['a backslash', '%5CzM'],
    ['a hash', 'c.%23x'],
    ['a question mark', 'x%3Fy'],
    ['300 characters', 'o'.repeat(300)],
  ])('When an offer id in the path holds %s, then every operation answers 404 problem details, not 500', async (_, segment) => {
    // Act
    const answers = await Promise.all([
      callApi(`/offers/${segment}/sections/listing`, { method: 'PUT', token: as.token, body: completeListingWrite(), headers: { 'if-match': '*' } }),
      callApi(`/offers/${segment}/preflight`, { method: 'POST', token: as.token }),
      callApi(`/offers/${segment}/assets/uploads`, { method: 'POST', token: as.token, body: { slot: 'smallLogo' } }),
      callApi(`/offers/${segment}/leads/test`, { method: 'POST', token: as.token }),
      callApi(`/offers/${segment}`, { token: as.token }),
    ]);

    // Assert
    for (const res of answers) {
      expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({ status: 404, type: expect.stringContaining('application/problem+json') });
      expect(res.body.code).toBe('notFound');
    }
  });

  it('When an upload id too long for an id or holding a slash is committed, then the answer is 404 problem details', async () => {
    for (const uploadId of ['é'.repeat(60_000), 'a/b', 'x#y']) {
      // Act
      const res = await as.post(`/offers/${offerId}/assets`, { uploadId });

      // Assert
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'notFound' });
    }
  });
});
