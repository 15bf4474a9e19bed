/**
 * Named factories for offer bodies: a complete, valid write body for every section (and each test
 * drive type), the stored form the domain makes of it, and a complete draft. Each call returns a
 * fresh object, so tests may modify what they get.
 */
import type { SectionName } from '../../domain/offer/sectionNames';
import type { TestDriveType } from '../../domain/offer/sections/setup';
import type { OfferDraft } from '../../domain/offer/status';
import { prepareSectionWrite } from '../../domain/offer/prepareSectionWrite';

/** A copy of `value` without `key`. */
export function without<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const copy = { ...value };
  delete copy[key];
  return copy;
}

export const fixtureAlias = 'Contoso Field Assist';

export function createOfferBody(offerId = 'contoso-field-assist') {
  return { offerId, alias: fixtureAlias };
}

/** contactMe with a Dynamics 365 Customer Engagement test drive and an Azure Table lead destination. */
export function completeSetupWrite(testDriveType: TestDriveType = 'dynamics365CustomerEngagement') {
  return {
    listingType: 'contactMe',
    testDrive: { enabled: true, type: testDriveType },
    leadManagement: {
      destination: 'azureTable',
      notificationEmails: ['leads@contoso.example', 'sales@contoso.example'],
      connection: {
        storageAccountConnectionString:
          'DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net',
      },
    },
  };
}

/** getItNow, no test drive, no lead destination: the smallest complete setup. */
export function completeSetupWithoutTestDriveWrite() {
  return {
    listingType: 'getItNow',
    getItNowUrl: 'https://contoso.example/field-assist',
    testDrive: { enabled: false },
    leadManagement: { destination: 'none', notificationEmails: [] },
  };
}

/** A Dynamics 365 lead destination with Azure AD authentication. */
export function dynamics365LeadManagementWrite() {
  return {
    destination: 'dynamics365',
    connection: {
      instanceUrl: 'https://contoso.crm4.dynamics.com',
      authentication: 'azureAD',
      applicationId: '50c464d3-4930-494c-963c-1e951d15360e',
      directoryId: '6d4b9c1e-2f4a-4c3b-9d1e-7a8b9c0d1e2f',
      applicationKey: 'lead-writer-client-secret',
    },
  };
}

export function completePropertiesWrite() {
  return {
    categories: ['analytics', 'sales'],
    industries: [{ industry: 'retail-and-consumer-goods', verticals: ['retailers'] }],
    applicableProducts: ['sales', 'field-service'],
    appVersion: '1.0.0.0',
    marketingOnlyChange: false,
    useStandardContract: true,
  };
}

export function completeListingWrite() {
  return {
    name: 'Contoso Field Assist\u00AE',
    shortDescription: 'Schedule and dispatch field technicians from Dynamics 365.',
    description:
      '<p><strong>Field Assist</strong> helps dispatchers plan visits.</p><ul><li>Smart scheduling</li><li>Mobile check-in</li></ul>',
    searchKeywords: ['field service', 'scheduling'],
    productsAppWorksWith: ['Dynamics 365 Field Service'],
    helpLink: 'https://contoso.example/help',
    privacyPolicyUrl: 'https://contoso.example/privacy',
    contacts: {
      support: {
        name: 'Contoso Support',
        email: 'support@contoso.example',
        phone: '+1 425 555 0100',
        supportUrl: 'https://contoso.example/support',
      },
      engineering: { name: 'Contoso Engineering', email: 'eng@contoso.example', phone: '+1 425 555 0101' },
    },
    supportingDocuments: [{ name: 'Product brochure', assetId: 'brochure-pdf-1' }],
    images: {
      smallLogo: 'small-logo-1',
      largeLogo: 'large-logo-1',
      wideLogo: 'wide-logo-1',
      hero: 'hero-1',
      screenshots: ['screenshot-1', 'screenshot-2'],
    },
    videos: [
      { name: 'Overview', url: 'https://www.youtube.com/watch?v=aqz-KE-bpKQ', thumbnailAssetId: 'video-thumb-1' },
    ],
  };
}

export function completeAvailabilityWrite() {
  return { markets: ['us', 'ca', 'gb'], hideKey: 'preview2024' };
}

/** A read-only SAS that expires far in the future. */
export const validCrmPackageUrl =
  'https://contosopackages.blob.core.windows.net/packages/field-assist.zip?sv=2019-12-12&sr=b&sp=r&se=2099-01-01T00:00:00Z&sig=abc%3D';

export function completeTechnicalConfigurationWrite() {
  return {
    baseLicenseModel: 'resource',
    requiresS2SOutboundOrSecureStore: false,
    applicationConfigurationUrl: 'https://contoso.example/configure',
    crmPackageUrl: validCrmPackageUrl,
    hasMultiplePackages: false,
    packageRegions: [
      { region: 'nam' },
      { region: 'eur', applicationConfigurationUrl: 'https://eu.contoso.example/configure' },
    ],
  };
}

