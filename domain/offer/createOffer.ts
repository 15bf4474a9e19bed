import { z } from './zod';

export const OFFER_ID_PATTERN = /^[a-z0-9_-]+$/;
export const OFFER_ID_MAX = 50;
/** The source gives no limit for the alias; this bound keeps documents and messages reasonable. */
export const ALIAS_MAX = 256;

/** Body of "create an offer". offerId and alias are immutable afterwards; the id is unique within the account. */
export const createOfferSchema = z
  .strictObject({
    offerId: z
      .string()
      // An empty id gets one issue ("must not be empty"), not a format issue as well.
      .min(1, { abort: true })
      .max(OFFER_ID_MAX)
      .regex(OFFER_ID_PATTERN, {
        error: 'must use only lowercase letters, digits, hyphens and underscores (no whitespace)',
      })
      .describe(
        'Offer id: lowercase letters, digits, - and _, 1-50 characters; unique in the account; immutable',
      ),
    alias: z
      .string()
      .trim()
      .min(1)
      .max(ALIAS_MAX)
      .describe('Internal name, never shown to customers; non-empty after trimming; immutable'),
  })
  .describe('New offer');

export type CreateOffer = z.output<typeof createOfferSchema>;
export type CreateOfferInput = z.input<typeof createOfferSchema>;
