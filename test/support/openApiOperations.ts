/**
 * Reads the OpenAPI document the host serves and turns it into callable operations, so that the
 * proof tests (isolation, fuzzing) cover every publisher endpoint the document lists without
 * naming them. Path parameters are filled from a set of resources; a parameter with no value
 * fails loudly (a test must not skip an endpoint silently).
 */

export type JsonSchema = Record<string, any>;

export interface OpenApiDoc {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface OpenApiOperation {
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema?: JsonSchema }> };
}

export interface Operation {
  method: string;
  /** Path template as in the document, e.g. `/api/offers/{offerId}`. */
  path: string;
  op: OpenApiOperation;
  pathParams: OpenApiParameter[];
  /** The JSON request body schema, if the operation takes JSON. */
  jsonBody?: JsonSchema;
  /** The operation takes raw bytes (application/octet-stream). */
  bytesBody: boolean;
}

export async function fetchOpenApi(hostOrigin: string): Promise<OpenApiDoc> {
  const res = await fetch(`${hostOrigin}/api/openapi.json`);
  if (res.status !== 200) throw new Error(`openapi.json: ${res.status}`);
  return (await res.json()) as OpenApiDoc;
}

/** Every operation with bearer security: the publisher endpoints. */
export function publisherOperations(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      if (!op.security?.some((s) => Object.keys(s).length > 0)) continue;
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase(),
        path,
        op,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path'),
        jsonBody: content['application/json']?.schema,
        bytesBody: 'application/octet-stream' in content,
      });
    }
  }
  return ops;
}

export function resolveRef(doc: OpenApiDoc, schema: JsonSchema | undefined): JsonSchema {
  let s = schema ?? {};
  for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    s = doc.components?.schemas?.[name] ?? {};
  }
  return s;
}

/**
 * The value for each path parameter: `resources[name]`, else the first value of the parameter's
 * enum. Throws naming the operation and the parameter when neither exists.
 */
export function fillPath(doc: OpenApiDoc, op: Operation, resources: Record<string, string>): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const param = op.pathParams.find((p) => p.name === name);
    const schema = resolveRef(doc, param?.schema);
    const value = resources[name] ?? (Array.isArray(schema.enum) ? String(schema.enum[0]) : undefined);
    if (value === undefined) {
      throw new Error(
        `${op.method} ${op.path}: no value for path parameter {${name}}; add one to the test's resources`,
      );
    }
    return encodeURIComponent(value);
  });
}

/** The path parameter's value as fillPath chose it (unencoded), or undefined. */
export function paramValue(
  doc: OpenApiDoc,
  op: Operation,
  resources: Record<string, string>,
  name: string,
): string | undefined {
  const param = op.pathParams.find((p) => p.name === name);
  if (!param) return undefined;
  const schema = resolveRef(doc, param.schema);
  return resources[name] ?? (Array.isArray(schema.enum) ? String(schema.enum[0]) : undefined);
}

const STRING_CANDIDATES = [
  'probe',
  'isolation-probe',
  'a',
  '1',
  'probe@example.com',
  'https://example.com/',
  '2026-01-01T00:00:00.000Z',
  '/probe',
];

/**
 * The smallest valid instance of a JSON schema: required properties only, first enum value,
 * minimum lengths; a property named like a resource takes the resource's value.
 */
export function minimalValue(
  doc: OpenApiDoc,
  schema: JsonSchema | undefined,
  resources: Record<string, string> = {},
  name?: string,
): unknown {
  return instanceOf(doc, schema, resources, name, false, 0);
}

/**
 * The fullest valid instance of a JSON schema: like {@link minimalValue}, but every property,
 * optional ones too, and one item in each array, so that mutations reach every field.
 */
export function fullValue(
  doc: OpenApiDoc,
  schema: JsonSchema | undefined,
  resources: Record<string, string> = {},
  name?: string,
): unknown {
  return instanceOf(doc, schema, resources, name, true, 0);
}

