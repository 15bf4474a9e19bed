import { randomUUID } from 'node:crypto';
import { cosmosClient } from '../../support/stack';

describe('Cosmos DB stand-in', () => {
  it('When a document is upserted with the real @azure/cosmos client, then it reads back with its ETag', async () => {
    const client = cosmosClient();
    const { database } = await client.databases.createIfNotExists({ id: 'standin-test' });
    const { container } = await database.containers.createIfNotExists({
      id: 'roundtrip',
      partitionKey: { paths: ['/pk'] },
    });
    const id = randomUUID();
    const written = await container.items.upsert({ id, pk: 'p1', title: 'Contoso CRM' });
    const { resource, etag } = await container.item(id, 'p1').read<{ title: string }>();
    expect(resource?.title).toBe('Contoso CRM');
    expect(etag).toBe(written.etag);

    // A replace with a stale ETag is refused, as Cosmos DB does.
    await container
      .item(id, 'p1')
      .replace({ id, pk: 'p1', title: 'v2' }, { accessCondition: { type: 'IfMatch', condition: etag } });
    await expect(
      container
        .item(id, 'p1')
        .replace({ id, pk: 'p1', title: 'v3' }, { accessCondition: { type: 'IfMatch', condition: etag } }),
    ).rejects.toMatchObject({ code: 412 });
  });
});
