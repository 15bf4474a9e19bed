/**
 * Reads the literal value of one `var` in a Bicep file, enough for tests that compare infra with
 * the code (app setting names, Cosmos containers). Not a Bicep compiler: objects, arrays,
 * strings, numbers, booleans and null are read as values; anything else (references,
 * interpolated strings, function calls, conditions) becomes `{ expression: '<source text>' }`.
 * Comments, multi-line strings and braces inside strings are handled, so a key is never found
 * where Bicep would not see one.
 */
export type BicepValue =
  string | number | boolean | null | BicepValue[] | { [key: string]: BicepValue } | BicepExpression;

export class BicepExpression {
  constructor(readonly expression: string) {}
}

interface Token {
  kind: 'punct' | 'string' | 'word' | 'newline';
  text: string;
  /** Decoded value of a string token without interpolation. */
  value?: string;
  interpolated?: boolean;
  start: number;
  end: number;
}

export function readBicepVariable(source: string, name: string): BicepValue {
  const tokens = tokenize(source);
  for (let i = 0; i + 2 < tokens.length; i++) {
    const atLineStart = i === 0 || tokens[i - 1]?.kind === 'newline';
    if (!atLineStart || tokens[i]?.text !== 'var' || tokens[i + 1]?.text !== name) continue;
    // `var name = ...` or, with a declared type, `var name someType[] = ...`.
    let eq = i + 2;
    while (eq < tokens.length && tokens[eq]?.text !== '=' && tokens[eq]?.kind !== 'newline') eq++;
    if (tokens[eq]?.text === '=') return new Parser(source, tokens, eq + 1).value();
  }
  throw new Error(`No "var ${name} = ..." in the Bicep source`);
}

