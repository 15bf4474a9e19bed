/**
 * A Markdown pipe table with padded columns (readable in a terminal, pastes into a .md file as is).
 * Columns whose cells are all numbers (or empty / `-`) are right-aligned.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(h.length, 3, ...rows.map((r) => (r[c] ?? '').length)));
  const numeric = headers.map(
    (_, c) => rows.length > 0 && rows.every((r) => /^(-|n\/a|)$|^[-+]?[\d.,]+[a-z%/×]*$/i.test(r[c] ?? '')),
  );
  const cell = (text: string, c: number): string =>
    numeric[c] ? text.padStart(widths[c]!) : text.padEnd(widths[c]!);
  const line = (cells: readonly string[]): string =>
    `| ${headers.map((_, c) => cell(cells[c] ?? '', c)).join(' | ')} |`;
  const rule = `|${widths.map((w, c) => (numeric[c] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** A number for a table cell: `digits` decimals, thousands separated; `-` when not a number. */
export function num(value: number | undefined, digits = 0): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
