/**
 * Reference data copied from the product's fixed list `lead-destinations.json` (as of 2020-03-30).
 * Sources:
 * - https://github.com/MicrosoftDocs/azure-docs/blob/c77730f8d08b033a45569a295b3756436893d2b9/articles/marketplace/partner-center-portal/includes/connect-lead-management.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/05e3a40561b92881082f466d61d4da8525dcb944/articles/marketplace/partner-center-portal/includes/connect-lead-management-a.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/50ccb8ea852031bd80cb1594b2e812bacfd32eb1/articles/marketplace/includes/connect-lead-management.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-get-customer-leads.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/05e3a40561b92881082f466d61d4da8525dcb944/articles/marketplace/partner-center-portal/commercial-marketplace-get-customer-leads.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-azure-table.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/01a0b363da6a47ea84c33b215d1b964cbbc9ce85/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-dynamics.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-https.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/00ae202d3387da443c7ff4ac508408876ac2d8c1/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-https.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-marketo.md
 * - https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-salesforce.md
 * - https://github.com/release-engineering/cloudpub/blob/d8a5aeac30426d9a12d5f7a2fdfc5b0767568242/cloudpub/models/ms_azure.py
 * - https://docs.microsoft.com/azure/marketplace/partner-center-portal/commercial-marketplace-get-customer-leads
 * - https://github.com/MicrosoftDocs/azure-docs/blob/3d67841b14f7aae15feca65ed62287fb136a6faf/articles/marketplace/includes/customer-leads.md
 *
 * Destinations and dialog fields from the per-destination Partner Center pages (all ms.date
 * 03/30/2020; the Dynamics page commit 01a0b363 was read, the others through the index without a
 * commit id, so their source links point at the current file) and the connect-lead-management
 * includes (08/16/2019, 10/09/2019, 08/24/2020). Supported destinations in 2019-2020: Dynamics 365
 * for Customer Engagement, Marketo, Salesforce, Azure Table, HTTPS endpoint (Azure Blob
 * deprecated). Per the FAQ, a lead destination is required for Dynamics 365 Customer Engagement
 * offers listed as 'Contact me' and (per includes/customer-leads.md, 10/09/2020) for any offer
 * with a test drive enabled. 'name' is the Partner Center UI label from the docs; 'apiName'
 * (destination and field) comes from the Product Ingestion API customer-leads schema
 * 2022-03-01-preview2 as modelled in release-engineering/cloudpub (third-party code, not a
 * Microsoft doc); they are given only to help map UI fields to API fields. That schema also has
 * leadDestination 'none'. After connecting, 'Validate' sends a test lead whose values start with
 * MSFT_TEST. leadFields: HTTPS endpoint JSON schema (ActionCode, OfferTitle, LeadSource,
 * UserDetails{Company, Country, Email, FirstName, LastName, Phone, Title}) plus the LeadSource
 * format and customer fields from commercial-marketplace-get-customer-leads.md (03/30/2020);
 * salesforceKey is the key used in the documented sample test lead (which also contains
 * encoding=UTF-8 and oid).
 */

export interface LeadDestinationField {
  readonly name: string;
  readonly apiName: string;
  readonly required: boolean;
  readonly requiredWhen?: string;
  readonly secret: boolean;
  readonly description: string;
  readonly note?: string;
  readonly allowedValues?: readonly { readonly name: string; readonly apiValue: string }[];
}

export interface LeadDestination {
  readonly id: string;
  readonly apiName: string;
  readonly name: string;
  readonly altName?: string;
  readonly deprecated?: boolean;
  readonly note?: string;
  readonly source: readonly string[];
  readonly fields: readonly LeadDestinationField[];
}

