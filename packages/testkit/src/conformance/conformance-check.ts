import type { ImageModelV1 } from '@easel/core';
import type { ConformanceContext, ModelCheckContext } from './conformance-context.js';
import type { ConformanceCheckId } from './conformance-options.js';

/** A check of the provider as a whole. */
export interface ProviderCheck {
  readonly id: ConformanceCheckId;
  readonly title: string;
  run(suite: ConformanceContext): Promise<void>;
}

/** A check run once per model. */
export interface ModelCheck {
  readonly id: ConformanceCheckId;
  readonly title: string;
  run(context: ModelCheckContext): Promise<void>;
}

/** @internal Whether a model runs asynchronous jobs. */
export function isAsync(model: ImageModelV1): boolean {
  return model.capabilities.execution === 'async';
}
