import { prepareSectionWrite } from '../../../../domain/offer/prepareSectionWrite';
import { containsEmoji } from '../../../../domain/offer/sections/listing';
import { completeListingWrite, without } from '../../../support/offerFixtures';
import {
  failingPointers,
  statusAfterWrite,
  writeIssues,
  writePointers,
} from '../../../support/sectionChecks';

const listing = (over: Record<string, unknown>) => ({ ...completeListingWrite(), ...over });
const storedDescription = (description: string) => {
  const result = prepareSectionWrite('listing', { description });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return (result.stored as { description: string }).description;
};

describe('listing section: write rules', () => {
  it('When the complete fixture or an empty body is written, then it is accepted', () => {
    expect(writeIssues('listing', completeListingWrite())).toEqual([]);
    expect(writeIssues('listing', {})).toEqual([]);
  });

  it('When name has 50 characters, then accepted; 51, then refused naming the limit', () => {
    expect(writeIssues('listing', { name: 'n'.repeat(50) })).toEqual([]);
    expect(writeIssues('listing', { name: 'n'.repeat(51) })).toEqual([
      { pointer: '/name', code: 'tooLong', message: 'name must be at most 50 characters (got 51)' },
    ]);
  });

  it('When name contains an emoji, then refused; trademark and copyright symbols are allowed', () => {
    for (const bad of ['Contoso 🚀', 'Contoso ❤️', 'Contoso 🇺🇸', '©️ Contoso']) {
      expect(writeIssues('listing', { name: bad })).toEqual([
        expect.objectContaining({ pointer: '/name', code: 'emoji' }),
      ]);
    }
    expect(writeIssues('listing', { name: 'Contoso® Field™ © 2020' })).toEqual([]);
    expect(containsEmoji('Contoso® Field™ ©')).toBe(false);
  });

  it('When shortDescription has 100 characters, then accepted; 101, then refused', () => {
    expect(writeIssues('listing', { shortDescription: 's'.repeat(100) })).toEqual([]);
    expect(writeIssues('listing', { shortDescription: 's'.repeat(101) })).toEqual([
      {
        pointer: '/shortDescription',
        code: 'tooLong',
        message: 'shortDescription must be at most 100 characters (got 101)',
      },
    ]);
  });

  it('When the description has 3,000 characters, then accepted; 3,001, then refused', () => {
    expect(writeIssues('listing', { description: 'd'.repeat(3000) })).toEqual([]);
    expect(writeIssues('listing', { description: 'd'.repeat(3001) })).toEqual([
      {
        pointer: '/description',
        code: 'tooLong',
        message: 'description must be at most 3000 characters (got 3001)',
      },
    ]);
  });

  it('When markup that sanitising removes makes the raw text longer than 3,000, then the sanitised value is what counts', () => {
    const body = 'd'.repeat(2990) + '<script>' + 'x'.repeat(100) + '</script>';
    expect(writeIssues('listing', { description: body })).toEqual([]);
    expect(storedDescription(body)).toBe('d'.repeat(2990));
  });

  it('When allowed markup counts towards 3,000, then a value over the limit after sanitising is refused', () => {
    const body = '<p>' + 'd'.repeat(2994) + '</p>'; // 3001 characters, all kept
    expect(writePointers('listing', { description: body })).toEqual(['/description']);
  });

  it('When the description holds a script, then the stored description has it removed and keeps allowed tags', () => {
    expect(storedDescription('<p>Hello <b>world</b><script>alert(1)</script></p>')).toBe(
      '<p>Hello <b>world</b></p>',
    );
  });

  it('When searchKeywords has 3 items, then accepted; 4, then refused', () => {
    expect(writeIssues('listing', { searchKeywords: ['a', 'b', 'c'] })).toEqual([]);
    expect(writePointers('listing', { searchKeywords: ['a', 'b', 'c', 'd'] })).toEqual(['/searchKeywords']);
  });

  it('When productsAppWorksWith has 3 items, then accepted; 4, then refused', () => {
    expect(writeIssues('listing', { productsAppWorksWith: ['a', 'b', 'c'] })).toEqual([]);
    expect(writePointers('listing', { productsAppWorksWith: ['a', 'b', 'c', 'd'] })).toEqual([
      '/productsAppWorksWith',
    ]);
  });

  it('When helpLink or privacyPolicyUrl is not an absolute http(s) URL, then refused', () => {
    expect(
      writePointers('listing', { helpLink: 'www.contoso.example', privacyPolicyUrl: 'mailto:a@b.c' }),
    ).toEqual(['/helpLink', '/privacyPolicyUrl']);
  });

  it('When a contact e-mail, phone or support URL is malformed, then refused at that field', () => {
    expect(
      writePointers('listing', {
        contacts: {
          support: { email: 'support-at-contoso', phone: 'call me', supportUrl: 'support' },
          engineering: { email: 'eng@contoso' },
        },
      }),
    ).toEqual([
      '/contacts/support/email',
      '/contacts/support/phone',
      '/contacts/support/supportUrl',
      '/contacts/engineering/email',
    ]);
  });

  it('When supportingDocuments has 3 items, then accepted; 4, then refused; an item needs a name and an asset id', () => {
    const doc = (i: number) => ({ name: `Doc ${i}`, assetId: `doc-${i}` });
    expect(writeIssues('listing', { supportingDocuments: [doc(1), doc(2), doc(3)] })).toEqual([]);
    expect(writePointers('listing', { supportingDocuments: [doc(1), doc(2), doc(3), doc(4)] })).toEqual([
      '/supportingDocuments',
    ]);
    expect(writePointers('listing', { supportingDocuments: [{ assetId: 'doc-1' }] })).toEqual([
      '/supportingDocuments/0/name',
    ]);
  });

  it('When screenshots has 5 items, then accepted; 6, then refused', () => {
    const shots = (n: number) => Array.from({ length: n }, (_, i) => `shot-${i}`);
    expect(writeIssues('listing', { images: { screenshots: shots(5) } })).toEqual([]);
    expect(writeIssues('listing', { images: { screenshots: shots(6) } })).toEqual([
      {
        pointer: '/images/screenshots',
        code: 'tooMany',
        message: 'screenshots must have at most 5 items (got 6)',
      },
    ]);
  });

  it('When an image is not an asset id, then refused', () => {
    expect(writePointers('listing', { images: { smallLogo: 'logo.png' } })).toEqual(['/images/smallLogo']);
  });

  it('When videos has 4 items, then accepted; 5, then refused', () => {
    const v = (i: number) => ({
      name: `V${i}`,
      url: `https://youtu.be/video-${i}abcd`,
      thumbnailAssetId: `thumb-${i}`,
    });
    expect(writeIssues('listing', { videos: [v(1), v(2), v(3), v(4)] })).toEqual([]);
    expect(writePointers('listing', { videos: [v(1), v(2), v(3), v(4), v(5)] })).toEqual(['/videos']);
  });

  it('When a video URL is any YouTube or Vimeo form, then the stored listing holds its canonical URL', () => {
    const stored = (url: string) => {
      const result = prepareSectionWrite('listing', {
        videos: [{ name: 'V', url, thumbnailAssetId: 'thumb' }],
      });
      if (!result.ok) throw new Error(`${url}: ${JSON.stringify(result.issues)}`);
      return (result.stored as { videos: { url: string }[] }).videos[0]!.url;
    };
    const youtube = 'https://www.youtube.com/watch?v=aqz-KE-bpKQ';
    for (const url of [
      'https://youtu.be/aqz-KE-bpKQ',
      'https://youtu.be/aqz-KE-bpKQ?t=42',
      'https://www.youtube.com/watch?v=aqz-KE-bpKQ&list=PL1&t=10s',
      'http://youtube.com/watch?v=aqz-KE-bpKQ',
      'https://m.youtube.com/watch?v=aqz-KE-bpKQ',
      'https://www.youtube.com/embed/aqz-KE-bpKQ',
      'https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ',
      'https://www.youtube.com/shorts/aqz-KE-bpKQ',
      '  https://youtu.be/aqz-KE-bpKQ  ',
    ]) {
      expect([url, stored(url)]).toEqual([url, youtube]);
    }
    for (const url of [
      'https://vimeo.com/76979871',
      'https://www.vimeo.com/76979871',
      'https://player.vimeo.com/video/76979871?h=abc',
      'https://vimeo.com/channels/staffpicks/76979871',
    ]) {
      expect([url, stored(url)]).toEqual([url, 'https://vimeo.com/76979871']);
    }
  });

  it('When a stored canonical video URL is written again, then it is stored unchanged', () => {
    const body = { videos: [{ name: 'V', url: 'https://youtu.be/aqz-KE-bpKQ', thumbnailAssetId: 'thumb' }] };
    const first = prepareSectionWrite('listing', body);
    if (!first.ok) throw new Error(JSON.stringify(first.issues));
    const second = prepareSectionWrite('listing', first.stored);
    expect(second).toMatchObject({ ok: true, stored: first.stored });
  });

  it('When a video URL is not a YouTube or Vimeo video, then refused with a field error at its URL', () => {
    const video = (url: string) => ({ videos: [{ name: 'V', url, thumbnailAssetId: 'thumb' }] });
    for (const bad of [
      'https://dailymotion.com/video/x7tgad0',
      'https://youtube.com.evil.example/watch?v=aqz-KE-bpKQ',
      'https://notyoutube.com/watch?v=aqz-KE-bpKQ',
      'https://www.youtube.com/watch?v=abc123',
      'https://www.youtube.com/playlist?list=PL590L5WQmH8fJ54F369BLDSqIwcs-TCfs',
      'https://vimeo.com/channels/staffpicks',
      'https://user:pw@youtu.be/aqz-KE-bpKQ',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(writeIssues('listing', video(bad))).toEqual([
        expect.objectContaining({
          pointer: '/videos/0/url',
          code: 'invalidFormat',
          message: expect.stringMatching(/^url /),
        }),
      ]);
    }
    expect(writeIssues('listing', video('https://vimeo.com/'.padEnd(2049, '1')))).toEqual([
      expect.objectContaining({ pointer: '/videos/0/url', code: 'tooLong' }),
    ]);
  });

  it('When contentLanguage is not a language name, then refused', () => {
    expect(writePointers('listing', { contentLanguage: 'de<script>' })).toEqual(['/contentLanguage']);
  });
});

describe('listing section: completeness', () => {
  it('When the complete fixture is stored, then listing is complete', () => {
    expect(failingPointers('listing', completeListingWrite())).toEqual([]);
  });

  it('When nothing is set, then every required field fails except the name, which defaults to the alias', () => {
    expect(failingPointers('listing', {})).toEqual([
      '/shortDescription',
      '/description',
      '/helpLink',
      '/privacyPolicyUrl',
      '/contacts/support/name',
      '/contacts/support/email',
      '/contacts/support/phone',
      '/contacts/support/supportUrl',
      '/contacts/engineering/name',
      '/contacts/engineering/email',
      '/contacts/engineering/phone',
      '/supportingDocuments',
      '/images/smallLogo',
      '/images/largeLogo',
      '/images/screenshots',
    ]);
  });

  it('When the name is absent and the alias is longer than 50 characters, then the defaulted name fails', () => {
    const rest = without(completeListingWrite(), 'name');
    expect(failingPointers('listing', rest, {}, 'a'.repeat(50))).toEqual([]);
    const status = statusAfterWrite('listing', rest, {}, 'a'.repeat(51));
    expect(status.failingFields).toEqual([
      {
        pointer: '/name',
        code: 'tooLong',
        message: 'name must be at most 50 characters (got 51) (defaulted from the offer alias)',
      },
    ]);
  });

  it('When the name is absent and the alias contains an emoji, then the defaulted name fails', () => {
    const rest = without(completeListingWrite(), 'name');
    expect(failingPointers('listing', rest, {}, 'Contoso 🚀')).toEqual(['/name']);
  });

  it('When wideLogo, hero and videos are absent, then listing is still complete (they are optional)', () => {
    const body = completeListingWrite();
    const rest = without(body, 'videos');
    expect(
      failingPointers('listing', {
        ...rest,
        images: { ...body.images, wideLogo: undefined, hero: undefined },
      }),
    ).toEqual([]);
  });

  it('When content is not in English and the description does not begin with the phrase, then description fails', () => {
    const status = statusAfterWrite('listing', listing({ contentLanguage: 'German' }));
    expect(status.failingFields).toEqual([
      {
        pointer: '/description',
        code: 'notInEnglishPhrase',
        message:
          'description must begin with "This application is available only in German." because the content is in German',
      },
    ]);
  });

  it('When content is not in English and the description begins with the phrase (inside markup), then listing is complete', () => {
    const description = '<p><b>This application is available only in German.</b> Eine Anwendung.</p>';
    expect(failingPointers('listing', listing({ contentLanguage: 'German', description }))).toEqual([]);
  });

  it('When contentLanguage is English, then no phrase is required', () => {
    expect(failingPointers('listing', listing({ contentLanguage: 'English (United States)' }))).toEqual([]);
  });

  it('When there are 0 supporting documents or 0 screenshots, then listing is incomplete', () => {
    const body = completeListingWrite();
    expect(
      failingPointers('listing', {
        ...body,
        supportingDocuments: [],
        images: { ...body.images, screenshots: [] },
      }),
    ).toEqual(['/supportingDocuments', '/images/screenshots']);
  });
});