/** Every destination in the reference list, including the deprecated Azure Blob and the post-2020 e-mail one. */
export const leadDestinations = [
  {
    id: 'azure-table',
    apiName: 'table',
    name: 'Azure Table',
    source: [
      'https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-azure-table.md',
    ],
    fields: [
      {
        name: 'Storage account connection string',
        apiName: 'storageAccountConnectionString',
        required: true,
        secret: true,
        description:
          "Connection string from the storage account's Access keys page, e.g. DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=core.windows.net. Leads are written to a table in this account.",
      },
      {
        name: 'Contact email',
        apiName: 'contactEmail',
        required: false,
        secret: false,
        description:
          'Email addresses of people in your company who should receive email notifications when a new lead is received; multiple addresses separated by semicolons.',
        note: "Present on every destination's Connection details dialog in the 03/30/2020 docs; the docs do not say whether it is mandatory. Absent from the 2019 revisions of the Azure Table, HTTPS, Marketo and Salesforce pages.",
      },
    ],
  },
  {
    id: 'dynamics-365-customer-engagement',
    apiName: 'dynamics',
    name: 'Dynamics 365 Customer Engagement',
    altName: 'Dynamics CRM Online',
    source: [
      'https://github.com/MicrosoftDocs/azure-docs/blob/01a0b363da6a47ea84c33b215d1b964cbbc9ce85/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-dynamics.md',
      'https://github.com/MicrosoftDocs/azure-docs/blob/05e3a40561b92881082f466d61d4da8525dcb944/articles/marketplace/partner-center-portal/includes/connect-lead-management-a.md',
    ],
    fields: [
      {
        name: 'URL',
        apiName: 'instanceUrl',
        required: true,
        secret: false,
        description:
          'URL of the Dynamics 365 instance, e.g. https://contoso.crm4.dynamics.com. Only the Microsoft-hosted cloud is supported, not on-premises.',
      },
      {
        name: 'Authentication',
        apiName: 'authentication',
        required: true,
        secret: false,
        allowedValues: [
          {
            name: 'Azure Active Directory',
            apiValue: 'azureAD',
          },
          {
            name: 'Office 365',
            apiValue: 'office365',
          },
        ],
        description:
          'Authentication mode. Azure AD is recommended (no password rotation); Office 365 requires updating the user name and password every 90 days.',
      },
      {
        name: 'Application (client) ID',
        apiName: 'applicationId',
        required: true,
        requiredWhen: 'authentication = Azure Active Directory',
        secret: false,
        description:
          'App ID of the Azure AD app registration (GUID); the same ID is used for the Dynamics 365 Application User.',
      },
      {
        name: 'Directory ID',
        apiName: 'directoryId',
        required: true,
        requiredWhen: 'authentication = Azure Active Directory',
        secret: false,
        description: 'Azure AD tenant (directory) ID (GUID).',
      },
      {
        name: 'Client secret',
        apiName: 'applicationKey',
        required: true,
        requiredWhen: 'authentication = Azure Active Directory',
        secret: true,
        description:
          "Client secret of the Azure AD app (called Application Key in the doc's intro); doc suggests Expires = Never.",
      },
      {
        name: 'User name',
        apiName: 'username',
        required: true,
        requiredWhen: 'authentication = Office 365',
        secret: false,
        description:
          "Microsoft 365 user created for the lead writer service, e.g. contoso@contoso.onmicrosoft.com (needs a Dynamics 365 Customer Engagement Plan license and the 'Microsoft Marketplace Lead Writer' role).",
      },
      {
        name: 'Password',
        apiName: 'password',
        required: true,
        requiredWhen: 'authentication = Office 365',
        secret: true,
        description: 'Password of that user; must be updated every 90 days.',
      },
      {
        name: 'Contact email',
        apiName: 'contactEmail',
        required: false,
        secret: false,
        description:
          'Email addresses of people in your company who should receive email notifications when a new lead is received; multiple addresses separated by semicolons.',
        note: "Present on every destination's Connection details dialog in the 03/30/2020 docs; the docs do not say whether it is mandatory. Absent from the 2019 revisions of the Azure Table, HTTPS, Marketo and Salesforce pages.",
      },
    ],
  },
  {
    id: 'https-endpoint',
    apiName: 'httpsEndpoint',
    name: 'HTTPS endpoint',
    source: [
      'https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-https.md',
      'https://github.com/MicrosoftDocs/azure-docs/blob/00ae202d3387da443c7ff4ac508408876ac2d8c1/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-https.md',
    ],
    fields: [
      {
        name: 'HTTPS endpoint URL',
        apiName: 'httpsEndpointUrl',
        required: true,
        secret: true,
        description:
          "HTTP POST URL of a Power Automate (Microsoft Flow) 'When a HTTP request is received' trigger; Microsoft POSTs the lead as JSON (see leadFields).",
        note: 'secret=true is an inference: the docs do not call it a secret, but a Flow trigger URL carries its own access signature.',
      },
      {
        name: 'Contact email',
        apiName: 'contactEmail',
        required: false,
        secret: false,
        description:
          'Email addresses of people in your company who should receive email notifications when a new lead is received; multiple addresses separated by semicolons.',
        note: "Present on every destination's Connection details dialog in the 03/30/2020 docs; the docs do not say whether it is mandatory. Absent from the 2019 revisions of the Azure Table, HTTPS, Marketo and Salesforce pages.",
      },
    ],
  },
  {
    id: 'marketo',
    apiName: 'marketo',
    name: 'Marketo',
    source: [
      'https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-marketo.md',
    ],
    fields: [
      {
        name: 'Server ID',
        apiName: 'serverId',
        required: true,
        secret: false,
        description: 'From the Marketo form embed code or instance URL (serverID.marketo.com), e.g. ys12.',
      },
      {
        name: 'Munchkin account ID',
        apiName: 'munchkinId',
        required: true,
        secret: false,
        description:
          'Admin > Munchkin > Munchkin Account ID, or the first part of the REST API host {Munchkin ID}.mktorest.com, e.g. 123-PQR-789.',
      },
      {
        name: 'Form ID',
        apiName: 'formId',
        required: true,
        secret: false,
        description: 'ID of the embed-code form created to route marketplace leads, e.g. 1179.',
      },
      {
        name: 'Contact email',
        apiName: 'contactEmail',
        required: false,
        secret: false,
        description:
          'Email addresses of people in your company who should receive email notifications when a new lead is received; multiple addresses separated by semicolons.',
        note: "Present on every destination's Connection details dialog in the 03/30/2020 docs; the docs do not say whether it is mandatory. Absent from the 2019 revisions of the Azure Table, HTTPS, Marketo and Salesforce pages.",
      },
    ],
  },
  {
    id: 'salesforce',
    apiName: 'salesforce',
    name: 'Salesforce',
    source: [
      'https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-lead-management-instructions-salesforce.md',
    ],
    fields: [
      {
        name: 'Organization identifier',
        apiName: 'objectIdentifier',
        required: true,
        secret: false,
        description:
          "The 'oid' value from a generated Web-to-Lead form (reCAPTCHA unchecked), e.g. 00Do0000000ZHog. The doc warns that prepopulated picklists (e.g. Country) are not supported.",
      },
      {
        name: 'Contact email',
        apiName: 'contactEmail',
        required: false,
        secret: false,
        description:
          'Email addresses of people in your company who should receive email notifications when a new lead is received; multiple addresses separated by semicolons.',
        note: "Present on every destination's Connection details dialog in the 03/30/2020 docs; the docs do not say whether it is mandatory. Absent from the 2019 revisions of the Azure Table, HTTPS, Marketo and Salesforce pages.",
      },
    ],
  },
  {
    id: 'azure-blob',
    apiName: 'blob',
    name: 'Azure Blob',
    deprecated: true,
    source: [
      'https://github.com/MicrosoftDocs/azure-docs/blob/05e3a40561b92881082f466d61d4da8525dcb944/articles/marketplace/partner-center-portal/includes/connect-lead-management-a.md',
      'https://github.com/MicrosoftDocs/azure-docs/blob/main/articles/marketplace/partner-center-portal/commercial-marketplace-get-customer-leads.md',
    ],
    note: 'Listed in connect-lead-management-a.md (10/09/2019), but the get-customer-leads FAQ (08/2019 and 03/30/2020) says Azure Blob is no longer supported as a lead destination. Kept so a validator can reject it explicitly.',
    fields: [
      {
        name: 'Storage account connection string',
        apiName: 'storageAccountConnectionString',
        required: true,
        secret: true,
        description: 'Storage account connection string.',
      },
      {
        name: 'Container name',
        apiName: 'containerName',
        required: true,
        secret: false,
        description: 'Blob container name.',
      },
      {
        name: 'Contact email',
        apiName: 'contactEmail',
        required: false,
        secret: false,
        description:
          'Email addresses of people in your company who should receive email notifications when a new lead is received; multiple addresses separated by semicolons.',
        note: "Listed as 'contact email' for Azure Blob in connect-lead-management-a.md (10/09/2019).",
      },
    ],
  },
  {
    id: 'email',
    apiName: 'email',
    name: 'Email notification',
    source: [
      'https://github.com/release-engineering/cloudpub/blob/d8a5aeac30426d9a12d5f7a2fdfc5b0767568242/cloudpub/models/ms_azure.py',
    ],
    note: "Not a lead destination in any 2019-2020 Microsoft doc read: there, email notification is the 'Contact email' field on each destination (and Power Automate/Flow recipes on the Azure Table and HTTPS pages). A standalone 'email' leadDestination with emailLeadConfiguration.contactEmail appears only in the Product Ingestion API customer-leads schema (2022-03-01-preview2), seen through the third-party client release-engineering/cloudpub. Treat as post-2020.",
    fields: [
      {
        name: 'Contact email',
        apiName: 'contactEmail',
        required: true,
        secret: false,
        description: 'List of email addresses that receive the leads.',
      },
    ],
  },
] as const satisfies readonly LeadDestination[];

