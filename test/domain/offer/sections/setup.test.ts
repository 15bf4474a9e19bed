import { secretFields } from '../../../../domain/offer/secrets';
import { sectionStatus } from '../../../../domain/offer/status';
import {
  completeSetupWithoutTestDriveWrite,
  completeSetupWrite,
  dynamics365LeadManagementWrite,
} from '../../../support/offerFixtures';
import { failingPointers, writeIssues, writePointers } from '../../../support/sectionChecks';

const setup = (over: Record<string, unknown>) => ({ ...completeSetupWrite(), ...over });

describe('setup section: write rules', () => {
  it('When the complete fixtures are written, then they are accepted', () => {
    expect(writeIssues('setup', completeSetupWrite())).toEqual([]);
    expect(writeIssues('setup', completeSetupWithoutTestDriveWrite())).toEqual([]);
  });

  it('When an empty body is written, then it is accepted (a section may be saved incomplete)', () => {
    expect(writeIssues('setup', {})).toEqual([]);
  });

  it('When listingType is not one of the three, then the write is refused at /listingType', () => {
    expect(writeIssues('setup', { listingType: 'buyNow' })).toEqual([
      expect.objectContaining({ pointer: '/listingType', code: 'notInList' }),
    ]);
  });

  it.each(['getItNowUrl', 'freeTrialUrl'])(
    'When %s is not an absolute http(s) URL, then the write is refused',
    (field) => {
      for (const bad of ['contoso.com/app', 'ftp://contoso.com/app', '/relative', 'javascript:alert(1)']) {
        expect(writePointers('setup', { [field]: bad })).toEqual([`/${field}`]);
      }
      expect(writeIssues('setup', { [field]: 'http://contoso.com/app' })).toEqual([]);
    },
  );

  it('When testDrive.type is not a known type, then the write is refused', () => {
    expect(writePointers('setup', { testDrive: { enabled: true, type: 'docker' } })).toEqual([
      '/testDrive/type',
    ]);
  });

  it('When testDrive.enabled is not a boolean, then the write is refused as invalidType', () => {
    expect(writeIssues('setup', { testDrive: { enabled: 'yes' } })).toEqual([
      expect.objectContaining({ pointer: '/testDrive/enabled', code: 'invalidType' }),
    ]);
  });

  it('When an unknown field is sent, then the write is refused with unknownField', () => {
    expect(writeIssues('setup', { listingType: 'contactMe', state: 'live' })).toEqual([
      expect.objectContaining({ pointer: '/state', code: 'unknownField' }),
    ]);
  });

  it('When the lead destination is not in the list (including deprecated Azure Blob), then the write is refused', () => {
    for (const destination of ['blob', 'email', 'hubspot']) {
      expect(writeIssues('setup', { leadManagement: { destination } })).toEqual([
        expect.objectContaining({ pointer: '/leadManagement/destination', code: 'notInList' }),
      ]);
    }
  });

  it('When 10 notification e-mails are given, then they are accepted; when 11, then refused', () => {
    const emails = (n: number) => Array.from({ length: n }, (_, i) => `n${i}@contoso.example`);
    expect(
      writeIssues('setup', { leadManagement: { destination: 'none', notificationEmails: emails(10) } }),
    ).toEqual([]);
    expect(
      writeIssues('setup', { leadManagement: { destination: 'none', notificationEmails: emails(11) } }),
    ).toEqual([
      {
        pointer: '/leadManagement/notificationEmails',
        code: 'tooMany',
        message: 'notificationEmails must have at most 10 items (got 11)',
      },
    ]);
  });

  it('When a notification e-mail is malformed or repeated, then the write is refused at that item', () => {
    expect(
      writePointers('setup', {
        leadManagement: { destination: 'none', notificationEmails: ['a@b.example', 'nope'] },
      }),
    ).toEqual(['/leadManagement/notificationEmails/1']);
    expect(
      writeIssues('setup', {
        leadManagement: { destination: 'none', notificationEmails: ['a@b.example', 'A@b.example'] },
      }),
    ).toEqual([
      expect.objectContaining({ pointer: '/leadManagement/notificationEmails/1', code: 'duplicate' }),
    ]);
  });

  it('When a connection field of another destination is sent, then the write is refused', () => {
    expect(
      writeIssues('setup', {
        leadManagement: { destination: 'salesforce', connection: { serverId: 'ys12' } },
      }),
    ).toEqual([
      expect.objectContaining({ pointer: '/leadManagement/connection/serverId', code: 'unknownField' }),
    ]);
  });

  it('When connection values are malformed, then the write is refused per field', () => {
    expect(
      writePointers('setup', {
        leadManagement: {
          destination: 'dynamics365',
          connection: {
            instanceUrl: 'http://contoso.crm.dynamics.com',
            applicationId: 'not-a-guid',
            authentication: 'ldap',
          },
        },
      }).sort(),
    ).toEqual(
      [
        '/leadManagement/connection/applicationId',
        '/leadManagement/connection/authentication',
        '/leadManagement/connection/instanceUrl',
      ].sort(),
    );
    expect(
      writePointers('setup', {
        leadManagement: { destination: 'marketo', connection: { munchkinId: '123PQR789', formId: 'x' } },
      }),
    ).toEqual(['/leadManagement/connection/munchkinId', '/leadManagement/connection/formId']);
    expect(
      writePointers('setup', {
        leadManagement: { destination: 'salesforce', connection: { objectIdentifier: '00Do0000000ZHo' } },
      }),
    ).toEqual(['/leadManagement/connection/objectIdentifier']);
    expect(
      writePointers('setup', {
        leadManagement: {
          destination: 'httpsEndpoint',
          connection: { httpsEndpointUrl: 'http://flow.example/trigger' },
        },
      }),
    ).toEqual(['/leadManagement/connection/httpsEndpointUrl']);
  });

  it('When a client sends a server-owned secret marker, then the write is refused', () => {
    expect(
      writeIssues('setup', {
        leadManagement: {
          destination: 'azureTable',
          connection: { storageAccountConnectionStringSet: true },
        },
      }),
    ).toEqual([expect.objectContaining({ code: 'unknownField' })]);
  });

  it('When secretFields are listed for setup, then they are the secret fields of the reference list', () => {
    expect(secretFields.setup.sort()).toEqual(
      [
        '/leadManagement/connection/applicationKey',
        '/leadManagement/connection/httpsEndpointUrl',
        '/leadManagement/connection/password',
        '/leadManagement/connection/storageAccountConnectionString',
      ].sort(),
    );
  });
});

