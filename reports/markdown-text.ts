/** Small pieces of GitHub-flavoured Markdown that stay correct whatever text they carry. */

/** Text for a table cell or a line: pipes would split the cell, `<` could start HTML, newlines end the row. */
export function mdText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n|\r/g, ' ');
}

/** Inline code that survives backticks in the value. */
export function mdCode(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const fence = '`'.repeat(longestRun(flat, '`') + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Inline code inside a table cell: GFM splits cells at a pipe even inside code, unless it is escaped. */
export function mdCodeCell(text: string): string {
  return mdCode(text.replace(/\|/g, '\\|'));
}

/** A fenced block whose fence is longer than any backtick run inside, so quoted records cannot close it. */
export function mdCodeBlock(body: string, language = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${fence}${language}\n${body}\n${fence}`;
}

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/**
 * Counts by key (statuses, result codes) as a table, keys in order and a total row; undefined
 * when there is nothing to count, so that each caller says that in its own words.
 */
export function mdCountsTable(
  keyHeader: string,
  counts: Readonly<Record<string, number>>,
): string | undefined {
  const entries = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return undefined;
  const total = entries.reduce((sum, [, n]) => sum + n, 0);
  const rows = [
    ...entries.map(([k, n]) => [mdCodeCell(k), formatCount(n)]),
    ['**total**', formatCount(total)],
  ];
  return mdTable([keyHeader, 'Count'], rows);
}

export function isoOrDash(epochMs: number | undefined): string {
  if (epochMs === undefined || !Number.isFinite(epochMs)) return '-';
  const date = new Date(epochMs);
  return Number.isNaN(date.getTime()) ? '-' : date.toISOString();
}

export function formatCount(n: number): string {
  return Number.isFinite(n) ? n.toLocaleString('en-US') : String(n);
}

export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(2)}%` : String(fraction);
}

export function formatMs(ms: number): string {
  return Number.isFinite(ms) ? `${Number(ms.toFixed(1))} ms` : String(ms);
}

export function formatSeconds(ms: number): string {
  return Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : String(ms);
}

function longestRun(text: string, ch: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === ch ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}
