import { listAssetReferences } from '../../../domain/offer/assetReferences';
import { completeOfferWrite, completeTestDriveWrite } from '../../support/offerFixtures';

describe('listAssetReferences', () => {
  it('When the complete listing is read, then every image, document and video thumbnail is listed with its slot', () => {
    expect(listAssetReferences('listing', completeOfferWrite().listing)).toEqual([
      { slot: 'smallLogo', assetId: 'small-logo-1', pointer: '/images/smallLogo' },
      { slot: 'largeLogo', assetId: 'large-logo-1', pointer: '/images/largeLogo' },
      { slot: 'wideLogo', assetId: 'wide-logo-1', pointer: '/images/wideLogo' },
      { slot: 'hero', assetId: 'hero-1', pointer: '/images/hero' },
      { slot: 'screenshot', assetId: 'screenshot-1', pointer: '/images/screenshots/0' },
      { slot: 'screenshot', assetId: 'screenshot-2', pointer: '/images/screenshots/1' },
      { slot: 'supportingDocument', assetId: 'brochure-pdf-1', pointer: '/supportingDocuments/0/assetId' },
      { slot: 'videoThumbnail', assetId: 'video-thumb-1', pointer: '/videos/0/thumbnailAssetId' },
    ]);
  });

  it('When an ARM test drive is read, then the template, user manual and video thumbnail are listed', () => {
    expect(listAssetReferences('test-drive', completeTestDriveWrite('azureResourceManager'))).toEqual([
      { slot: 'armTemplate', assetId: 'arm-template-1', pointer: '/template' },
      { slot: 'testDriveUserManual', assetId: 'user-manual-1', pointer: '/listing/userManual/assetId' },
      {
        slot: 'testDriveVideoThumbnail',
        assetId: 'td-video-thumb-1',
        pointer: '/listing/videos/0/thumbnailAssetId',
      },
    ]);
  });

  it('When supplemental content is read, then the key usage scenario is listed', () => {
    expect(listAssetReferences('supplemental-content', { keyUsageScenario: 'k-1' })).toEqual([
      { slot: 'keyUsageScenario', assetId: 'k-1', pointer: '/keyUsageScenario' },
    ]);
  });

  it('When a section has no assets or no value, then nothing is listed', () => {
    expect(listAssetReferences('setup', completeOfferWrite().setup)).toEqual([]);
    expect(listAssetReferences('listing', undefined)).toEqual([]);
  });
});
