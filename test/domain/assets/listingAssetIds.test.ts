import { listingAssetIds, listingLogoIds } from '../../../domain/assets/listingAssetIds';
import { completeListingWrite } from '../../support/offerFixtures';

describe('listing asset ids', () => {
  it('When the complete listing is read, then every image, document and video thumbnail id is listed once', () => {
    expect(listingAssetIds(completeListingWrite()).sort()).toEqual(
      [
        'small-logo-1',
        'large-logo-1',
        'wide-logo-1',
        'hero-1',
        'screenshot-1',
        'screenshot-2',
        'brochure-pdf-1',
        'video-thumb-1',
      ].sort(),
    );
  });

  it('When the logos of a listing are asked for, then only the small, large and wide logo ids are given', () => {
    expect(listingLogoIds(completeListingWrite())).toEqual(['small-logo-1', 'large-logo-1', 'wide-logo-1']);
  });

  it('When one image serves as two logos or the listing has no images, then each id is given once or none', () => {
    expect(listingLogoIds({ images: { smallLogo: 'same', largeLogo: 'same' } })).toEqual(['same']);
    expect(listingLogoIds({})).toEqual([]);
  });
});
