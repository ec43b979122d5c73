/** A fenced code block of a Markdown document. */
export interface CodeBlock {
  /** The language of the info string (`ts`, `sh`, …), lower-cased. */
  readonly language: string;
  /** The words after the language: `nocheck`, `file=acme-options.ts`. */
  readonly meta: readonly string[];
  readonly code: string;
  /** 1-based line of the first line of code (the line after the opening fence). */
  readonly line: number;
}

/** A pipe table of a Markdown document, with the headings it sits under. */
export interface MarkdownTable {
  /** Titles of the enclosing headings, outermost first (`['@easel/core', 'The hub']`). */
  readonly headings: readonly string[];
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<{ readonly cells: readonly string[]; readonly line: number }>;
  /** 1-based line of the header row. */
  readonly line: number;
}

const fence = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/** Every fenced code block, in order. */
export function readCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const opening = fence.exec(lines[index] ?? '');
    if (!opening) continue;
    const marker = opening[2] ?? '```';
    const body: string[] = [];
    let end = index + 1;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(marker)) {
      body.push(lines[end] ?? '');
      end++;
    }
    blocks.push({
      language: (opening[3] ?? '').toLowerCase(),
      meta: (opening[4] ?? '').split(/\s+/).filter(Boolean),
      code: body.join('\n'),
      line: index + 2,
    });
    index = end;
  }
  return blocks;
}

/** Split a table row on the pipes that are not escaped (`\|`) and not inside backticks. */
export function splitRow(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let inCode = false;
  const text = row.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character === '\\' && text[index + 1] === '|') {
      cell += '|';
      index++;
    } else if (character === '`') {
      inCode = !inCode;
      cell += character;
    } else if (character === '|' && !inCode) {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += character;
    }
  }
  cells.push(cell.trim());
  return cells;
}

/** Every pipe table outside code blocks, with the headings above it. */
export function readTables(markdown: string): MarkdownTable[] {
  const lines = markdown.split('\n');
  const tables: MarkdownTable[] = [];
  const headings: string[] = [];
  let inFence: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const opening = fence.exec(line);
    if (opening) {
      const marker = opening[2] ?? '```';
      if (inFence === undefined) inFence = marker;
      else if (line.trim().startsWith(inFence)) inFence = undefined;
      continue;
    }
    if (inFence !== undefined) continue;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      headings.splice(level - 1);
      while (headings.length < level - 1) headings.push('');
      headings.push((heading[2] ?? '').trim());
      continue;
    }
    const separator = lines[index + 1] ?? '';
    if (!line.trim().startsWith('|') || !/^\s*\|?\s*:?-{3,}/.test(separator)) continue;
    const rows: Array<{ cells: string[]; line: number }> = [];
    let next = index + 2;
    while (next < lines.length && (lines[next] ?? '').trim().startsWith('|')) {
      rows.push({ cells: splitRow(lines[next] ?? ''), line: next + 1 });
      next++;
    }
    tables.push({
      headings: headings.filter(Boolean),
      header: splitRow(line),
      rows,
      line: index + 1,
    });
    index = next - 1;
  }
  return tables;
}

/** The first table under a heading with this title (at any level). */
export function tableUnder(markdown: string, heading: string): MarkdownTable | undefined {
  return readTables(markdown).find(table => table.headings.at(-1) === heading);
}

/**
 * The backticked words of a cell, in order. `a`…`a_8` (or `a`...`a_8`) stands for `a`, `a_2`, …,
 * `a_8`.
 */
export function codeSpans(cell: string): string[] {
  const spans: string[] = [];
  const pattern = /`([^`]+)`(\s*(?:…|\.\.\.)\s*(?=`))?/g;
  let previousRange: string | undefined;
  for (const match of cell.matchAll(pattern)) {
    const span = match[1] ?? '';
    if (previousRange !== undefined) {
      const range = new RegExp(`^${escapeRegExp(previousRange)}_(\\d+)$`).exec(span);
      const last = range ? Number(range[1]) : 0;
      for (let number = 2; number < last; number++) spans.push(`${previousRange}_${number}`);
    }
    spans.push(span);
    previousRange = match[2] ? span : undefined;
  }
  return spans;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
