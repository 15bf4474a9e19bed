import { z } from '../zod';
import { connectionFieldsOf, type LeadDestinationType } from '../../data/leadDestinations';
import type { FieldIssue } from '../../errors';
import { fieldIssue } from '../../errors';
import { requireField, requireSecret } from '../completeness';
import { email, guid, httpUrl, httpsUrl, isPresent, uniqueItems } from '../fields';
import { secretShape, type SchemaMode } from '../secretShape';

/** SPEC setup: how customers interact with the listing. */
export const listingTypes = ['getItNow', 'freeTrial', 'contactMe'] as const;
export type ListingType = (typeof listingTypes)[number];

/** SPEC setup.testDrive.type. */
export const testDriveTypes = [
  'azureResourceManager',
  'dynamics365BusinessCentral',
  'dynamics365CustomerEngagement',
  'dynamics365Operations',
  'logicApp',
  'powerBI',
] as const;
export type TestDriveType = (typeof testDriveTypes)[number];

/** "plus up to 10 notification e-mail addresses" */
export const NOTIFICATION_EMAILS_MAX = 10;

const notificationEmails = z
  .array(email)
  .max(NOTIFICATION_EMAILS_MAX)
  .superRefine(uniqueItems<string>((e) => e.toLowerCase()))
  .describe('Addresses e-mailed when a lead arrives (0 to 10)');

/**
 * Connection fields per destination, named as in the reference list (lead-destinations.json apiName).
 * All are optional on write (a section may be saved in steps); completeness requires them.
 */
function connections<M extends SchemaMode>(mode: M) {
  return {
    azureTable: z.strictObject({
      ...secretShape('storageAccountConnectionString', mode, 'the storage account connection string'),
    }),
    dynamics365: z.strictObject({
      instanceUrl: httpsUrl
        .describe('URL of the Dynamics 365 instance, e.g. https://contoso.crm4.dynamics.com')
        .optional(),
      authentication: z.enum(['azureAD', 'office365']).describe('Authentication mode').optional(),
      applicationId: guid.describe('Azure AD application (client) id; required with azureAD').optional(),
      directoryId: guid.describe('Azure AD directory (tenant) id; required with azureAD').optional(),
      ...secretShape('applicationKey', mode, 'the Azure AD application client secret (azureAD)'),
      username: z.string().max(254).describe('Lead writer user name; required with office365').optional(),
      ...secretShape('password', mode, 'the lead writer password (office365)'),
    }),
    httpsEndpoint: z.strictObject({
      // The endpoint URL carries its own access signature (a Power Automate trigger URL), hence a secret.
      ...secretShape('httpsEndpointUrl', mode, 'the HTTPS endpoint URL', httpsUrl),
    }),
    marketo: z.strictObject({
      serverId: z
        .string()
        .regex(/^[A-Za-z0-9-]{1,50}$/, { error: 'must be a Marketo server id such as ys12' })
        .describe('Marketo server id, e.g. ys12')
        .optional(),
      munchkinId: z
        .string()
        .regex(/^[0-9]{3}-[A-Za-z]{3}-[0-9]{3}$/, {
          error: 'must be a Munchkin account id such as 123-PQR-789',
        })
        .describe('Munchkin account id, e.g. 123-PQR-789')
        .optional(),
      formId: z
        .string()
        .regex(/^[0-9]{1,12}$/, { error: 'must be a numeric Marketo form id such as 1179' })
        .describe('Marketo form id, e.g. 1179')
        .optional(),
    }),
    salesforce: z.strictObject({
      objectIdentifier: z
        .string()
        .regex(/^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$/, {
          error: 'must be a Salesforce organization id (15 or 18 letters and digits, e.g. 00Do0000000ZHog)',
        })
        .describe('Salesforce organization id (oid)')
        .optional(),
    }),
  };
}

function leadManagementSchema<M extends SchemaMode>(mode: M) {
  const c = connections(mode);
  return z
    .discriminatedUnion('destination', [
      z.strictObject({ destination: z.literal('none'), notificationEmails: notificationEmails.optional() }),
      z.strictObject({
        destination: z.literal('azureTable'),
        notificationEmails: notificationEmails.optional(),
        connection: c.azureTable.optional(),
      }),
      z.strictObject({
        destination: z.literal('dynamics365'),
        notificationEmails: notificationEmails.optional(),
        connection: c.dynamics365.optional(),
      }),
      z.strictObject({
        destination: z.literal('httpsEndpoint'),
        notificationEmails: notificationEmails.optional(),
        connection: c.httpsEndpoint.optional(),
      }),
      z.strictObject({
        destination: z.literal('marketo'),
        notificationEmails: notificationEmails.optional(),
        connection: c.marketo.optional(),
      }),
      z.strictObject({
        destination: z.literal('salesforce'),
        notificationEmails: notificationEmails.optional(),
        connection: c.salesforce.optional(),
      }),
    ])
    .describe('Where leads go (the CRM) and who is notified');
}

