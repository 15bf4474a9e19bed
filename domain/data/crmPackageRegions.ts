/**
 * Reference data copied from the product's fixed list `crm-package-regions.json` (as of 2020-10-21).
 * Sources:
 * - https://github.com/MicrosoftDocs/azure-docs/blob/0134aae645dd6b09d28ce9bd129024b9d301a5e4/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/58618320fbb4604cd57f142f440286b9ff17e6c0/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/f1048175bd5ffb6591cab50f8ec6bc448431c0e3/articles/marketplace/cloud-partner-portal/dyn365ce/cpp-technical-info-tab.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/dynamics-365-customer-engage-technical-configuration.md
 * - https://docs.microsoft.com/azure/marketplace/dynamics-365-customer-engage-technical-configuration
 * - https://github.com/MicrosoftDocs/power-platform/blob/main/power-platform/admin/policies-communications.md
 * - https://github.com/microsoft/AppSource/blob/327a14601995943d5626878beeadeffd88267977/Microsoft%20Hosted%20Test%20Drive/CDS_Utility_to_ForceUserSync_in_CRM_Instance.md
 *
 * No Microsoft doc lists the values of the Partner Center 'CRM package availability' (+ Add
 * region) picker. What the offer docs say: the 2019/2020 docs (ms.date 12/31/2019, 01/13/2020; CPP
 * Technical Info tab 04/24/2019) name only the sovereign regions that 'require special permission
 * and validation during the certification process': Germany, US Government Cloud, and TIP. The
 * 06/29/2021 technical-configuration doc names six sovereign regions (US Gov Cloud Sovereign,
 * China Cloud Sovereign, Germany Sovereign, US Gov High Cloud Sovereign, Test in production
 * Sovereign, US DoD Cloud Sovereign) and says not to select them. The public (sovereign=false)
 * items are therefore derived from the Dynamics 365 / Power Platform geography table in power-
 * platform/admin/policies-communications.md (ms.date 10/21/2020; region code and URL columns),
 * excluding its DEU, GCC, GCC High and CHN rows, which are mapped to the sovereign items. The
 * microsoft/AppSource test-drive utility doc (05/2020) lists the same first 10 public regions plus
 * 'North America 2' (crm9, i.e. GCC) with the labels kept as aliases. Item names are expansions of
 * the region codes (the Power Platform table gives codes only); aliases are the labels used in the
 * microsoft/AppSource doc. Partner Center's own UI labels (e.g. whether it says 'United States' or
 * 'North America') are not documented. Later revisions of the same Power Platform doc add regions
 * such as Switzerland (CHE, crm17), which are not included here.
 */

/** A region where the CRM package can be made available. Sovereign regions need special permission, checked by certification. */
export interface CrmPackageRegion {
  readonly id: string;
  readonly name: string;
  readonly sovereign: boolean;
  readonly geoCode?: string;
  readonly crmDomain?: string;
  readonly aliases?: readonly string[];
  readonly note?: string;
}

