import { prepareSectionWrite } from '../../../domain/offer/prepareSectionWrite';
import {
  mergeSecretsPresence,
  secretFields,
  secretPointersSet,
  splitSecrets,
} from '../../../domain/offer/secrets';
import { sectionNames } from '../../../domain/offer/sectionNames';
import { sectionStatus } from '../../../domain/offer/status';
import {
  completeOfferDraft,
  completeSetupWrite,
  dynamics365LeadManagementWrite,
  dynamics365TestDriveWrite,
  storedForm,
} from '../../support/offerFixtures';

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('secrets', () => {
  it('When secretFields is read, then every section has an entry and test-drive lists the app client secret', () => {
    expect(Object.keys(secretFields).sort()).toEqual([...sectionNames].sort());
    expect(secretFields['test-drive']).toEqual(['/subscription/appClientSecret']);
    expect(secretFields.listing).toEqual([]);
  });

  it('When a test-drive value with a client secret is split, then the secret moves out and appClientSecretSet is true', () => {
    const body = json(dynamics365TestDriveWrite());
    const { value, secrets } = splitSecrets('test-drive', body);
    expect(secrets).toEqual({ '/subscription/appClientSecret': 'test-drive-client-secret' });
    expect((value as { subscription: Record<string, unknown> }).subscription).toEqual({
      tenantId: body.subscription.tenantId,
      tenantName: body.subscription.tenantName,
      appId: body.subscription.appId,
      appClientSecretSet: true,
    });
    expect(JSON.stringify(value)).not.toContain('test-drive-client-secret');
    expect(body.subscription.appClientSecret).toBe('test-drive-client-secret'); // input untouched
  });

  it('When a lead destination secret is split, then it is keyed by its pointer', () => {
    const { value, secrets } = splitSecrets(
      'setup',
      json({ ...completeSetupWrite(), leadManagement: dynamics365LeadManagementWrite() }),
    );
    expect(secrets).toEqual({ '/leadManagement/connection/applicationKey': 'lead-writer-client-secret' });
    expect(JSON.stringify(value)).toContain('"applicationKeySet":true');
  });

  it('When a value has no secrets, then split returns it unchanged with no secrets', () => {
    expect(splitSecrets('listing', { name: 'x' })).toEqual({ value: { name: 'x' }, secrets: {} });
  });

  it('When a later write omits the secret, then the stored form keeps appClientSecretSet and the section stays complete', () => {
    const draft = completeOfferDraft();
    const previous = draft.sections['test-drive'];
    const body = json(dynamics365TestDriveWrite());
    delete (body.subscription as { appClientSecret?: string }).appClientSecret;
    body.roleName = 'renamed-role';
    const prepared = prepareSectionWrite('test-drive', body, previous);
    expect(prepared.ok && prepared.secrets).toEqual({});
    const stored = prepared.ok ? prepared.stored : undefined;
    expect(
      (stored as { subscription: { appClientSecretSet?: boolean } }).subscription.appClientSecretSet,
    ).toBe(true);
    draft.sections['test-drive'] = stored;
    expect(sectionStatus('test-drive', draft).status).toBe('complete');
  });

  it('When a later write omits the whole subscription, then the secret presence is still kept', () => {
    const previous = storedForm('test-drive', dynamics365TestDriveWrite());
    const merged = mergeSecretsPresence('test-drive', previous, { roleName: 'r' });
    expect(merged).toEqual({ roleName: 'r', subscription: { appClientSecretSet: true } });
  });

  it('When a later write provides a new secret, then the new secret is returned for storage', () => {
    const previous = storedForm('test-drive', dynamics365TestDriveWrite());
    const body = json(dynamics365TestDriveWrite());
    body.subscription.appClientSecret = 'rotated';
    const prepared = prepareSectionWrite('test-drive', body, previous);
    expect(prepared.ok && prepared.secrets).toEqual({ '/subscription/appClientSecret': 'rotated' });
  });

  it('When no secret was ever provided, then merge adds no presence marker', () => {
    const merged = mergeSecretsPresence('test-drive', { roleName: 'r' }, { roleName: 'x' });
    expect(merged).toEqual({ roleName: 'x' });
  });

  it('When the lead destination changes, then the old destination secret is not carried over', () => {
    const previous = storedForm('setup', completeSetupWrite()); // azureTable with a connection string
    const next = splitSecrets(
      'setup',
      json({ ...completeSetupWrite(), leadManagement: { destination: 'salesforce' } }),
    ).value;
    const merged = mergeSecretsPresence('setup', previous, next);
    expect(JSON.stringify(merged)).not.toContain('Set');
    expect(secretPointersSet('setup', merged)).toEqual([]);
    expect(secretPointersSet('setup', previous)).toEqual([
      '/leadManagement/connection/storageAccountConnectionString',
    ]);
  });

  it('When the same destination is saved again without its secret, then the secret presence is kept', () => {
    const previous = storedForm('setup', completeSetupWrite());
    const body = json(completeSetupWrite());
    delete (body.leadManagement as { connection?: unknown }).connection;
    const prepared = prepareSectionWrite('setup', body, previous);
    expect(prepared.ok && secretPointersSet('setup', prepared.stored)).toEqual([
      '/leadManagement/connection/storageAccountConnectionString',
    ]);
  });

  it('When a stored form is produced, then it validates against the stored schema and holds no secret value', () => {
    const stored = storedForm('setup', completeSetupWrite());
    expect(JSON.stringify(stored)).not.toContain('AccountKey');
  });
});
