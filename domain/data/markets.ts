/**
 * Reference data copied from the product's fixed list `markets.json` (as of 2020-07-29).
 * Sources:
 * - https://github.com/MicrosoftDocs/azure-docs/blob/00e046fdd31b252b88de7f61be9023afc3dd5b31/articles/marketplace/marketplace-geo-availability-currencies.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/3e1c6849e77d8cc47fbaa1db81e1e548303e5bfc/articles/marketplace/marketplace-geo-availability-currencies.md
 * - https://docs.microsoft.com/azure/marketplace/marketplace-geo-availability-currencies
 * - https://github.com/MicrosoftDocs/azure-docs/blob/58618320fbb4604cd57f142f440286b9ff17e6c0/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 *
 * Full table of 'Geographic availability and currency support for commercial marketplace' (ms.date
 * 07/29/2020). The doc says 141 geographies and 17 currencies; the table has 142 rows because
 * China was added (free/BYOL VM images only) and the intro count was not updated; the 02/28/2019
 * revision (also '141 geographies') has no China row and spells 'Czech Republic' and 'Virgin
 * Islands of the United States'. Only 16 distinct currency codes appear in the table. Caveat: this
 * page lists where offers can be purchased (billing-address geographies). The D365 CE offer in
 * 2020 was a listing-only offer whose 'Edit markets' dialog may have offered a different (possibly
 * longer) market list; no Microsoft doc that enumerates that dialog was found. ISO codes are given
 * lowercase as requested; currency is copied from the doc.
 */

/** A marketplace market: lowercase ISO 3166-1 alpha-2 code. */
export interface Market {
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly note?: string;
}

