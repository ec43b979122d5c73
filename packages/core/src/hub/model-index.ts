import { UnknownModelError } from '../errors/unknown-model-error.js';
import type { ImageModelV1 } from '../image-model/v1/image-model-v1.js';
import type { ImageProviderV1 } from '../image-provider/v1/image-provider-v1.js';
import { closestMatches } from '../input/did-you-mean.js';

/** A model registered in the hub. */
export interface RegisteredModel {
  /** Canonical path, `<provider>/<modelId>`. */
  readonly path: string;
  /** Every path that names it, canonical first. */
  readonly paths: readonly string[];
  readonly provider: ImageProviderV1<object>;
  readonly model: ImageModelV1;
}

function normalizePath(path: string): string {
  return path
    .trim()
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase();
}

/**
 * Resolves model paths: `<provider>/<modelId>`, the bare `<modelId>`, each alias and
 * `<provider>/<alias>`, all case-insensitively. A path that names models of two providers is
 * ambiguous and must be qualified.
 */
export class ModelIndex {
  readonly models: readonly RegisteredModel[];
  readonly #byPath = new Map<string, RegisteredModel[]>();
  readonly #spellings = new Map<string, string>();

  constructor(providers: readonly ImageProviderV1<object>[]) {
    const models: RegisteredModel[] = [];
    const providerIds = new Set<string>();
    for (const provider of providers) {
      if (provider.specificationVersion !== 'v1') {
        throw new TypeError(
          `provider "${provider.id}" implements specification ${String(provider.specificationVersion)}; this @easel/core supports v1`,
        );
      }
      if (providerIds.has(provider.id.toLowerCase())) {
        throw new TypeError(`two providers share the id "${provider.id}"`);
      }
      providerIds.add(provider.id.toLowerCase());
      for (const modelId of provider.modelIds) {
        const model = provider.imageModel(modelId);
        if (model.specificationVersion !== 'v1') {
          throw new TypeError(
            `model "${provider.id}/${modelId}" implements specification ${String(model.specificationVersion)}; this @easel/core supports v1`,
          );
        }
        const canonical = `${provider.id}/${model.modelId}`;
        const paths = [canonical, model.modelId];
        for (const alias of model.aliases) {
          paths.push(alias);
          if (!alias.includes('/')) paths.push(`${provider.id}/${alias}`);
        }
        const registered: RegisteredModel = {
          path: canonical,
          paths: [...new Set(paths)],
          provider,
          model,
        };
        models.push(registered);
        for (const path of registered.paths) {
          const key = normalizePath(path);
          const entries = this.#byPath.get(key) ?? [];
          if (!entries.includes(registered)) entries.push(registered);
          this.#byPath.set(key, entries);
          if (!this.#spellings.has(key)) this.#spellings.set(key, path);
        }
      }
    }
    this.models = models;
  }

  /** The model a path names; `UnknownModelError` (with suggestions, or the candidates when ambiguous) otherwise. */
  resolve(path: string): RegisteredModel {
    const entries = this.#byPath.get(normalizePath(path));
    if (entries === undefined || entries.length === 0) {
      throw new UnknownModelError({
        model: path,
        suggestions: closestMatches(path.trim(), this.#spellings.values(), 3),
      });
    }
    if (entries.length > 1) {
      throw new UnknownModelError({ model: path, candidates: entries.map(entry => entry.path) });
    }
    return entries[0]!;
  }
}
