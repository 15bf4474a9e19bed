import { normaliseVideoUrl } from '../assets/normaliseVideoUrl';
import { z } from './zod';

/**
 * Field schemas shared by the sections. Limits that SPEC and the source document leave open are
 * sanity bounds chosen here and listed in docs/domain.md ("choices").
 */

/** Longest URL accepted anywhere (browsers and Azure front ends commonly cap around 2 KB). */
export const URL_MAX = 2048;

/** An absolute `http://` or `https://` URL. */
export const httpUrl = z
  .url({ protocol: /^https?$/, error: 'must be an absolute http:// or https:// URL' })
  .max(URL_MAX)
  .describe('Absolute http:// or https:// URL');

/** An absolute `https://` URL. */
export const httpsUrl = z
  .url({ protocol: /^https$/, error: 'must be an absolute https:// URL' })
  .max(URL_MAX)
  .describe('Absolute https:// URL');

/**
 * A listing or test drive video's address (SPEC listing.videos, test-drive listing.videos):
 * YouTube or Vimeo only, stored in its canonical form (`https://www.youtube.com/watch?v=<id>`,
 * `https://vimeo.com/<id>`) so that the same video always reads the same. The rules live in
 * `normaliseVideoUrl`; anything it refuses is a field error at the URL's pointer.
 */
export const videoUrl = z
  .string()
  .max(URL_MAX)
  .transform((value, ctx) => {
    const check = normaliseVideoUrl(value, 'url');
    if (check.ok) return check.url;
    ctx.addIssue({
      code: 'custom',
      message: check.problem.message,
      params: { code: 'invalidFormat' },
      input: value,
    });
    return z.NEVER;
  })
  .describe(
    'YouTube or Vimeo video URL (youtu.be, watch?v=, /embed/, /shorts/, vimeo.com, player.vimeo.com); stored as https://www.youtube.com/watch?v=<id> or https://vimeo.com/<id>',
  );

export const email = z.email({ error: 'must be an e-mail address' }).max(254).describe('E-mail address');

/** A GUID in its canonical 8-4-4-4-12 hexadecimal form (case-insensitive). */
export const guid = z
  .guid({ error: 'must be a GUID (e.g. 50c464d3-4930-494c-963c-1e951d15360e)' })
  .describe('GUID');

/** Phone numbers are free-form across countries: digits with the usual separators and an optional extension. */
export const phone = z
  .string()
  .max(50)
  .regex(/^\+?[0-9][0-9 ()./-]*(\s*(x|ext\.?)\s*[0-9]+)?$/i, {
    error: 'must be a phone number (digits, spaces, + ( ) - . and an optional extension)',
  })
  .describe('Phone number');

export const personName = z.string().max(100).describe('Person or team name');

/**
 * Id of an uploaded asset (images, documents, templates). The assets layer issues ids in this form;
 * whether the asset exists and has the right kind and pixel size is checked there, per slot.
 */
export const ASSET_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,80}$/;
export const assetId = z
  .string()
  .regex(ASSET_ID_PATTERN, {
    error: 'must be an asset id (lowercase letters, digits and hyphens, 1-81 characters)',
  })
  .describe('Id of an uploaded asset');

/** A write-only value (client secret, CRM credential). Never returned; stored apart from the section. */
export const secretString = z
  .string()
  .min(1)
  .max(4096)
  .describe('Write-only secret; answered only as <field>Set: true');

/** Stored-form marker that replaces a secret: the secret was provided and is kept apart. */
export const secretPresence = z.literal(true).describe('True when the write-only value has been provided');

/** A video shown with a listing: name, YouTube/Vimeo URL and the id of an uploaded PNG thumbnail. */
export const video = z
  .strictObject({
    name: z.string().trim().min(1).max(100).describe('Video name'),
    url: videoUrl,
    thumbnailAssetId: assetId.describe('Uploaded PNG thumbnail'),
  })
  .describe('Video hosted on YouTube or Vimeo');
export type Video = z.infer<typeof video>;

/** Rejects duplicate entries in a list (categories, markets, regions ...), one issue per repeated item. */
export function uniqueItems<T>(key: (item: T) => string = (item) => String(item)) {
  return (items: readonly T[], ctx: z.core.$RefinementCtx<readonly T[]>): void => {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const k = key(item);
      if (seen.has(k)) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          message: `${k} is listed more than once`,
          params: { code: 'duplicate' },
          input: item,
        });
      }
      seen.add(k);
    });
  };
}

/** True when a value counts as provided: not undefined, and not a blank string. */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  return true;
}
