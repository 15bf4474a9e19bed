import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { customerGet } from '../support/publishingStack';
import { uniqueAccount } from '../support/publisherApi';
import { inbox, stackInfo } from '../support/stack';
import { STACK_FILE_ENV } from '../support/stackFile';

const run = promisify(execFile);

describe('npm run demo', () => {
  test('When the demo runs against the stack, then it prints every pipeline step, the preview e-mail and the live listing', async () => {
    const info = stackInfo();
    const account = uniqueAccount('demo');

    const { stdout } = await run(
      process.execPath,
      [
        join(info.rootDir, 'dist', 'scripts', 'demo.js'),
        '--stack',
        process.env[STACK_FILE_ENV] ?? '',
        '--account',
        account,
      ],
      { cwd: info.rootDir, timeout: 150_000 },
    );

    // Every stage as it happened, in order
    const steps = stdout
      .split('\n')
      .filter((l) => /^\s+\d\d:\d\d:\d\d\.\d{3}\s/.test(l))
      .map((l) => l.trim().split(/\s+/).slice(1, 3).join(' '));
    expect(steps).toEqual([
      'validation started',
      'validation passed',
      'certification started',
      'certification passed',
      'provisioning started',
      'provisioning passed',
      'preview started',
      'preview passed',
      'publishing started',
      'publishing passed',
    ]);
    expect(stdout).toContain('Subject: Preview ready: Contoso Field Assist');
    expect(stdout).toContain('hideKey=fieldassistpreview');
    expect(stdout).toContain('live, version 1');
    expect(stdout).toContain('"visibility": "live"');
    expect(stdout).toContain('Demo finished.');

    // What it printed is what the stack holds
    const id = /submission (\S+) accepted/.exec(stdout)?.[1] ?? '';
    const mails = (await inbox().list()).filter((m) => m.headers['x-submission-id'] === id);
    expect(mails.map((m) => m.subject.split(':')[0]).sort()).toEqual(['Live', 'Preview ready']);
    const listing = await customerGet(info.urls.host, `/storefront/offers/${account}.contoso-field-assist`);
    expect(listing.body).toMatchObject({
      visibility: 'live',
      version: 1,
      name: 'Contoso Field Assist\u00AE',
    });
  }, 180_000);
});
