import {
  type ImageModelV1,
  type ImageProviderSettings,
  type ImageProviderV1,
  ProviderError,
} from '@easel/core';
import { createReference } from '../../reference/reference-provider.js';

type ModelOverride = (
  model: ImageModelV1,
  settings: ImageProviderSettings,
) => Partial<ImageModelV1>;

/** The reference provider with every model changed by `override`: a deliberately broken adapter. */
export function brokenReference(
  override: ModelOverride,
  providerOverride: Partial<ImageProviderV1> = {},
) {
  return (settings: ImageProviderSettings): ImageProviderV1<object> => {
    const provider = createReference(settings);
    return {
      specificationVersion: provider.specificationVersion,
      id: provider.id,
      modelIds: provider.modelIds,
      imageModel(modelId: string) {
        const model = provider.imageModel(modelId) as ImageModelV1;
        const changes = override(model, settings);
        return new Proxy(model, {
          get: (target, key) =>
            key in changes ? changes[key as keyof ImageModelV1] : Reflect.get(target, key),
        });
      },
      ...providerOverride,
    };
  };
}

/** Drops every warning: snapped sizes and ignored seeds go unreported. */
export const silentAboutSnapping = brokenReference(model => ({
  doGenerate: async options => ({ ...(await model.doGenerate(options)), warnings: [] }),
}));

/** Resubmits a paid generation after a 500, which may bill twice. */
export const resubmitsAfter500 = brokenReference(model => ({
  doGenerate: async options => {
    try {
      return await model.doGenerate(options);
    } catch (error) {
      if (ProviderError.isInstance(error) && error.status === 500) return model.doGenerate(options);
      throw error;
    }
  },
}));

/** Loses the error types: every failure becomes a plain Error. */
export const untypedErrors = brokenReference(model => ({
  doGenerate: async options => {
    try {
      return await model.doGenerate(options);
    } catch (error) {
      throw Object.assign(new Error((error as Error).message), {
        status: (error as { status?: number }).status,
      });
    }
  },
}));

/** Attaches the request headers, key included, to its errors "for debugging". */
export const attachesHeadersToErrors = brokenReference((model, settings) => ({
  doGenerate: async options => {
    try {
      return await model.doGenerate(options);
    } catch (error) {
      throw Object.assign(error as object, {
        requestHeaders: { authorization: `Bearer ${settings.apiKey}` },
      });
    }
  },
}));

/** Claims a specification version this core does not know. */
export const wrongSpecification = brokenReference(() => ({ specificationVersion: 'v2' as 'v1' }));
