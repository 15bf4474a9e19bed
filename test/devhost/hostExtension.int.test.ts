import { spawnHost, type SpawnedHost } from './spawnHost';

/**
 * The extension contract, through `startHost` in a plain Node process (jest's module registry
 * bypasses the require proxy, so the host cannot run inside the test process itself).
 */
describe('host extensions', () => {
  let host: SpawnedHost;

  beforeAll(async () => {
    host = await spawnHost({ script: 'dist/test/fixtures/hostapp/hostWithExtension.js' });
  }, 30_000);

  afterAll(async () => {
    await host?.stop();
  });

  it('When a request is outside /api/ and /admin/, then an extension may answer it, and HostServices.invoke runs a non-HTTP function with the extension-supplied input', async () => {
    const res = await fetch(`${host.origin}/ext/invoke`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: unknown; functions: number };
    expect(body.result).toEqual({ handled: { from: 'extension' } });
    expect(body.functions).toBeGreaterThan(10);
    const runs = (await (await fetch(`${host.origin}/api/genericRuns`)).json()) as {
      input: unknown;
      extra: unknown;
    }[];
    expect(runs).toContainEqual({
      input: { from: 'extension' },
      extra: { taskHubName: 'FixtureHub', origin: host.origin },
    });
  });

  it('When no extension answers a path, then 404', async () => {
    expect((await fetch(`${host.origin}/ext/other`)).status).toBe(404);
  });

  it('When the app runs, then WEBSITE_HOSTNAME names the host address (durable-functions builds URLs from it)', async () => {
    const res = await fetch(`${host.origin}/api/hostName`);
    expect(await res.json()).toEqual({ websiteHostname: host.origin.replace('http://', '') });
  });
});
