/**
 * Reference data copied from the product's fixed list `test-drive-regions.json` (as of 2020-03-03).
 * Sources:
 * - https://github.com/MicrosoftDocs/azure-docs/blob/0134aae645dd6b09d28ce9bd129024b9d301a5e4/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/58618320fbb4604cd57f142f440286b9ff17e6c0/articles/marketplace/partner-center-portal/create-new-customer-engagement-offer.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/017654d14eb78a81d68ea84640b468bcb7fa96d3/articles/marketplace/azure-resource-manager-test-drive.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/best-practices-availability-paired-regions.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/061d2f50472f3a2f10fab03f01e084f079b52a87/articles/best-practices-availability-paired-regions.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/1e2689b45dc02747887ff982748537357a27c71a/articles/marketplace/cloud-partner-portal/test-drive/azure-resource-manager-test-Drive.md
 *
 * The seed says 26 regions but no Microsoft document enumerates them. This list is the 25
 * commercial regions of the 2017 Azure paired-regions table plus West India: exactly 26, an
 * inference rather than a documented list. ids are ARM location names.
 */

/** An Azure region (ARM location name) where a test drive can be deployed. */
export interface TestDriveRegion {
  readonly id: string;
  readonly name: string;
  readonly geography: string;
}

export const testDriveRegions = [
  {
    id: 'eastasia',
    name: 'East Asia',
    geography: 'Asia-Pacific',
  },
  {
    id: 'southeastasia',
    name: 'Southeast Asia',
    geography: 'Asia-Pacific',
  },
  {
    id: 'australiaeast',
    name: 'Australia East',
    geography: 'Australia',
  },
  {
    id: 'australiasoutheast',
    name: 'Australia Southeast',
    geography: 'Australia',
  },
  {
    id: 'brazilsouth',
    name: 'Brazil South',
    geography: 'Brazil',
  },
  {
    id: 'canadacentral',
    name: 'Canada Central',
    geography: 'Canada',
  },
  {
    id: 'canadaeast',
    name: 'Canada East',
    geography: 'Canada',
  },
  {
    id: 'northeurope',
    name: 'North Europe',
    geography: 'Europe',
  },
  {
    id: 'westeurope',
    name: 'West Europe',
    geography: 'Europe',
  },
  {
    id: 'centralindia',
    name: 'Central India',
    geography: 'India',
  },
  {
    id: 'southindia',
    name: 'South India',
    geography: 'India',
  },
  {
    id: 'westindia',
    name: 'West India',
    geography: 'India',
  },
  {
    id: 'japaneast',
    name: 'Japan East',
    geography: 'Japan',
  },
  {
    id: 'japanwest',
    name: 'Japan West',
    geography: 'Japan',
  },
  {
    id: 'koreacentral',
    name: 'Korea Central',
    geography: 'Korea',
  },
  {
    id: 'koreasouth',
    name: 'Korea South',
    geography: 'Korea',
  },
  {
    id: 'eastus',
    name: 'East US',
    geography: 'North America',
  },
  {
    id: 'westus',
    name: 'West US',
    geography: 'North America',
  },
  {
    id: 'eastus2',
    name: 'East US 2',
    geography: 'North America',
  },
  {
    id: 'centralus',
    name: 'Central US',
    geography: 'North America',
  },
  {
    id: 'northcentralus',
    name: 'North Central US',
    geography: 'North America',
  },
  {
    id: 'southcentralus',
    name: 'South Central US',
    geography: 'North America',
  },
  {
    id: 'westus2',
    name: 'West US 2',
    geography: 'North America',
  },
  {
    id: 'westcentralus',
    name: 'West Central US',
    geography: 'North America',
  },
  {
    id: 'ukwest',
    name: 'UK West',
    geography: 'UK',
  },
  {
    id: 'uksouth',
    name: 'UK South',
    geography: 'UK',
  },
] as const satisfies readonly TestDriveRegion[];

export type TestDriveRegionId = (typeof testDriveRegions)[number]['id'];

export const testDriveRegionIds = testDriveRegions.map((r) => r.id) as [
  TestDriveRegionId,
  ...TestDriveRegionId[],
];

export function findTestDriveRegion(id: string): TestDriveRegion | undefined {
  return testDriveRegions.find((r) => r.id === id);
}
