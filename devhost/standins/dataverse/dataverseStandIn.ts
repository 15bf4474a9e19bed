import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { readLocalAccessToken } from '../entra/localAccessToken';
import { createStandInServer, type Reply, type Route, type StandInTls } from '../shared/createStandInServer';
import { FailureSwitches } from '../shared/failureSwitches';

export interface SystemUser {
  systemuserid: string;
  domainname: string;
  firstname: string;
  lastname: string;
  internalemailaddress?: string;
  businessunitid: string;
  isdisabled: boolean;
  roles: Set<string>;
}

export interface DataverseStandIn {
  server: Server;
  /** Web API service root, e.g. https://127.0.0.1:PORT/api/data/v9.2 (known once listening). */
  webApiUrl(): string;
  users(): (Omit<SystemUser, 'roles'> & { roles: string[] })[];
  /** Enabled users holding at least one role: test drive sessions in use. */
  activeUsers(): number;
  highWater(): number;
  leads(): Record<string, unknown>[];
  /** How many writes each lead id received (idempotency can be checked). */
  leadWrites(): Record<string, number>;
  addRole(name: string): string;
  /** Targets: `createUser`, `associateRole`, `disableUser`, `lead`. */
  failures: FailureSwitches;
  close(): void;
}

const API = '/api/data/v9\\.[0-9]';
const GUID = '[0-9a-fA-F-]{36}';

/**
 * A Dataverse (Dynamics 365) environment's Web API as the test drive provisioner and the lead
 * sink call it over HTTPS with a bearer token whose audience is the environment's origin:
 * businessunits (the root one), roles (by name), systemusers (create, filter by domainname,
 * PATCH isdisabled), the systemuserroles_association N:N ($ref add and remove) and leads (PATCH
 * leads(id) upserts, as Dataverse does without If-Match). Only the OData the adapters send is
 * understood: `$filter` with `eq` terms joined by `and`.
 */
