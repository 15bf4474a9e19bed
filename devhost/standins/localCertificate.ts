import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface LocalCertificate {
  /** PEM certificate; also the trust anchor handed to processes through NODE_EXTRA_CA_CERTS. */
  readonly certPath: string;
  readonly keyPath: string;
}

/** A certificate is renewed when it expires within this margin, so a long session never sees it lapse. */
const RENEW_MARGIN_MS = 7 * 24 * 3600 * 1000;

/**
 * A self-signed certificate for 127.0.0.1 and localhost, created with the openssl CLI in `dir`
 * and reused while it is valid. Bearer-token SDK clients (user delegation SAS, managed identity)
 * refuse plain HTTP, so the stand-ins that need them speak HTTPS with this certificate and the
 * processes that call them trust it through NODE_EXTRA_CA_CERTS; certificate checks stay on.
 */
export async function ensureLocalCertificate(dir: string): Promise<LocalCertificate> {
  const certPath = join(dir, 'localhost-cert.pem');
  const keyPath = join(dir, 'localhost-key.pem');
  if (await isUsable(certPath, keyPath)) return { certPath, keyPath };
  await mkdir(dir, { recursive: true });
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '365',
    '-subj',
    '/CN=localhost',
    '-keyout',
    keyPath,
    '-out',
    certPath,
    // A self-signed leaf is used as its own trust anchor; CA:TRUE keeps every TLS stack happy.
    '-addext',
    'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
  ]);
  return { certPath, keyPath };
}

async function isUsable(certPath: string, keyPath: string): Promise<boolean> {
  try {
    const [pem] = await Promise.all([readFile(certPath), readFile(keyPath)]);
    const cert = new X509Certificate(pem);
    return (
      new Date(cert.validTo).getTime() - Date.now() > RENEW_MARGIN_MS &&
      cert.checkIP('127.0.0.1') !== undefined
    );
  } catch {
    return false;
  }
}
