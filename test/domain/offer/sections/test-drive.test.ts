import { prepareSectionWrite } from '../../../../domain/offer/prepareSectionWrite';
import type { TestDriveType } from '../../../../domain/offer/sections/setup';
import {
  armTestDriveWrite,
  completeSetupWrite,
  dynamics365TestDriveWrite,
  logicAppTestDriveWrite,
  powerBITestDriveWrite,
  without,
} from '../../../support/offerFixtures';
import {
  failingPointers,
  statusAfterWrite,
  writeIssues,
  writePointers,
} from '../../../support/sectionChecks';

const json = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const failing = (type: TestDriveType, body: unknown) =>
  failingPointers('test-drive', json(body), { setup: completeSetupWrite(type) });

describe('test-drive section: write rules', () => {
  it('When each complete fixture is written, then it is accepted', () => {
    for (const body of [
      armTestDriveWrite(),
      dynamics365TestDriveWrite(),
      logicAppTestDriveWrite(),
      powerBITestDriveWrite(),
    ]) {
      expect(writeIssues('test-drive', json(body))).toEqual([]);
    }
  });

  it('When a region is not one of the 26 test drive regions or is repeated, then refused', () => {
    expect(writePointers('test-drive', { regions: ['westeurope', 'moon'] })).toEqual(['/regions/1']);
    expect(writeIssues('test-drive', { regions: ['eastus', 'eastus'] })).toEqual([
      expect.objectContaining({ pointer: '/regions/1', code: 'duplicate' }),
    ]);
  });

  it('When durationHours is 1.5, then refused as not a whole number; 0 is refused; 1 is accepted', () => {
    expect(writeIssues('test-drive', { durationHours: 1.5 })).toEqual([
      {
        pointer: '/durationHours',
        code: 'notInteger',
        message: 'durationHours must be a whole number (got 1.5)',
      },
    ]);
    expect(writeIssues('test-drive', { durationHours: 0 })).toEqual([
      { pointer: '/durationHours', code: 'tooSmall', message: 'durationHours must be at least 1 (got 0)' },
    ]);
    expect(writeIssues('test-drive', { durationHours: 1 })).toEqual([]);
  });

  it('When maxConcurrent is 0 or not a whole number, then refused; 1 is accepted', () => {
    expect(writePointers('test-drive', { maxConcurrent: 0 })).toEqual(['/maxConcurrent']);
    expect(writePointers('test-drive', { maxConcurrent: 2.5 })).toEqual(['/maxConcurrent']);
    expect(writeIssues('test-drive', { maxConcurrent: 1 })).toEqual([]);
  });

  it('When instance counts are negative or cold is 0, then refused', () => {
    expect(writePointers('test-drive', { instances: { hot: -1, cold: 0 } })).toEqual([
      '/instances/hot',
      '/instances/cold',
    ]);
    expect(writeIssues('test-drive', { instances: { hot: 0, cold: 1 } })).toEqual([]);
  });

  it('When subscription ids are not GUIDs, then refused per field', () => {
    expect(
      writePointers('test-drive', {
        subscription: {
          azureSubscriptionId: 'a83645ac-1234-5ab6-6789-1h234g764ghty',
          tenantId: 'x',
          appId: '1',
        },
      }),
    ).toEqual(['/subscription/azureSubscriptionId', '/subscription/tenantId', '/subscription/appId']);
  });

  it('When embedUrl, instanceUrl or instanceWebApiUrl is not https, then refused', () => {
    expect(
      writePointers('test-drive', {
        embedUrl: 'http://app.powerbi.com/view',
        instanceUrl: 'http://testdrive.crm.dynamics.com',
        instanceWebApiUrl: 'testdrive',
      }),
    ).toEqual(['/instanceUrl', '/instanceWebApiUrl', '/embedUrl']);
  });

  it('When names of Azure resources are malformed, then refused', () => {
    expect(
      writePointers('test-drive', {
        resourceGroupName: 'rg.',
        logicAppName: 'bad name',
        deprovisionLogicAppName: 'x'.repeat(81),
      }),
    ).toEqual(['/resourceGroupName', '/logicAppName', '/deprovisionLogicAppName']);
    expect(
      writeIssues('test-drive', { resourceGroupName: 'r'.repeat(90), logicAppName: 'l'.repeat(80) }),
    ).toEqual([]);
  });

  it('When the listing description has 3,000 characters, then accepted; 3,001, then refused', () => {
    expect(writeIssues('test-drive', { listing: { description: 'd'.repeat(3000) } })).toEqual([]);
    expect(writeIssues('test-drive', { listing: { description: 'd'.repeat(3001) } })).toEqual([
      {
        pointer: '/listing/description',
        code: 'tooLong',
        message: 'description must be at most 3000 characters (got 3001)',
      },
    ]);
  });

  it('When accessInformation has 10,000 characters, then accepted; 10,001, then refused', () => {
    expect(writeIssues('test-drive', { listing: { accessInformation: 'a'.repeat(10_000) } })).toEqual([]);
    expect(writePointers('test-drive', { listing: { accessInformation: 'a'.repeat(10_001) } })).toEqual([
      '/listing/accessInformation',
    ]);
  });

  it('When the user manual name has 255 characters, then accepted; 256, then refused', () => {
    expect(
      writeIssues('test-drive', { listing: { userManual: { name: 'm'.repeat(255), assetId: 'manual' } } }),
    ).toEqual([]);
    expect(
      writePointers('test-drive', { listing: { userManual: { name: 'm'.repeat(256), assetId: 'manual' } } }),
    ).toEqual(['/listing/userManual/name']);
  });

  it('When a test drive video is not on YouTube or Vimeo, then refused at its URL', () => {
    for (const url of ['https://example.com/v', 'https://youtu.be/abc123', 'https://vimeo.com/about']) {
      expect(
        writeIssues('test-drive', {
          listing: { videos: [{ name: 'v', url, thumbnailAssetId: 't' }] },
        }),
      ).toEqual([expect.objectContaining({ pointer: '/listing/videos/0/url', code: 'invalidFormat' })]);
    }
  });

  it('When a test drive video URL is a youtu.be, embed, shorts or player.vimeo.com form, then its canonical URL is stored', () => {
    const cases: [string, string][] = [
      ['https://youtu.be/aqz-KE-bpKQ', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ'],
      ['https://www.youtube.com/embed/aqz-KE-bpKQ', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ'],
      ['https://youtube.com/shorts/aqz-KE-bpKQ', 'https://www.youtube.com/watch?v=aqz-KE-bpKQ'],
      ['https://player.vimeo.com/video/76979871', 'https://vimeo.com/76979871'],
    ];
    for (const [url, canonical] of cases) {
      const result = prepareSectionWrite('test-drive', {
        listing: { videos: [{ name: 'v', url, thumbnailAssetId: 't' }] },
      });
      expect(result).toMatchObject({ ok: true, stored: { listing: { videos: [{ url: canonical }] } } });
    }
  });

  it('When a client sends appClientSecretSet, then the write is refused (server-owned)', () => {
    expect(writePointers('test-drive', { subscription: { appClientSecretSet: true } })).toEqual([
      '/subscription/appClientSecretSet',
    ]);
  });
});

describe('test-drive section: completeness per test drive type', () => {
  it('When each type has its complete fixture, then the section is complete', () => {
    expect(failing('azureResourceManager', armTestDriveWrite())).toEqual([]);
    for (const t of [
      'dynamics365BusinessCentral',
      'dynamics365CustomerEngagement',
      'dynamics365Operations',
    ] as const) {
      expect(failing(t, dynamics365TestDriveWrite())).toEqual([]);
    }
    expect(failing('logicApp', logicAppTestDriveWrite())).toEqual([]);
    expect(failing('powerBI', powerBITestDriveWrite())).toEqual([]);
  });

  it('When an ARM test drive section is empty, then the ARM requirements fail', () => {
    expect(failing('azureResourceManager', {})).toEqual([
      '/regions',
      '/instances/hot',
      '/instances/cold',
      '/template',
      '/durationHours',
      '/subscription/azureSubscriptionId',
      '/subscription/tenantId',
      '/subscription/appId',
      '/subscription/appClientSecret',
      '/listing/description',
      '/listing/accessInformation',
      '/listing/userManual',
    ]);
  });

  it('When ARM hot equals cold, then complete; when hot exceeds cold, then instances.hot fails', () => {
    expect(
      failing('azureResourceManager', { ...armTestDriveWrite(), instances: { hot: 5, cold: 5 } }),
    ).toEqual([]);
    const status = statusAfterWrite(
      'test-drive',
      json({ ...armTestDriveWrite(), instances: { hot: 6, cold: 5 } }),
      {
        setup: completeSetupWrite('azureResourceManager'),
      },
    );
    expect(status.failingFields).toEqual([
      {
        pointer: '/instances/hot',
        code: 'hotExceedsCold',
        message: 'instances.hot must be at most instances.cold (6 > 5)',
      },
    ]);
  });

  it('When a Dynamics 365 test drive section is empty, then the Dynamics 365 requirements fail', () => {
    expect(failing('dynamics365Operations', {})).toEqual([
      '/maxConcurrent',
      '/durationHours',
      '/instanceUrl',
      '/instanceWebApiUrl',
      '/roleName',
      '/subscription/tenantId',
      '/subscription/appId',
      '/subscription/appClientSecret',
      '/subscription/tenantName',
      '/listing/description',
      '/listing/userManual',
    ]);
  });

  it('When a Logic app test drive section is empty, then the Logic app requirements fail', () => {
    expect(failing('logicApp', {})).toEqual([
      '/regions',
      '/maxConcurrent',
      '/durationHours',
      '/resourceGroupName',
      '/logicAppName',
      '/deprovisionLogicAppName',
      '/subscription/azureSubscriptionId',
      '/subscription/tenantId',
      '/subscription/appId',
      '/subscription/appClientSecret',
      '/listing/description',
      '/listing/accessInformation',
      '/listing/userManual',
    ]);
  });

  it('When a Logic app test drive has 2 regions, then regions fails (exactly 1); ARM accepts 2', () => {
    expect(failing('logicApp', { ...logicAppTestDriveWrite(), regions: ['eastus', 'westus'] })).toEqual([
      '/regions',
    ]);
    expect(
      failing('azureResourceManager', { ...armTestDriveWrite(), regions: ['eastus', 'westus'] }),
    ).toEqual([]);
  });

  it('When a Power BI test drive section is empty, then only embedUrl, description and user manual fail', () => {
    expect(failing('powerBI', {})).toEqual(['/embedUrl', '/listing/description', '/listing/userManual']);
  });

  it('When the client secret was never provided, then subscription.appClientSecret fails', () => {
    const body = dynamics365TestDriveWrite();
    const subscription = without(body.subscription, 'appClientSecret');
    expect(failing('dynamics365CustomerEngagement', { ...body, subscription })).toEqual([
      '/subscription/appClientSecret',
    ]);
  });

  it('When the test drive is enabled without a type, then the section reports the missing type', () => {
    const setup = { ...completeSetupWrite(), testDrive: { enabled: true } };
    expect(failingPointers('test-drive', json(powerBITestDriveWrite()), { setup })).toEqual(['/type']);
  });
});
