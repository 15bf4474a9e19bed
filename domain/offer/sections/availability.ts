import { z } from '../zod';
import { ALL_MARKETS, marketCodes, markets, type MarketCode } from '../../data/markets';
import type { FieldIssue } from '../../errors';
import { requireAtLeast, requireField } from '../completeness';
import { uniqueItems } from '../fields';

export const HIDE_KEY_MAX = 50;

/** "all" stands for every market of the fixed list; the stored form always holds the expanded codes. */
export function expandMarkets(selected: readonly string[]): MarketCode[] {
  if (selected.includes(ALL_MARKETS)) return [...marketCodes];
  return selected.filter((code): code is MarketCode => code !== ALL_MARKETS);
}

/** WRITE schema of the availability section. Parsing expands "all" to the market list. */
export const availabilityWriteSchema = z
  .strictObject({
    markets: z
      .array(z.enum([...marketCodes, ALL_MARKETS]))
      .max(markets.length + 1)
      .superRefine(uniqueItems<string>())
      .transform(expandMarkets)
      .describe('Market codes (lowercase ISO 3166-1 alpha-2) from the fixed list, or "all" for every market')
      .optional(),
    hideKey: z
      .string()
      .max(HIDE_KEY_MAX)
      .regex(/^[a-z0-9]+$/, { error: 'must use only lowercase letters and digits' })
      .describe('Preview audience hide key: lowercase letters and digits; required to publish')
      .optional(),
  })
  .describe('Availability');

export const availabilityStoredSchema = availabilityWriteSchema;
export type AvailabilityWrite = z.input<typeof availabilityWriteSchema>;
export type AvailabilityStored = z.output<typeof availabilityWriteSchema>;

/** COMPLETENESS rules of the availability section. */
export function availabilityCompleteness(value: AvailabilityStored): FieldIssue[] {
  const issues: FieldIssue[] = [];
  requireAtLeast(issues, value.markets, 1, ['markets'], 'markets');
  requireField(issues, value.hideKey, ['hideKey'], 'hideKey');
  return issues;
}
