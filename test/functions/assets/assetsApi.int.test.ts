import { ASSETS_CONTAINER, UPLOADS_CONTAINER, blobName } from '../../../adapters/blob/assetStore';
import {
  assetSlotNames,
  assetSlots,
  type AssetSlot,
  type ImageSlotRule,
} from '../../../domain/assets/assetSlots';
import { sha256Hex } from '../../../domain/assets/checkAssetContent';
import {
  armTemplateJson,
  jpegBytes,
  pdfDocument,
  pngOfSize,
  zipBomb,
  zipOf,
  zipWithEntryNamed,
} from '../../support/assetFixtures';
import { uploadDirect, uploadThroughSas, validFileFor } from '../../support/assetUploads';
import { callApi, publisher, uniqueAccount } from '../../support/publisherApi';
import { blobClient } from '../../support/stack';

type Publisher = Awaited<ReturnType<typeof publisher>>;

const imageSlots = assetSlotNames.filter((s) => assetSlots[s].kind === 'image');
const offerId = 'asset-offer';
let as: Publisher;
let accountId: string;

async function blobExists(container: string, name: string): Promise<boolean> {
  return blobClient().getContainerClient(container).getBlobClient(name).exists();
}

beforeAll(async () => {
  accountId = uniqueAccount('assets');
  as = await publisher(accountId);
  expect((await as.post('/offers', { offerId, alias: 'Assets' })).status).toBe(201);
});

describe('assets API: uploads through a SAS URL', () => {
  test.each(imageSlots)(
    'When a %s PNG has exactly its size, then it is committed with its metadata',
    async (slot) => {
      const rule = assetSlots[slot] as ImageSlotRule;
      const bytes = pngOfSize(rule.width, rule.height, 11);

      const res = await uploadThroughSas(as, offerId, slot, bytes);

      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        assetId: sha256Hex(bytes),
        sha256: sha256Hex(bytes),
        kind: 'image',
        slot,
        size: bytes.length,
        width: rule.width,
        height: rule.height,
      });
      expect(await blobExists(ASSETS_CONTAINER, blobName(accountId, sha256Hex(bytes)))).toBe(true);
      expect(await blobExists(UPLOADS_CONTAINER, blobName(accountId, res.uploadId))).toBe(false);
    },
  );

  test.each(imageSlots.flatMap((slot) => [[slot, 0, -1] as const, [slot, 1, 0] as const]))(
    'When a %s PNG is off by (%i, %i) pixels, then it is refused, named, and its blob deleted',
    async (slot, dw, dh) => {
      const rule = assetSlots[slot] as ImageSlotRule;
      const res = await uploadThroughSas(as, offerId, slot, pngOfSize(rule.width + dw, rule.height + dh));

      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors).toEqual([
        {
          pointer: '/file',
          code: 'wrongPixelSize',
          message: `${rule.label} is ${rule.width + dw}x${rule.height + dh}, must be ${rule.width}x${rule.height}`,
        },
      ]);
      expect(await blobExists(UPLOADS_CONTAINER, blobName(accountId, res.uploadId))).toBe(false);
    },
  );

  test('When a screenshot is 1280x719, then the problem says exactly that', async () => {
    const res = await uploadThroughSas(as, offerId, 'screenshot', pngOfSize(1280, 719));
    expect(res.body.detail).toBe('screenshot is 1280x719, must be 1280x720');
  });

  test.each(['supportingDocument', 'testDriveUserManual', 'keyUsageScenario'] as const)(
    'When a real PDF is uploaded as %s, then it is committed as a pdf',
    async (slot) => {
      const bytes = await pdfDocument(`${slot} document`, 2);
      const res = await uploadThroughSas(as, offerId, slot, bytes);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'pdf', slot, size: bytes.length, sha256: sha256Hex(bytes) });
    },
  );

  test('When a template package is uploaded, then it is committed as a zip', async () => {
    const res = await uploadThroughSas(as, offerId, 'armTemplate', await validFileFor('armTemplate'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'zip', slot: 'armTemplate' });
  });

  test.each([
    ['a zip bomb', () => zipBomb(16), 'zipBomb'],
    ['a ../ entry', () => zipWithEntryNamed('../evil.sh'), 'zipUnsafePath'],
    ['no template', () => zipOf([{ name: 'readme.txt', content: 'hello' }]), 'templateMissing'],
    [
      'a broken template',
      () => zipOf([{ name: 'main-template.json', content: '{ nope' }]),
      'templateInvalid',
    ],
  ])('When the template package has %s, then it is refused and deleted', async (_what, make, code) => {
    const res = await uploadThroughSas(as, offerId, 'armTemplate', await make());
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe(code);
    expect(await blobExists(UPLOADS_CONTAINER, blobName(accountId, res.uploadId))).toBe(false);
  });

  test('When the commit names an upload of another account, then it is not found', async () => {
    const other = await publisher(uniqueAccount('assets-other'));
    await other.post('/offers', { offerId, alias: 'Other' });
    const started = await as.post(`/offers/${offerId}/assets/uploads`, { slot: 'smallLogo' });

    const res = await other.post(`/offers/${offerId}/assets`, { uploadId: started.body.uploadId });

    expect(res.status).toBe(404);
  });

  test('When the commit comes before any PUT, then it says nothing was uploaded and the upload stays open', async () => {
    const started = await as.post(`/offers/${offerId}/assets/uploads`, { slot: 'smallLogo' });
    const res = await as.post(`/offers/${offerId}/assets`, { uploadId: started.body.uploadId });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('notUploaded');
  });

  test('When the slot is unknown, then the upload is refused with a field error', async () => {
    const res = await as.post(`/offers/${offerId}/assets/uploads`, { slot: 'favicon' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/slot', code: 'notInList' })]);
  });

  test('When the offer does not exist, then no upload is opened', async () => {
    const res = await as.post('/offers/no-such-offer/assets/uploads', { slot: 'smallLogo' });
    expect(res.status).toBe(404);
  });
});