export const crmPackageRegions = [
  {
    id: 'nam',
    name: 'North America',
    sovereign: false,
    geoCode: 'NAM',
    crmDomain: 'crm.dynamics.com',
    aliases: ['North America'],
    note: "The brief's example label 'United States' is not used by these docs; the Dynamics docs call this region North America (NAM).",
  },
  {
    id: 'sam',
    name: 'South America',
    sovereign: false,
    geoCode: 'SAM',
    crmDomain: 'crm2.dynamics.com',
    aliases: ['South America'],
  },
  {
    id: 'can',
    name: 'Canada',
    sovereign: false,
    geoCode: 'CAN',
    crmDomain: 'crm3.dynamics.com',
    aliases: ['Canada'],
  },
  {
    id: 'eur',
    name: 'Europe',
    sovereign: false,
    geoCode: 'EUR',
    crmDomain: 'crm4.dynamics.com',
    aliases: ['Europe, Middle East and Africa (EMEA)'],
  },
  {
    id: 'apj',
    name: 'Asia Pacific',
    sovereign: false,
    geoCode: 'APJ',
    crmDomain: 'crm5.dynamics.com',
    aliases: ['Asia Pacific (APAC)'],
  },
  {
    id: 'oce',
    name: 'Oceania',
    sovereign: false,
    geoCode: 'OCE',
    crmDomain: 'crm6.dynamics.com',
    aliases: ['Oceania'],
  },
  {
    id: 'jpn',
    name: 'Japan',
    sovereign: false,
    geoCode: 'JPN',
    crmDomain: 'crm7.dynamics.com',
    aliases: ['Japan (JPN)'],
  },
  {
    id: 'ind',
    name: 'India',
    sovereign: false,
    geoCode: 'IND',
    crmDomain: 'crm8.dynamics.com',
    aliases: ['India (IND)'],
  },
  {
    id: 'gbr',
    name: 'United Kingdom',
    sovereign: false,
    geoCode: 'GBR',
    crmDomain: 'crm11.dynamics.com',
    aliases: ['United Kingdom (UK)'],
  },
  {
    id: 'fra',
    name: 'France',
    sovereign: false,
    geoCode: 'FRA',
    crmDomain: 'crm12.dynamics.com',
    aliases: ['France'],
  },
  {
    id: 'zaf',
    name: 'South Africa',
    sovereign: false,
    geoCode: 'ZAF',
    crmDomain: 'crm14.dynamics.com',
    note: 'Listed in policies-communications (10/21/2020) but not in the microsoft/AppSource region list (05/2020).',
  },
  {
    id: 'uae',
    name: 'United Arab Emirates',
    sovereign: false,
    geoCode: 'UAE',
    crmDomain: 'crm15.dynamics.com',
    note: 'Listed in policies-communications (10/21/2020) but not in the microsoft/AppSource region list (05/2020).',
  },
  {
    id: 'ger',
    name: 'Germany',
    sovereign: false,
    geoCode: 'GER',
    crmDomain: 'crm16.dynamics.com',
    note: "New in-country Germany datacenter region (crm16), listed in the 10/21/2020 doc but not in the microsoft/AppSource list (05/2020). Distinct from the sovereign 'Germany' (Microsoft Cloud Germany, crm.microsoftdynamics.de) below.",
  },
  {
    id: 'germany-sovereign',
    name: 'Germany Sovereign',
    sovereign: true,
    geoCode: 'DEU',
    crmDomain: 'crm.microsoftdynamics.de',
    note: "2020 doc: 'Germany' (links to Azure Germany) needs special permission and validation; 2021 doc label 'Germany Sovereign'. geoCode/crmDomain from policies-communications (DEU).",
  },
  {
    id: 'us-gov-cloud-sovereign',
    name: 'US Gov Cloud Sovereign',
    sovereign: true,
    geoCode: 'GCC',
    crmDomain: 'crm9.dynamics.com',
    note: "2020 doc: 'US Government Cloud'; 2021 label 'US Gov Cloud Sovereign'. Mapping to GCC / crm9.dynamics.com ('North America 2' in the Online Management API and microsoft/AppSource lists) is an inference.",
  },
  {
    id: 'tip-sovereign',
    name: 'Test in production Sovereign',
    sovereign: true,
    note: "2020 doc: 'TIP'; 2021 label 'Test in production Sovereign'. No domain documented.",
  },
  {
    id: 'china-cloud-sovereign',
    name: 'China Cloud Sovereign',
    sovereign: true,
    geoCode: 'CHN',
    crmDomain: 'crm.dynamics.cn',
    note: 'Named only in the 06/29/2021 doc (not in the 2019/2020 docs). geoCode/crmDomain from policies-communications (CHN).',
  },
  {
    id: 'us-gov-high-cloud-sovereign',
    name: 'US Gov High Cloud Sovereign',
    sovereign: true,
    geoCode: 'GCC High',
    crmDomain: 'crm.microsoftdynamics.us',
    note: 'Named only in the 06/29/2021 doc. Mapping to GCC High / crm.microsoftdynamics.us is an inference from policies-communications.',
  },
  {
    id: 'us-dod-cloud-sovereign',
    name: 'US DoD Cloud Sovereign',
    sovereign: true,
    note: 'Named only in the 06/29/2021 doc. No domain documented in the docs read.',
  },
] as const satisfies readonly CrmPackageRegion[];

export type CrmPackageRegionId = (typeof crmPackageRegions)[number]['id'];

export const crmPackageRegionIds = crmPackageRegions.map((r) => r.id) as [
  CrmPackageRegionId,
  ...CrmPackageRegionId[],
];

export function findCrmPackageRegion(id: string): CrmPackageRegion | undefined {
  return crmPackageRegions.find((r) => r.id === id);
}

export function isSovereignRegion(id: string): boolean {
  return findCrmPackageRegion(id)?.sovereign === true;
}
