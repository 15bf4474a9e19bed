import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../../app/config';
import { BicepExpression, readBicepVariable } from '../support/readBicepVariable';

/**
 * The app settings that infra/app/api.bicep writes must be exactly the settings that
 * app/config.ts reads, apart from two explicit lists below.
 */
const root = join(__dirname, '..', '..');
const apiBicepPath = join(root, 'infra', 'app', 'api.bicep');

/** Written by infra for the Functions host and its extensions; the app's schema never reads them. */
const platformSettings: Record<string, string> = {
  AzureWebJobsStorage__accountName: 'host storage (task hub, leases) through the managed identity',
  AzureWebJobsStorage__credential: 'selects the managed identity for host storage',
  AzureWebJobsStorage__clientId: 'which user-assigned identity the host uses for its storage',
  DURABLE_TASK_HUB_NAME: 'read by host.json ("hubName": "%DURABLE_TASK_HUB_NAME%")',
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: "Entra ID authentication of the host's telemetry",
};

/** Read by the app for the local stand-ins only; Azure uses the managed identity instead. */
const localOnlySettings: Record<string, string> = {
  COSMOS_KEY: 'Cosmos account key of the stand-in (keys are off in Azure)',
  ASSETS_STORAGE_CONNECTION_STRING: 'shared-key connection of Azurite (shared keys are off in Azure)',
  EMAIL_CONNECTION_STRING: 'access-key connection of the local inbox (Entra ID in Azure)',
  ALLOW_INSECURE_LOCAL_ENDPOINTS: 'plain HTTP to loopback stand-ins; must never be set in Azure',
  OUTBOUND_ALLOW_LOOPBACK: 'lets publisher-configured calls reach loopback stand-ins; never set in Azure',
};

/** Names of the `appSettings` object in api.bicep (the one place where settings are written). */
export function bicepSettingNames(apiBicepSource: string): string[] {
  const settings = readBicepVariable(apiBicepSource, 'appSettings');
  if (
    typeof settings !== 'object' ||
    settings === null ||
    Array.isArray(settings) ||
    settings instanceof BicepExpression
  ) {
    throw new Error('appSettings in api.bicep must be an object literal');
  }
  const names = Object.keys(settings);
  const spread = names.filter((n) => n.startsWith('...'));
  if (spread.length > 0) throw new Error('appSettings must list every name literally (no spread)');
  return names;
}

export interface SettingMismatch {
  /** Read by app/config.ts but not written by infra. */
  notWrittenByInfra: string[];
  /** Written by infra but not read by app/config.ts. */
  notReadByApp: string[];
}

export function compareSettingNames(bicepNames: string[], configNames: string[]): SettingMismatch {
  const bicep = new Set(bicepNames);
  const config = new Set(configNames);
  return {
    notWrittenByInfra: configNames.filter((n) => !bicep.has(n) && !(n in localOnlySettings)).sort(),
    notReadByApp: bicepNames.filter((n) => !config.has(n) && !(n in platformSettings)).sort(),
  };
}

const configNames = Object.keys(configSchema.shape);
const apiBicep = readFileSync(apiBicepPath, 'utf8');

