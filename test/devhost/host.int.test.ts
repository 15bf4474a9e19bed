import { eventually, functionKey, masterKey, spawnHost, type SpawnedHost } from './spawnHost';

const admin = { 'x-functions-key': masterKey };

describe('local Functions host (fixture app over a socket)', () => {
  let host: SpawnedHost;

  beforeAll(async () => {
    host = await spawnHost();
  }, 30_000);

  afterAll(async () => {
    await host?.stop('SIGTERM');
  });

  describe('HTTP triggers', () => {
    it('When a route template has a parameter and a catch-all, then both reach the handler with query, headers and raw body', async () => {
      const body = Buffer.from([0, 1, 2, 250, 255, 10, 13]);
      const res = await fetch(`${host.origin}/api/echo/a%20b/x/y/z?one=1&two=2&two=3`, {
        method: 'POST',
        headers: { 'x-custom': 'hello', 'content-type': 'application/octet-stream' },
        body,
      });
      expect(res.status).toBe(200);
      const json = (await res.json()) as Record<string, unknown>;
      expect(json.method).toBe('POST');
      expect(json.params).toEqual({ id: 'a b', rest: 'x/y/z' });
      expect(json.query).toEqual({ one: '1', two: '2,3' });
      expect(json.header).toBe('hello');
      expect(json.contentType).toBe('application/octet-stream');
      expect(json.bodyBase64).toBe(body.toString('base64'));
      expect(String(json.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/echo\/a%20b\/x\/y\/z\?one=1/);
    });

    it('When the handler sets headers and cookies, then the response carries them', async () => {
      const res = await fetch(`${host.origin}/api/echo/1/`, { method: 'PUT', body: 'text' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-echo')).toBe('yes');
      expect(res.headers.get('x-method')).toBe('PUT');
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.headers.getSetCookie()).toEqual(['session=abc; Path=/; HttpOnly; SameSite=Lax']);
    });

    it('When the route matches but the method does not, then 405 with Allow', async () => {
      const res = await fetch(`${host.origin}/api/echo/1/2`, { method: 'DELETE' });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, POST, PUT');
    });

    it('When no route matches, then 404', async () => {
      expect((await fetch(`${host.origin}/api/no/such/route`)).status).toBe(404);
      expect((await fetch(`${host.origin}/elsewhere`)).status).toBe(404);
    });

    it('When a constrained and an open route both fit, then the int constraint decides', async () => {
      expect(await (await fetch(`${host.origin}/api/items/42`)).json()).toEqual({ by: 'id', id: 42 });
      expect(await (await fetch(`${host.origin}/api/items/widget`)).json()).toEqual({
        by: 'name',
        name: 'widget',
      });
    });

    it('When an optional parameter is absent or present, then the route matches both ways', async () => {
      expect(await (await fetch(`${host.origin}/api/optional`)).json()).toEqual({ id: null });
      expect(await (await fetch(`${host.origin}/api/optional/7`)).json()).toEqual({ id: '7' });
    });

    it('When the handler returns a status, then the response has it and the body', async () => {
      const res = await fetch(`${host.origin}/api/status/418`);
      expect(res.status).toBe(418);
      expect(await res.text()).toBe('status body');
    });

    it('When the handler returns nothing, then 204 with no body', async () => {
      const res = await fetch(`${host.origin}/api/nothing`);
      expect(res.status).toBe(204);
      expect(await res.text()).toBe('');
    });

    it('When the handler throws, then 500 with no detail and the error is logged', async () => {
      const res = await fetch(`${host.origin}/api/crash`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).not.toMatch(/boom|internal detail|at /);
      await eventually(() =>
        Promise.resolve(host.output().includes('boom: internal detail') ? true : undefined),
      );
    });

    it('When the body exceeds the limit, then 413', async () => {
      const limited = await spawnHost({ env: { DEVHOST_MAX_BODY_BYTES: '16' } });
      try {
        const res = await fetch(`${limited.origin}/api/echo/1/2`, { method: 'POST', body: 'x'.repeat(17) });
        expect(res.status).toBe(413);
        const ok = await fetch(`${limited.origin}/api/echo/1/2`, { method: 'POST', body: 'x'.repeat(16) });
        expect(ok.status).toBe(200);
      } finally {
        await limited.stop();
      }
    }, 30_000);
  });

  describe('authLevel', () => {
    it('When a function-level route is called without a key or with a wrong one, then 401', async () => {
      expect((await fetch(`${host.origin}/api/secret`)).status).toBe(401);
      expect((await fetch(`${host.origin}/api/secret?code=wrong`)).status).toBe(401);
    });

    it('When it is called with the function key (query or header) or the master key, then 200', async () => {
      expect((await fetch(`${host.origin}/api/secret?code=${functionKey}`)).status).toBe(200);
      expect(
        (await fetch(`${host.origin}/api/secret`, { headers: { 'x-functions-key': functionKey } })).status,
      ).toBe(200);
      expect((await fetch(`${host.origin}/api/secret?code=${masterKey}`)).status).toBe(200);
    });

    it('When an admin-level route is called with the function key, then 401; with the master key, 200', async () => {
      expect((await fetch(`${host.origin}/api/adminOnly?code=${functionKey}`)).status).toBe(401);
      const res = await fetch(`${host.origin}/api/adminOnly?code=${masterKey}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('admin ok');
    });
  });

  describe('hooks', () => {
    it('When functions run, then appStart ran once and pre/postInvocation wrapped each invocation', async () => {
      await fetch(`${host.origin}/api/status/200`);
      await fetch(`${host.origin}/api/crash`);
      const events = (await (await fetch(`${host.origin}/api/hookEvents`)).json()) as {
        hook: string;
        functionName?: string;
        detail?: string;
      }[];
      expect(events.filter((e) => e.hook === 'appStart')).toHaveLength(1);
      expect(events[0]?.hook).toBe('appStart');
      expect(events).toContainEqual({ hook: 'preInvocation', functionName: 'status' });
      expect(events).toContainEqual({ hook: 'postInvocation', functionName: 'status', detail: 'ok' });
      expect(events).toContainEqual({ hook: 'postInvocation', functionName: 'crash', detail: 'error' });
      // This invocation's own hooks: the response body is serialised after postInvocation (as in the worker).
      expect(events.slice(-2)).toEqual([
        { hook: 'preInvocation', functionName: 'hookEvents' },
        { hook: 'postInvocation', functionName: 'hookEvents', detail: 'ok' },
      ]);
    });
  });

  describe('timers and admin API', () => {
    it('When a per-second schedule passes, then the timer function fires by itself', async () => {
      const runs = await eventually(async () => {
        const all = (await (await fetch(`${host.origin}/api/timerRuns`)).json()) as { name: string }[];
        const everySecond = all.filter((r) => r.name === 'everySecond');
        return everySecond.length >= 2 ? everySecond : undefined;
      });
      expect(runs.length).toBeGreaterThanOrEqual(2);
    });

    it('When a timer has runOnStartup, then it fired once as the host started', async () => {
      const all = await eventually(async () => {
        const runs = (await (await fetch(`${host.origin}/api/timerRuns`)).json()) as { name: string }[];
        return runs.some((r) => r.name === 'atStartup') ? runs : undefined;
      });
      expect(all.filter((r) => r.name === 'atStartup')).toHaveLength(1);
    });

    it('When the clock is advanced past a yearly schedule, then that timer fires, past due', async () => {
      const clock = (await (await fetch(`${host.origin}/admin/clock`, { headers: admin })).json()) as {
        now: number;
      };
      const now = new Date(clock.now);
      const nextNewYear = Date.UTC(now.getUTCFullYear() + 1, 0, 1);
      const res = await fetch(`${host.origin}/admin/clock/advance`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ ms: nextNewYear - clock.now + 5_000 }),
      });
      expect(res.status).toBe(200);
      const advanced = (await res.json()) as { now: number; offsetMs: number };
      expect(advanced.now).toBeGreaterThan(nextNewYear);
      const run = await eventually(async () => {
        const all = (await (await fetch(`${host.origin}/api/timerRuns`)).json()) as {
          name: string;
          isPastDue: boolean;
        }[];
        return all.find((r) => r.name === 'newYear');
      });
      expect(run.isPastDue).toBe(true);
    });

    it('When an admin runs a timer function now, then it fires at once and not past due', async () => {
      const before = (await (await fetch(`${host.origin}/api/timerRuns`)).json()) as { name: string }[];
      const res = await fetch(`${host.origin}/admin/functions/newYear?wait=true`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(res.status).toBe(200);
      const after = (await (await fetch(`${host.origin}/api/timerRuns`)).json()) as {
        name: string;
        isPastDue: boolean;
      }[];
      const newRuns = after.slice(before.length).filter((r) => r.name === 'newYear');
      expect(newRuns).toEqual([expect.objectContaining({ name: 'newYear', isPastDue: false })]);
    });

    it('When an admin runs a queue function with an input, then the handler gets it and Azure-style 202 is the default', async () => {
      const accepted = await fetch(`${host.origin}/admin/functions/queueWork`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ input: { orderId: 7 } }),
      });
      expect(accepted.status).toBe(202);
      const waited = await fetch(`${host.origin}/admin/functions/queueWork?wait=true`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/json' },
        body: JSON.stringify({ input: 'plain text' }),
      });
      expect(waited.status).toBe(200);
      expect(await waited.json()).toEqual({ invocationResult: { handled: 'plain text' } });
      const runs = await eventually(async () => {
        const all = (await (await fetch(`${host.origin}/api/genericRuns`)).json()) as { input: unknown }[];
        return all.length >= 2 ? all : undefined;
      });
      expect(runs.map((r) => r.input)).toEqual(expect.arrayContaining([{ orderId: 7 }, 'plain text']));
    });

    it('When admin endpoints are called without the master key, then 401', async () => {
      expect((await fetch(`${host.origin}/admin/host/status`)).status).toBe(401);
      expect(
        (await fetch(`${host.origin}/admin/functions`, { headers: { 'x-functions-key': functionKey } }))
          .status,
      ).toBe(401);
      expect(
        (await fetch(`${host.origin}/admin/clock/advance`, { method: 'POST', body: '{"ms":1}' })).status,
      ).toBe(401);
    });

    it('When the functions are listed, then every registration appears with its trigger', async () => {
      const list = (await (await fetch(`${host.origin}/admin/functions`, { headers: admin })).json()) as {
        name: string;
        trigger: string;
        schedule?: string;
      }[];
      expect(list.map((f) => f.name)).toEqual(
        expect.arrayContaining(['echo', 'everySecond', 'newYear', 'queueWork']),
      );
      expect(list.find((f) => f.name === 'newYear')).toMatchObject({
        trigger: 'timerTrigger',
        schedule: '0 0 0 1 1 *',
      });
      expect(list.find((f) => f.name === 'queueWork')?.trigger).toBe('queueTrigger');
    });

    it('When an admin runs an HTTP function or an unknown one, then 400 / 404', async () => {
      const http = await fetch(`${host.origin}/admin/functions/echo`, { method: 'POST', headers: admin });
      expect(http.status).toBe(400);
      const unknown = await fetch(`${host.origin}/admin/functions/nope`, { method: 'POST', headers: admin });
      expect(unknown.status).toBe(404);
    });
  });
});

describe('local Functions host lifecycle', () => {
  it('When the process gets SIGINT, then it runs appTerminate hooks and exits 0', async () => {
    const host = await spawnHost();
    const exit = await host.stop('SIGINT');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(host.output()).toContain('fixture appTerminate hook ran');
  }, 30_000);

  it('When the entry point matches no file, then the host exits 1 and says why', async () => {
    await expect(spawnHost({ env: { DEVHOST_APP_MAIN: 'dist/no-such-dir/*.js' } })).rejects.toThrow(
      /Found zero files matching/,
    );
  }, 30_000);

  it('When DEVHOST_OPEN_ADMIN=true, then admin endpoints need no key', async () => {
    const host = await spawnHost({ env: { DEVHOST_OPEN_ADMIN: 'true' } });
    try {
      const res = await fetch(`${host.origin}/admin/host/status`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ state: 'Running' });
    } finally {
      await host.stop();
    }
  }, 30_000);
});
