import { dirname } from 'node:path';
import { ensureLocalCertificate } from '../../devhost/standins/localCertificate';
import {
  startExternalStandIns,
  type ExternalStandInOptions,
  type ExternalStandIns,
} from '../../devhost/standins/externalStandIns';
import { stackInfo } from './stack';

export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('certification-test-secret-32-bytes!').toString('base64')}`;

/**
 * The external stand-ins, in this test process, served with the stack's local certificate (which
 * the integration project's setup file makes this process trust), so the real SDK clients and
 * their bearer tokens run over HTTPS as in Azure. Close them in afterAll.
 */
export async function startTestExternalStandIns(
  options: Partial<ExternalStandInOptions> = {},
): Promise<ExternalStandIns> {
  // Same folder as the stack's certificate: the existing, trusted pair is reused.
  const tls = await ensureLocalCertificate(dirname(stackInfo().caCertPath));
  return startExternalStandIns({
    tls,
    certificationWebhookSecrets: [TEST_WEBHOOK_SECRET],
    certificationDelayMs: 100,
    operationMs: 100,
    ...options,
  });
}

/** Public-cloud names where the stand-ins listen: what the adapters' `endpoints` get in tests. */
export function testCloudEndpoints(s: ExternalStandIns): { authorityHost: string; resourceManager: string } {
  return { authorityHost: s.urls.entra, resourceManager: s.urls.arm };
}

/** Loopback is allowed: the stand-ins are on 127.0.0.1 (OUTBOUND_ALLOW_LOOPBACK locally). */
export const LOCAL_POLICY = { allowLoopback: true } as const;