describe('app setting names: infra/app/api.bicep vs app/config.ts', () => {
  it('When both sides are read, then every name is on both (or on a documented list)', () => {
    expect(compareSettingNames(bicepSettingNames(apiBicep), configNames)).toEqual({
      notWrittenByInfra: [],
      notReadByApp: [],
    });
  });

  // The mutations below are measured against the mismatch of the real files, so they show the
  // comparison catching a change whatever the state of the real files.
  const baseline = () => compareSettingNames(bicepSettingNames(apiBicep), configNames);

  it('When a name is renamed in the Bicep, then both halves of the mismatch are reported', () => {
    const mutated = apiBicep.replace(/^(\s*)COSMOS_ENDPOINT:/m, '$1COSMOS_URL:');
    expect(mutated).not.toBe(apiBicep);

    const mismatch = compareSettingNames(bicepSettingNames(mutated), configNames);

    expect(mismatch.notWrittenByInfra).toEqual([...baseline().notWrittenByInfra, 'COSMOS_ENDPOINT'].sort());
    expect(mismatch.notReadByApp).toEqual([...baseline().notReadByApp, 'COSMOS_URL'].sort());
  });

  it('When the config schema gains or loses a name, then the mismatch is reported', () => {
    const withNew = [...configNames, 'CERTIFICATION_DEADLINE'];
    const withoutEmail = configNames.filter((n) => n !== 'EMAIL_ENDPOINT');

    expect(compareSettingNames(bicepSettingNames(apiBicep), withNew).notWrittenByInfra).toEqual(
      [...baseline().notWrittenByInfra, 'CERTIFICATION_DEADLINE'].sort(),
    );
    expect(compareSettingNames(bicepSettingNames(apiBicep), withoutEmail).notReadByApp).toEqual(
      [...baseline().notReadByApp, 'EMAIL_ENDPOINT'].sort(),
    );
  });

  it('When a setting is local-only, then the app can start without it (it is optional)', () => {
    for (const name of Object.keys(localOnlySettings)) {
      const setting = configSchema.shape[name as keyof typeof configSchema.shape];
      expect({ name, inSchema: setting !== undefined }).toEqual({ name, inSchema: true });
      expect({ name, optional: setting.safeParse(undefined).success }).toEqual({ name, optional: true });
    }
  });

  it('When a setting is platform-owned, then infra really writes it (no stale allow-list entry)', () => {
    const written = new Set(bicepSettingNames(apiBicep));
    expect(Object.keys(platformSettings).filter((n) => !written.has(n))).toEqual([]);
  });

  it('When host.json names a %SETTING%, then infra writes that setting', () => {
    const hostJson = readFileSync(join(root, 'host.json'), 'utf8');
    const referenced = [...hostJson.matchAll(/%([A-Za-z0-9_]+)%/g)].map((m) => m[1]);
    const written = new Set(bicepSettingNames(apiBicep));

    expect(referenced.length).toBeGreaterThan(0);
    expect(referenced.filter((n) => n !== undefined && !written.has(n))).toEqual([]);
  });
});

describe('readBicepVariable', () => {
  it('When keys hide in comments and strings, then only real keys are read', () => {
    const source = [
      "var other = { NOT_THIS: 'x' }",
      'var appSettings = {',
      '  // COMMENTED_OUT: 1',
      '  /* BLOCK: 2',
      '     STILL_COMMENT: 3 */',
      "  A: 'brace } and key-like B: text'",
      "  'QUOTED_KEY': '${concat('}', x)}'",
      '  NESTED: {',
      '    INNER: true',
      '  }',
      '  C: cond ? { X: 1 } : {}',
      "  D: '''",
      '  E: not a key',
      "  '''",
      '  F: [1, 2]',
      '}',
    ].join('\n');

    expect(bicepSettingNames(source)).toEqual(['A', 'QUOTED_KEY', 'NESTED', 'C', 'D', 'F']);
  });

  it('When the variable has a declared type, then its value is still read', () => {
    const source = "type spec = {\n  name: string\n}\nvar containers spec[] = [\n  { name: 'a', ttl: -1 }\n]";

    expect(readBicepVariable(source, 'containers')).toEqual([{ name: 'a', ttl: -1 }]);
  });

  it('When a key is repeated, then reading fails', () => {
    expect(() => bicepSettingNames("var appSettings = {\n  A: 'x'\n  A: 'y'\n}")).toThrow(/duplicate "A"/);
  });

  it('When the settings are built with a spread, then reading fails', () => {
    expect(() => bicepSettingNames('var appSettings = {\n  ...other\n  A: 1\n}')).toThrow(/spread/);
  });
});
