import fc from 'fast-check';
import { sectionNames } from '../../domain/offer/sectionNames';
import { prepareSectionWrite } from '../../domain/offer/prepareSectionWrite';
import { sectionStoredSchemas } from '../../domain/offer/sectionSchemas';
import { createOfferSchema } from '../../domain/offer/createOffer';
import { parseWith } from '../../domain/offer/parseWith';
import { completeOfferWrite, completeSetupWrite, createOfferBody, dynamics365LeadManagementWrite } from '../support/offerFixtures';
import { fuzzRuns, hostileStrings, mutatedBody } from '../support/jsonMutations';

/**
 * Property tests of the section write rules (the pure domain, in process, so thousands of cases
 * are cheap): any mutation of a valid body is either stored in a form its own stored schema
 * accepts, with no script left in it and no secret in clear, or refused with field issues that
 * each name a JSON pointer. Nothing throws.
 */
const runs = fuzzRuns(1500);

function checkOutcome(section: (typeof sectionNames)[number], body: unknown): void {
  const result = prepareSectionWrite(section, body, undefined);
  if (result.ok) {
    const stored = sectionStoredSchemas[section].safeParse(result.stored);
    expect(stored.success ? 'ok' : JSON.stringify(stored.error.issues)).toBe('ok');
    const text = JSON.stringify(result.stored);
    // HTML fields (the listing description) are stored sanitised; plain-text fields keep the text as
    // typed (it is text, escaped by whoever renders it).
    const html = (result.stored as { description?: unknown } | null)?.description;
    if (section === 'listing' && typeof html === 'string') expect(html).not.toMatch(/<script|<iframe|<[^>]*\son\w+\s*=|<[^>]*=\s*["']?\s*javascript:/i);
    for (const secret of Object.values(result.secrets ?? {})) {
      if (typeof secret === 'string' && secret.length > 3) expect(text).not.toContain(JSON.stringify(secret).slice(1, -1));
    }
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  } else {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(issue).toEqual({ pointer: expect.stringMatching(/^(\/.*)?$/), code: expect.any(String), message: expect.any(String) });
    }
  }
}

describe('Section writes under mutation (property)', () => {
  const bases = completeOfferWrite();
  for (const section of sectionNames) {
    it(`When any mutation of a valid ${section} body is written, then it is stored valid and clean or refused with pointers`, () => {
      fc.assert(
        fc.property(mutatedBody(bases[section]), (body) => checkOutcome(section, body)),
        { numRuns: runs },
      );
    });
  }

  it('When setup bodies with other lead destinations are mutated, then the same holds', () => {
    const withD365 = { ...completeSetupWrite(), leadManagement: dynamics365LeadManagementWrite() };
    const withHttps = { ...completeSetupWrite(), leadManagement: { destination: 'httpsEndpoint', connection: { httpsEndpointUrl: 'https://prod-00.westus.logic.azure.com/workflows/1?sig=abc' } } };
    fc.assert(
      fc.property(fc.constantFrom(withD365, withHttps).chain(mutatedBody), (body) => checkOutcome('setup', body)),
      { numRuns: runs },
    );
  });

  it('When a listing description mixes hostile HTML with text, then what is stored has no script, handler, javascript: URL or frame', () => {
    const fragment = fc.oneof(fc.constantFrom(...hostileStrings), fc.string({ maxLength: 20 }), fc.constantFrom('<p>', '</p>', '<ul><li>', '</li></ul>', '<b>', '<a href="https://contoso.example">'));
    fc.assert(
      fc.property(fc.array(fragment, { minLength: 1, maxLength: 12 }), (parts) => {
        const body = { ...bases.listing as object, description: parts.join('') };
        const result = prepareSectionWrite('listing', body, undefined);
        if (result.ok) {
          const html = (result.stored as { description?: string }).description ?? '';
          // As markup (tags and attributes), not as text: text is escaped.
          expect(html).not.toMatch(/<script|<img|<iframe|<svg|<[^>]*\son\w+\s*=|<[^>]*=\s*["']?\s*javascript:|<[^>]*style\s*=/i);
        } else {
          for (const issue of result.issues) expect(issue.pointer).toMatch(/^\/./);
        }
      }),
      { numRuns: runs },
    );
  });

  it('When an offer creation body is mutated, then it parses or is refused with pointers', () => {
    fc.assert(
      fc.property(mutatedBody(createOfferBody()), (body) => {
        const parsed = parseWith(createOfferSchema, body);
        if (parsed.ok) expect(parsed.value.offerId).toMatch(/^[a-z0-9_-]{1,50}$/);
        else for (const issue of parsed.issues) expect(issue.pointer).toMatch(/^(\/.*)?$/);
      }),
      { numRuns: runs },
    );
  });
});
