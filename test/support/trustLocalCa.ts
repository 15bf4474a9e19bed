import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { STACK_FILE_ENV } from './stackFile';

/**
 * Makes this test process trust the stack's local certificate (Azurite serves HTTPS with it).
 * Child processes get it through NODE_EXTRA_CA_CERTS, but Node reads that variable only at
 * start-up, before globalSetup made the certificate, and jest may run tests in its own process.
 * So TLS contexts created without an explicit `ca` get the default roots plus this certificate:
 * verification stays on, one more trust anchor is added. Installed as a jest `setupFiles` entry
 * of the integration project; a no-op when no stack is running.
 */
const PATCHED = Symbol.for('marketplace.trustLocalCa');

export function trustLocalCa(): void {
  const file = process.env[STACK_FILE_ENV];
  const target = tls as unknown as Record<symbol, boolean>;
  if (!file || target[PATCHED]) return;
  const { caCertPath } = JSON.parse(readFileSync(file, 'utf8')) as { caCertPath: string };
  const ca = [...tls.rootCertificates, readFileSync(caCertPath, 'utf8')];
  const original = tls.createSecureContext;
  tls.createSecureContext = (options?: tls.SecureContextOptions) =>
    original(options?.ca ? options : { ...options, ca });
  target[PATCHED] = true;
}

trustLocalCa();
