/**
 * Mints a publisher token from the local issuer, for calling the API of `npm start`:
 *   npm run token -- --account contoso --user alice [--expires-in 3600]
 * Prints the token alone on stdout, so `TOKEN=$(npm run -s token -- --account a --user u)` works.
 */
import { parseArgs } from 'node:util';
import { findProjectRoot } from '../devhost/stack';
import { loadLocalIssuerKey, mintLocalToken } from '../devhost/localIssuerKey';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      account: { type: 'string' },
      user: { type: 'string' },
      'expires-in': { type: 'string', default: '3600' },
    },
  });
  if (!values.account || !values.user) {
    console.error('usage: npm run token -- --account <accountId> --user <userId> [--expires-in <seconds>]');
    process.exitCode = 2;
    return;
  }
  const key = await loadLocalIssuerKey(findProjectRoot());
  const token = await mintLocalToken(key, {
    accountId: values.account,
    userId: values.user,
    expiresInSeconds: Number(values['expires-in']),
  });
  process.stdout.write(`${token}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
