import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  commonInputShape,
  type ImageModelV1,
  type ImageProviderSettings,
  type ImageProviderV1,
  inputJsonSchema,
} from '@easel/core';
import { z } from 'zod';
import type { DocumentedModel } from './options-table.js';

/** The repository root. */
export const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** An options table checked against input schemas and capabilities (see `checkOptionsTable`). */
export interface InputTable {
  /** Title of the heading the table sits under. */
  readonly heading: string;
  /** Header of the column with the allowed values. Default `Allowed values`. */
  readonly valuesColumn?: string;
  readonly models: () => Promise<DocumentedModel[]>;
}

/**
 * A table whose first column names the members of a TypeScript type: the keys of an interface
 * (settings, options) or the members of a string union. Checked by `tsc` with the README examples.
 */
export interface TypeTable {
  readonly heading: string;
  /** Header of the column naming the members. */
  readonly column: string;
  /** The module exporting the type, e.g. `@easel/provider-openai`. */
  readonly module: string;
  readonly type: string;
  readonly kind: 'keys' | 'union';
}

/** A package whose README is checked. */
export interface DocumentedPackage {
  /** Directory relative to the repository root, e.g. `packages/provider-openai`. */
  readonly directory: string;
  readonly name: string;
  readonly inputTables: readonly InputTable[];
  readonly typeTables: readonly TypeTable[];
}

/**
 * READMEs not checked here. To check one, add an entry to `documentedPackages()` (any table whose
 * rows name the keys of a TypeScript type can be a `TypeTable`; any table of a zod schema's fields
 * can be an `InputTable`). Empty: every package under `packages/` is covered.
 */
export const leftToTheirAuthors: readonly string[] = [];

type ProviderModule = Record<string, unknown>;

/** The factory of a provider package: the one export named `create<Provider>`. */
function providerFactory(module: ProviderModule): {
  name: string;
  create: (settings?: ImageProviderSettings) => ImageProviderV1<object>;
} {
  const entry = Object.entries(module).find(
    ([name, value]) => /^create[A-Z]\w*$/.test(name) && typeof value === 'function',
  );
  if (!entry) throw new Error('no create<Provider> export');
  return {
    name: entry[0].slice('create'.length),
    create: entry[1] as (settings?: ImageProviderSettings) => ImageProviderV1<object>,
  };
}

/** The models of a provider, as the options-table check reads them. */
export function describeModels(provider: ImageProviderV1<object>): DocumentedModel[] {
  return provider.modelIds.map(id => {
    const model: ImageModelV1 = provider.imageModel(id);
    return {
      id,
      inputSchema: inputJsonSchema(model.inputSchema),
      capabilities: model.capabilities,
    };
  });
}

async function importSource(directory: string, entry = 'src/index.ts'): Promise<ProviderModule> {
  return (await import(
    pathToFileURL(join(repositoryRoot, directory, entry)).href
  )) as ProviderModule;
}

/** A provider package: the `Input` table against its models, `Settings` against its settings type. */
async function providerPackage(directory: string): Promise<DocumentedPackage> {
  const manifest = JSON.parse(
    readFileSync(join(repositoryRoot, directory, 'package.json'), 'utf8'),
  );
  const source = readFileSync(join(repositoryRoot, directory, 'src', 'index.ts'), 'utf8');
  const factory = /\bcreate([A-Z]\w*)\b/.exec(source)?.[1];
  return {
    directory,
    name: manifest.name,
    inputTables: [
      {
        heading: 'Input',
        models: async () => describeModels(providerFactory(await importSource(directory)).create()),
      },
    ],
    typeTables: [
      {
        heading: 'Settings',
        column: 'Setting',
        module: manifest.name,
        type: `${factory}ProviderSettings`,
        kind: 'keys',
      },
    ],
  };
}

/**
 * Every README the docs checks cover: core, testkit, the gateway, every `packages/provider-*` and
 * the third-party example.
 */
export async function documentedPackages(): Promise<DocumentedPackage[]> {
  const providers = readdirSync(join(repositoryRoot, 'packages'))
    .filter(name => name.startsWith('provider-'))
    .map(name => `packages/${name}`)
    .filter(directory => existsSync(join(repositoryRoot, directory, 'src', 'index.ts')));
  return [
    {
      directory: 'packages/core',
      name: '@easel/core',
      inputTables: [
        {
          heading: 'The common input vocabulary',
          valuesColumn: 'Form',
          models: async () => [
            { id: 'common', inputSchema: inputJsonSchema(z.object(commonInputShape)) },
          ],
        },
      ],
      typeTables: [],
    },
    {
      directory: 'packages/testkit',
      name: '@easel/testkit',
      inputTables: [
        {
          heading: 'Input of the reference models',
          models: async () =>
            describeModels(
              providerFactory(
                await importSource('packages/testkit', 'src/reference/index.ts'),
              ).create(),
            ),
        },
      ],
      typeTables: [
        {
          heading: 'Options of testImageProvider',
          column: 'Option',
          module: '@easel/testkit/vitest',
          type: 'TestImageProviderOptions',
          kind: 'keys',
        },
        {
          heading: 'The conformance suite',
          column: 'Check',
          module: '@easel/testkit',
          type: 'ConformanceCheckId',
          kind: 'union',
        },
      ],
    },
    {
      directory: 'packages/gateway',
      name: '@easel/gateway',
      inputTables: [],
      typeTables: [
        {
          heading: 'Options',
          column: 'Option',
          module: '@easel/gateway',
          type: 'GatewayOptions',
          kind: 'keys',
        },
      ],
    },
    ...(await Promise.all(providers.map(providerPackage))),
    await providerPackage('examples/third-party-provider'),
  ];
}
