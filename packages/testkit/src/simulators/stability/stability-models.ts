/** A model the SD3.5 endpoint serves (`model` field). */
export type StabilityModel = 'sd3.5-large' | 'sd3.5-large-turbo' | 'sd3.5-medium' | 'sd3.5-flash';

/** What one SD3.5 model does with a request, as the simulator renders it. */
export interface StabilityModelProfile {
  /** `cfg_scale` when the request leaves it out. */
  readonly defaultCfgScale: number;
  /**
   * Whether `negative_prompt` changes the picture. Stability documents that it does not work with
   * the distilled Turbo and Flash models; the field is still accepted there, just ignored.
   */
  readonly honoursNegativePrompt: boolean;
}

/** Every model the simulator serves, with what it does. */
export const stabilityModelProfiles: Readonly<Record<StabilityModel, StabilityModelProfile>> = {
  'sd3.5-large': { defaultCfgScale: 4, honoursNegativePrompt: true },
  'sd3.5-large-turbo': { defaultCfgScale: 1, honoursNegativePrompt: false },
  'sd3.5-medium': { defaultCfgScale: 4, honoursNegativePrompt: true },
  'sd3.5-flash': { defaultCfgScale: 1, honoursNegativePrompt: false },
};

/**
 * The SD3 model ids Stability re-routes to their 3.5 successors since 2025-04-17: accepted, and
 * rendered exactly as the model they point to.
 */
export const stabilityLegacyModels: Readonly<Record<string, StabilityModel>> = {
  'sd3-large': 'sd3.5-large',
  'sd3-large-turbo': 'sd3.5-large-turbo',
  'sd3-medium': 'sd3.5-medium',
};
