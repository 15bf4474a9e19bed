import { toPointer } from '../errors';
import type { SectionName } from './sectionNames';
import type { AssetSlot } from '../assets/assetSlots';

// The slots, and the rules each slot's file must meet, live in domain/assets/assetSlots.ts; this
// module only finds the references inside a section.

export interface AssetReference {
  slot: AssetSlot;
  assetId: string;
  /** RFC 6901 pointer of the reference within the section body. */
  pointer: string;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Every asset reference of a section value (write or stored form), with its slot. */
export function listAssetReferences(section: SectionName, value: unknown): AssetReference[] {
  const refs: AssetReference[] = [];
  const add = (slot: AssetSlot, id: unknown, path: PropertyKey[]): void => {
    if (typeof id === 'string' && id.length > 0) refs.push({ slot, assetId: id, pointer: toPointer(path) });
  };
  const root = obj(value);
  if (!root) return refs;
  switch (section) {
    case 'listing': {
      const images = obj(root.images);
      add('smallLogo', images?.smallLogo, ['images', 'smallLogo']);
      add('largeLogo', images?.largeLogo, ['images', 'largeLogo']);
      add('wideLogo', images?.wideLogo, ['images', 'wideLogo']);
      add('hero', images?.hero, ['images', 'hero']);
      arr(images?.screenshots).forEach((id, i) => add('screenshot', id, ['images', 'screenshots', i]));
      arr(root.supportingDocuments).forEach((d, i) =>
        add('supportingDocument', obj(d)?.assetId, ['supportingDocuments', i, 'assetId']),
      );
      arr(root.videos).forEach((v, i) =>
        add('videoThumbnail', obj(v)?.thumbnailAssetId, ['videos', i, 'thumbnailAssetId']),
      );
      break;
    }
    case 'test-drive': {
      add('armTemplate', root.template, ['template']);
      const listing = obj(root.listing);
      add('testDriveUserManual', obj(listing?.userManual)?.assetId, ['listing', 'userManual', 'assetId']);
      arr(listing?.videos).forEach((v, i) =>
        add('testDriveVideoThumbnail', obj(v)?.thumbnailAssetId, [
          'listing',
          'videos',
          i,
          'thumbnailAssetId',
        ]),
      );
      break;
    }
    case 'supplemental-content':
      add('keyUsageScenario', root.keyUsageScenario, ['keyUsageScenario']);
      break;
    default:
      break;
  }
  return refs;
}
