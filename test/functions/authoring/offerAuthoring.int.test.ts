import { sectionNames } from '../../../domain/offer/sectionNames';
import { completeOfferWrite, fixtureAlias } from '../../support/offerFixtures';
import { withUploadedAssets } from '../../support/offerAssets';
import { publisher, uniqueAccount } from '../../support/publisherApi';

describe('Offer authoring through the API', () => {
  it('When a publisher fills a new offer section by section, then the review page ends with every section complete', async () => {
    // Arrange
    const as = await publisher(uniqueAccount('fill'), 'alice');
    const created = await as.post('/offers', { offerId: 'field-assist', alias: fixtureAlias });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/offers/field-assist');
    expect(created.headers.get('etag')).toMatch(/^".+"$/);
    expect(created.body.sections.map((s: { status: string }) => s.status)).toEqual([
      'notStarted',
      'notStarted',
      'notStarted',
      'notStarted',
      'notStarted',
      'notRequired', // test-drive, until setup enables it
      'notStarted',
    ]);
    const bodies = completeOfferWrite();

    // Act: read each section for its ETag, then replace it
    for (const section of sectionNames) {
      const read = await as.get(`/offers/field-assist/sections/${section}`);
      expect(read.status).toBe(200);
      const body = await withUploadedAssets(as.token, 'field-assist', section, bodies[section]);
      const saved = await as.put(`/offers/field-assist/sections/${section}`, body, read.headers.get('etag')!);
      expect({ section, status: saved.status, body: saved.status === 200 ? 'ok' : saved.body }).toEqual({
        section,
        status: 200,
        body: 'ok',
      });
      expect(saved.headers.get('etag')).not.toBe(read.headers.get('etag'));
      expect(saved.body.revision).toBe(1);
      expect(saved.body.updatedBy).toBe('alice');
    }

    // Assert
    const review = await as.get('/offers/field-assist/review');
    expect(review.status).toBe(200);
    expect(review.body.sections.map((s: { section: string; status: string }) => [s.section, s.status])).toEqual(
      sectionNames.map((s) => [s, 'complete']),
    );
    expect(review.body.readyToSubmit).toBe(true);
    const summary = await as.get('/offers/field-assist');
    expect(summary.body).toMatchObject({ offerId: 'field-assist', alias: fixtureAlias, state: 'draft', live: null, readyToSubmit: true });
  }, 120_000);

  it('When a section is saved incomplete, then it is stored and its status lists the missing fields', async () => {
    const as = await publisher(uniqueAccount('partial'));
    await as.post('/offers', { offerId: 'partial', alias: 'Partial' });
    const read = await as.get('/offers/partial/sections/properties');

    const saved = await as.put('/offers/partial/sections/properties', { categories: ['analytics'] }, read.headers.get('etag')!);

    expect(saved.status).toBe(200);
    expect(saved.body.status).toBe('incomplete');
    expect(saved.body.value).toEqual({ categories: ['analytics'] });
    expect(saved.body.failingFields.map((f: { pointer: string }) => f.pointer)).toEqual(
      expect.arrayContaining(['/applicableProducts', '/appVersion']),
    );
    const review = await as.get('/offers/partial/review');
    expect(review.body.readyToSubmit).toBe(false);
    expect(review.body.sections.find((s: { section: string }) => s.section === 'properties').failingFields.length).toBeGreaterThan(0);
  });

  it('When a secret is written, then it is never returned, only marked set, and a later write that omits it keeps it', async () => {
    const as = await publisher(uniqueAccount('secrets'));
    await as.post('/offers', { offerId: 'secretive', alias: 'Secretive' });
    const bodies = completeOfferWrite();
    const setupRead = await as.get('/offers/secretive/sections/setup');
    await as.put('/offers/secretive/sections/setup', bodies.setup, setupRead.headers.get('etag')!);
    const read = await as.get('/offers/secretive/sections/test-drive');
    const body = (await withUploadedAssets(as.token, 'secretive', 'test-drive', bodies['test-drive'])) as {
      subscription: Record<string, unknown>;
    };

    const first = await as.put('/offers/secretive/sections/test-drive', body, read.headers.get('etag')!);
    const { appClientSecret: _omitted, ...withoutSecret } = body.subscription;
    const second = await as.put(
      '/offers/secretive/sections/test-drive',
      { ...body, subscription: withoutSecret },
      first.headers.get('etag')!,
    );
    const reread = await as.get('/offers/secretive/sections/test-drive');

    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    for (const response of [first, second, reread]) {
      expect(JSON.stringify(response.body)).not.toContain('test-drive-client-secret');
      expect(response.body.value.subscription).toMatchObject({ appClientSecretSet: true });
      expect(response.body.value.subscription).not.toHaveProperty('appClientSecret');
    }
    expect(reread.body.status).toBe('complete');
    const history = await as.get('/offers/secretive/sections/test-drive/history');
    expect(JSON.stringify(history.body)).not.toContain('test-drive-client-secret');
    expect(JSON.stringify(await as.get('/offers/secretive/sections/setup'))).not.toContain('AccountKey=');
  }, 60_000);

  it('When a section is saved three times, then its history lists each save newest first with who and which fields changed', async () => {
    const as = await publisher(uniqueAccount('history'), 'bob');
    await as.post('/offers', { offerId: 'hist', alias: 'History' });
    let etag = (await as.get('/offers/hist/sections/availability')).headers.get('etag')!;
    for (const body of [{ markets: ['us'] }, { markets: ['us', 'ca'] }, { markets: ['us', 'ca'], hideKey: 'abc123' }]) {
      const saved = await as.put('/offers/hist/sections/availability', body, etag);
      expect(saved.status).toBe(200);
      etag = saved.headers.get('etag')!;
    }

    const history = await as.get('/offers/hist/sections/availability/history?pageSize=2');
    const rest = await as.get(`/offers/hist/sections/availability/history?pageSize=2&continuationToken=${history.body.continuationToken}`);

    expect(history.status).toBe(200);
    expect(history.body.items.map((h: { revision: number }) => h.revision)).toEqual([3, 2]);
    expect(history.body.items[0]).toMatchObject({ savedBy: 'bob', changedFields: ['/hideKey'], value: { hideKey: 'abc123' } });
    expect(history.body.items[1].changedFields).toEqual(['/markets']);
    expect(rest.body.items.map((h: { revision: number }) => h.revision)).toEqual([1]);
    expect(rest.body.continuationToken).toBeUndefined();
    expect(Date.parse(history.body.items[0].savedAt)).not.toBeNaN();
  });

  it('When an account has more offers than a page, then the list pages through all of them with continuation tokens, filtered by state', async () => {
    const as = await publisher(uniqueAccount('list'));
    for (const id of ['a-1', 'a-2', 'a-3', 'a-4', 'a-5']) expect((await as.post('/offers', { offerId: id, alias: id })).status).toBe(201);

    const seen: string[] = [];
    let path = '/offers?pageSize=2&state=draft';
    for (let pages = 0; pages < 10; pages++) {
      const page = await as.get(path);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((o: { offerId: string }) => o.offerId));
      if (!page.body.continuationToken) break;
      path = `/offers?pageSize=2&state=draft&continuationToken=${page.body.continuationToken}`;
    }
    const live = await as.get('/offers?state=live');

    expect(seen.sort()).toEqual(['a-1', 'a-2', 'a-3', 'a-4', 'a-5']);
    expect(live.body.items).toEqual([]);
  });

  it('When a never-published offer is deleted with its ETag, then it is gone and its id can be used again with fresh sections', async () => {
    const as = await publisher(uniqueAccount('delete'));
    const created = await as.post('/offers', { offerId: 'doomed', alias: 'Doomed' });
    const read = await as.get('/offers/doomed/sections/availability');
    await as.put('/offers/doomed/sections/availability', { markets: ['us'] }, read.headers.get('etag')!);

    const deleted = await as.delete('/offers/doomed', created.headers.get('etag')!);
    const after = await as.get('/offers/doomed');
    const again = await as.post('/offers', { offerId: 'doomed', alias: 'Reborn' });
    const section = await as.get('/offers/doomed/sections/availability');
    const history = await as.get('/offers/doomed/sections/availability/history');

    expect(deleted.status).toBe(204);
    expect(after.status).toBe(404);
    expect(again.status).toBe(201);
    expect(section.body).toMatchObject({ status: 'notStarted', value: null, revision: 0 });
    expect(history.body.items).toEqual([]);
  });
});
