import { listAssetReferences } from '../../domain/offer/assetReferences';
import type { SectionName } from '../../domain/offer/sectionNames';
import { slotRule, type AssetSlot } from '../../domain/assets/assetSlots';
import { armTemplatePackage, pdfDocument, pngOfSize } from './assetFixtures';
import { callApi } from './publisherApi';

/** A file that fits `slot` (right kind, exact pixel size). */
async function fileFor(slot: AssetSlot, seed: number): Promise<Buffer> {
  const rule = slotRule(slot);
  if (rule.kind === 'image') return pngOfSize(rule.width, rule.height, seed);
  if (rule.kind === 'pdf') return pdfDocument(`${slot} ${seed}`);
  return armTemplatePackage();
}

/**
 * Uploads, through the API, a real file for every asset a section body refers to, and returns the
 * body with the fixture ids replaced by the ids of the committed assets (sections only accept
 * assets the account has committed).
 */
export async function withUploadedAssets<T>(token: string, offerId: string, section: SectionName, body: T): Promise<T> {
  const copy = structuredClone(body);
  const refs = listAssetReferences(section, copy);
  for (const [index, ref] of refs.entries()) {
    const res = await callApi(`/offers/${offerId}/assets/direct/${ref.slot}`, {
      method: 'PUT',
      token,
      rawBody: await fileFor(ref.slot, index),
      headers: { 'content-type': 'application/octet-stream' },
    });
    if (res.status !== 201) throw new Error(`upload for ${ref.pointer} failed: ${res.status} ${JSON.stringify(res.body)}`);
    setAt(copy, ref.pointer, (res.body as { assetId: string }).assetId);
  }
  return copy;
}

function setAt(root: unknown, pointer: string, value: string): void {
  const tokens = pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = root as Record<string, unknown>;
  for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>;
  node[tokens[tokens.length - 1]!] = value;
}
