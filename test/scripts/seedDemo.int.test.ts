import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { publisher, uniqueAccount } from '../support/publisherApi';
import { stackInfo } from '../support/stack';

const run = promisify(execFile);

describe('npm run seed:demo', () => {
  test('When the demo seed runs against the host, then it leaves a complete offer with every asset', async () => {
    const info = stackInfo();
    const account = uniqueAccount('demo');

    const { stdout } = await run(
      process.execPath,
      [join(info.rootDir, 'dist', 'scripts', 'seedDemo.js'), '--host', info.urls.host, '--account', account],
      { cwd: info.rootDir, timeout: 90_000 },
    );

    expect(stdout).toContain('Ready to submit: true');
    const as = await publisher(account);
    const review = await as.get('/offers/contoso-field-assist/review');
    expect(review.body.readyToSubmit).toBe(true);
    const listing = await as.get('/offers/contoso-field-assist/sections/listing');
    const logo = await as.get(`/offers/contoso-field-assist/assets/${listing.body.value.images.smallLogo}`);
    expect(logo.body).toMatchObject({ kind: 'image', width: 48, height: 48 });
  }, 120_000);
});
