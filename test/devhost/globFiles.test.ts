import { join } from 'node:path';
import { expandBraces, globFiles } from '../../devhost/core/globFiles';

describe('package.json main globs', () => {
  it('When a pattern has brace alternatives, then each is expanded, nested ones too', () => {
    expect(expandBraces('dist/{functions,orchestrations}/*.js')).toEqual([
      'dist/functions/*.js',
      'dist/orchestrations/*.js',
    ]);
    expect(expandBraces('a/{b,c{d,e}}/f')).toEqual(['a/b/f', 'a/cd/f', 'a/ce/f']);
    expect(expandBraces('plain.js')).toEqual(['plain.js']);
  });

  it('When matched against a folder, then *, ** and plain names find the files, sorted', () => {
    const root = join(__dirname, '..', 'fixtures');
    expect(globFiles('hostapp/*.ts', root)).toEqual(['hostapp/app.ts', 'hostapp/hostWithExtension.ts']);
    expect(globFiles('**/hostWithExtension.ts', root)).toEqual(['hostapp/hostWithExtension.ts']);
    expect(globFiles('host*/**/app.ts', root)).toEqual(['hostapp/app.ts']);
    expect(globFiles('./hostapp/{app,nothing}.ts', root)).toEqual(['hostapp/app.ts']);
    expect(globFiles('hostapp/missing.ts', root)).toEqual([]);
  });
});
