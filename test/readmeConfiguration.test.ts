import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema } from '../app/config';

describe('README configuration table', () => {
  test('When a setting is read by app/config.ts, then the README documents it', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const undocumented = Object.keys(configSchema.shape).filter((name) => !readme.includes(`\`${name}\``));
    expect(undocumented).toEqual([]);
  });
});
