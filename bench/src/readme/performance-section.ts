import type { BenchResults, ResultEntry } from '../results/results-schema.js';

/** The markers around the generated section in the root README. */
export const sectionStart = '<!-- bench:start -->';
export const sectionEnd = '<!-- bench:end -->';

/** The command that produces the numbers, as the README shows it. */
export const benchCommand = 'npx --yes pnpm@10.34.8 bench';

/** Formats a number for the table: three significant digits, whole numbers from 1000 up. */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (Math.abs(value) >= 1_000) return Math.round(value).toString();
  if (value === 0) return '0';
  return Number(value.toPrecision(3)).toString();
}

function formatMet(entry: ResultEntry): string {
  if (entry.met === null) return 'not measured';
  return entry.met ? '**met**' : '**missed**';
}

function formatRatio(entry: ResultEntry): string {
  return entry.ratio === null ? '—' : `${formatNumber(entry.ratio)} (${entry.ratioOf})`;
}

/** Columns of the table; `right` ones hold numbers. */
const columns: ReadonlyArray<{ readonly title: string; readonly right?: true }> = [
  { title: 'Goal' },
  { title: 'What' },
  { title: 'Unit' },
  { title: 'Easel', right: true },
  { title: 'Direct', right: true },
  { title: 'Portkey', right: true },
  { title: 'Pass-through', right: true },
  { title: 'AI SDK', right: true },
  { title: 'Ratio' },
  { title: 'Target' },
  { title: 'Result' },
];

/**
 * The markdown table of every goal check, padded as the repository's formatter (biome) lays out
 * tables, so that formatting the README leaves the generated section as it is.
 */
export function renderTable(results: BenchResults): string {
  const cells = results.entries.map(entry => [
    entry.id,
    `${entry.title}: ${entry.metric}`,
    entry.unit,
    formatNumber(entry.easel),
    formatNumber(entry.peers.direct),
    formatNumber(entry.peers.portkey),
    formatNumber(entry.peers.passthrough),
    formatNumber(entry.peers.aiSdk),
    formatRatio(entry),
    entry.goal.text,
    formatMet(entry),
  ]);
  const widths = columns.map((column, index) =>
    Math.max(column.title.length, 3, ...cells.map(row => row[index]!.length)),
  );
  const line = (row: readonly string[]) =>
    `| ${row
      .map((cell, index) =>
        columns[index]!.right ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!),
      )
      .join(' | ')} |`;
  const rule = `| ${columns
    .map((column, index) =>
      column.right ? `${'-'.repeat(widths[index]! - 1)}:` : '-'.repeat(widths[index]!),
    )
    .join(' | ')} |`;
  return [line(columns.map(column => column.title)), rule, ...cells.map(row => line(row))].join(
    '\n',
  );
}

/** The README's Performance section (without the markers), generated from a results file. */
export function renderPerformanceSection(results: BenchResults): string {
  const { machine } = results;
  const commit = `${machine.gitSha.slice(0, 12)}${machine.gitDirty ? ' with uncommitted changes' : ''}`;
  const command = `${benchCommand}${results.mode === 'quick' ? ' --quick' : ''}`;
  const lines = [
    '## Performance',
    '',
    'Easel side by side with a direct call to the upstream, the Portkey OSS gateway, a bare undici',
    'pass-through proxy and the Vercel AI SDK, on loopback, every system in its own process; method,',
    'durations and scenarios in [`bench/README.md`](bench/README.md). This section is generated from',
    '[`bench/results/latest.json`](bench/results/latest.json); do not edit it by hand.',
    '',
    `- Command: \`${command}\` (${results.mode} mode${results.mode === 'quick' ? ': short runs, indicative only' : ''}, ${Math.round(results.durationSeconds)} s)`,
    `- Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`,
    `- Runtime: Node.js ${machine.node}, undici ${machine.undici}`,
    `- Commit: \`${commit}\`, measured ${machine.date.slice(0, 10)}`,
  ];
  if (results.caveat !== undefined) lines.push(`- Caveat: ${results.caveat}`);
  lines.push('', renderTable(results));
  const notes = new Map<string, Set<string>>();
  for (const entry of results.entries) {
    if (entry.note === undefined) continue;
    const scenarioNotes = notes.get(entry.scenario) ?? new Set<string>();
    for (const note of entry.note.split('; ')) scenarioNotes.add(note);
    notes.set(entry.scenario, scenarioNotes);
  }
  if (notes.size > 0) {
    lines.push('', 'Notes:', '');
    for (const [scenario, scenarioNotes] of notes) {
      lines.push(`- ${scenario}: ${[...scenarioNotes].join('; ')}`);
    }
  }
  return lines.join('\n');
}

/**
 * Replaces what lies between the markers with `section`.
 *
 * @throws Error when the markers are missing or out of order.
 */
export function replaceSection(readme: string, section: string): string {
  const start = readme.indexOf(sectionStart);
  const end = readme.indexOf(sectionEnd);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`README.md has no ${sectionStart} … ${sectionEnd} markers`);
  }
  return `${readme.slice(0, start + sectionStart.length)}\n${section}\n${readme.slice(end)}`;
}

/** What lies between the markers, without the line breaks next to them. */
export function extractSection(readme: string): string | undefined {
  const start = readme.indexOf(sectionStart);
  const end = readme.indexOf(sectionEnd);
  if (start === -1 || end === -1 || end < start) return undefined;
  return readme
    .slice(start + sectionStart.length, end)
    .replace(/^\n/, '')
    .replace(/\n$/, '');
}
