/**
 * The stand-ins process: the Cosmos DB stand-in and the e-mail inbox, kept apart from the
 * Functions host process so that the host can be killed and restarted while their in-memory
 * data survives. Started by the stack (devhost/stack.ts) with:
 *   STANDINS_COSMOS_PORT, STANDINS_INBOX_PORT (0 = any free port), STANDINS_INBOX_ACCESS_KEY.
 * Prints one line `stand-ins ready {"cosmosPort":…,"inboxPort":…}` when both listen.
 */
import { startCosmosStandIn } from './cosmosStandIn';
import { createEmailInbox } from './inbox/emailInbox';
import { listen } from './listen';
import { exitWithParent } from './exitWithParent';

export const READY_PREFIX = 'stand-ins ready ';

async function main(): Promise<void> {
  const port = (name: string): number => {
    const n = Number(process.env[name] ?? '0');
    if (!Number.isInteger(n) || n < 0 || n > 65535)
      throw new Error(`${name} is not a port: ${process.env[name]}`);
    return n;
  };
  const accessKey = process.env.STANDINS_INBOX_ACCESS_KEY;
  if (!accessKey) throw new Error('STANDINS_INBOX_ACCESS_KEY is required');

  const inbox = createEmailInbox(accessKey);
  const [cosmos, inboxPort] = await Promise.all([
    startCosmosStandIn(port('STANDINS_COSMOS_PORT')),
    listen(inbox.server, port('STANDINS_INBOX_PORT'), 'E-mail inbox'),
  ]);

  const stop = (): void => {
    cosmos.server.close();
    inbox.server.close();
    cosmos.server.closeAllConnections();
    inbox.server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  exitWithParent();
  process.stdout.write(`${READY_PREFIX}${JSON.stringify({ cosmosPort: cosmos.port, inboxPort })}\n`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`stand-ins failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