function setupSchema<M extends SchemaMode>(mode: M) {
  return z
    .strictObject({
      listingType: z
        .enum(listingTypes)
        .describe('getItNow (free), freeTrial (listing) or contactMe')
        .optional(),
      getItNowUrl: httpUrl.describe('Where customers access the app; required for getItNow').optional(),
      freeTrialUrl: httpUrl.describe('Where customers get a trial; required for freeTrial').optional(),
      testDrive: z
        .strictObject({
          enabled: z.boolean().describe('Whether the offer has a test drive').optional(),
          type: z.enum(testDriveTypes).describe('Required when enabled').optional(),
        })
        .optional(),
      leadManagement: leadManagementSchema(mode).optional(),
    })
    .describe('Offer setup');
}

/** WRITE schema of the setup section (what a client may send). */
export const setupWriteSchema = setupSchema('write');
/** Stored form: secrets replaced by `<field>Set: true`. This is also the read form. */
export const setupStoredSchema = setupSchema('stored');

export type SetupWrite = z.infer<typeof setupWriteSchema>;
export type SetupStored = z.infer<typeof setupStoredSchema>;
export type LeadManagementStored = NonNullable<SetupStored['leadManagement']>;

/** Destinations that can receive leads, i.e. every destination except `none`. */
export function isRealLeadDestination(destination: LeadDestinationType | undefined): boolean {
  return destination !== undefined && destination !== 'none';
}

/**
 * Connection fields a destination requires, from the reference list. `requiredWhen` of the form
 * "authentication = <UI name>" is honoured by mapping the UI name to the API value.
 */
function requiredConnectionFields(
  destination: LeadDestinationType,
  connection: Record<string, unknown>,
): { apiName: string; name: string; secret: boolean; when?: string }[] {
  const fields = connectionFieldsOf(destination);
  return fields
    .filter((f) => f.required)
    .filter((f) => {
      if (!f.requiredWhen) return true;
      const match = /^(\w+) = (.+)$/.exec(f.requiredWhen);
      if (!match) return true;
      const [, onField, uiValue] = match as unknown as [string, string, string];
      const selector = fields.find((g) => g.apiName === onField);
      const apiValue = selector?.allowedValues?.find((v) => v.name === uiValue)?.apiValue ?? uiValue;
      return connection[onField] === apiValue;
    })
    .map((f) => ({ apiName: f.apiName, name: f.name, secret: f.secret }));
}

/** COMPLETENESS rules of the setup section, on its stored form. */
export function setupCompleteness(value: SetupStored): FieldIssue[] {
  const issues: FieldIssue[] = [];
  requireField(issues, value.listingType, ['listingType'], 'listingType');
  if (value.listingType === 'getItNow') {
    requireField(issues, value.getItNowUrl, ['getItNowUrl'], 'getItNowUrl', 'when listingType is getItNow');
  }
  if (value.listingType === 'freeTrial') {
    requireField(
      issues,
      value.freeTrialUrl,
      ['freeTrialUrl'],
      'freeTrialUrl',
      'when listingType is freeTrial',
    );
  }
  const testDriveEnabled = value.testDrive?.enabled === true;
  if (testDriveEnabled) {
    requireField(
      issues,
      value.testDrive?.type,
      ['testDrive', 'type'],
      'testDrive.type',
      'when the test drive is enabled',
    );
  }

  const lead = value.leadManagement;
  const needsDestination = value.listingType === 'contactMe' || testDriveEnabled;
  if (needsDestination && !isRealLeadDestination(lead?.destination)) {
    const why = value.listingType === 'contactMe' ? 'listingType contactMe' : 'an enabled test drive';
    issues.push(
      fieldIssue(
        ['leadManagement', 'destination'],
        'leadDestinationRequired',
        `${why} needs a lead destination other than none`,
      ),
    );
  }
  if (lead && lead.destination !== 'none') {
    const connection = (lead.connection ?? {}) as Record<string, unknown>;
    for (const field of requiredConnectionFields(lead.destination, connection)) {
      const path = ['leadManagement', 'connection', field.apiName];
      const label = `${field.apiName} (${field.name})`;
      const why = `for the ${lead.destination} lead destination`;
      if (field.secret) requireSecret(issues, connection, field.apiName, path, label, why);
      else requireField(issues, connection[field.apiName], path, label, why);
    }
  }
  return issues;
}

/** The test drive type when the test drive is enabled, read leniently from a stored setup section. */
export function enabledTestDriveType(setup: unknown): TestDriveType | undefined | null {
  const parsed = setupStoredSchema.safeParse(setup);
  if (!parsed.success || parsed.data.testDrive?.enabled !== true) return null;
  return isPresent(parsed.data.testDrive.type) ? parsed.data.testDrive.type : undefined;
}