export function createDataverseStandIn(
  tls: StandInTls,
  roleNames = ['System Administrator', 'Sales Manager', 'Salesperson', 'Basic User'],
): DataverseStandIn {
  const businessUnitId = randomUUID();
  const roles = new Map<string, string>();
  const users = new Map<string, SystemUser>();
  const leads = new Map<string, Record<string, unknown>>();
  const leadWrites = new Map<string, number>();
  const failures = new FailureSwitches();
  let origin = '';
  let high = 0;
  const addRole = (name: string): string => {
    const id = randomUUID();
    roles.set(id, name);
    return id;
  };
  roleNames.forEach(addRole);
  const active = (): number => [...users.values()].filter((u) => !u.isdisabled && u.roles.size > 0).length;
  const base = (): string => `${origin}/api/data/v9.2`;
  const error = (status: number, code: string, message: string): Reply => ({
    status,
    json: { error: { code, message } },
  });
  const filterTerms = (filter: string | null): Record<string, string> => {
    const terms: Record<string, string> = {};
    for (const t of (filter ?? '').split(/\s+and\s+/i)) {
      const m = /^\s*(\w+)\s+eq\s+(?:'((?:[^']|'')*)'|(\S+))\s*$/i.exec(t);
      if (m?.[1])
        terms[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/''/g, "'") : (m[3] as string);
    }
    return terms;
  };
  const userView = (u: SystemUser) => ({
    systemuserid: u.systemuserid,
    domainname: u.domainname,
    firstname: u.firstname,
    lastname: u.lastname,
    internalemailaddress: u.internalemailaddress,
    isdisabled: u.isdisabled,
    _businessunitid_value: u.businessunitid,
  });

  const routes: Route[] = [
    {
      method: 'GET',
      pattern: new RegExp(`^${API}/businessunits$`),
      handle: (ctx) => {
        const f = filterTerms(ctx.url.searchParams.get('$filter'));
        const root = f.parentbusinessunitid === undefined || f.parentbusinessunitid === 'null';
        return {
          status: 200,
          json: { value: root ? [{ businessunitid: businessUnitId, name: 'Root' }] : [] },
        };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${API}/roles$`),
      handle: (ctx) => {
        const f = filterTerms(ctx.url.searchParams.get('$filter'));
        const value = [...roles]
          .filter(([, name]) => f.name === undefined || name === f.name)
          .filter(() => f._businessunitid_value === undefined || f._businessunitid_value === businessUnitId)
          .map(([roleid, name]) => ({ roleid, name, _businessunitid_value: businessUnitId }));
        return { status: 200, json: { value } };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${API}/systemusers$`),
      handle: (ctx) => {
        const f = filterTerms(ctx.url.searchParams.get('$filter'));
        const value = [...users.values()]
          .filter(
            (u) => f.domainname === undefined || u.domainname.toLowerCase() === f.domainname.toLowerCase(),
          )
          .map(userView);
        return { status: 200, json: { value } };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${API}/systemusers$`),
      handle: (ctx) => {
        const injected = failures.take('createUser');
        if (injected) return injected;
        const b = ctx.json<Record<string, unknown>>() ?? {};
        const bu = /businessunits\((?<id>[^)]+)\)/.exec(
          typeof b['businessunitid@odata.bind'] === 'string' ? b['businessunitid@odata.bind'] : '',
        )?.groups?.id;
        if (
          typeof b.domainname !== 'string' ||
          typeof b.firstname !== 'string' ||
          typeof b.lastname !== 'string' ||
          bu !== businessUnitId
        ) {
          return error(
            400,
            '0x80040203',
            'domainname, firstname, lastname and businessunitid@odata.bind (an existing business unit) are required',
          );
        }
        if (
          [...users.values()].some((u) => u.domainname.toLowerCase() === String(b.domainname).toLowerCase())
        ) {
          return error(412, '0x80040237', 'A record with matching key values already exists.');
        }
        const u: SystemUser = {
          systemuserid: randomUUID(),
          domainname: b.domainname,
          firstname: b.firstname,
          lastname: b.lastname,
          internalemailaddress:
            typeof b.internalemailaddress === 'string' ? b.internalemailaddress : undefined,
          businessunitid: bu,
          isdisabled: false,
          roles: new Set(),
        };
        users.set(u.systemuserid, u);
        return { status: 204, headers: { 'odata-entityid': `${base()}/systemusers(${u.systemuserid})` } };
      },
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^${API}/systemusers\\((?<id>${GUID})\\)$`),
      handle: (ctx) => {
        const injected = failures.take('disableUser');
        if (injected) return injected;
        const u = users.get((ctx.params.id as string).toLowerCase());
        if (!u) return error(404, '0x80040217', 'systemuser does not exist');
        const b = ctx.json<{ isdisabled?: boolean }>() ?? {};
        if (typeof b.isdisabled === 'boolean') u.isdisabled = b.isdisabled;
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`^${API}/systemusers\\((?<id>${GUID})\\)/systemuserroles_association/\\$ref$`),
      handle: (ctx) => {
        const injected = failures.take('associateRole');
        if (injected) return injected;
        const u = users.get((ctx.params.id as string).toLowerCase());
        const roleId = /roles\((?<id>[^)]+)\)/.exec(ctx.json<{ '@odata.id'?: string }>()?.['@odata.id'] ?? '')
          ?.groups?.id;
        if (!u) return error(404, '0x80040217', 'systemuser does not exist');
        if (!roleId || !roles.has(roleId)) return error(404, '0x80040217', 'role does not exist');
        u.roles.add(roleId);
        high = Math.max(high, active());
        return { status: 204 };
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(
        `^${API}/systemusers\\((?<id>${GUID})\\)/systemuserroles_association\\((?<role>${GUID})\\)/\\$ref$`,
      ),
      handle: (ctx) => {
        const u = users.get((ctx.params.id as string).toLowerCase());
        if (!u || !u.roles.delete((ctx.params.role as string).toLowerCase()))
          return error(404, '0x80040217', 'association does not exist');
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`^${API}/systemusers\\((?<id>${GUID})\\)/systemuserroles_association$`),
      handle: (ctx) => {
        const u = users.get((ctx.params.id as string).toLowerCase());
        if (!u) return error(404, '0x80040217', 'systemuser does not exist');
        return {
          status: 200,
          json: { value: [...u.roles].map((roleid) => ({ roleid, name: roles.get(roleid) })) },
        };
      },
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`^${API}/leads\\((?<id>${GUID})\\)$`),
      handle: (ctx) => {
        const injected = failures.take('lead');
        if (injected) return injected;
        const id = (ctx.params.id as string).toLowerCase();
        const b = ctx.json<Record<string, unknown>>();
        if (!b || typeof b.lastname !== 'string' || typeof b.subject !== 'string')
          return error(400, '0x80040203', 'subject and lastname are required');
        leads.set(id, { ...leads.get(id), ...b, leadid: id });
        leadWrites.set(id, (leadWrites.get(id) ?? 0) + 1);
        return { status: 204, headers: { 'odata-entityid': `${base()}/leads(${id})` } };
      },
    },
  ];
  const guarded: Route[] = routes.map((r) => ({
    ...r,
    handle: (ctx) =>
      readLocalAccessToken(ctx.req.headers, [origin])
        ? r.handle(ctx)
        : error(401, '0x80072560', 'A bearer token for this environment is required.'),
  }));
  const server = createStandInServer('dataverse', [...guarded, ...failures.routes()], tls);
  server.on('listening', () => {
    const address = server.address();
    if (address && typeof address === 'object') origin = `https://127.0.0.1:${address.port}`;
  });
  return {
    server,
    webApiUrl: base,
    users: () =>
      [...users.values()].map((u) => ({ ...u, roles: [...u.roles].map((r) => roles.get(r) ?? r) })),
    activeUsers: active,
    highWater: () => high,
    leads: () => [...leads.values()],
    leadWrites: () => Object.fromEntries(leadWrites),
    addRole,
    failures,
    close: () => {
      server.close();
      server.closeAllConnections();
    },
  };
}
