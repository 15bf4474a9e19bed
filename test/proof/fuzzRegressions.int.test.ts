import { sectionNames } from '../../domain/offer/sectionNames';
import { completeListingWrite, createOfferBody } from '../support/offerFixtures';
import { callApi, publisher, uniqueAccount } from '../support/publisherApi';

/**
 * What the HTTP fuzz found, kept as plain examples. Identifiers that cannot be Cosmos DB item ids
 * (with '/', '\', '?', '#', blank, a lone surrogate, very long) reached the database client, which
 * throws on them, and the API answered 500; they name no resource: 404 problem details. An offer
 * created again while its deletion was still cleaning up lost sections to that clean-up.
 */
describe('What the HTTP fuzz found', () => {
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
    ['only a space', '%20'],
  ])(
    'When an offer id in the path holds %s, then every operation answers 404 problem details, not 500',
    async (_, segment) => {
      // Act
      const answers = await Promise.all([
        callApi(`/offers/${segment}/sections/listing`, {
          method: 'PUT',
          token: as.token,
          body: completeListingWrite(),
          headers: { 'if-match': '*' },
        }),
        callApi(`/offers/${segment}/preflight`, { method: 'POST', token: as.token }),
        callApi(`/offers/${segment}/assets/uploads`, {
          method: 'POST',
          token: as.token,
          body: { slot: 'smallLogo' },
        }),
        callApi(`/offers/${segment}/leads/test`, { method: 'POST', token: as.token }),
        callApi(`/offers/${segment}`, { token: as.token }),
      ]);

      // Assert
      for (const res of answers) {
        expect({ status: res.status, type: res.headers.get('content-type') }).toEqual({
          status: 404,
          type: expect.stringContaining('application/problem+json'),
        });
        expect(res.body.code).toBe('notFound');
      }
    },
  );

  it('When an upload id too long for an id or holding a slash is committed, then the answer is 404 problem details', async () => {
    for (const uploadId of ['é'.repeat(60_000), 'a/b', 'x#y', '\uD800', ' ']) {
      // Act
      const res = await as.post(`/offers/${offerId}/assets`, { uploadId });

      // Assert
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'notFound' });
    }
  });

  it('When a submission, lead or session id in the path is blank, then the answer is 404 problem details', async () => {
    for (const path of [
      `/offers/${offerId}/submissions/%20/cancel`,
      `/offers/${offerId}/submissions/%20/go-live`,
      `/offers/${offerId}/leads/%20/redeliver`,
    ]) {
      // Act
      const res = await callApi(path, { method: 'POST', token: as.token });

      // Assert
      expect({ path, status: res.status, code: res.body.code }).toEqual({
        path,
        status: 404,
        code: 'notFound',
      });
    }
  });

  it('When an offer is created again while its deletion is cleaning up, then the new offer keeps every section', async () => {
    let recreated = 0;
    for (let round = 0; round < 8; round++) {
      // Arrange
      const id = `race-${round}`;
      expect((await as.post('/offers', createOfferBody(id))).status).toBe(201);
      const etag = (await as.get(`/offers/${id}`)).headers.get('etag')!;

      // Act: delete, and create the same id again as soon as the id is free
      let deleted = false;
      const deletion = as.delete(`/offers/${id}`, etag).then((res) => {
        deleted = true;
        return res;
      });
      let created = false;
      while (!deleted && !created) created = (await as.post('/offers', createOfferBody(id))).status === 201;
      expect((await deletion).status).toBe(204);
      if (!created) created = (await as.post('/offers', createOfferBody(id))).status === 201;
      else recreated++;

      // Assert
      expect(created).toBe(true);
      for (const section of sectionNames) {
        const res = await as.get(`/offers/${id}/sections/${section}`);
        expect({ id, section, status: res.status }).toEqual({ id, section, status: 200 });
      }
    }
    // At least one creation landed while the deletion was still running.
    expect(recreated).toBeGreaterThan(0);
  });
});
