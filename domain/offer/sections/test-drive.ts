import { z } from '../zod';
import { testDriveRegionIds, testDriveRegions } from '../../data/testDriveRegions';
import type { FieldIssue } from '../../errors';
import { fieldIssue } from '../../errors';
import { requireAtLeast, requireField, requireSecret, type CompletenessContext } from '../completeness';
import { assetId, guid, httpsUrl, isPresent, uniqueItems, video } from '../fields';
import { secretShape, type SchemaMode } from '../secretShape';
import { enabledTestDriveType, type TestDriveType } from './setup';

export const TEST_DRIVE_DESCRIPTION_MAX = 3000;
export const ACCESS_INFORMATION_MAX = 10_000;
export const USER_MANUAL_NAME_MAX = 255;
/** Sanity bounds (not in the source): instance counts per region and session length. */
export const INSTANCES_MAX = 100;
export const MAX_CONCURRENT_MAX = 1000;
export const DURATION_HOURS_MAX = 720;
export const TEST_DRIVE_VIDEOS_MAX = 4;

/** Azure resource group names: 1-90 characters, letters, digits, _ ( ) - . and not ending with a period. */
const resourceGroupName = z
  .string()
  .regex(/^[-\w.()]{0,89}[-\w()]$/, {
    error:
      'must be an Azure resource group name (1-90 letters, digits, _ ( ) - . ; not ending with a period)',
  })
  .describe('Azure resource group holding the Logic apps');

/** Logic app names: 1-80 characters, letters, digits, _ ( ) - . */
const logicAppName = z
  .string()
  .regex(/^[-\w.()]{1,80}$/, { error: 'must be a Logic app name (1-80 letters, digits, _ ( ) - .)' });

function subscriptionSchema<M extends SchemaMode>(mode: M) {
  return z
    .strictObject({
      azureSubscriptionId: guid.describe('Azure subscription for the test drive (ARM, Logic app)').optional(),
      tenantId: guid.describe('Azure AD tenant id').optional(),
      tenantName: z
        .string()
        .trim()
        .min(1)
        .max(256)
        .describe('Azure AD tenant name (Dynamics 365)')
        .optional(),
      appId: guid.describe('Azure AD app id').optional(),
      ...secretShape('appClientSecret', mode, 'the Azure AD app client secret'),
    })
    .describe('Deployment subscription details (not used by Power BI)');
}

const userManual = z
  .strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(USER_MANUAL_NAME_MAX)
      .describe('User manual name, up to 255 characters'),
    assetId: assetId.describe('Uploaded PDF'),
  })
  .describe('Test drive user manual (PDF)');

const testDriveListing = z
  .strictObject({
    description: z
      .string()
      .max(TEST_DRIVE_DESCRIPTION_MAX)
      .describe('Plain text describing the test drive, up to 3,000 characters')
      .optional(),
    accessInformation: z
      .string()
      .max(ACCESS_INFORMATION_MAX)
      .describe(
        'What a customer needs to know to use the test drive, up to 10,000 characters (ARM, Logic app)',
      )
      .optional(),
    userManual: userManual.optional(),
    videos: z
      .array(video)
      .max(TEST_DRIVE_VIDEOS_MAX)
      .describe('Optional videos, thumbnails PNG exactly 533x324')
      .optional(),
  })
  .describe('Test drive marketplace listing (en-us)');

/**
 * The test drive section holds the fields of every test drive type: which of them are required depends
 * on setup.testDrive.type (completeness); fields of other types are accepted and ignored.
 */
function testDriveSchema<M extends SchemaMode>(mode: M) {
  return z
    .strictObject({
      regions: z
        .array(z.enum(testDriveRegionIds))
        .max(testDriveRegions.length)
        .superRefine(uniqueItems<string>())
        .describe('Azure regions: 1 or more for ARM, exactly 1 for Logic app')
        .optional(),
      instances: z
        .strictObject({
          hot: z
            .int()
            .min(0)
            .max(INSTANCES_MAX)
            .describe('Pre-deployed instances per region (ARM)')
            .optional(),
          cold: z
            .int()
            .min(1)
            .max(INSTANCES_MAX)
            .describe('Total instances that can be deployed per region (ARM)')
            .optional(),
        })
        .describe('ARM instances per region; hot <= cold')
        .optional(),
      template: assetId.describe('Uploaded .zip of the ARM template (ARM)').optional(),
      maxConcurrent: z
        .int()
        .min(1)
        .max(MAX_CONCURRENT_MAX)
        .describe('Maximum concurrent test drives, >= 1; 3-5 recommended (Dynamics 365, Logic app)')
        .optional(),
      durationHours: z
        .int()
        .min(1)
        .max(DURATION_HOURS_MAX)
        .describe('Session length in whole hours, >= 1 (not Power BI)')
        .optional(),
      instanceUrl: httpsUrl.describe('Where the customer begins the test drive (Dynamics 365)').optional(),
      instanceWebApiUrl: httpsUrl.describe('Instance Web API (service root) URL (Dynamics 365)').optional(),
      roleName: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .describe('Security role assigned to the user (Dynamics 365)')
        .optional(),
      resourceGroupName: resourceGroupName.optional(),
      logicAppName: logicAppName.describe('Logic app that assigns the test drive (Logic app)').optional(),
      deprovisionLogicAppName: logicAppName
        .describe('Logic app that deprovisions the test drive (Logic app)')
        .optional(),
      embedUrl: httpsUrl.describe('Embedded Power BI URL (Power BI)').optional(),
      subscription: subscriptionSchema(mode).optional(),
      listing: testDriveListing.optional(),
    })
    .describe('Test drive');
}

