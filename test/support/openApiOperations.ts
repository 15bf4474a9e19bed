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

const STRING_CANDIDATES = ['probe', 'isolation-probe', 'a', '1', 'probe@example.com', 'https://example.com/'];

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
  const s = resolveRef(doc, schema);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const variants = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (variants?.length)
    return minimalValue(
      doc,
      variants.find((v) => resolveRef(doc, v).type !== 'null') ?? variants[0],
      resources,
      name,
    );
  if (s.default !== undefined) return s.default;
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of (s.required as string[] | undefined) ?? []) {
        out[key] = minimalValue(doc, s.properties?.[key], resources, key);
      }
      return out;
    }
    case 'array':
      return Array.from({ length: s.minItems ?? 0 }, () => minimalValue(doc, s.items, resources));
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
        (s.format !== 'uri' || c.startsWith('https://'));
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
