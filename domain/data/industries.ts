/**
 * Reference data copied from the product's fixed list `industries.json` (as of 2019-09-20).
 * Sources:
 * - https://github.com/MicrosoftDocs/azure-docs/blob/73d431005fb489d528f8638234673288c98da02e/articles/marketplace/partner-center-portal/includes/industry-taxonomy.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/05e3a40561b92881082f466d61d4da8525dcb944/articles/marketplace/partner-center-portal/includes/industry-taxonomy.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/58618320fbb4604cd57f142f440286b9ff17e6c0/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/048f89c52dfe5c197df326c83aa87dfc4dc893c3/articles/marketplace/gtm-offer-listing-best-practices.md
 * - https://github.com/isamllr/azure-docs/blob/04f1841926b6cf787070010d00bca822e466ef14/articles/marketplace/gtm-offer-listing-best-practices.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/22196763116d7caecb095fb60aafdf0527ee7929/articles/marketplace/marketplace-categories-industries.md
 *
 * Items are the Industry/Subindustry table of partner-center-portal/includes/industry-taxonomy.md
 * (ms.date 09/20/2019; the same table is repeated in gtm-offer-listing-best-practices.md ms.date
 * 04/16/2020). The doc marks some industries and verticals with '*' meaning 'will be available at
 * a future date' (not yet visible on the storefront); that flag is kept as
 * markedFutureAvailability. 'used to be called X' is kept as formerlyNamed. 'Other - Unsegmented'
 * is a literal vertical name in the doc; vertical ids are unique only within their industry. The
 * taxonomy was revised later: the 07/06/2020 best-practices page drops 'Other - Unsegmented',
 * renames 'Primary & Secondary Edu / K-12', 'Nonprofit', and marks Retail & Consumer Goods as
 * AppSource-only; the 08/20/2021 categories-and-industries page is a different taxonomy (e.g.
 * Defense and Intelligence, Energy, Nonprofit and IGO as industries). Those later versions are not
 * reflected in items.
 */

/** An industry of the marketplace taxonomy with its verticals (vertical ids are unique only within their industry). */
export interface Industry {
  readonly id: string;
  readonly name: string;
  readonly markedFutureAvailability: boolean;
  readonly formerlyNamed?: string;
  readonly verticals: readonly {
    readonly id: string;
    readonly name: string;
    readonly markedFutureAvailability: boolean;
    readonly formerlyNamed?: string;
  }[];
}