class Parser {
  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
    private pos: number,
  ) {}

  value(): BicepValue {
    const first = this.peek();
    const start = this.pos;
    let literal: BicepValue | undefined;
    if (first?.text === '{') literal = this.object();
    else if (first?.text === '[') literal = this.array();
    else if (first?.kind === 'string' && !first.interpolated) {
      this.pos++;
      literal = first.value ?? '';
    } else if (first?.kind === 'word' && /^-?\d+$/.test(first.text)) {
      this.pos++;
      literal = Number(first.text);
    } else if (first?.kind === 'word' && ['true', 'false', 'null'].includes(first.text)) {
      this.pos++;
      literal = first.text === 'null' ? null : first.text === 'true';
    }
    // A literal followed by more (`'a' == x ? ...`, `[...][0]`) is part of an expression.
    if (literal !== undefined && this.atValueEnd()) return literal;
    this.pos = start;
    return this.expression();
  }

  private object(): { [key: string]: BicepValue } {
    this.expect('{');
    const result: { [key: string]: BicepValue } = {};
    for (;;) {
      this.skipSeparators();
      const token = this.next();
      if (token.text === '}') return result;
      if (token.text === '...') {
        // Spread: its keys are not literal, keep the expression under a marker key.
        result[`...${Object.keys(result).length}`] = this.expression();
        continue;
      }
      const key =
        token.kind === 'string' && !token.interpolated
          ? (token.value ?? '')
          : token.kind === 'word' && /^[A-Za-z_][\w]*$/.test(token.text)
            ? token.text
            : undefined;
      if (key === undefined) throw this.error(token, 'an object key');
      if (Object.hasOwn(result, key)) throw this.error(token, `a key other than duplicate "${key}"`);
      this.expect(':');
      result[key] = this.value();
    }
  }

  private array(): BicepValue[] | BicepExpression {
    const start = this.pos;
    this.expect('[');
    this.skipSeparators();
    if (this.peek()?.text === 'for') {
      this.pos = start;
      return this.expression();
    }
    const items: BicepValue[] = [];
    for (;;) {
      this.skipSeparators();
      if (this.peek()?.text === ']') {
        this.pos++;
        return items;
      }
      items.push(this.value());
    }
  }

  /** Source text up to the end of the value: a newline, `,` or a closer at depth 0. */
  private expression(): BicepExpression {
    let depth = 0;
    const first = this.peek();
    if (!first) throw new Error('Unexpected end of the Bicep source');
    let last = first;
    for (;;) {
      const token = this.peek();
      if (!token) break;
      if (depth === 0 && (token.kind === 'newline' || token.text === ',')) break;
      if (['{', '[', '('].includes(token.text)) depth++;
      if (['}', ']', ')'].includes(token.text)) {
        if (depth === 0) break;
        depth--;
      }
      last = token;
      this.pos++;
    }
    return new BicepExpression(this.source.slice(first.start, last.end));
  }

  private atValueEnd(): boolean {
    const token = this.peek();
    return !token || token.kind === 'newline' || [',', '}', ']', ')'].includes(token.text);
  }

  private skipSeparators(): void {
    while (this.peek()?.kind === 'newline' || this.peek()?.text === ',') this.pos++;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const token = this.tokens[this.pos++];
    if (!token) throw new Error('Unexpected end of the Bicep source');
    return token;
  }

  private expect(text: string): void {
    const token = this.next();
    if (token.text !== text) throw this.error(token, `"${text}"`);
  }

  private error(token: Token, expected: string): Error {
    const line = this.source.slice(0, token.start).split('\n').length;
    return new Error(`Bicep line ${line}: expected ${expected}, found "${token.text}"`);
  }
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: Token['kind'], start: number, end: number, extra: Partial<Token> = {}) =>
    tokens.push({ kind, text: source.slice(start, end), start, end, ...extra });
  while (i < source.length) {
    const c = source[i] ?? '';
    if (c === '\n') {
      push('newline', i, i + 1);
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (source.startsWith('//', i)) {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (source.startsWith('/*', i)) {
      const close = source.indexOf('*/', i + 2);
      if (close < 0) throw new Error('Unclosed /* comment in the Bicep source');
      i = close + 2;
    } else if (source.startsWith("'''", i)) {
      // Multi-line string: verbatim, no escapes, no interpolation.
      const close = source.indexOf("'''", i + 3);
      if (close < 0) throw new Error("Unclosed ''' string in the Bicep source");
      push('string', i, close + 3, { value: source.slice(i + 3, close).replace(/^\r?\n/, '') });
      i = close + 3;
    } else if (c === "'") {
      const start = i;
      let value = '';
      let interpolated = false;
      i++;
      for (;;) {
        const d = source[i];
        if (d === undefined || d === '\n') throw new Error('Unclosed string in the Bicep source');
        if (d === "'") break;
        if (d === '\\') {
          const escaped = source[i + 1] ?? '';
          value += { n: '\n', r: '\r', t: '\t', $: '$', "'": "'", '\\': '\\' }[escaped] ?? escaped;
          i += 2;
        } else if (source.startsWith('${', i)) {
          interpolated = true;
          i = skipInterpolation(source, i + 2);
        } else {
          value += d;
          i++;
        }
      }
      i++;
      push('string', start, i, interpolated ? { interpolated } : { value });
    } else if (source.startsWith('...', i)) {
      push('punct', i, i + 3);
      i += 3;
    } else if ('{}[]():,=?!.'.includes(c)) {
      // `==`, `!=`, `?.`, `??` stay as separate punctuation: only the value boundaries matter.
      push('punct', i, i + 1);
      i++;
    } else {
      const start = i;
      while (i < source.length && !/[\s{}[\]():,=?!.'/]/.test(source[i] ?? '')) i++;
      if (i === start) i++; // a lone operator character such as '/' or '<'
      push('word', start, i);
    }
  }
  return tokens;
}

/** Index just past the `}` closing an interpolation that starts at `i` (after `${`). */
function skipInterpolation(source: string, i: number): number {
  let depth = 1;
  while (i < source.length) {
    const c = source[i];
    if (c === "'") {
      // A string inside the interpolation: skip it, with its own interpolations.
      i++;
      while (i < source.length && source[i] !== "'") {
        if (source[i] === '\\') i += 2;
        else if (source.startsWith('${', i)) i = skipInterpolation(source, i + 2);
        else i++;
      }
      i++;
    } else {
      if (c === '{') depth++;
      if (c === '}' && --depth === 0) return i + 1;
      i++;
    }
  }
  throw new Error('Unclosed ${...} in a Bicep string');
}
