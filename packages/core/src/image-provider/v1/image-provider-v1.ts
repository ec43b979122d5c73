import type { ImageModelV1 } from '../../image-model/v1/image-model-v1.js';

/**
 * An image provider, version 1 of the contract: a named set of models. Created by a factory
 * (`createFlux(settings)`); importing a provider package never throws (keys are read lazily).
 *
 * `CATALOG` maps every typed model path (`flux-kontext-pro`, `bfl/flux-kontext-pro`, aliases) to
 * the input type callers write; the hub uses it to type `generate`.
 */
export interface ImageProviderV1<CATALOG extends object = Record<never, never>> {
  readonly specificationVersion: 'v1';
  /** Provider id, e.g. `openai`; `<id>/<modelId>` names each of its models. */
  readonly id: string;
  /** The models this provider offers. */
  readonly modelIds: readonly string[];
  /** The model with this id (one of `modelIds`). */
  imageModel(modelId: string): ImageModelV1;
  /** Type-level only: model path → input type. Never present at run time. */
  readonly '~catalog'?: CATALOG;
}

type AliasesOf<MODEL> = MODEL extends { readonly aliases: readonly (infer ALIAS)[] }
  ? string extends ALIAS
    ? never
    : ALIAS
  : never;

type InputOf<MODEL> = MODEL extends ImageModelV1<infer INPUT, infer _VALIDATED> ? INPUT : never;

type CatalogEntries<ID extends string, MODELS> = {
  [K in keyof MODELS & string]: {
    readonly path: K | `${ID}/${K}` | AliasesOf<MODELS[K]>;
    readonly input: InputOf<MODELS[K]>;
  };
}[keyof MODELS & string];

/**
 * The catalog type of a provider built from a table of model classes or objects: each model is
 * typed under its id, `<provider>/<id>` and each literal alias.
 *
 * @example
 * type OpenAICatalog = ModelCatalog<'openai', { 'gpt-image-1': GptImageModel; 'dall-e-3': DallE3Model }>;
 */
export type ModelCatalog<ID extends string, MODELS> = {
  [ENTRY in CatalogEntries<ID, MODELS> as ENTRY['path']]: ENTRY['input'];
};
