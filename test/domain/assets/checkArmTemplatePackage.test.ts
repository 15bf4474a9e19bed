import { assetSlots, armPackageLimits } from '../../../domain/assets/assetSlots';
import { checkArmTemplatePackage, unsafePathReason } from '../../../domain/assets/checkArmTemplatePackage';
import {
  armTemplateJson,
  armTemplatePackage,
  zipBomb,
  zipOf,
  zipWithEntryNamed,
  zipWithLyingSizes,
} from '../../support/assetFixtures';

const rule = assetSlots.armTemplate;
const problemOf = async (bytes: Buffer, limits = armPackageLimits) => {
  const result = await checkArmTemplatePackage(bytes, rule, limits);
  return result.ok ? undefined : result.problem;
};

describe('checkArmTemplatePackage', () => {
  test('When the package holds main-template.json at its root, then it is accepted with its entry count', async () => {
    const result = await checkArmTemplatePackage(await armTemplatePackage(), rule);
    expect(result).toMatchObject({ ok: true, entries: 3 });
  });

  test('When the bytes are not a zip, then it is refused as not a zip', async () => {
    expect(await problemOf(Buffer.from('just text, renamed .zip'))).toEqual({
      code: 'notZip',
      message: 'ARM template package is not a zip archive',
    });
  });

  test('When the zip has no template, then it is refused and says which file is missing', async () => {
    const zip = await zipOf([{ name: 'readme.txt', content: 'hello' }]);
    expect(await problemOf(zip)).toEqual({
      code: 'templateMissing',
      message: 'ARM template package has no main-template.json at its root',
    });
  });

  test('When the template is named mainTemplate.json, then the message points to the expected name', async () => {
    const zip = await zipOf([{ name: 'mainTemplate.json', content: armTemplateJson() }]);
    expect((await problemOf(zip))?.message).toBe(
      'ARM template package has no main-template.json at its root (found mainTemplate.json; test drive reads main-template.json)',
    );
  });

  test('When main-template.json sits in a folder only, then it is refused as missing at the root', async () => {
    const zip = await zipOf([{ name: 'deploy/main-template.json', content: armTemplateJson() }]);
    expect((await problemOf(zip))?.code).toBe('templateMissing');
  });

  test('When main-template.json is not JSON, then it is refused as an invalid template', async () => {
    const zip = await zipOf([{ name: 'main-template.json', content: '{ "resources": [ ' }]);
    const problem = await problemOf(zip);
    expect(problem?.code).toBe('templateInvalid');
    expect(problem?.message).toMatch(/^ARM template package: main-template.json is not valid JSON/);
  });

  test('When main-template.json is JSON without a deployment template $schema, then it is refused', async () => {
    const zip = await zipOf([
      { name: 'main-template.json', content: JSON.stringify({ contentVersion: '1.0.0.0', resources: [] }) },
    ]);
    expect((await problemOf(zip))?.message).toMatch(/main-template.json has no deployment template \$schema/);
  });

  test('When a template parameter has no test drive metadata type, then it is refused and named', async () => {
    const template = { ...JSON.parse(armTemplateJson()), parameters: { vmSize: { type: 'string' } } };
    const zip = await zipOf([{ name: 'main-template.json', content: JSON.stringify(template) }]);
    expect(await problemOf(zip)).toEqual({
      code: 'templateInvalid',
      message:
        'ARM template package: main-template.json parameter "vmSize" needs metadata.type baseuri, username, password, sessionid (test drive fills only those; use a variable otherwise)',
    });
  });

  test('When parameters use "session id" and baseuri metadata, then they are accepted', async () => {
    const template = {
      ...JSON.parse(armTemplateJson()),
      parameters: {
        sid: { type: 'string', metadata: { type: 'session id' } },
        base: { type: 'string', metadata: { type: 'baseuri' } },
      },
    };
    const zip = await zipOf([{ name: 'main-template.json', content: JSON.stringify(template) }]);
    expect(await problemOf(zip)).toBeUndefined();
  });

  test('When a zip holds 16 MiB of zeros (under the entry limit), then it is refused as a zip bomb', async () => {
    expect(await problemOf(await zipBomb(16))).toEqual({
      code: 'zipBomb',
      message: expect.stringMatching(
        /^ARM template package looks like a zip bomb: entry "payload.bin" unpacks \d+ times its packed size \(at most 100\)$/,
      ),
    });
  });

  test('When the central directory understates an entry size, then unpacking stops the bomb', async () => {
    expect(await problemOf(await zipWithLyingSizes(32))).toEqual({
      code: 'zipBomb',
      message:
        'ARM template package looks like a zip bomb: entry "payload.bin" unpacks to a different size than its header declares',
    });
  });

  test('When a corrupted entry cannot be inflated, then it is refused as damaged', async () => {
    const zip = await zipOf([
      { name: 'main-template.json', content: armTemplateJson() },
      { name: 'data.txt', content: 'some text that deflates '.repeat(200) },
    ]);
    // Overwrite the middle of the deflate stream of data.txt (after its local header).
    const at = zip.indexOf(Buffer.from('data.txt')) + 'data.txt'.length + 10;
    zip.fill(0xff, at, at + 40);
    expect((await problemOf(zip))?.message).toBe(
      'ARM template package has an entry "data.txt" that cannot be unpacked',
    );
  });

  test('When an entry declares more than the entry limit, then it is refused as oversize', async () => {
    const limits = { ...armPackageLimits, maxEntryBytes: 1000 };
    const zip = await zipOf([
      { name: 'main-template.json', content: armTemplateJson() },
      { name: 'big.bin', content: Buffer.alloc(5000, 0x42), store: true },
    ]);
    expect(await problemOf(zip, limits)).toEqual({
      code: 'zipEntryTooLarge',
      message: 'ARM template package has an entry "big.bin" of 5000 bytes unpacked, at most 1000 are allowed',
    });
  });

  test('When all entries together exceed the total limit, then it is refused', async () => {
    const limits = { ...armPackageLimits, maxTotalBytes: 4000 };
    const zip = await zipOf([
      { name: 'main-template.json', content: armTemplateJson() },
      { name: 'a.bin', content: Buffer.alloc(2000, 1), store: true },
      { name: 'b.bin', content: Buffer.alloc(2000, 2), store: true },
    ]);
    expect((await problemOf(zip, limits))?.code).toBe('zipTooLarge');
  });

  test('When the zip has more entries than allowed, then it is refused before any is read', async () => {
    const limits = { ...armPackageLimits, maxEntries: 3 };
    const entries = [{ name: 'main-template.json', content: armTemplateJson() }];
    for (let i = 0; i < 4; i++) entries.push({ name: `f${i}.txt`, content: String(i) });
    expect(await problemOf(await zipOf(entries), limits)).toEqual({
      code: 'zipTooManyEntries',
      message: 'ARM template package has 5 entries, at most 3 are allowed',
    });
  });

  test.each([
    ['../evil.sh', 'a ".." segment in its path'],
    ['scripts/../../evil.sh', 'a ".." segment in its path'],
    ['/etc/cron.d/x', 'an absolute path'],
    ['C:/Windows/x.ps1', 'a drive letter'],
    ['scripts\\..\\evil.ps1', 'a backslash in its path'],
  ])('When an entry is named %s, then the package is refused for %s', async (name, reason) => {
    expect(await problemOf(await zipWithEntryNamed(name))).toEqual({
      code: 'zipUnsafePath',
      message: `ARM template package has an entry "${name}" with ${reason}`,
    });
  });

  test('When a name only contains dots inside a segment, then it is safe', () => {
    expect(unsafePathReason('scripts/..hidden/a..b.json')).toBeUndefined();
  });
});
