import { hostUrl } from '../support/stack';

describe('GET /api/health', () => {
  it('When every dependency is up, then it answers 200 with cosmos, blob and email up, without a key', async () => {
    const res = await fetch(hostUrl('/api/health'));
    const body = (await res.json()) as { status: string; dependencies: Record<string, { status: string; latencyMs: number }> };
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
