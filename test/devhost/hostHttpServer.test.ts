import type { AddressInfo } from 'node:net';
import { HostClock } from '../../devhost/clock';
import { closeServer, createHostHttpServer, type HttpServerContext } from '../../devhost/http/hostHttpServer';
import { HttpRoutes } from '../../devhost/http/httpRoutes';

/**
 * The host's listener while the host is not Running: a host restarted after a crash listens
 * before its extensions (the durable client's task hub) are ready; a function invoked then would
 * fail for want of its bindings, so the request is answered 503 with Retry-After instead.
 */
describe('host HTTP listener before the host runs', () => {
  let state: 'Initialized' | 'Running' | 'Stopping' = 'Initialized';
  const invoked: string[] = [];
  const context: HttpServerContext = {
    routes: new HttpRoutes([]),
    keys: { functionKey: 'f', masterKey: 'm', openAdmin: false },
    maxBodyBytes: 1024,
    routePrefix: 'api',
    invokeHttp: (name) => {
      invoked.push(name);
      throw new Error('not expected');
    },
    admin: { state: () => state, startedAt: Date.now(), functions: () => [], clock: new HostClock(0), timers: () => [], runNow: () => Promise.resolve(undefined) },
    extensions: [],
  };
  const server = createHostHttpServer(context);
  let origin = '';

  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeServer(server);
  });

  it('When a function route is called while the host initialises or stops, then 503 with Retry-After and nothing runs', async () => {
    for (const s of ['Initialized', 'Stopping'] as const) {
      state = s;
      const res = await fetch(`${origin}/api/storefront/offers/x/test-drives`, { method: 'POST' });
      expect({ s, status: res.status, retryAfter: res.headers.get('retry-after') }).toEqual({ s, status: 503, retryAfter: '1' });
    }
    expect(invoked).toEqual([]);
  });

  it('When the host runs, then routes resolve as usual (an unknown one is 404)', async () => {
    state = 'Running';
    expect((await fetch(`${origin}/api/no-such-route`)).status).toBe(404);
  });

  it('When the host initialises, then the admin API still answers (it reports the state)', async () => {
    state = 'Initialized';
    expect((await fetch(`${origin}/admin/host/status`, { headers: { 'x-functions-key': 'm' } })).status).toBe(200);
  });
});
