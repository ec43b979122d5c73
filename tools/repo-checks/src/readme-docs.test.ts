import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentedPackages, leftToTheirAuthors, repositoryRoot } from './documented-packages.js';
import { readCodeBlocks, tableUnder } from './markdown.js';
import { checkOptionsTable } from './options-table.js';
import { type ReadmeToCheck, typeCheckReadmes } from './readme-examples.js';

// Docs that cannot drift: every package README has an install line, a minimal example and its
// options tables; the tables agree with the zod input schemas, the capabilities and the settings
// types; every ```ts block compiles against the workspace packages.

const packages = await documentedPackages();
const readmeOf = (directory: string) =>
  readFileSync(join(repositoryRoot, directory, 'README.md'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'easel-readmes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('package READMEs', () => {
  it('cover every package under packages/ (except those left to their authors)', () => {
    const covered = new Set([...packages.map(entry => entry.directory), ...leftToTheirAuthors]);
    const uncovered = readdirSync(join(repositoryRoot, 'packages'))
      .map(name => `packages/${name}`)
      .filter(directory => existsSync(join(repositoryRoot, directory, 'package.json')))
      .filter(directory => !covered.has(directory));
    expect(uncovered, 'add them to documentedPackages() in src/documented-packages.ts').toEqual([]);
    const manifest = JSON.parse(
      readFileSync(join(repositoryRoot, 'tools/repo-checks/package.json'), 'utf8'),
    );
    const missing = packages
      .map(entry => entry.name)
      .filter(name => manifest.devDependencies?.[name] === undefined);
    expect(missing, 'add them to the devDependencies of tools/repo-checks').toEqual([]);
  });

  for (const entry of packages) {
    describe(entry.directory, () => {
      it('has an install line, a minimal example and its options tables', () => {
        const markdown = readmeOf(entry.directory);
        const blocks = readCodeBlocks(markdown);
        const install = blocks.find(
          block =>
            block.language === 'sh' &&
            new RegExp(`npm install .*${entry.name}\\b`).test(block.code),
        );
        expect(install, `a \`\`\`sh block with npm install ${entry.name}`).toBeDefined();
        const example = blocks.find(
          block =>
            ['ts', 'typescript'].includes(block.language) &&
            !block.meta.includes('nocheck') &&
            new RegExp(`from '${entry.name}(/[\\w-]+)?'`).test(block.code),
        );
        expect(example, `a checked \`\`\`ts block importing ${entry.name}`).toBeDefined();
        for (const { heading } of [...entry.inputTables, ...entry.typeTables])
          expect(
            tableUnder(markdown, heading),
            `a table under the heading "${heading}"`,
          ).toBeDefined();
      });

      for (const input of entry.inputTables) {
        it(`"${input.heading}" agrees with the input schemas and capabilities`, async () => {
          const markdown = readmeOf(entry.directory);
          const table = tableUnder(markdown, input.heading);
          if (!table) throw new Error(`no table under "${input.heading}"`);
          const problems = checkOptionsTable({
            table,
            models: await input.models(),
            document: markdown,
            ...(input.valuesColumn ? { valuesColumn: input.valuesColumn } : {}),
          });
          expect(problems.map(problem => `${entry.directory}/README.md ${problem}`)).toEqual([]);
        });
      }
    });
  }

  it('examples and settings tables type-check (tsc --noEmit), and a broken one is caught', () => {
    const readmes: ReadmeToCheck[] = packages.map(entry => {
      const markdown = readmeOf(entry.directory);
      return {
        path: `${entry.directory}/README.md`,
        markdown,
        typeTables: entry.typeTables.flatMap(typeTable => {
          const table = tableUnder(markdown, typeTable.heading);
          return table ? [{ ...typeTable, table }] : [];
        }),
      };
    });
    // Controls, checked in the same run: each must produce exactly the error it plants.
    const control = `# control

\`\`\`ts
import { createEasel } from '@easel/core';
import { createOpenAI } from '@easel/provider-openai';

const easel = createEasel({ providers: [createOpenAI()] });
await easel.generate('gpt-image-1', { prompt: 'x', quality: 'ultra' });
\`\`\`

## Settings

| Setting        | Notes |
| -------------- | ----- |
| \`apiKey\`, \`baseURL\`, \`organization\`, \`headers\`, \`dispatcher\`, \`retry\`, \`timeouts\`, \`maxResponseBytes\`, \`downloads\`, \`region\` | |
`;
    const controlTable = tableUnder(control, 'Settings');
    if (!controlTable) throw new Error('control table');
    readmes.push({
      path: 'control/README.md',
      markdown: control,
      typeTables: [
        {
          table: controlTable,
          column: 'Setting',
          module: '@easel/provider-openai',
          type: 'OpenAIProviderSettings',
          kind: 'keys',
        },
      ],
    });

    const diagnostics = typeCheckReadmes(readmes, {
      directory: work,
      nodeModules: join(repositoryRoot, 'tools/repo-checks/node_modules'),
      tsc: join(repositoryRoot, 'node_modules/typescript/bin/tsc'),
    });
    const format = (diagnostic: (typeof diagnostics)[number]) =>
      `${diagnostic.readme}:${diagnostic.line} ${diagnostic.message}`;
    expect(
      diagnostics.filter(diagnostic => diagnostic.readme !== 'control/README.md').map(format),
    ).toEqual([]);
    const caught = diagnostics.filter(diagnostic => diagnostic.readme === 'control/README.md');
    expect(caught.map(diagnostic => diagnostic.line)).toEqual([8, 13, 13]);
    expect(caught[0]?.message).toContain('"ultra"');
    expect(caught[1]?.message).toContain('"project"');
    expect(caught[1]?.message).toContain('missing from the README table');
    expect(caught[2]?.message).toContain('"region"');
    expect(caught[2]?.message).toContain('not in OpenAIProviderSettings');
  });
});
