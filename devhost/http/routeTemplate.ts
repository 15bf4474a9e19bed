/**
 * Functions (ASP.NET Core) route templates: literal segments (case-insensitive), `{name}`, optional
 * `{name?}`, catch-all `{*name}`, defaults `{name=value}`, and constraints `{id:int}`,
 * `{slug:alpha:minlength(2)}`, `{n:range(1,10)}`, `{s:regex(^a.*$)}`. Unknown constraints are
 * accepted (they never reject), so an unusual template still routes.
 */
export interface RouteTemplate {
  readonly template: string;
  /** Higher sorts first: literal segments beat parameters, constrained beat unconstrained, catch-all last. */
  readonly precedence: number[];
  match(path: string): Record<string, string> | undefined;
}

interface Parameter {
  name: string;
  optional: boolean;
  catchAll: boolean;
  defaultValue: string | undefined;
  constraints: Constraint[];
}

type Constraint = (value: string) => boolean;

export function parseRouteTemplate(template: string): RouteTemplate {
  const normalized = template.replace(/^\/+|\/+$/g, '');
  const segments = normalized === '' ? [] : normalized.split('/');
  const parameters: Parameter[] = [];
  let source = '^';
  const precedence: number[] = [];

  segments.forEach((segment, index) => {
    const parts = splitSegment(segment, template);
    const onlyParam = parts.length === 1 && typeof parts[0] !== 'string' ? parts[0] : undefined;
    if (onlyParam && (onlyParam.optional || onlyParam.catchAll || onlyParam.defaultValue !== undefined)) {
      // A whole optional segment: the preceding slash is optional with it.
      parameters.push(onlyParam);
      const capture = onlyParam.catchAll ? '(.*)' : '([^/]+)';
      source += index === 0 ? `(?:${capture})?` : `(?:/${capture})?`;
      precedence.push(onlyParam.catchAll ? 0 : 1);
      return;
    }
    source += index === 0 ? '' : '/';
    let rank = 4;
    for (const part of parts) {
      if (typeof part === 'string') {
        source += escapeRegExp(part);
      } else {
        parameters.push(part);
        // Greedy: in a complex segment like {name}.{ext} the last parameter gets the shortest tail, as in ASP.NET.
        source += part.catchAll ? '(.*)' : '([^/]+)';
        rank = Math.min(rank, part.catchAll ? 0 : part.constraints.length > 0 ? 3 : 2);
      }
    }
    precedence.push(rank);
  });
  source += '/?$';
  const regExp = new RegExp(source, 'i');

  return {
    template,
    precedence,
    match(path: string) {
      const trimmed = path.replace(/^\/+/, '');
      const found = regExp.exec(trimmed);
      if (!found) return undefined;
      const values: Record<string, string> = {};
      for (const [i, parameter] of parameters.entries()) {
        const raw = found[i + 1];
        let value: string | undefined;
        if (raw === undefined || raw === '') {
          value = parameter.defaultValue;
        } else {
          value = parameter.catchAll ? raw.split('/').map(safeDecode).join('/') : safeDecode(raw);
        }
        if (value === undefined) {
          if (parameter.optional || parameter.catchAll) continue;
          return undefined;
        }
        if (!parameter.constraints.every((c) => c(value))) return undefined;
        values[parameter.name] = value;
      }
      return values;
    },
  };
}

/** Orders templates the way the router tries them (most specific first). */
export function compareRoutePrecedence(a: RouteTemplate, b: RouteTemplate): number {
  const length = Math.max(a.precedence.length, b.precedence.length);
  for (let i = 0; i < length; i++) {
    // A missing segment ranks below any present one.
    const diff = (b.precedence[i] ?? -1) - (a.precedence[i] ?? -1);
    if (diff !== 0) return diff;
  }
  return 0;
}