export const industries = [
  {
    id: 'automotive',
    name: 'Automotive',
    markedFutureAvailability: true,
    verticals: [
      {
        id: 'automotive',
        name: 'Automotive',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'agriculture',
    name: 'Agriculture',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'other-unsegmented',
        name: 'Other - Unsegmented',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'distribution',
    name: 'Distribution',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'wholesale',
        name: 'Wholesale',
        markedFutureAvailability: true,
      },
      {
        id: 'parcel-and-package-shipping',
        name: 'Parcel & Package Shipping',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'education',
    name: 'Education',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'higher-education',
        name: 'Higher Education',
        markedFutureAvailability: true,
      },
      {
        id: 'primary-and-secondary-education-k-12',
        name: 'Primary & Secondary Education / K-12',
        markedFutureAvailability: true,
      },
      {
        id: 'libraries-and-museums',
        name: 'Libraries & Museums',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'financial-services',
    name: 'Financial Services',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'banking-and-capital-markets',
        name: 'Banking & Capital Markets',
        markedFutureAvailability: true,
      },
      {
        id: 'insurance',
        name: 'Insurance',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'government',
    name: 'Government',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'defense-and-intelligence',
        name: 'Defense & Intelligence',
        markedFutureAvailability: true,
        formerlyNamed: 'National and Public Security',
      },
      {
        id: 'public-safety-and-justice',
        name: 'Public Safety & Justice',
        markedFutureAvailability: true,
      },
      {
        id: 'civilian-government',
        name: 'Civilian Government',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'healthcare',
    name: 'Healthcare',
    formerlyNamed: 'Health',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'health-payor',
        name: 'Health Payor',
        markedFutureAvailability: true,
      },
      {
        id: 'health-provider',
        name: 'Health Provider',
        markedFutureAvailability: true,
      },
      {
        id: 'pharmaceuticals',
        name: 'Pharmaceuticals',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'manufacturing-and-resources',
    name: 'Manufacturing & Resources',
    formerlyNamed: 'Manufacturing',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'chemical-and-agrochemical',
        name: 'Chemical & Agrochemical',
        markedFutureAvailability: true,
      },
      {
        id: 'discrete-manufacturing',
        name: 'Discrete Manufacturing',
        markedFutureAvailability: true,
      },
      {
        id: 'energy',
        name: 'Energy',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'retail-and-consumer-goods',
    name: 'Retail & Consumer Goods',
    formerlyNamed: 'Retail',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'consumer-goods',
        name: 'Consumer Goods',
        markedFutureAvailability: true,
      },
      {
        id: 'retailers',
        name: 'Retailers',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'media-and-communications',
    name: 'Media & Communications',
    formerlyNamed: 'Media and Entertainment',
    markedFutureAvailability: true,
    verticals: [
      {
        id: 'media-and-entertainment',
        name: 'Media & Entertainment',
        markedFutureAvailability: true,
      },
      {
        id: 'telecommunications',
        name: 'Telecommunications',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'professional-services',
    name: 'Professional Services',
    markedFutureAvailability: false,
    verticals: [
      {
        id: 'legal',
        name: 'Legal',
        markedFutureAvailability: true,
      },
      {
        id: 'partner-professional-services',
        name: 'Partner Professional Services',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'architecture-and-construction',
    name: 'Architecture & Construction',
    formerlyNamed: 'Architecture Engineering',
    markedFutureAvailability: true,
    verticals: [
      {
        id: 'other-unsegmented',
        name: 'Other - Unsegmented',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'hospitality-and-travel',
    name: 'Hospitality & Travel',
    markedFutureAvailability: true,
    verticals: [
      {
        id: 'hotels-and-leisure',
        name: 'Hotels & Leisure',
        markedFutureAvailability: true,
      },
      {
        id: 'travel-and-transportation',
        name: 'Travel & Transportation',
        markedFutureAvailability: true,
      },
      {
        id: 'restaurants-and-food-services',
        name: 'Restaurants & Food Services',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'other-public-sector-industries',
    name: 'Other Public Sector Industries',
    markedFutureAvailability: true,
    verticals: [
      {
        id: 'forestry-and-fishing',
        name: 'Forestry & Fishing',
        markedFutureAvailability: true,
      },
      {
        id: 'nonprofits',
        name: 'Nonprofits',
        markedFutureAvailability: true,
      },
    ],
  },
  {
    id: 'real-estate',
    name: 'Real Estate',
    markedFutureAvailability: true,
    verticals: [
      {
        id: 'other-unsegmented',
        name: 'Other - Unsegmented',
        markedFutureAvailability: true,
      },
    ],
  },
] as const satisfies readonly Industry[];

export type IndustryId = (typeof industries)[number]['id'];

export const industryIds = industries.map((i) => i.id) as [IndustryId, ...IndustryId[]];

/** 'You can optionally select up to two industries and two verticals under each industry.' */
export const industrySelection = { industriesMax: 2, verticalsPerIndustryMax: 2 } as const;

export function findIndustry(id: string): Industry | undefined {
  return industries.find((i) => i.id === id);
}

/** True when `verticalId` is a vertical of the industry `industryId`. */
export function isVerticalOf(industryId: string, verticalId: string): boolean {
  return findIndustry(industryId)?.verticals.some((v) => v.id === verticalId) ?? false;
}