describe('assets API: direct upload', () => {
  test('When a JPEG is sent as image/png, then it is refused as not a PNG', async () => {
    const res = await uploadDirect(as, offerId, 'smallLogo', jpegBytes(), 'image/png');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { pointer: '/file', code: 'notPng', message: 'small logo is not a PNG image (it is a JPEG)' },
    ]);
  });

  test('When a text file is sent as application/pdf, then it is refused as not a PDF', async () => {
    const res = await uploadDirect(
      as,
      offerId,
      'supportingDocument',
      Buffer.from('Our brochure, in plain text.'),
      'application/pdf',
    );
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toEqual({
      pointer: '/file',
      code: 'notPdf',
      message: 'supporting document is not a PDF (it does not start with %PDF-)',
    });
  });

  test('When the body is over 4 MiB, then it is refused with 413', async () => {
    const res = await uploadDirect(as, offerId, 'screenshot', Buffer.alloc(4 * 1024 * 1024 + 1));
    expect(res.status).toBe(413);
  });

  test('When the same bytes are uploaded twice, then both answers name the same asset', async () => {
    const bytes = pngOfSize(48, 48, 99);
    const first = await uploadDirect(as, offerId, 'smallLogo', bytes);
    const second = await uploadDirect(as, offerId, 'smallLogo', bytes);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.assetId).toBe(first.body.assetId);
  });

  test('When an asset is read back, then its URL serves exactly its bytes; another account gets 404', async () => {
    const bytes = pngOfSize(216, 216, 42);
    const { body } = await uploadDirect(as, offerId, 'largeLogo', bytes);

    const got = await as.get(`/offers/${offerId}/assets/${body.assetId}`);
    const served = await fetch(got.body.url);
    const other = await publisher(uniqueAccount('assets-peek'));
    await other.post('/offers', { offerId, alias: 'Peek' });

    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ assetId: body.assetId, kind: 'image', width: 216, height: 216 });
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);
    expect((await other.get(`/offers/${offerId}/assets/${body.assetId}`)).status).toBe(404);
  });

  test('When no token is sent, then uploads are refused with 401', async () => {
    const res = await callApi(`/offers/${offerId}/assets/uploads`, {
      method: 'POST',
      body: { slot: 'smallLogo' },
    });
    expect(res.status).toBe(401);
  });
});

