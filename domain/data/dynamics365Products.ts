/**
 * Reference data copied from the product's fixed list `dynamics365-products.json` (as of 2021-12-03).
 * Sources:
 * - https://github.com/MicrosoftDocs/azure-docs/blob/1fa9d3b8bc41a9668b40bb78f66cdb74a87ea1b6/articles/marketplace/dynamics-365-customer-engage-properties.md
 * - https://github.com/stephanemora/azure-docs.fr-fr/blob/299346fe3bfeefabe14b7bb86b08aab3e2d81255/articles/marketplace/dynamics-365-customer-engage-properties.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/baca9ffbd90ad2f00c2c1e5f0adf477ab8f6ab1e/articles/marketplace/dynamics-365-customer-engage-properties.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/0134aae645dd6b09d28ce9bd129024b9d301a5e4/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/58618320fbb4604cd57f142f440286b9ff17e6c0/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 * - https://github.com/MicrosoftDocs/power-platform/blob/main/power-platform/admin/policies-communications.md
 *
 * The 2019-2020 Partner Center docs for this offer type do not list the 'Applicable Dynamics 365
 * products' choices verbatim. The first verbatim list found is dynamics-365-customer-engage-
 * properties.md (ms.date 12/03/2021; a fr-FR translation with ms.date 04/20/2021, hand-off
 * 08/25/2021, already carries it): 'Customer Service, Customer Voice, Project Operations, Field
 * Service, Marketing, Mixed Reality, Power Apps, Power Automate, Power Virtual Agents, Project
 * Service Automation, and/or Sales'. The 04/20/2021 English revision still says only 'Select the
 * Applicable products in Dynamics 365'. namedIn2020Docs=true marks products that 2020-era
 * Microsoft docs name for this offer type (create-offer intro: 'PowerApps, Sales, Service, Project
 * Service, and Field Service') or as customer engagement apps (Power Platform policies-
 * communications.md, ms.date 10/21/2020: Sales, Customer Service, Field Service, Marketing,
 * Project Service Automation). Whether Customer Voice, Project Operations, Mixed Reality, Power
 * Automate and Power Virtual Agents were selectable in Partner Center in 2020 is not documented.
 * The index did not expose the commit for the policies-communications revision that was read
 * (ms.date 10/21/2020).
 */

export interface Dynamics365Product {
  readonly id: string;
  readonly name: string;
  /** Named for this offer type by 2020-era Microsoft docs. */
  readonly namedIn2020Docs: boolean;
  readonly note?: string;
}

export const dynamics365Products = [
  {
    id: 'customer-service',
    name: 'Customer Service',
    namedIn2020Docs: true,
    note: "create-offer doc (2019/2020) intro names 'Service'; policies-communications (10/21/2020) names 'Dynamics 365 Customer Service'",
  },
  {
    id: 'customer-voice',
    name: 'Customer Voice',
    namedIn2020Docs: false,
  },
  {
    id: 'project-operations',
    name: 'Project Operations',
    namedIn2020Docs: false,
  },
  {
    id: 'field-service',
    name: 'Field Service',
    namedIn2020Docs: true,
    note: 'create-offer doc (2019/2020) intro and policies-communications (10/21/2020)',
  },
  {
    id: 'marketing',
    name: 'Marketing',
    namedIn2020Docs: true,
    note: 'policies-communications (10/21/2020) lists Dynamics 365 Marketing among the customer engagement apps',
  },
  {
    id: 'mixed-reality',
    name: 'Mixed Reality',
    namedIn2020Docs: false,
  },
  {
    id: 'power-apps',
    name: 'Power Apps',
    namedIn2020Docs: true,
    note: "create-offer doc (2019/2020) intro names 'PowerApps'",
  },
  {
    id: 'power-automate',
    name: 'Power Automate',
    namedIn2020Docs: false,
  },
  {
    id: 'power-virtual-agents',
    name: 'Power Virtual Agents',
    namedIn2020Docs: false,
  },
  {
    id: 'project-service-automation',
    name: 'Project Service Automation',
    namedIn2020Docs: true,
    note: "create-offer doc (2019/2020) intro names 'Project Service'; policies-communications (10/21/2020) names 'Dynamics 365 Project Service Automation'",
  },
  {
    id: 'sales',
    name: 'Sales',
    namedIn2020Docs: true,
    note: 'create-offer doc (2019/2020) intro and policies-communications (10/21/2020)',
  },
] as const satisfies readonly Dynamics365Product[];

export type Dynamics365ProductId = (typeof dynamics365Products)[number]['id'];

export const dynamics365ProductIds = dynamics365Products.map((p) => p.id) as [
  Dynamics365ProductId,
  ...Dynamics365ProductId[],
];

export function findDynamics365Product(id: string): Dynamics365Product | undefined {
  return dynamics365Products.find((p) => p.id === id);
}