function instanceOf(
  doc: OpenApiDoc,
  schema: JsonSchema | undefined,
  resources: Record<string, string>,
  name: string | undefined,
  full: boolean,
  depth: number,
): unknown {
  const s = resolveRef(doc, schema);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (variants?.length)
    return instanceOf(
      doc,
      variants.find((v) => resolveRef(doc, v).type !== 'null') ?? variants[0],
      resources,
      name,
      full,
      depth,
    );
  if (s.default !== undefined && !(full && (s.type === 'object' || s.type === 'array'))) return s.default;
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const required = (s.required as string[] | undefined) ?? [];
      // A schema that refers to itself stops growing: only required members below this depth.
      const keys = full && depth < 8 ? Object.keys(s.properties ?? {}) : required;
      for (const key of keys) {
        out[key] = instanceOf(doc, s.properties?.[key], resources, key, full, depth + 1);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: Math.max(s.minItems ?? 0, full && depth < 8 ? 1 : 0) }, () =>
        instanceOf(doc, s.items, resources, undefined, full, depth + 1),
      );
    case 'integer':
    case 'number':
      return s.minimum ?? s.exclusiveMinimum ?? 1;
    case 'boolean':
      return true;
    case 'string': {
      if (name && resources[name] !== undefined) return resources[name];
      const pattern = typeof s.pattern === 'string' ? new RegExp(s.pattern) : undefined;
      const fits = (c: string) =>
        (!pattern || pattern.test(c)) &&
        c.length >= (s.minLength ?? 0) &&
        c.length <= (s.maxLength ?? Infinity) &&
        (s.format !== 'email' || c.includes('@')) &&
        (s.format !== 'uri' || c.startsWith('https://')) &&
        (s.format !== 'date-time' || /^\d{4}-\d{2}-\d{2}T/.test(c));
      return STRING_CANDIDATES.find(fits) ?? 'probe';
    }
    default:
      return {};
  }
}

/** True when `path` (concrete, `/api/...`) matches a route template of the host (`offers/{offerId}`). */
export function routeMatchesPath(route: string, docPath: string): boolean {
  const r = `/api/${route}`.split('/');
  const d = docPath.split('/');
  if (r.length !== d.length) return false;
  return r.every((seg, i) => {
    const other = d[i] as string;
    if (/^\{[^}]+\}$/.test(seg)) return true; // a route parameter matches a literal or a parameter
    if (/^\{[^}]+\}$/.test(other)) return false; // a literal route segment never matches a document parameter
    return seg.toLowerCase() === other.toLowerCase();
  });
}

/** An HTTP route the host registers (from its admin API), e.g. `storefront/offers/{listingId}`. */
export interface HostRoute {
  /** Function name. */
  name: string;
  method: string;
  route: string;
}

/** Every HTTP route the host registers, one entry per method (`GET /admin/functions`). */
export async function hostHttpRoutes(
  hostOrigin: string,
  adminHeaders: Record<string, string>,
): Promise<HostRoute[]> {
  const res = await fetch(`${hostOrigin}/admin/functions`, { headers: adminHeaders });
  if (res.status !== 200) throw new Error(`admin/functions: ${res.status}`);
  const functions = (await res.json()) as {
    name: string;
    bindings: Record<string, Record<string, unknown>>;
  }[];
  return functions.flatMap((fn) =>
    Object.values(fn.bindings)
      .filter((b) => String(b.type).toLowerCase() === 'httptrigger')
      .flatMap((b) =>
        ((b.methods as string[] | undefined) ?? ['GET']).map((m) => ({
          name: fn.name,
          method: m.toUpperCase(),
          route: typeof b.route === 'string' ? b.route : fn.name,
        })),
      ),
  );
}

/**
 * Operations for the registered routes the document does not list (the customer storefront, the
 * certification webhook): path parameters from the route template, no body schema (the caller
 * supplies one where it knows it).
 */
export function undocumentedOperations(routes: HostRoute[], documented: Operation[]): Operation[] {
  return routes
    .filter((r) => !documented.some((op) => op.method === r.method && routeMatchesPath(r.route, op.path)))
    .map((r) => {
      const names = [...r.route.matchAll(/\{([^}:?]+)[^}]*\}/g)].map((m) => m[1] as string);
      const pathParams: OpenApiParameter[] = names.map((name) => ({
        name,
        in: 'path',
        required: true,
        schema: { type: 'string' },
      }));
      return {
        method: r.method,
        path: `/api/${r.route.replace(/\{([^}:?]+)[^}]*\}/g, '{$1}')}`,
        op: { summary: `${r.name} (registered route, not in the document)`, parameters: pathParams },
        pathParams,
        bytesBody: false,
      };
    });
}
