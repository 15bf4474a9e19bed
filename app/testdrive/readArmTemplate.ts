import * as yauzl from 'yauzl';
import type { ArmTemplate } from '../../adapters/testdrive/armProvisioner';
import { ExternalServiceError } from '../../adapters/net/ExternalServiceError';
import { armPackageLimits } from '../../domain/assets/assetSlots';
import { getAssetServices } from '../assets/getAssetServices';

/**
 * The deployment template of an offer's uploaded ARM package (the committed asset, which was
 * checked on upload: size limits, safe paths, a template at the root), parsed.
 */
export async function readArmTemplate(accountId: string, assetId: string): Promise<ArmTemplate> {
  const { blobs } = await getAssetServices();
  const { url } = await blobs.assetReadUrl(accountId, assetId);
  const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw ExternalServiceError.fromStatus('assets', res.status, 'reading the ARM template package');
  const zip = await yauzl.fromBufferPromise(Buffer.from(await res.arrayBuffer()), { lazyEntries: true, autoClose: true });
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName !== armPackageLimits.templateFileName) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as ArmTemplate;
  }
  throw new ExternalServiceError('assets', `the ARM package has no ${armPackageLimits.templateFileName}`, false);
}
