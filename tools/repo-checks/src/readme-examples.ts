import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { codeSpans, type MarkdownTable, readCodeBlocks } from './markdown.js';

/** A table whose first column names the members of a TypeScript type (see `TypeTable`). */
export interface TypeTableCheck {
  readonly table: MarkdownTable;
  readonly column: string;
  readonly module: string;
  readonly type: string;
  readonly kind: 'keys' | 'union';
}

/** A README to type-check: its ```ts blocks and its type tables. */
export interface ReadmeToCheck {
  /** Path shown in diagnostics, e.g. `packages/core/README.md`. */
  readonly path: string;
  readonly markdown: string;
  readonly typeTables?: readonly TypeTableCheck[];
}

/** A type error, at the README line it comes from. */
export interface ReadmeDiagnostic {
  readonly readme: string;
  readonly line: number;
  readonly message: string;
}

/** Where the README type-check runs. */
export interface TypeCheckSetup {
  /** An empty directory (outside the workspace is fine). */
  readonly directory: string;
  /** A `node_modules` with the packages the examples import (linked, not copied). */
  readonly nodeModules: string;
  /** `typescript/bin/tsc`. */
  readonly tsc: string;
}

const typeScriptLanguages = new Set(['ts', 'typescript', 'mts']);

/**
 * The compiler options of the examples: what a user's strict ESM project on Node would have
 * (`noUncheckedIndexedAccess` is off, as in `tsc --init`, so `images[0].bytes` reads naturally).
 */
const compilerOptions = {
  target: 'ES2022',
  lib: ['ES2023'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  moduleDetection: 'force',
  types: ['node'],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  // Workspace packages resolve to their sources (as in the tests), so no build is needed.
  customConditions: ['easel-source'],
};

/** A constant that compiles only when `difference` is empty; the error names its members. */
function agreement(name: string, difference: string, meaning: string): string {
  return `export const ${name}: [${difference}] extends [never] ? true : Record<${difference}, '${meaning}'> = true;`;
}

/** Source of a file that fails to compile when a table and a type disagree. */
export function typeTableSource(check: TypeTableCheck): string {
  const column = check.table.header.indexOf(check.column);
  if (column < 0) throw new Error(`no column named ${check.column}`);
  const spans = check.table.rows.flatMap(row => codeSpans(row.cells[column] ?? ''));
  const top = [...new Set(spans.map(span => span.split('.')[0] ?? span))];
  const literal = (names: readonly string[]) =>
    names.length === 0 ? 'never' : names.map(name => JSON.stringify(name)).join(' | ');
  const members = check.kind === 'keys' ? `keyof ${check.type}` : check.type;
  const lines = [
    `import type { ${check.type} } from '${check.module}';`,
    '',
    `type Documented = ${literal(top)};`,
    agreement(
      'missingFromTheReadme',
      `Exclude<${members}, Documented>`,
      `in ${check.type}, missing from the README table`,
    ),
    agreement(
      `notIn${check.type}`,
      `Exclude<Documented, ${members}>`,
      `in the README table, not in ${check.type}`,
    ),
  ];
  const parents = [
    ...new Set(spans.filter(span => span.includes('.')).map(span => span.split('.')[0])),
  ];
  for (const [index, parent] of parents.entries()) {
    const children = spans
      .filter(span => span.startsWith(`${parent}.`))
      .map(span => span.slice(`${parent}.`.length));
    const nested = `keyof Extract<NonNullable<${check.type}[${JSON.stringify(parent)}]>, object>`;
    lines.push(
      `type Documented${index} = ${literal(children)};`,
      agreement(
        `missingFromTheReadme${index}`,
        `Exclude<${nested}, Documented${index}>`,
        `in ${check.type}.${parent}, missing from the README table`,
      ),
      agreement(
        `notIn${check.type}${index}`,
        `Exclude<Documented${index}, ${nested}>`,
        `in the README table, not in ${check.type}.${parent}`,
      ),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Type-check the ```ts blocks of READMEs (except those marked `nocheck`) and their type tables,
 * in one `tsc --noEmit` run. Each README gets its own folder; a block is written to the file its
 * `file=<name>` says (so later blocks can import it) or to `block-<line>.ts`. Returns every error
 * at the README line it comes from.
 */
export function typeCheckReadmes(
  readmes: readonly ReadmeToCheck[],
  setup: TypeCheckSetup,
): ReadmeDiagnostic[] {
  const origins = new Map<string, { readme: string; line: number; table: boolean }>();
  const files = new Map<string, { code: string; lines: number[] }>();
  for (const [index, readme] of readmes.entries()) {
    const folder = join(setup.directory, `${index}-${readme.path.replace(/[^\w]+/g, '-')}`);
    mkdirSync(folder, { recursive: true });
    for (const block of readCodeBlocks(readme.markdown)) {
      if (!typeScriptLanguages.has(block.language) || block.meta.includes('nocheck')) continue;
      const name =
        block.meta.find(word => word.startsWith('file='))?.slice('file='.length) ??
        `block-${block.line}.ts`;
      const file = join(folder, name);
      mkdirSync(dirname(file), { recursive: true });
      // Blocks naming the same file continue it: later examples use what earlier ones declared.
      const previous = files.get(file);
      files.set(file, {
        code: `${previous?.code ?? ''}${block.code}\n`,
        lines: [
          ...(previous?.lines ?? []),
          ...block.code.split('\n').map((_, offset) => block.line + offset),
        ],
      });
      origins.set(file, { readme: readme.path, line: block.line, table: false });
    }
    for (const check of readme.typeTables ?? []) {
      const file = join(folder, `table-${check.table.line}.check.ts`);
      writeFileSync(file, typeTableSource(check));
      origins.set(file, { readme: readme.path, line: check.table.line, table: true });
    }
  }
  for (const [file, { code }] of files) writeFileSync(file, code);
  writeFileSync(join(setup.directory, 'package.json'), '{ "type": "module", "private": true }\n');
  writeFileSync(
    join(setup.directory, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions, include: ['**/*.ts'] }, null, 2)}\n`,
  );
  symlinkSync(setup.nodeModules, join(setup.directory, 'node_modules'), 'junction');

  let output = '';
  try {
    execFileSync(process.execPath, [setup.tsc, '-p', 'tsconfig.json', '--pretty', 'false'], {
      cwd: setup.directory,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    output = `${failure.stdout ?? ''}${failure.stderr ?? ''}`;
    if (output.trim() === '') throw error;
  }

  const diagnostics: ReadmeDiagnostic[] = [];
  for (const text of output.split(/\n(?=\S)/)) {
    const match = /^(.+?)\((\d+),(\d+)\): error (TS\d+): ([\s\S]*)$/.exec(text.trim());
    if (!match) {
      if (text.trim()) diagnostics.push({ readme: '(tsc)', line: 0, message: text.trim() });
      continue;
    }
    const file = join(setup.directory, match[1] ?? '');
    const origin = origins.get(file);
    const message = `${match[4]}: ${(match[5] ?? '').replace(/\s+/g, ' ').trim()}`;
    if (!origin) {
      diagnostics.push({
        readme: relative(setup.directory, file).split(sep).join('/'),
        line: Number(match[2]),
        message,
      });
    } else {
      const lines = files.get(file)?.lines ?? [];
      diagnostics.push({
        readme: origin.readme,
        line: origin.table ? origin.line : (lines[Number(match[2]) - 1] ?? origin.line),
        message,
      });
    }
  }
  return diagnostics;
}
