import { z } from '../zod';
import type { FieldIssue } from '../../errors';
import { fieldIssue } from '../../errors';
import { requireAtLeast, requireField, type CompletenessContext } from '../completeness';
import { assetId, email, httpUrl, isPresent, personName, phone, uniqueItems, video } from '../fields';
import { descriptionText, sanitizeDescription } from '../sanitizeDescription';

export const NAME_MAX = 50;
export const SHORT_DESCRIPTION_MAX = 100;
/** Applies to the sanitised HTML as stored and shown (markup included); see docs/domain.md. */
export const DESCRIPTION_MAX = 3000;
/** Bound on the raw description before sanitising, so that sanitising work stays small. */
export const DESCRIPTION_RAW_MAX = 30_000;
export const SEARCH_KEYWORDS_MAX = 3;
export const PRODUCTS_APP_WORKS_WITH_MAX = 3;
export const SUPPORTING_DOCUMENTS_MIN = 1;
export const SUPPORTING_DOCUMENTS_MAX = 3;
export const SCREENSHOTS_MIN = 1;
export const SCREENSHOTS_MAX = 5;
export const VIDEOS_MAX = 4;

/** Trademark and copyright symbols are allowed in a name even though Unicode classes them as pictographic. */
const ALLOWED_SYMBOLS = /[\u00A9\u00AE\u2122]/g;
/** Pictographs, flags (regional indicators), emoji presentation selector, keycaps and skin-tone modifiers. */
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u{FE0F}|\u{20E3}|[\u{1F3FB}-\u{1F3FF}]/u;

/** True when the text holds an emoji (the (R), TM and (C) symbols do not count). */
export function containsEmoji(text: string): boolean {
  return EMOJI.test(text.replace(ALLOWED_SYMBOLS, ''));
}

const offerName = z
  .string()
  .max(NAME_MAX)
  .refine((v) => !containsEmoji(v), {
    error: 'name must not contain emoji (trademark and copyright symbols are allowed)',
    params: { code: 'emoji' },
  })
  .describe('Offer name shown to customers: 1-50 characters, no emoji; defaults to the offer alias');

/** The phrase a description must begin with when the listing content is not in English. */
export function notInEnglishPhrase(language: string): string {
  return `This application is available only in ${language}.`;
}

export function isEnglish(language: string | undefined): boolean {
  return language === undefined || /^english\b/i.test(language.trim());
}

const contacts = z
  .strictObject({
    support: z
      .strictObject({
        name: personName.optional(),
        email: email.optional(),
        phone: phone.optional(),
        supportUrl: httpUrl.describe('Where CSP partners find support').optional(),
      })
      .describe('Support contact (not shown to customers)')
      .optional(),
    engineering: z
      .strictObject({
        name: personName.optional(),
        email: email.optional(),
        phone: phone.optional(),
      })
      .describe('Engineering contact (not shown to customers)')
      .optional(),
  })
  .describe('Contacts');

const supportingDocument = z
  .strictObject({
    name: z.string().trim().min(1).max(255).describe('Document name'),
    assetId: assetId.describe('Uploaded PDF'),
  })
  .describe('Supporting marketing document (PDF)');

const images = z
  .strictObject({
    smallLogo: assetId.describe('PNG, exactly 48x48; required').optional(),
    largeLogo: assetId.describe('PNG, exactly 216x216; required').optional(),
    wideLogo: assetId.describe('PNG, exactly 255x115; optional').optional(),
    hero: assetId.describe('PNG, exactly 815x290; optional').optional(),
    screenshots: z
      .array(assetId)
      .max(SCREENSHOTS_MAX)
      .superRefine(uniqueItems<string>())
      .describe('1 to 5 PNG screenshots, each exactly 1280x720')
      .optional(),
  })
  .describe('Marketplace images (uploaded asset ids)');

/**
 * WRITE schema of the listing section (language en-us, the only one). The description is sanitised
 * on parse, so the parsed value is what gets stored; its limit applies to the sanitised value.
 */
