import type {
  GenerateOptions,
  GenerateResult,
  ImageJob,
  ImageJobReference,
  ModelDescription,
} from '@easel/core';

/**
 * The part of the hub (`Easel`) the gateway uses, with model paths and inputs typed loosely
 * (they come from HTTP requests). Every hub is one, whatever its catalog: `createEasel({
 * providers: [openai(), flux()] })` can be passed as it is, which `Easel<object>` would refuse
 * (its methods' input types depend on the catalog).
 */
export interface GatewayHub {
  generate(
    model: string,
    input: Record<string, unknown>,
    options?: GenerateOptions,
  ): Promise<GenerateResult>;
  submit(
    model: string,
    input: Record<string, unknown>,
    options?: Omit<GenerateOptions, 'onProgress'>,
  ): Promise<ImageJob>;
  resume(job: string | ImageJobReference): ImageJob;
  models(): ModelDescription[];
  describe(model: string): ModelDescription;
}
