/**
 * Uploading listing assets through the API, as a publisher's client does: the SAS flow (start an
 * upload, PUT the file to the SAS URL, commit) and the small-file direct upload.
 */
import { assetSlots, type AssetSlot } from '../../domain/assets/assetSlots';
import { armTemplatePackage, pdfDocument, pngOfSize } from './assetFixtures';
import { callApi, type ApiResponse } from './publisherApi';

export interface AssetApiCaller {
  readonly token: string;
}

/** POST .../assets/uploads, PUT the bytes to the SAS URL, POST .../assets: the commit's response. */
export async function uploadThroughSas(
  as: AssetApiCaller,
  offerId: string,
  slot: AssetSlot,
  bytes: Uint8Array,
): Promise<ApiResponse & { uploadId: string }> {
  const started = await callApi(`/offers/${offerId}/assets/uploads`, {
    method: 'POST',
    token: as.token,
    body: { slot },
  });
  if (started.status !== 201)
    throw new Error(`start upload: ${started.status} ${JSON.stringify(started.body)}`);
  const { uploadId, uploadUrl } = started.body as { uploadId: string; uploadUrl: string };
  const put = await fetch(uploadUrl, {
    method: 'PUT',
    headers: { 'x-ms-blob-type': 'BlockBlob', 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  if (put.status !== 201) throw new Error(`PUT to the SAS URL: ${put.status} ${await put.text()}`);
  const committed = await callApi(`/offers/${offerId}/assets`, {
    method: 'POST',
    token: as.token,
    body: { uploadId },
  });
  return { ...committed, uploadId };
}

/** PUT .../assets/direct/{slot} with the bytes as the body. */
export function uploadDirect(
  as: AssetApiCaller,
  offerId: string,
  slot: AssetSlot,
  bytes: Uint8Array,
  contentType = 'application/octet-stream',
): Promise<ApiResponse> {
  return callApi(`/offers/${offerId}/assets/direct/${slot}`, {
    method: 'PUT',
    token: as.token,
    rawBody: bytes,
    headers: { 'content-type': contentType },
  });
}

/** A valid file for `slot`; `seed` makes distinct files (distinct asset ids) of one slot. */
export async function validFileFor(slot: AssetSlot, seed = 0): Promise<Buffer> {
  const rule = assetSlots[slot];
  if (rule.kind === 'image') return pngOfSize(rule.width, rule.height, seed);
  if (rule.kind === 'pdf') return pdfDocument(`${rule.label} ${seed}`);
  return armTemplatePackage();
}
