import { assetSlotNames, assetSlots, type ImageSlotRule } from '../../../domain/assets/assetSlots';
import { checkAssetContent, sha256Hex } from '../../../domain/assets/checkAssetContent';
import {
  encryptedPdf,
  jpegBytes,
  pdfDocument,
  pngOfSize,
  armTemplatePackage,
} from '../../support/assetFixtures';

const imageSlots = assetSlotNames.filter((s) => assetSlots[s].kind === 'image');

describe('checkAssetContent', () => {
  describe.each(imageSlots)('image slot %s', (slot) => {
    const rule = assetSlots[slot] as ImageSlotRule;

    test('When the PNG has exactly the required size, then it is accepted with its size and hash', async () => {
      const bytes = pngOfSize(rule.width, rule.height);
      const result = await checkAssetContent(slot, bytes);
      expect(result).toEqual({
        ok: true,
        asset: {
          slot,
          kind: 'image',
          size: bytes.length,
          sha256: sha256Hex(bytes),
          width: rule.width,
          height: rule.height,
        },
      });
    });

    test.each([
      [0, -1],
      [0, 1],
      [-1, 0],
      [1, 0],
    ])('When the PNG is off by (%i, %i) pixels, then the message names both sizes', async (dw, dh) => {
      const result = await checkAssetContent(slot, pngOfSize(rule.width + dw, rule.height + dh));
      expect(result).toEqual({
        ok: false,
        problem: {
          code: 'wrongPixelSize',
          message: `${rule.label} is ${rule.width + dw}x${rule.height + dh}, must be ${rule.width}x${rule.height}`,
        },
      });
    });
  });

  test('When a screenshot is 1280x719, then the message is the one the publisher reads', async () => {
    const result = await checkAssetContent('screenshot', pngOfSize(1280, 719));
    expect(result.ok ? undefined : result.problem.message).toBe('screenshot is 1280x719, must be 1280x720');
  });

  test('When a JPEG is uploaded for a PNG slot, then it is refused as not a PNG', async () => {
    const result = await checkAssetContent('smallLogo', jpegBytes());
    expect(result).toEqual({
      ok: false,
      problem: { code: 'notPng', message: 'small logo is not a PNG image (it is a JPEG)' },
    });
  });

  test('When a PNG is cut short, then it is refused as damaged', async () => {
    const png = pngOfSize(48, 48);
    const result = await checkAssetContent('smallLogo', png.subarray(0, png.length - 20));
    expect(result.ok ? undefined : result.problem.code).toBe('corruptPng');
  });

  test('When a PNG has a flipped bit in its IHDR, then its checksum fails and it is refused', async () => {
    const png = Buffer.from(pngOfSize(48, 48));
    png[19] = png[19]! ^ 0x01; // height low byte: 48 -> 49, CRC no longer matches
    const result = await checkAssetContent('smallLogo', png);
    expect(result).toEqual({
      ok: false,
      problem: {
        code: 'corruptPng',
        message: "small logo is a damaged PNG: the IHDR chunk's checksum is wrong",
      },
    });
  });

  test('When bytes are appended after IEND (a polyglot), then the PNG is refused', async () => {
    const result = await checkAssetContent(
      'largeLogo',
      Buffer.concat([pngOfSize(216, 216), Buffer.from('PK\x03\x04')]),
    );
    expect(result.ok ? undefined : result.problem.code).toBe('corruptPng');
  });

  test('When the file is empty, then it is refused as empty', async () => {
    expect(await checkAssetContent('hero', Buffer.alloc(0))).toEqual({
      ok: false,
      problem: { code: 'empty', message: 'hero image is empty' },
    });
  });

  test('When a file exceeds its slot size limit, then it is refused before being parsed', async () => {
    const big = Buffer.alloc(assetSlots.supportingDocument.maxBytes + 1);
    const result = await checkAssetContent('supportingDocument', big);
    expect(result.ok ? undefined : result.problem.code).toBe('tooLarge');
  });

  test.each(['supportingDocument', 'testDriveUserManual', 'keyUsageScenario'] as const)(
    'When a real PDF is uploaded for %s, then it is accepted',
    async (slot) => {
      const bytes = await pdfDocument('Scenario one', 2);
      const result = await checkAssetContent(slot, bytes);
      expect(result).toEqual({
        ok: true,
        asset: { slot, kind: 'pdf', size: bytes.length, sha256: sha256Hex(bytes) },
      });
    },
  );

  test('When a text file is uploaded for a PDF slot, then it is refused as not a PDF', async () => {
    const result = await checkAssetContent(
      'keyUsageScenario',
      Buffer.from('These are our key usage scenarios.\n'),
    );
    expect(result).toEqual({
      ok: false,
      problem: { code: 'notPdf', message: 'key usage scenario is not a PDF (it does not start with %PDF-)' },
    });
  });

  test('When a file only has a PDF header and an EOF marker, then it is refused as damaged', async () => {
    const result = await checkAssetContent(
      'supportingDocument',
      Buffer.from('%PDF-1.7\nnot really a pdf\n%%EOF\n'),
    );
    expect(result.ok ? undefined : result.problem.code).toBe('corruptPdf');
  });

  test('When a PDF is cut short, then it is refused as damaged', async () => {
    const pdf = await pdfDocument();
    const result = await checkAssetContent('supportingDocument', pdf.subarray(0, Math.floor(pdf.length / 2)));
    expect(result.ok ? undefined : result.problem.code).toBe('corruptPdf');
  });

  test('When a PDF is encrypted, then it is refused and the message says so', async () => {
    const result = await checkAssetContent('testDriveUserManual', encryptedPdf());
    expect(result).toEqual({
      ok: false,
      problem: {
        code: 'encryptedPdf',
        message: 'test drive user manual is an encrypted PDF; upload it without a password or encryption',
      },
    });
  });

  test('When a PNG is uploaded for a PDF slot, then it is refused as not a PDF', async () => {
    const result = await checkAssetContent('supportingDocument', pngOfSize(48, 48));
    expect(result.ok ? undefined : result.problem.code).toBe('notPdf');
  });

  test('When a PDF is uploaded for an image slot, then the message says it is a PDF', async () => {
    const result = await checkAssetContent('screenshot', await pdfDocument());
    expect(result.ok ? undefined : result.problem.message).toBe(
      'screenshot is not a PNG image (it is a PDF)',
    );
  });

  test('When a good template package is uploaded, then it is accepted as a zip', async () => {
    const bytes = await armTemplatePackage();
    const result = await checkAssetContent('armTemplate', bytes);
    expect(result).toEqual({
      ok: true,
      asset: { slot: 'armTemplate', kind: 'zip', size: bytes.length, sha256: sha256Hex(bytes) },
    });
  });

  test('When the same bytes are checked twice, then the content address is the same, and differs for other bytes', async () => {
    const a = await checkAssetContent('smallLogo', pngOfSize(48, 48, 1));
    const b = await checkAssetContent('smallLogo', pngOfSize(48, 48, 1));
    const c = await checkAssetContent('smallLogo', pngOfSize(48, 48, 2));
    expect(a.ok && b.ok && c.ok).toBe(true);
    if (a.ok && b.ok && c.ok) {
      expect(a.asset.sha256).toBe(b.asset.sha256);
      expect(a.asset.sha256).not.toBe(c.asset.sha256);
      expect(a.asset.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