const subscription = {
  azureSubscriptionId: '2f1e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b',
  tenantId: '50c464d3-4930-494c-963c-1e951d15360e',
  tenantName: 'contoso.onmicrosoft.com',
  appId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  appClientSecret: 'test-drive-client-secret',
};

const testDriveListing = {
  description: 'Try dispatching a technician to a sample work order.',
  accessInformation: 'Sign in with the account e-mailed to you, then open Field Assist from the app list.',
  userManual: { name: 'Field Assist test drive guide', assetId: 'user-manual-1' },
  videos: [{ name: 'Walkthrough', url: 'https://vimeo.com/123456', thumbnailAssetId: 'td-video-thumb-1' }],
};

/** Complete test-drive body for an Azure Resource Manager test drive. */
export function armTestDriveWrite() {
  return {
    regions: ['westeurope', 'eastus'],
    instances: { hot: 1, cold: 5 },
    template: 'arm-template-1',
    durationHours: 2,
    subscription: { ...subscription, tenantName: undefined },
    listing: structuredClone(testDriveListing),
  };
}

/** Complete test-drive body for a Dynamics 365 (Business Central, Customer Engagement, Operations) test drive. */
export function dynamics365TestDriveWrite() {
  const d365Subscription = without(subscription, 'azureSubscriptionId');
  return {
    maxConcurrent: 3,
    durationHours: 4,
    instanceUrl: 'https://testdrive.crm.dynamics.com',
    instanceWebApiUrl: 'https://testdrive.crm.dynamics.com/api/data/v9.0',
    roleName: 'test-drive-role',
    subscription: d365Subscription,
    listing: { ...structuredClone(testDriveListing), accessInformation: undefined },
  };
}

/** Complete test-drive body for a Logic app test drive. */
export function logicAppTestDriveWrite() {
  return {
    regions: ['westus2'],
    maxConcurrent: 5,
    durationHours: 3,
    resourceGroupName: 'testdrive-rg',
    logicAppName: 'assign-test-drive',
    deprovisionLogicAppName: 'deprovision-test-drive',
    subscription: { ...subscription, tenantName: undefined },
    listing: structuredClone(testDriveListing),
  };
}

/** Complete test-drive body for a Power BI test drive. */
export function powerBITestDriveWrite() {
  return {
    embedUrl: 'https://app.powerbi.com/view?r=abc123',
    listing: { description: testDriveListing.description, userManual: { ...testDriveListing.userManual } },
  };
}

/** The complete test-drive body for a given type. */
export function completeTestDriveWrite(type: TestDriveType = 'dynamics365CustomerEngagement') {
  switch (type) {
    case 'azureResourceManager':
      return armTestDriveWrite();
    case 'logicApp':
      return logicAppTestDriveWrite();
    case 'powerBI':
      return powerBITestDriveWrite();
    default:
      return dynamics365TestDriveWrite();
  }
}

export function completeSupplementalContentWrite() {
  return { keyUsageScenario: 'key-usage-1' };
}

/** Drops undefined members (JSON never carries them; the fixtures use them to remove a field). */
function json<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Write bodies of every section of a complete offer (with a test drive of the given type). */
export function completeOfferWrite(
  testDriveType: TestDriveType = 'dynamics365CustomerEngagement',
): Record<SectionName, unknown> {
  return json({
    setup: completeSetupWrite(testDriveType),
    properties: completePropertiesWrite(),
    listing: completeListingWrite(),
    availability: completeAvailabilityWrite(),
    'technical-configuration': completeTechnicalConfigurationWrite(),
    'test-drive': completeTestDriveWrite(testDriveType),
    'supplemental-content': completeSupplementalContentWrite(),
  });
}

/** The stored form the domain makes of a write body (throws if the body is refused). */
export function storedForm(section: SectionName, body: unknown, previousStored?: unknown): unknown {
  const prepared = prepareSectionWrite(section, json(body), previousStored);
  if (!prepared.ok) throw new Error(`fixture ${section} refused: ${JSON.stringify(prepared.issues)}`);
  return prepared.stored;
}

/** A draft whose every section is saved and complete. */
export function completeOfferDraft(
  testDriveType: TestDriveType = 'dynamics365CustomerEngagement',
): OfferDraft {
  const bodies = completeOfferWrite(testDriveType);
  const sections = Object.fromEntries(
    Object.entries(bodies).map(([name, body]) => [name, storedForm(name as SectionName, body)]),
  ) as Record<SectionName, unknown>;
  return { alias: fixtureAlias, sections };
}