export const listingWriteSchema = z
  .strictObject({
    contentLanguage: z
      .string()
      .trim()
      .regex(/^[A-Za-z][A-Za-z ()'-]{0,49}$/, { error: 'must be a language name in English, e.g. German' })
      .describe(
        'Language of the listing content when it is not English (e.g. German). The description must then begin with "This application is available only in <language>."',
      )
      .optional(),
    name: offerName.optional(),
    shortDescription: z.string().max(SHORT_DESCRIPTION_MAX).describe('Up to 100 characters').optional(),
    description: z
      .string()
      .max(DESCRIPTION_RAW_MAX)
      .transform(sanitizeDescription)
      .pipe(z.string().max(DESCRIPTION_MAX))
      .describe('HTML, sanitised to a safe allow-list; up to 3,000 characters after sanitising')
      .optional(),
    searchKeywords: z
      .array(z.string().trim().min(1).max(50))
      .max(SEARCH_KEYWORDS_MAX)
      .superRefine(uniqueItems<string>((k) => k.toLowerCase()))
      .describe('0 to 3 search keywords')
      .optional(),
    productsAppWorksWith: z
      .array(z.string().trim().min(1).max(100))
      .max(PRODUCTS_APP_WORKS_WITH_MAX)
      .superRefine(uniqueItems<string>((k) => k.toLowerCase()))
      .describe('0 to 3 product names')
      .optional(),
    helpLink: httpUrl.describe('Where customers learn more about the offer').optional(),
    privacyPolicyUrl: httpUrl.describe("The organisation's privacy policy").optional(),
    contacts: contacts.optional(),
    supportingDocuments: z
      .array(supportingDocument)
      .max(SUPPORTING_DOCUMENTS_MAX)
      .superRefine(uniqueItems<{ assetId: string }>((d) => d.assetId))
      .describe('1 to 3 supporting documents')
      .optional(),
    images: images.optional(),
    videos: z.array(video).max(VIDEOS_MAX).describe('0 to 4 videos, thumbnails PNG 1280x720').optional(),
  })
  .describe('Offer listing (en-us)');

/** Listing holds no secrets; the stored form is the parsed write form (description already sanitised). */
export const listingStoredSchema = listingWriteSchema;
export type ListingWrite = z.input<typeof listingWriteSchema>;
export type ListingStored = z.output<typeof listingWriteSchema>;

/** The name customers see: the listing name, or the offer alias when no name was saved. */
export function effectiveListingName(
  alias: string,
  listing: Pick<ListingStored, 'name'> | undefined,
): string {
  return isPresent(listing?.name) ? (listing?.name ?? '').trim() : alias.trim();
}

/** COMPLETENESS rules of the listing section. */
export function listingCompleteness(value: ListingStored, ctx: CompletenessContext): FieldIssue[] {
  const issues: FieldIssue[] = [];

  const name = effectiveListingName(ctx.alias, value);
  const fromAlias = !isPresent(value.name);
  const source = fromAlias ? ' (defaulted from the offer alias)' : '';
  if (name.length === 0) issues.push(fieldIssue(['name'], 'required', 'name is required'));
  if (name.length > NAME_MAX) {
    issues.push(
      fieldIssue(
        ['name'],
        'tooLong',
        `name must be at most ${NAME_MAX} characters (got ${name.length})${source}`,
      ),
    );
  }
  if (containsEmoji(name)) issues.push(fieldIssue(['name'], 'emoji', `name must not contain emoji${source}`));

  requireField(issues, value.shortDescription, ['shortDescription'], 'shortDescription');
  requireField(issues, value.description, ['description'], 'description');
  if (isPresent(value.description) && !isEnglish(value.contentLanguage)) {
    const language = (value.contentLanguage ?? '').trim();
    const phrase = notInEnglishPhrase(language);
    const text = descriptionText(value.description ?? '');
    if (!text.toLowerCase().startsWith(phrase.toLowerCase())) {
      issues.push(
        fieldIssue(
          ['description'],
          'notInEnglishPhrase',
          `description must begin with "${phrase}" because the content is in ${language}`,
        ),
      );
    }
  }

  requireField(issues, value.helpLink, ['helpLink'], 'helpLink');
  requireField(issues, value.privacyPolicyUrl, ['privacyPolicyUrl'], 'privacyPolicyUrl');

  const support = value.contacts?.support;
  requireField(issues, support?.name, ['contacts', 'support', 'name'], 'contacts.support.name');
  requireField(issues, support?.email, ['contacts', 'support', 'email'], 'contacts.support.email');
  requireField(issues, support?.phone, ['contacts', 'support', 'phone'], 'contacts.support.phone');
  requireField(
    issues,
    support?.supportUrl,
    ['contacts', 'support', 'supportUrl'],
    'contacts.support.supportUrl',
  );
  const engineering = value.contacts?.engineering;
  requireField(issues, engineering?.name, ['contacts', 'engineering', 'name'], 'contacts.engineering.name');
  requireField(
    issues,
    engineering?.email,
    ['contacts', 'engineering', 'email'],
    'contacts.engineering.email',
  );
  requireField(
    issues,
    engineering?.phone,
    ['contacts', 'engineering', 'phone'],
    'contacts.engineering.phone',
  );

  requireAtLeast(
    issues,
    value.supportingDocuments,
    SUPPORTING_DOCUMENTS_MIN,
    ['supportingDocuments'],
    'supportingDocuments',
  );
  requireField(issues, value.images?.smallLogo, ['images', 'smallLogo'], 'images.smallLogo');
  requireField(issues, value.images?.largeLogo, ['images', 'largeLogo'], 'images.largeLogo');
  requireAtLeast(
    issues,
    value.images?.screenshots,
    SCREENSHOTS_MIN,
    ['images', 'screenshots'],
    'images.screenshots',
  );
  return issues;
}