function splitSegment(segment: string, template: string): (string | Parameter)[] {
  const parts: (string | Parameter)[] = [];
  let i = 0;
  while (i < segment.length) {
    const open = segment.indexOf('{', i);
    if (open < 0) {
      parts.push(segment.slice(i));
      break;
    }
    if (open > i) parts.push(segment.slice(i, open));
    const close = findClose(segment, open);
    if (close < 0) throw new Error(`Route template "${template}": unbalanced "{" in segment "${segment}".`);
    parts.push(parseParameter(segment.slice(open + 1, close), template));
    i = close + 1;
  }
  return parts;
}

/** The matching `}` (constraint arguments such as regex(...) may contain braces). */
function findClose(segment: string, open: number): number {
  let depth = 0;
  let parens = 0;
  for (let i = open; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '(') parens++;
    else if (ch === ')') parens--;
    else if (parens === 0 && ch === '{') depth++;
    else if (parens === 0 && ch === '}' && --depth === 0) return i;
  }
  return -1;
}

function parseParameter(body: string, template: string): Parameter {
  let text = body;
  const catchAll = text.startsWith('*');
  if (catchAll) text = text.replace(/^\*+/, '');
  let defaultValue: string | undefined;
  const eq = indexOutsideParens(text, '=');
  if (eq >= 0) {
    defaultValue = text.slice(eq + 1);
    text = text.slice(0, eq);
  }
  let optional = false;
  if (text.endsWith('?')) {
    optional = true;
    text = text.slice(0, -1);
  }
  const [name, ...constraintTexts] = splitOutsideParens(text, ':');
  if (!name || !/^[A-Za-z_][\w-]*$/.test(name)) {
    throw new Error(`Route template "${template}": bad parameter "{${body}}".`);
  }
  return { name, optional, catchAll, defaultValue, constraints: constraintTexts.map(toConstraint) };
}

function indexOutsideParens(text: string, ch: string): number {
  let parens = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') parens++;
    else if (text[i] === ')') parens--;
    else if (parens === 0 && text[i] === ch) return i;
  }
  return -1;
}

function splitOutsideParens(text: string, ch: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (let i = indexOutsideParens(rest, ch); i >= 0; i = indexOutsideParens(rest, ch)) {
    out.push(rest.slice(0, i));
    rest = rest.slice(i + 1);
  }
  out.push(rest);
  return out;
}

const guidPattern = /^[{(]?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}[})]?$/i;

function toConstraint(text: string): Constraint {
  const call = /^(\w+)(?:\((.*)\))?$/s.exec(text);
  const name = call?.[1]?.toLowerCase() ?? '';
  const arg = call?.[2] ?? '';
  const numbers = arg.split(',').map((s) => Number(s.trim()));
  const [n1 = Number.NaN, n2 = Number.NaN] = numbers;
  switch (name) {
    case 'int':
    case 'long':
      return (v) => /^-?\d+$/.test(v);
    case 'bool':
      return (v) => /^(true|false)$/i.test(v);
    case 'decimal':
    case 'double':
    case 'float':
      return (v) => v.trim() !== '' && Number.isFinite(Number(v));
    case 'guid':
      return (v) => guidPattern.test(v);
    case 'datetime':
      return (v) => !Number.isNaN(Date.parse(v));
    case 'alpha':
      return (v) => /^[a-z]+$/i.test(v);
    case 'minlength':
      return (v) => v.length >= n1;
    case 'maxlength':
      return (v) => v.length <= n1;
    case 'length':
      return numbers.length > 1 ? (v) => v.length >= n1 && v.length <= n2 : (v) => v.length === n1;
    case 'min':
      return (v) => /^-?\d+$/.test(v) && Number(v) >= n1;
    case 'max':
      return (v) => /^-?\d+$/.test(v) && Number(v) <= n1;
    case 'range':
      return (v) => /^-?\d+$/.test(v) && Number(v) >= n1 && Number(v) <= n2;
    case 'regex': {
      let pattern: RegExp | undefined;
      try {
        // Braces are doubled inside route templates.
        pattern = new RegExp(arg.replace(/\{\{/g, '{').replace(/\}\}/g, '}'), 'i');
      } catch {
        pattern = undefined;
      }
      return (v) => pattern?.test(v) ?? true;
    }
    default:
      // Unknown constraint: accepted rather than rejecting every request.
      return () => true;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
