import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The files under `cwd` that match `pattern`, as relative paths with `/`, sorted. Covers what a
 * package.json `main` uses with the worker's globby: `{a,b}` alternatives, `*`, `?` and `**`.
 * Node 20 has no `fs.glob`, and the host keeps to the project's declared dependencies.
 */
export function globFiles(pattern: string, cwd: string): string[] {
  const found = new Set<string>();
  for (const expanded of expandBraces(pattern.replace(/^\.\//, ''))) {
    walk(
      cwd,
      expanded.split('/').filter((s) => s.length > 0),
      '',
      found,
    );
  }
  return [...found].sort();
}

/** True when the pattern has glob syntax (otherwise it names one file). */
export function hasMagic(pattern: string): boolean {
  return /[*?{}[\]]/.test(pattern);
}

export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  let depth = 0;
  let close = -1;
  for (let i = open; i < pattern.length; i++) {
    if (pattern[i] === '{') depth++;
    if (pattern[i] === '}' && --depth === 0) {
      close = i;
      break;
    }
  }
  if (close < 0) return [pattern];
  const alternatives: string[] = [];
  let start = open + 1;
  depth = 0;
  for (let i = open + 1; i < close; i++) {
    if (pattern[i] === '{') depth++;
    if (pattern[i] === '}') depth--;
    if (pattern[i] === ',' && depth === 0) {
      alternatives.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  alternatives.push(pattern.slice(start, close));
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  return alternatives.flatMap((alt) => expandBraces(head + alt + tail));
}

function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (const ch of segment) {
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function entries(dir: string): { name: string; isDir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') || e.name === '.')
      .map((e) => ({
        name: e.name,
        isDir: e.isDirectory() || (e.isSymbolicLink() && isDirectory(join(dir, e.name))),
      }));
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function walk(dir: string, segments: string[], prefix: string, found: Set<string>): void {
  const [segment, ...rest] = segments;
  if (segment === undefined) return;
  if (segment === '**') {
    // `**` matches zero or more directories.
    walk(dir, rest, prefix, found);
    for (const entry of entries(dir)) {
      if (entry.isDir && entry.name !== 'node_modules') {
        walk(join(dir, entry.name), segments, `${prefix}${entry.name}/`, found);
      }
    }
    return;
  }
  if (!hasMagic(segment)) {
    const path = join(dir, segment);
    if (rest.length === 0) {
      if (statOrUndefined(path)?.isFile()) found.add(prefix + segment);
    } else if (isDirectory(path)) {
      walk(path, rest, `${prefix}${segment}/`, found);
    }
    return;
  }
  const matcher = segmentRegExp(segment);
  for (const entry of entries(dir)) {
    if (!matcher.test(entry.name)) continue;
    if (rest.length === 0) {
      if (!entry.isDir) found.add(prefix + entry.name);
    } else if (entry.isDir) {
      walk(join(dir, entry.name), rest, `${prefix}${entry.name}/`, found);
    }
  }
}

function statOrUndefined(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
