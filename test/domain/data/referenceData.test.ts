import { categories, categoryIds, findCategory } from '../../../domain/data/categories';
import { crmPackageRegions, isSovereignRegion } from '../../../domain/data/crmPackageRegions';
import { dynamics365ProductIds } from '../../../domain/data/dynamics365Products';
import { industries, isVerticalOf } from '../../../domain/data/industries';
import {
  connectionFieldsOf,
  findLeadDestination,
  leadDestinationTypes,
  secretFieldsOf,
} from '../../../domain/data/leadDestinations';
import { findMarket, marketCodes } from '../../../domain/data/markets';
import { testDriveRegionIds } from '../../../domain/data/testDriveRegions';

describe('reference data', () => {
  it('When the lists are loaded, then they have the sizes of the reference files', () => {
    expect(categories).toHaveLength(14);
    expect(industries).toHaveLength(15);
    expect(dynamics365ProductIds).toHaveLength(11);
    expect(marketCodes).toHaveLength(142);
    expect(crmPackageRegions).toHaveLength(19);
    expect(testDriveRegionIds).toHaveLength(26);
  });

  it('When ids are listed, then each list has unique ids', () => {
    for (const ids of [
      categoryIds,
      dynamics365ProductIds,
      marketCodes,
      testDriveRegionIds,
      crmPackageRegions.map((r) => r.id),
    ]) {
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('When looking up items, then the helpers find them', () => {
    expect(findCategory('sales')?.name).toBe('Sales');
    expect(findMarket('us')?.name).toBe('United States');
    expect(isVerticalOf('healthcare', 'health-payor')).toBe(true);
    expect(isVerticalOf('healthcare', 'retailers')).toBe(false);
  });

  it('When sovereign regions are asked for, then Germany, US Government Cloud and TIP are sovereign and North America is not', () => {
    expect(['germany-sovereign', 'us-gov-cloud-sovereign', 'tip-sovereign'].every(isSovereignRegion)).toBe(
      true,
    );
    expect(isSovereignRegion('nam')).toBe(false);
  });

  it('When lead destinations are mapped, then every selectable destination but none has a reference entry', () => {
    for (const t of leadDestinationTypes) expect(findLeadDestination(t) === undefined).toBe(t === 'none');
    expect(secretFieldsOf('dynamics365')).toEqual(['applicationKey', 'password']);
    expect(secretFieldsOf('salesforce')).toEqual([]);
    expect(connectionFieldsOf('marketo').map((f) => f.apiName)).toEqual(['serverId', 'munchkinId', 'formId']);
  });
});