/** Fields of the lead payload sent to a destination. */
export const leadFields = [
  {
    name: 'LeadSource',
    salesforceKey: 'lead_source',
    type: 'string',
    description:
      "Format 'Source-Action|Offer'. Source: 'AzureMarketplace', 'AzurePortal' or 'AppSource (SPZA)'. Action: 'INS' (installation / acquired), 'PLT' (partner-led trial = Contact me on AppSource), 'DNC' (do not contact, cross-listed partner), 'Create' (Azure portal purchase), 'StartTestDrive' (test drive started). Offer: 'publisherid.offerid', e.g. checkpoint.check-point-r77-10sg-byol.",
    allowedSources: ['AzureMarketplace', 'AzurePortal', 'AppSource (SPZA)'],
    allowedActions: ['INS', 'PLT', 'DNC', 'Create', 'StartTestDrive'],
    note: "The sample test lead uses '<Offer Name>' after the '|' instead of publisherid.offerid. The older Cloud Partner Portal page (cloud-partner-portal-orig/cloud-partner-portal-get-customer-leads.md, seen only in nl-NL/tr-TR translations) also listed 'TestDrive' as a source.",
  },
  {
    name: 'ActionCode',
    type: 'string',
    description: "Action code (HTTPS endpoint JSON schema); example value 'INS'.",
  },
  {
    name: 'OfferTitle',
    type: 'string',
    description: "Offer title (HTTPS endpoint JSON schema); example 'Test Microsoft'.",
  },
  {
    name: 'Description',
    salesforceKey: 'description',
    type: 'string',
    description:
      'Free text; present in the 03/30/2020 HTTPS JSON example and the sample test lead, not in the JSON schema.',
  },
  {
    name: 'UserDetails.FirstName',
    salesforceKey: 'first_name',
    type: 'string',
    description: 'Customer first name, e.g. John.',
  },
  {
    name: 'UserDetails.LastName',
    salesforceKey: 'last_name',
    type: 'string',
    description: 'Customer last name, e.g. Smith.',
  },
  {
    name: 'UserDetails.Email',
    salesforceKey: 'email',
    type: 'string',
    description:
      'Customer email. Leads from .edu email domains are not passed to the CRM for privacy reasons.',
  },
  {
    name: 'UserDetails.Phone',
    salesforceKey: 'phone',
    type: 'string',
    description: 'Customer phone, e.g. 1234567890.',
  },
  {
    name: 'UserDetails.Country',
    salesforceKey: 'country',
    type: 'string',
    description: 'Customer country, e.g. US (get-customer-leads) or USA (HTTPS JSON example).',
  },
  {
    name: 'UserDetails.Company',
    salesforceKey: 'company',
    type: 'string',
    description: 'Customer company, e.g. Microsoft.',
  },
  {
    name: 'UserDetails.Title',
    salesforceKey: 'title',
    type: 'string',
    description: 'Customer job title, e.g. CTO.',
  },
] as const;