describe('assets API: references from sections', () => {
  async function putSupplemental(who: Publisher, keyUsageScenario: string) {
    const read = await who.get(`/offers/${offerId}/sections/supplemental-content`);
    return who.put(
      `/offers/${offerId}/sections/supplemental-content`,
      { keyUsageScenario },
      read.headers.get('etag')!,
    );
  }

  test('When a section refers to a committed PDF of the account, then it is saved', async () => {
    const { body } = await uploadDirect(as, offerId, 'keyUsageScenario', await pdfDocument('Scenarios'));
    const res = await putSupplemental(as, body.assetId);
    expect(res.status).toBe(200);
  });

  test("When a section refers to another account's asset, then it is a field error", async () => {
    const other = await publisher(uniqueAccount('assets-foreign'));
    await other.post('/offers', { offerId, alias: 'Foreign' });
    const { body: foreign } = await uploadDirect(
      other,
      offerId,
      'keyUsageScenario',
      await pdfDocument('Theirs'),
    );

    const res = await putSupplemental(as, foreign.assetId);

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        pointer: '/keyUsageScenario',
        code: 'assetNotFound',
        message: `there is no asset ${foreign.assetId} in this account`,
      },
    ]);
  });

  test('When a section refers to an asset id that exists nowhere, then it is a field error', async () => {
    const missing = 'f'.repeat(64);
    const res = await putSupplemental(as, missing);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        pointer: '/keyUsageScenario',
        code: 'assetNotFound',
        message: `there is no asset ${missing} in this account`,
      },
    ]);
  });

  test('When a section refers to an upload that was never committed, then it is a field error', async () => {
    const started = await as.post(`/offers/${offerId}/assets/uploads`, { slot: 'keyUsageScenario' });
    const res = await putSupplemental(as, started.body.uploadId);
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ pointer: '/keyUsageScenario', code: 'assetNotCommitted' });
  });

  test('When a section refers to an asset of the wrong kind or size, then each reference is a field error', async () => {
    const { body: pdf } = await uploadDirect(
      as,
      offerId,
      'supportingDocument',
      await pdfDocument('Brochure'),
    );
    const { body: bigLogo } = await uploadDirect(as, offerId, 'largeLogo', pngOfSize(216, 216, 7));
    const read = await as.get(`/offers/${offerId}/sections/listing`);

    const res = await as.put(
      `/offers/${offerId}/sections/listing`,
      { images: { smallLogo: bigLogo.assetId, largeLogo: pdf.assetId } },
      read.headers.get('etag')!,
    );

    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        {
          pointer: '/images/smallLogo',
          code: 'assetWrongSize',
          message: 'small logo is 216x216, must be 48x48',
        },
        {
          pointer: '/images/largeLogo',
          code: 'assetWrongKind',
          message: `large logo must be a PNG image; asset ${pdf.assetId} is a PDF`,
        },
      ]),
    );
  });
});

describe.each(assetSlotNames)('slot %s', (slot: AssetSlot) => {
  test('When its valid file is uploaded directly, then it is committed', async () => {
    const res = await uploadDirect(as, offerId, slot, await validFileFor(slot, 3));
    expect(res.status).toBe(201);
    expect(res.body.slot).toBe(slot);
  });
});

test('the template package fixture is a real template', () => {
  expect(JSON.parse(armTemplateJson()).$schema).toMatch(/deploymentTemplate\.json#$/);
});