/** WRITE schema of the test-drive section. */
export const testDriveWriteSchema = testDriveSchema('write');
/** Stored form: appClientSecret replaced by appClientSecretSet: true. Also the read form. */
export const testDriveStoredSchema = testDriveSchema('stored');
export type TestDriveWrite = z.infer<typeof testDriveWriteSchema>;
export type TestDriveStored = z.infer<typeof testDriveStoredSchema>;

/** The columns of the SPEC's test-drive table: the three Dynamics 365 types share one. */
export type TestDriveFamily = 'arm' | 'dynamics365' | 'logicApp' | 'powerBI';

export function familyOf(type: TestDriveType): TestDriveFamily {
  switch (type) {
    case 'azureResourceManager':
      return 'arm';
    case 'logicApp':
      return 'logicApp';
    case 'powerBI':
      return 'powerBI';
    default:
      return 'dynamics365';
  }
}

/**
 * COMPLETENESS rules of the test-drive section: the SPEC table of what each test drive type requires.
 * The type comes from the stored setup section in `ctx`.
 */
export function testDriveCompleteness(value: TestDriveStored, ctx: CompletenessContext): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const type = enabledTestDriveType(ctx.sections.setup);
  if (type === null) return issues; // test drive disabled: nothing is required
  if (type === undefined) {
    issues.push(
      fieldIssue(
        ['type'],
        'testDriveTypeMissing',
        'the test drive type must be chosen in setup.testDrive.type first',
      ),
    );
    return issues;
  }
  const family = familyOf(type);
  const forType = `for a ${type} test drive`;
  const req = (v: unknown, path: PropertyKey[]): void =>
    requireField(issues, v, path, path.filter((p) => typeof p === 'string').join('.'), forType);

  if (family === 'arm') {
    requireAtLeast(issues, value.regions, 1, ['regions'], 'regions');
    req(value.instances?.hot, ['instances', 'hot']);
    req(value.instances?.cold, ['instances', 'cold']);
    const hot = value.instances?.hot;
    const cold = value.instances?.cold;
    if (hot !== undefined && cold !== undefined && hot > cold) {
      issues.push(
        fieldIssue(
          ['instances', 'hot'],
          'hotExceedsCold',
          `instances.hot must be at most instances.cold (${hot} > ${cold})`,
        ),
      );
    }
    req(value.template, ['template']);
  }
  if (family === 'logicApp') {
    const count = value.regions?.length ?? 0;
    if (count !== 1) {
      issues.push(
        fieldIssue(
          ['regions'],
          count === 0 ? 'required' : 'tooMany',
          `regions must have exactly 1 item ${forType} (got ${count})`,
        ),
      );
    }
  }
  if (family === 'dynamics365' || family === 'logicApp') req(value.maxConcurrent, ['maxConcurrent']);
  if (family !== 'powerBI') req(value.durationHours, ['durationHours']);
  if (family === 'dynamics365') {
    req(value.instanceUrl, ['instanceUrl']);
    req(value.instanceWebApiUrl, ['instanceWebApiUrl']);
    req(value.roleName, ['roleName']);
  }
  if (family === 'logicApp') {
    req(value.resourceGroupName, ['resourceGroupName']);
    req(value.logicAppName, ['logicAppName']);
    req(value.deprovisionLogicAppName, ['deprovisionLogicAppName']);
  }
  if (family === 'powerBI') req(value.embedUrl, ['embedUrl']);

  if (family !== 'powerBI') {
    const s = value.subscription;
    if (family === 'arm' || family === 'logicApp')
      req(s?.azureSubscriptionId, ['subscription', 'azureSubscriptionId']);
    req(s?.tenantId, ['subscription', 'tenantId']);
    req(s?.appId, ['subscription', 'appId']);
    requireSecret(
      issues,
      s,
      'appClientSecret',
      ['subscription', 'appClientSecret'],
      'subscription.appClientSecret',
      forType,
    );
    if (family === 'dynamics365') req(s?.tenantName, ['subscription', 'tenantName']);
  }

  req(value.listing?.description, ['listing', 'description']);
  if (family === 'arm' || family === 'logicApp')
    req(value.listing?.accessInformation, ['listing', 'accessInformation']);
  if (!isPresent(value.listing?.userManual)) req(undefined, ['listing', 'userManual']);
  return issues;
}