describe('setup section: completeness', () => {
  it('When listingType is missing, then setup is incomplete at /listingType', () => {
    expect(failingPointers('setup', { leadManagement: { destination: 'none' } })).toEqual(['/listingType']);
  });

  it('When listingType is getItNow without getItNowUrl, then getItNowUrl fails; with it, setup is complete', () => {
    expect(failingPointers('setup', { listingType: 'getItNow' })).toEqual(['/getItNowUrl']);
    expect(
      failingPointers('setup', { listingType: 'getItNow', getItNowUrl: 'https://contoso.example' }),
    ).toEqual([]);
  });

  it('When listingType is freeTrial without freeTrialUrl, then freeTrialUrl fails', () => {
    expect(failingPointers('setup', { listingType: 'freeTrial' })).toEqual(['/freeTrialUrl']);
    expect(
      failingPointers('setup', { listingType: 'freeTrial', freeTrialUrl: 'https://contoso.example/trial' }),
    ).toEqual([]);
  });

  it('When listingType is contactMe with no destination or destination none, then contactMe needs a lead destination', () => {
    const none = failingPointers('setup', {
      listingType: 'contactMe',
      leadManagement: { destination: 'none' },
    });
    expect(none).toEqual(['/leadManagement/destination']);
    expect(failingPointers('setup', { listingType: 'contactMe' })).toEqual(['/leadManagement/destination']);
  });

  it('When the test drive is enabled with getItNow and destination none, then a lead destination is required', () => {
    const body = { ...completeSetupWithoutTestDriveWrite(), testDrive: { enabled: true, type: 'powerBI' } };
    expect(failingPointers('setup', body)).toEqual(['/leadManagement/destination']);
  });

  it('When the test drive is enabled without a type, then testDrive.type fails', () => {
    expect(failingPointers('setup', setup({ testDrive: { enabled: true } }))).toEqual(['/testDrive/type']);
  });

  it('When a destination is chosen without its required connection fields, then each one fails', () => {
    expect(failingPointers('setup', setup({ leadManagement: { destination: 'azureTable' } }))).toEqual([
      '/leadManagement/connection/storageAccountConnectionString',
    ]);
    expect(
      failingPointers(
        'setup',
        setup({ leadManagement: { destination: 'marketo', connection: { serverId: 'ys12' } } }),
      ),
    ).toEqual(['/leadManagement/connection/munchkinId', '/leadManagement/connection/formId']);
    expect(failingPointers('setup', setup({ leadManagement: { destination: 'salesforce' } }))).toEqual([
      '/leadManagement/connection/objectIdentifier',
    ]);
    expect(failingPointers('setup', setup({ leadManagement: { destination: 'httpsEndpoint' } }))).toEqual([
      '/leadManagement/connection/httpsEndpointUrl',
    ]);
  });

  it('When Dynamics 365 uses azureAD, then application id, directory id and key are required; with office365, user name and password', () => {
    expect(failingPointers('setup', setup({ leadManagement: dynamics365LeadManagementWrite() }))).toEqual([]);
    expect(
      failingPointers(
        'setup',
        setup({ leadManagement: { destination: 'dynamics365', connection: { authentication: 'azureAD' } } }),
      ),
    ).toEqual([
      '/leadManagement/connection/instanceUrl',
      '/leadManagement/connection/applicationId',
      '/leadManagement/connection/directoryId',
      '/leadManagement/connection/applicationKey',
    ]);
    expect(
      failingPointers(
        'setup',
        setup({
          leadManagement: {
            destination: 'dynamics365',
            connection: { instanceUrl: 'https://contoso.crm.dynamics.com', authentication: 'office365' },
          },
        }),
      ),
    ).toEqual(['/leadManagement/connection/username', '/leadManagement/connection/password']);
  });

  it('When contactMe has a Salesforce destination with its organization id, then setup is complete', () => {
    const body = {
      listingType: 'contactMe',
      leadManagement: { destination: 'salesforce', connection: { objectIdentifier: '00Do0000000ZHog' } },
    };
    expect(failingPointers('setup', body)).toEqual([]);
  });

  it('When contactMe needs a destination, then the message says so', () => {
    const status = sectionStatus('setup', { alias: 'x', sections: { setup: { listingType: 'contactMe' } } });
    expect(status.failingFields[0]?.message).toBe(
      'listingType contactMe needs a lead destination other than none',
    );
  });
});
