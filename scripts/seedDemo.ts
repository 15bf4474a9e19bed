/**
 * Builds a complete demo offer through the API of a running `npm start`: every section filled
 * with realistic data and every asset slot uploaded (real PNGs of the exact sizes, real PDFs, an
 * ARM test drive package), then prints the review page.
 *
 *   npm run seed:demo -- [--host http://127.0.0.1:7071] [--account contoso] [--offer contoso-field-assist]
 *
 * Uses the same calls a publisher's client makes: a token from the local issuer, the direct
 * upload endpoint for the files (all under 4 MiB), and If-Match section writes.
 */
import { parseArgs } from 'node:util';
import { assetSlots, type AssetSlot } from '../domain/assets/assetSlots';
import { loadLocalIssuerKey, mintLocalToken } from '../devhost/localIssuerKey';
import { findProjectRoot } from '../devhost/stack';
import { demoArmPackage, demoLogo, demoPdf, demoScreen } from './demo/demoFiles';

interface Answer {
  status: number;
  etag: string | null;
  /** The JSON body; the fields the script reads are optional and checked where used. */
  body: { assetId?: string; size?: number; status?: string; readyToSubmit?: boolean } | undefined;
}

interface Api {
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
}

function api(host: string, token: string): Api {
  return {
    async call(method, path, body, headers = {}) {
      const isBytes = body instanceof Uint8Array;
      const res = await fetch(`${host}/api${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined
            ? {}
            : { 'content-type': isBytes ? 'application/octet-stream' : 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : isBytes ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        etag: res.headers.get('etag'),
        body: text ? (JSON.parse(text) as Answer['body']) : undefined,
      };
    },
  };
}

async function upload(client: Api, offerId: string, slot: AssetSlot, bytes: Buffer): Promise<string> {
  const res = await client.call('PUT', `/offers/${offerId}/assets/direct/${slot}`, bytes);
  const assetId = res.body?.assetId;
  if (res.status !== 201 || !assetId)
    throw new Error(`uploading the ${slot}: ${res.status} ${JSON.stringify(res.body)}`);
  console.log(`  ${slot.padEnd(24)} ${assetId.slice(0, 12)}…  ${res.body?.size} bytes`);
  return assetId;
}

const image = (slot: AssetSlot) => {
  const rule = assetSlots[slot];
  if (rule.kind !== 'image') throw new Error(`${slot} is not an image slot`);
  return rule;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: 'http://127.0.0.1:7071' },
      account: { type: 'string', default: 'contoso' },
      offer: { type: 'string', default: 'contoso-field-assist' },
    },
  });
  const key = await loadLocalIssuerKey(findProjectRoot());
  const token = await mintLocalToken(key, { accountId: values.account, userId: 'demo-publisher' });
  const client = api(values.host, token);

  let offerId = values.offer;
  let created = await client.call('POST', '/offers', { offerId, alias: 'Contoso Field Assist' });
  if (created.status === 409) {
    offerId = `${values.offer}-${Date.now().toString(36)}`;
    created = await client.call('POST', '/offers', {
      offerId,
      alias: `Contoso Field Assist ${offerId.slice(-6)}`,
    });
  }
  if (created.status !== 201)
    throw new Error(`creating the offer: ${created.status} ${JSON.stringify(created.body)}`);
  console.log(`Offer ${offerId} in account ${values.account}; uploading assets:`);

  const small = image('smallLogo');
  const large = image('largeLogo');
  const wide = image('wideLogo');
  const hero = image('hero');
  const shot = image('screenshot');
  const thumb = image('videoThumbnail');
  const tdThumb = image('testDriveVideoThumbnail');
  const ids = {
    smallLogo: await upload(client, offerId, 'smallLogo', demoLogo(small.width, small.height)),
    largeLogo: await upload(client, offerId, 'largeLogo', demoLogo(large.width, large.height)),
    wideLogo: await upload(client, offerId, 'wideLogo', demoLogo(wide.width, wide.height)),
    hero: await upload(client, offerId, 'hero', demoScreen(hero.width, hero.height, 0)),
    screenshots: [
      await upload(client, offerId, 'screenshot', demoScreen(shot.width, shot.height, 1)),
      await upload(client, offerId, 'screenshot', demoScreen(shot.width, shot.height, 2)),
      await upload(client, offerId, 'screenshot', demoScreen(shot.width, shot.height, 3)),
    ],
    videoThumbnail: await upload(client, offerId, 'videoThumbnail', demoScreen(thumb.width, thumb.height, 4)),
    brochure: await upload(
      client,
      offerId,
      'supportingDocument',
      await demoPdf('Contoso Field Assist - Product brochure', [
        [
          'Field Assist plans, dispatches and tracks field technicians from Dynamics 365 Field Service.',
          'Dispatchers see every open work order on one board, drag a visit onto a technician and the mobile app updates at once.',
        ],
        ['Pricing is per user per month; the standard contract applies.'],
      ]),
    ),
    userManual: await upload(
      client,
      offerId,
      'testDriveUserManual',
      await demoPdf('Field Assist test drive guide', [
        [
          '1. Open the URL from your welcome e-mail and sign in with the user name and password shown.',
          '2. Open the dispatch board and drag work order WO-1001 onto the technician Avery.',
          '3. Open the mobile view and check the technician in. The test drive ends by itself after two hours.',
        ],
      ]),
    ),
    template: await upload(client, offerId, 'armTemplate', await demoArmPackage()),
    tdThumbnail: await upload(
      client,
      offerId,
      'testDriveVideoThumbnail',
      demoScreen(tdThumb.width, tdThumb.height, 5),
    ),
    keyUsage: await upload(
      client,
      offerId,
      'keyUsageScenario',
      await demoPdf('Field Assist - Key usage scenarios', [
        [
          'Emergency repair: a customer calls in a broken boiler; the dispatcher finds the nearest qualified technician and books the visit within minutes.',
          'Planned maintenance: recurring inspections are scheduled a month ahead and balanced across the team.',
          'First-time fix: technicians see the asset history and the parts in their van before they arrive.',
        ],
      ]),
    ),
  };

  const sections: Record<string, unknown> = {
    setup: {
      listingType: 'contactMe',
      testDrive: { enabled: true, type: 'azureResourceManager' },
      leadManagement: {
        destination: 'azureTable',
        notificationEmails: ['leads@contoso.example'],
        connection: {
          storageAccountConnectionString:
            'DefaultEndpointsProtocol=https;AccountName=contosoleads;AccountKey=ZGVtby1rZXk=;EndpointSuffix=core.windows.net',
        },
      },
    },
    properties: {
      categories: ['analytics', 'sales'],
      industries: [{ industry: 'retail-and-consumer-goods', verticals: ['retailers'] }],
      applicableProducts: ['sales', 'field-service'],
      appVersion: '2.4.0.0',
      marketingOnlyChange: false,
      useStandardContract: true,
    },
    listing: {
      name: 'Contoso Field Assist\u00AE',
      shortDescription: 'Plan, dispatch and track field technicians from Dynamics 365.',
      description:
        '<p><strong>Field Assist</strong> puts every open work order on one dispatch board.</p>' +
        '<ul><li>Drag-and-drop scheduling with travel times</li><li>Mobile check-in and photos</li><li>First-time-fix reporting</li></ul>',
      searchKeywords: ['field service', 'dispatch', 'scheduling'],
      productsAppWorksWith: ['Dynamics 365 Field Service', 'Dynamics 365 Sales'],
      helpLink: 'https://contoso.example/field-assist/help',
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
      supportingDocuments: [{ name: 'Product brochure', assetId: ids.brochure }],
      images: {
        smallLogo: ids.smallLogo,
        largeLogo: ids.largeLogo,
        wideLogo: ids.wideLogo,
        hero: ids.hero,
        screenshots: ids.screenshots,
      },
      videos: [
        {
          name: 'Field Assist in two minutes',
          url: 'https://www.youtube.com/watch?v=aqz-KE-bpKQ',
          thumbnailAssetId: ids.videoThumbnail,
        },
      ],
    },
    availability: { markets: ['us', 'ca', 'gb'], hideKey: 'fieldassistpreview' },
    'technical-configuration': {
      baseLicenseModel: 'user',
      requiresS2SOutboundOrSecureStore: false,
      applicationConfigurationUrl: 'https://contoso.example/field-assist/configure',
      crmPackageUrl:
        'https://contosopackages.blob.core.windows.net/packages/field-assist-2.4.zip?sv=2019-12-12&sr=b&sp=r&se=2099-01-01T00:00:00Z&sig=ZGVtbw%3D%3D',
      hasMultiplePackages: false,
      packageRegions: [
        { region: 'nam' },
        { region: 'eur', applicationConfigurationUrl: 'https://eu.contoso.example/field-assist/configure' },
      ],
    },
    'test-drive': {
      regions: ['westeurope', 'eastus'],
      instances: { hot: 1, cold: 5 },
      template: ids.template,
      durationHours: 2,
      subscription: {
        azureSubscriptionId: '2f1e3d4c-5b6a-4798-8a9b-0c1d2e3f4a5b',
        tenantId: '50c464d3-4930-494c-963c-1e951d15360e',
        appId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
        appClientSecret: 'demo-test-drive-client-secret',
      },
      listing: {
        description: 'Dispatch a technician to a sample work order and follow the visit on the mobile view.',
        accessInformation:
          'Open the URL in your welcome e-mail and sign in with the user name and password shown there.',
        userManual: { name: 'Field Assist test drive guide', assetId: ids.userManual },
        videos: [
          {
            name: 'Test drive walkthrough',
            url: 'https://vimeo.com/76979871',
            thumbnailAssetId: ids.tdThumbnail,
          },
        ],
      },
    },
    'supplemental-content': { keyUsageScenario: ids.keyUsage },
  };

  console.log('Saving sections:');
  for (const [section, body] of Object.entries(sections)) {
    const read = await client.call('GET', `/offers/${offerId}/sections/${section}`);
    const saved = await client.call('PUT', `/offers/${offerId}/sections/${section}`, body, {
      'if-match': read.etag ?? '',
    });
    if (saved.status !== 200)
      throw new Error(`saving ${section}: ${saved.status} ${JSON.stringify(saved.body)}`);
    console.log(`  ${section.padEnd(24)} ${saved.body?.status ?? '?'}`);
  }
  const review = await client.call('GET', `/offers/${offerId}/review`);
  console.log(
    `Ready to submit: ${String(review.body?.readyToSubmit)}  (GET ${values.host}/api/offers/${offerId}/review)`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