/**
 * The destinations an offer may choose (SPEC setup.leadManagement), by their API value, mapped to the
 * reference list. `none` has no entry. Azure Blob (deprecated) and e-mail (post-2020) are not selectable.
 */
export const leadDestinationTypes = [
  'none',
  'azureTable',
  'dynamics365',
  'httpsEndpoint',
  'marketo',
  'salesforce',
] as const;
export type LeadDestinationType = (typeof leadDestinationTypes)[number];

const referenceIdByType: Record<Exclude<LeadDestinationType, 'none'>, string> = {
  azureTable: 'azure-table',
  dynamics365: 'dynamics-365-customer-engagement',
  httpsEndpoint: 'https-endpoint',
  marketo: 'marketo',
  salesforce: 'salesforce',
};

/** The reference entry of a selectable destination (undefined for `none`). */
export function findLeadDestination(type: LeadDestinationType): LeadDestination | undefined {
  if (type === 'none') return undefined;
  const id = referenceIdByType[type];
  return leadDestinations.find((d) => d.id === id);
}

/**
 * Connection fields of a destination (the per-destination 'Contact email' is left out: the offer
 * carries one list of notification e-mails for every destination).
 */
export function connectionFieldsOf(type: LeadDestinationType): readonly LeadDestinationField[] {
  return (findLeadDestination(type)?.fields ?? []).filter((f) => f.apiName !== 'contactEmail');
}

/** apiNames of the write-only fields of a destination, from the reference list's `secret` flag. */
export function secretFieldsOf(type: LeadDestinationType): readonly string[] {
  return connectionFieldsOf(type)
    .filter((f) => f.secret)
    .map((f) => f.apiName);
}