export const markets = [
  {
    code: 'af',
    name: 'Afghanistan',
    currency: 'USD',
  },
  {
    code: 'al',
    name: 'Albania',
    currency: 'USD',
  },
  {
    code: 'dz',
    name: 'Algeria',
    currency: 'USD',
  },
  {
    code: 'ad',
    name: 'Andorra',
    currency: 'EUR',
  },
  {
    code: 'ao',
    name: 'Angola',
    currency: 'USD',
  },
  {
    code: 'ar',
    name: 'Argentina',
    currency: 'USD',
  },
  {
    code: 'am',
    name: 'Armenia',
    currency: 'USD',
  },
  {
    code: 'au',
    name: 'Australia',
    currency: 'AUD',
  },
  {
    code: 'at',
    name: 'Austria',
    currency: 'EUR',
  },
  {
    code: 'az',
    name: 'Azerbaijan',
    currency: 'USD',
  },
  {
    code: 'bh',
    name: 'Bahrain',
    currency: 'USD',
  },
  {
    code: 'bd',
    name: 'Bangladesh',
    currency: 'USD',
  },
  {
    code: 'bb',
    name: 'Barbados',
    currency: 'USD',
  },
  {
    code: 'by',
    name: 'Belarus',
    currency: 'USD',
  },
  {
    code: 'be',
    name: 'Belgium',
    currency: 'EUR',
  },
  {
    code: 'bz',
    name: 'Belize',
    currency: 'USD',
  },
  {
    code: 'bm',
    name: 'Bermuda',
    currency: 'USD',
  },
  {
    code: 'bo',
    name: 'Bolivia',
    currency: 'USD',
  },
  {
    code: 'ba',
    name: 'Bosnia and Herzegovina',
    currency: 'USD',
  },
  {
    code: 'bw',
    name: 'Botswana',
    currency: 'USD',
  },
  {
    code: 'br',
    name: 'Brazil',
    currency: 'BRL',
    note: 'Doc: for customers in Brazil, the commercial marketplace through Cloud Solution Providers (CSP) uses USD.',
  },
  {
    code: 'bn',
    name: 'Brunei',
    currency: 'USD',
  },
  {
    code: 'bg',
    name: 'Bulgaria',
    currency: 'EUR',
  },
  {
    code: 'cv',
    name: 'Cabo Verde',
    currency: 'USD',
  },
  {
    code: 'cm',
    name: 'Cameroon',
    currency: 'USD',
  },
  {
    code: 'ca',
    name: 'Canada',
    currency: 'CAD',
  },
  {
    code: 'ky',
    name: 'Cayman Islands',
    currency: 'USD',
  },
  {
    code: 'cl',
    name: 'Chile',
    currency: 'USD',
  },
  {
    code: 'cn',
    name: 'China',
    currency: 'N/A',
    note: 'Doc: China is for free and BYOL VM images only (currency N/A); absent from the 02/28/2019 revision. Probably not a valid market for a Dynamics 365 CE offer.',
  },
  {
    code: 'co',
    name: 'Colombia',
    currency: 'USD',
  },
  {
    code: 'cr',
    name: 'Costa Rica',
    currency: 'USD',
  },
  {
    code: 'ci',
    name: "Côte d'Ivoire",
    currency: 'USD',
  },
  {
    code: 'hr',
    name: 'Croatia',
    currency: 'EUR',
  },
  {
    code: 'cw',
    name: 'Curaçao',
    currency: 'USD',
  },
  {
    code: 'cy',
    name: 'Cyprus',
    currency: 'EUR',
  },
  {
    code: 'cz',
    name: 'Czechia',
    currency: 'EUR',
  },
  {
    code: 'dk',
    name: 'Denmark',
    currency: 'DKK',
  },
  {
    code: 'do',
    name: 'Dominican Republic',
    currency: 'USD',
  },
  {
    code: 'ec',
    name: 'Ecuador',
    currency: 'USD',
  },
  {
    code: 'eg',
    name: 'Egypt',
    currency: 'USD',
  },
  {
    code: 'sv',
    name: 'El Salvador',
    currency: 'USD',
  },
  {
    code: 'ee',
    name: 'Estonia',
    currency: 'EUR',
  },
  {
    code: 'et',
    name: 'Ethiopia',
    currency: 'USD',
  },
  {
    code: 'fo',
    name: 'Faroe Islands',
    currency: 'DKK',
  },
  {
    code: 'fj',
    name: 'Fiji',
    currency: 'AUD',
  },
  {
    code: 'fi',
    name: 'Finland',
    currency: 'EUR',
  },
  {
    code: 'fr',
    name: 'France',
    currency: 'EUR',
  },
  {
    code: 'ge',
    name: 'Georgia',
    currency: 'USD',
  },
  {
    code: 'de',
    name: 'Germany',
    currency: 'EUR',
  },
  {
    code: 'gh',
    name: 'Ghana',
    currency: 'USD',
  },
  {
    code: 'gr',
    name: 'Greece',
    currency: 'EUR',
  },
  {
    code: 'gt',
    name: 'Guatemala',
    currency: 'USD',
  },
  {
    code: 'hn',
    name: 'Honduras',
    currency: 'USD',
  },
  {
    code: 'hk',
    name: 'Hong Kong SAR',
    currency: 'USD',
  },
  {
    code: 'hu',
    name: 'Hungary',
    currency: 'EUR',
  },
  {
    code: 'is',
    name: 'Iceland',
    currency: 'EUR',
  },
  {
    code: 'in',
    name: 'India',
    currency: 'INR',
  },
  {
    code: 'id',
    name: 'Indonesia',
    currency: 'USD',
  },
  {
    code: 'iq',
    name: 'Iraq',
    currency: 'USD',
  },
  {
    code: 'ie',
    name: 'Ireland',
    currency: 'EUR',
  },
  {
    code: 'il',
    name: 'Israel',
    currency: 'USD',
  },
  {
    code: 'it',
    name: 'Italy',
    currency: 'EUR',
  },
  {
    code: 'jm',
    name: 'Jamaica',
    currency: 'USD',
  },
  {
    code: 'jp',
    name: 'Japan',
    currency: 'JPY',
  },
  {
    code: 'jo',
    name: 'Jordan',
    currency: 'USD',
  },
  {
    code: 'kz',
    name: 'Kazakhstan',
    currency: 'USD',
  },
  {
    code: 'ke',
    name: 'Kenya',
    currency: 'USD',
  },
  {
    code: 'kr',
    name: 'Korea (South)',
    currency: 'KRW',
  },
  {
    code: 'kw',
    name: 'Kuwait',
    currency: 'USD',
  },
  {
    code: 'kg',
    name: 'Kyrgyzstan',
    currency: 'USD',
  },
  {
    code: 'lv',
    name: 'Latvia',
    currency: 'EUR',
  },
  {
    code: 'lb',
    name: 'Lebanon',
    currency: 'USD',
  },
  {
    code: 'ly',
    name: 'Libya',
    currency: 'USD',
  },
  {
    code: 'li',
    name: 'Liechtenstein',
    currency: 'EUR',
  },
  {
    code: 'lt',
    name: 'Lithuania',
    currency: 'EUR',
  },
  {
    code: 'lu',
    name: 'Luxembourg',
    currency: 'EUR',
  },
  {
    code: 'mo',
    name: 'Macao SAR',
    currency: 'USD',
  },
  {
    code: 'my',
    name: 'Malaysia',
    currency: 'USD',
  },
  {
    code: 'mt',
    name: 'Malta',
    currency: 'EUR',
  },
  {
    code: 'mu',
    name: 'Mauritius',
    currency: 'USD',
  },
  {
    code: 'mx',
    name: 'Mexico',
    currency: 'USD',
  },
  {
    code: 'md',
    name: 'Moldova',
    currency: 'USD',
  },
  {
    code: 'mc',
    name: 'Monaco',
    currency: 'EUR',
  },
  {
    code: 'mn',
    name: 'Mongolia',
    currency: 'USD',
  },
  {
    code: 'me',
    name: 'Montenegro',
    currency: 'USD',
  },
  {
    code: 'ma',
    name: 'Morocco',
    currency: 'USD',
  },
  {
    code: 'na',
    name: 'Namibia',
    currency: 'USD',
  },
  {
    code: 'np',
    name: 'Nepal',
    currency: 'USD',
  },
  {
    code: 'nl',
    name: 'Netherlands',
    currency: 'EUR',
  },
  {
    code: 'nz',
    name: 'New Zealand',
    currency: 'NZD',
  },
  {
    code: 'ni',
    name: 'Nicaragua',
    currency: 'USD',
  },
  {
    code: 'ng',
    name: 'Nigeria',
    currency: 'USD',
  },
  {
    code: 'mk',
    name: 'North Macedonia',
    currency: 'USD',
  },
  {
    code: 'no',
    name: 'Norway',
    currency: 'NOK',
  },
  {
    code: 'om',
    name: 'Oman',
    currency: 'USD',
  },
  {
    code: 'pk',
    name: 'Pakistan',
    currency: 'USD',
  },
  {
    code: 'ps',
    name: 'Palestinian Authority',
    currency: 'USD',
  },
  {
    code: 'pa',
    name: 'Panama',
    currency: 'USD',
  },
  {
    code: 'py',
    name: 'Paraguay',
    currency: 'USD',
  },
  {
    code: 'pe',
    name: 'Peru',
    currency: 'USD',
  },
  {
    code: 'ph',
    name: 'Philippines',
    currency: 'USD',
  },
  {
    code: 'pl',
    name: 'Poland',
    currency: 'EUR',
  },
  {
    code: 'pt',
    name: 'Portugal',
    currency: 'EUR',
  },
  {
    code: 'pr',
    name: 'Puerto Rico',
    currency: 'USD',
  },
  {
    code: 'qa',
    name: 'Qatar',
    currency: 'USD',
  },
  {
    code: 'ro',
    name: 'Romania',
    currency: 'EUR',
  },
  {
    code: 'ru',
    name: 'Russia',
    currency: 'RUB',
  },
  {
    code: 'rw',
    name: 'Rwanda',
    currency: 'USD',
  },
  {
    code: 'kn',
    name: 'Saint Kitts and Nevis',
    currency: 'USD',
  },
  {
    code: 'sa',
    name: 'Saudi Arabia',
    currency: 'USD',
  },
  {
    code: 'sn',
    name: 'Senegal',
    currency: 'USD',
  },
  {
    code: 'rs',
    name: 'Serbia',
    currency: 'USD',
  },
  {
    code: 'sg',
    name: 'Singapore',
    currency: 'USD',
  },
  {
    code: 'sk',
    name: 'Slovakia',
    currency: 'EUR',
  },
  {
    code: 'si',
    name: 'Slovenia',
    currency: 'EUR',
  },
  {
    code: 'za',
    name: 'South Africa',
    currency: 'USD',
  },
  {
    code: 'es',
    name: 'Spain',
    currency: 'EUR',
  },
  {
    code: 'lk',
    name: 'Sri Lanka',
    currency: 'USD',
  },
  {
    code: 'se',
    name: 'Sweden',
    currency: 'SEK',
  },
  {
    code: 'ch',
    name: 'Switzerland',
    currency: 'CHF',
  },
  {
    code: 'tw',
    name: 'Taiwan',
    currency: 'TWD',
  },
  {
    code: 'tj',
    name: 'Tajikistan',
    currency: 'USD',
  },
  {
    code: 'tz',
    name: 'Tanzania',
    currency: 'USD',
  },
  {
    code: 'th',
    name: 'Thailand',
    currency: 'USD',
  },
  {
    code: 'tt',
    name: 'Trinidad and Tobago',
    currency: 'USD',
  },
  {
    code: 'tn',
    name: 'Tunisia',
    currency: 'USD',
  },
  {
    code: 'tr',
    name: 'Turkey',
    currency: 'USD',
  },
  {
    code: 'tm',
    name: 'Turkmenistan',
    currency: 'USD',
  },
  {
    code: 'ug',
    name: 'Uganda',
    currency: 'USD',
  },
  {
    code: 'ua',
    name: 'Ukraine',
    currency: 'USD',
  },
  {
    code: 'ae',
    name: 'United Arab Emirates',
    currency: 'USD',
  },
  {
    code: 'gb',
    name: 'United Kingdom',
    currency: 'GBP',
  },
  {
    code: 'us',
    name: 'United States',
    currency: 'USD',
  },
  {
    code: 'vi',
    name: 'U.S. Virgin Islands',
    currency: 'USD',
  },
  {
    code: 'uy',
    name: 'Uruguay',
    currency: 'USD',
  },
  {
    code: 'uz',
    name: 'Uzbekistan',
    currency: 'USD',
  },
  {
    code: 'va',
    name: 'Vatican City (Holy See)',
    currency: 'EUR',
  },
  {
    code: 've',
    name: 'Venezuela',
    currency: 'USD',
  },
  {
    code: 'vn',
    name: 'Vietnam',
    currency: 'USD',
  },
  {
    code: 'ye',
    name: 'Yemen',
    currency: 'USD',
  },
  {
    code: 'zm',
    name: 'Zambia',
    currency: 'USD',
  },
  {
    code: 'zw',
    name: 'Zimbabwe',
    currency: 'USD',
  },
] as const satisfies readonly Market[];

export type MarketCode = (typeof markets)[number]['code'];

export const marketCodes = markets.map((m) => m.code) as [MarketCode, ...MarketCode[]];

/** The convenience value a client may send instead of listing every market. */
export const ALL_MARKETS = 'all';

export function findMarket(code: string): Market | undefined {
  return markets.find((m) => m.code === code);
}
