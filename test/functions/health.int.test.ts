import { hostUrl, startPrivateHost } from '../support/stack';

describe('GET /api/health', () => {
  it('When every dependency is up, then it answers 200 with cosmos, blob and email up, without a key', async () => {
    const res = await fetch(hostUrl('/api/health'));
    const body = (await res.json()) as {
      status: string;
      dependencies: Record<string, { status: string; latencyMs: number }>;
    };
    expect(body).toMatchObject({
      status: 'up',
      dependencies: {
        cosmos: { status: 'up' },
        blob: { status: 'up' },
        email: { status: 'up' },
      },
    });
    expect(res.status).toBe(200);
    for (const dep of Object.values(body.dependencies)) expect(dep.latencyMs).toBeGreaterThanOrEqual(0);
  });
});

describe('GET /api/health with a dependency down', () => {
  it('When the e-mail endpoint does not answer, then it answers 503 with email down and the others up', async () => {
    // A host of its own, pointed at a port nothing listens on (port 9 is discard, unused here).
    const host = await startPrivateHost({
      EMAIL_ENDPOINT: 'http://127.0.0.1:9/',
      EMAIL_CONNECTION_STRING: 'endpoint=http://127.0.0.1:9/;accesskey=bm90LXVzZWQ=',
      DEVHOST_DURABLE_HUB: 'healthdown',
    });
    try {
      const res = await fetch(`${host.url}/api/health`);
      const body = (await res.json()) as {
        status: string;
        dependencies: Record<string, { status: string; error?: string }>;
      };
      expect(res.status).toBe(503);
      expect(body.status).toBe('down');
      expect(body.dependencies.email?.status).toBe('down');
      expect(body.dependencies.email?.error).toEqual(expect.any(String));
      expect(body.dependencies.cosmos?.status).toBe('up');
      expect(body.dependencies.blob?.status).toBe('up');
      expect(JSON.stringify(body)).not.toContain('accesskey');
    } finally {
      await host.stop();
    }
  }, 60_000);
});
