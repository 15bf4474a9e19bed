/**
 * The stand-ins process: the Cosmos DB stand-in and the e-mail inbox, kept apart from the
 * Functions host process so that the host can be killed and restarted while their in-memory
 * data survives. Started by the stack (devhost/stack.ts) with:
 *   STANDINS_COSMOS_PORT, STANDINS_INBOX_PORT (0 = any free port), STANDINS_INBOX_ACCESS_KEY;
 *   and, for the external services (startExternalStandIns), STANDINS_TLS_CERT, STANDINS_TLS_KEY,
 *   STANDINS_CERTIFICATION_WEBHOOK_SECRETS, STANDINS_CERTIFICATION_DELAY_MS (default 2000).
 * Prints one line `stand-ins ready {"cosmosPort":…,"inboxPort":…}` when both listen.
 */
import { startCosmosStandIn } from './cosmosStandIn';
import { createEmailInbox } from './inbox/emailInbox';
import { listen } from './listen';
import { exitWithParent } from './exitWithParent';
import { startExternalStandIns } from './externalStandIns';

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

  // External services (docs/external-services.md), over HTTPS with the local certificate.
  const tlsCert = process.env.STANDINS_TLS_CERT;
  const tlsKey = process.env.STANDINS_TLS_KEY;
  const external =
    tlsCert && tlsKey
      ? await startExternalStandIns({
          tls: { certPath: tlsCert, keyPath: tlsKey },
          certificationWebhookSecrets: (process.env.STANDINS_CERTIFICATION_WEBHOOK_SECRETS ?? '')
            .split(/\s+/)
            .filter(Boolean),
          certificationDelayMs: Number(process.env.STANDINS_CERTIFICATION_DELAY_MS ?? '2000'),
        })
      : undefined;

  const stop = (): void => {
    external?.close();
    cosmos.server.close();
    inbox.server.close();
    cosmos.server.closeAllConnections();
    inbox.server.closeAllConnections();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  exitWithParent();
  process.stdout.write(
    `${READY_PREFIX}${JSON.stringify({ cosmosPort: cosmos.port, inboxPort, external: external?.ports })}\n`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`stand-ins failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
