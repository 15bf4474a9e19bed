import { randomUUID } from 'node:crypto';
import { blobServiceClient } from '../../adapters/blob/blobServiceClient';
import { cosmosContainer } from '../../adapters/cosmos/cosmosContainer';
import { emailClient } from '../../adapters/email/emailClient';
import { getConfig } from '../../app/config';
import { blobClient, cosmosClient, inbox } from '../support/stack';

/** The app's own client factories, configured from the app settings globalSetup put in the environment. */
describe('SDK client factories', () => {
  it('When the app sends an e-mail through emailClient(), then it arrives in the inbox once', async () => {
    const to = `factory-${randomUUID().slice(0, 8)}@contoso.example`;
    const poller = await emailClient().beginSend(
      {
        senderAddress: getConfig().EMAIL_SENDER_ADDRESS,
        content: { subject: 'From the factory', html: '<p>hi</p>' },
        recipients: { to: [{ address: to }] },
      },
      { operationId: randomUUID() },
    );
    expect((await poller.pollUntilDone()).status).toBe('Succeeded');
    expect(await inbox().list(to)).toHaveLength(1);
    expect(emailClient()).toBe(emailClient()); // one client per process
  });

  it('When the app writes a blob through blobServiceClient(), then a separate client reads it (HTTPS to Azurite)', async () => {
    const name = `factory-${randomUUID().slice(0, 8)}`;
    await blobServiceClient().getContainerClient(name).createIfNotExists();
    await blobServiceClient().getContainerClient(name).getBlockBlobClient('a.txt').upload('abc', 3);
    expect(
      (await blobClient().getContainerClient(name).getBlockBlobClient('a.txt').downloadToBuffer()).toString(),
    ).toBe('abc');
  });

  it('When cosmosContainer() is asked for a container that does not exist, then it is created with its partition key', async () => {
    const id = `factory${randomUUID().slice(0, 8)}`;
    const container = await cosmosContainer({ id, partitionKey: '/accountId' });
    await container.items.create({ id: 'x', accountId: 'a1' });
    const { resource } = await cosmosClient().database(getConfig().COSMOS_DATABASE).container(id).read();
    expect(resource?.partitionKey?.paths).toEqual(['/accountId']);
    expect(await cosmosContainer({ id, partitionKey: '/accountId' })).toBe(container);
  });
});
