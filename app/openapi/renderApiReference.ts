/**
 * A self-contained HTML reference page rendered from the OpenAPI document (no scripts, no CDN):
 * every operation with its parameters, request body and responses, and every schema, linked.
 */
export function renderApiReference(document: object): string {
  const doc = document as OpenApiDocument;
  const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ path, method, op })),
  );
  const nav = operations
    .map(({ path, method }) => `<li><a href="#${anchor(method, path)}"><code>${method.toUpperCase()} ${escape(path)}</code></a></li>`)
    .join('');
  const body = operations.map(({ path, method, op }) => renderOperation(path, method, op)).join('\n');
  const schemas = Object.entries(doc.components?.schemas ?? {})
    .map(
      ([name, schema]) =>
        `<section id="schema-${escape(name)}"><h3>${escape(name)}</h3>${schemaBlock(schema)}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(doc.info.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex}nav{width:22rem;height:100vh;overflow:auto;position:sticky;top:0;background:#f6f8fa;padding:1rem;box-sizing:border-box}
nav ul{list-style:none;padding:0}main{padding:1rem 2rem;max-width:60rem}pre{background:#f6f8fa;padding:.75rem;overflow:auto;font-size:13px}
h2{border-top:1px solid #ddd;padding-top:1rem}.get{color:#0a7}.post{color:#07a}.put{color:#a60}.delete{color:#c22}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
</style></head><body>
<nav><p><strong>${escape(doc.info.title)}</strong><br>version ${escape(doc.info.version)}</p><p><a href="openapi.json">openapi.json</a></p><ul>${nav}</ul><p><a href="#schemas">Schemas</a></p></nav>
<main><h1>${escape(doc.info.title)}</h1><p>${escape(doc.info.description ?? '')}</p>
${body}
<h2 id="schemas">Schemas</h2>${schemas}</main></body></html>`;
}

interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
}

interface Operation {
  summary?: string;
  description?: string;
  security?: unknown[];
  parameters?: { name: string; in: string; required?: boolean; description?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

function renderOperation(path: string, method: string, op: Operation): string {
  const params = (op.parameters ?? [])
    .map(
      (p) =>
        `<tr><td><code>${escape(p.name)}</code></td><td>${escape(p.in)}</td><td>${p.required ? 'yes' : ''}</td><td>${escape(p.description ?? '')} ${schemaInline(p.schema)}</td></tr>`,
    )
    .join('');
  const request = Object.entries(op.requestBody?.content ?? {})
    .map(([type, media]) => `<h4>Request body <code>${escape(type)}</code></h4>${schemaBlock(media.schema)}`)
    .join('');
  const responses = Object.entries(op.responses ?? {})
    .map(([status, response]) => {
      const content = Object.entries(response.content ?? {})
        .map(([type, media]) => `<code>${escape(type)}</code> ${schemaInline(media.schema)}`)
        .join('<br>');
      return `<tr><td><strong>${escape(status)}</strong></td><td>${escape(response.description ?? '')}</td><td>${content}</td></tr>`;
    })
    .join('');
  return `<h2 id="${anchor(method, path)}"><span class="${escape(method)}">${method.toUpperCase()}</span> <code>${escape(path)}</code></h2>
<p><strong>${escape(op.summary ?? '')}</strong>${op.security?.length ? ' &middot; bearer token required' : ''}</p>
${op.description ? `<p>${escape(op.description)}</p>` : ''}
${params ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th></th></tr>${params}</table>` : ''}
${request}
<h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses}</table>`;
}

function schemaInline(schema: unknown): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref) {
    const name = ref.split('/').pop() ?? ref;
    return `<a href="#schema-${escape(name)}">${escape(name)}</a>`;
  }
  return schema === undefined ? '' : `<code>${escape(JSON.stringify(schema))}</code>`;
}

function schemaBlock(schema: unknown): string {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  if (ref) return `<p>${schemaInline(schema)}</p>`;
  return `<pre>${escape(JSON.stringify(schema, null, 2))}</pre>`;
}

function anchor(method: string, path: string): string {
  return `${method}-${path.replace(/[^a-zA-Z0-9]+/g, '-')}`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
