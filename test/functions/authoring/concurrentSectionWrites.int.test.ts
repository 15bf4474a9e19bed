import { publisher, uniqueAccount } from '../../support/publisherApi';

describe('Concurrent writes of one section', () => {
  it('When 50 writes of the same section carry the same ETag, then exactly one succeeds, 49 get 412 and the stored section is the winner', async () => {
    // Arrange
    const as = await publisher(uniqueAccount('race'));
    await as.post('/offers', { offerId: 'contested', alias: 'Contested' });
    const etag = (await as.get('/offers/contested/sections/availability')).headers.get('etag')!;
    const bodies = Array.from({ length: 50 }, (_, i) => ({ markets: ['us'], hideKey: `writer${i}` }));

    // Act
    const results = await Promise.all(bodies.map((body) => as.put('/offers/contested/sections/availability', body, etag)));

    // Assert
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 412);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(49);
    const stored = await as.get('/offers/contested/sections/availability');
    expect(stored.body.value).toEqual(winners[0]!.body.value);
    expect(stored.headers.get('etag')).toBe(winners[0]!.headers.get('etag'));
    expect(stored.body.revision).toBe(1);
    const history = await as.get('/offers/contested/sections/availability/history');
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0].value).toEqual(winners[0]!.body.value);
  });

  it('When two publishers edit different sections from the same offer read, then both saves succeed', async () => {
    const as = await publisher(uniqueAccount('parallel'));
    await as.post('/offers', { offerId: 'shared', alias: 'Shared' });
    const a = (await as.get('/offers/shared/sections/availability')).headers.get('etag')!;
    const b = (await as.get('/offers/shared/sections/properties')).headers.get('etag')!;

    const [first, second] = await Promise.all([
      as.put('/offers/shared/sections/availability', { markets: ['us'] }, a),
      as.put('/offers/shared/sections/properties', { appVersion: '1.0.0' }, b),
    ]);

    expect([first.status, second.status]).toEqual([200, 200]);
  });
});
