/** An output format BFL renders (`output_format`). */
export type BflOutputFormat = 'jpeg' | 'png' | 'webp';

/**
 * How a model decides its output size (see `bflOutputSize`):
 * - `kontext`: `aspect_ratio` picks one of the ~1 MP Kontext resolutions;
 * - `ultra`: `aspect_ratio` scaled to ~4 MP;
 * - `dimensions`: `width` × `height`, 256–1440 in steps of 32 (the schema enforces it);
 * - `flux-2`: `width` × `height` in steps of 16, from 64, at most 4 MP.
 */
export type BflSizing = 'kontext' | 'ultra' | 'dimensions' | 'flux-2';

/** What a submission costs, in credits (1 credit = 1 US cent). */
export type BflPrice =
  | {
      /** The same for every image, whatever its size. */
      readonly kind: 'per-image';
      readonly credits: number;
    }
  | {
      /**
       * By the megapixels of the output plus the inputs, counted together and rounded up to whole
       * megapixels of 1024 × 1024 pixels.
       */
      readonly kind: 'per-megapixel';
      readonly firstMegapixel: number;
      readonly additionalMegapixel: number;
    };

/** What the simulator knows of one BFL model: one record that validation, sizing and pricing read. */
export interface BflModelProfile {
  /** The spec's request schema (`components.schemas.<name>`). */
  readonly schema: string;
  readonly sizing: BflSizing;
  /** `output_format` when absent or null. */
  readonly defaultOutputFormat: BflOutputFormat;
  /** Reference-image fields, each a base64 image or an http(s) URL. */
  readonly inputImageFields: readonly string[];
  /** Image-prompt fields, each a base64 image only. */
  readonly imagePromptFields: readonly string[];
  readonly price: BflPrice;
  /** Whether the model has its own, lower, active-task limit (`kontextMaxActiveTaskLimit`). */
  readonly ownActiveTaskLimit: boolean;
}

const kontextImages = ['input_image', 'input_image_2', 'input_image_3', 'input_image_4'];
const flux2Images = [
  ...kontextImages,
  'input_image_5',
  'input_image_6',
  'input_image_7',
  'input_image_8',
];

const kontext = {
  schema: 'FluxKontextProInputs',
  sizing: 'kontext',
  defaultOutputFormat: 'png',
  inputImageFields: kontextImages,
  imagePromptFields: [],
  ownActiveTaskLimit: false,
} as const;

const flux2 = {
  schema: 'Flux2Inputs',
  sizing: 'flux-2',
  defaultOutputFormat: 'jpeg',
  inputImageFields: flux2Images,
  imagePromptFields: [],
  ownActiveTaskLimit: false,
} as const;

/**
 * The models the simulator serves, by route (`POST /v1/<model>`), with BFL's list prices.
 * Every other model answers 404, as the spec lists no other submit route.
 */
export const bflModelProfiles: Readonly<Record<string, BflModelProfile>> = {
  'flux-kontext-pro': { ...kontext, price: { kind: 'per-image', credits: 4 } },
  'flux-kontext-max': {
    ...kontext,
    price: { kind: 'per-image', credits: 8 },
    ownActiveTaskLimit: true,
  },
  'flux-pro-1.1': {
    schema: 'FluxPro11Inputs',
    sizing: 'dimensions',
    defaultOutputFormat: 'jpeg',
    inputImageFields: [],
    imagePromptFields: ['image_prompt'],
    price: { kind: 'per-image', credits: 4 },
    ownActiveTaskLimit: false,
  },
  'flux-pro-1.1-ultra': {
    schema: 'FluxUltraInput',
    sizing: 'ultra',
    defaultOutputFormat: 'jpeg',
    inputImageFields: [],
    imagePromptFields: ['image_prompt'],
    price: { kind: 'per-image', credits: 6 },
    ownActiveTaskLimit: false,
  },
  'flux-2-pro': {
    ...flux2,
    price: { kind: 'per-megapixel', firstMegapixel: 3, additionalMegapixel: 1.5 },
  },
  'flux-2-max': {
    ...flux2,
    price: { kind: 'per-megapixel', firstMegapixel: 7, additionalMegapixel: 3 },
  },
  'flux-2-flex': {
    ...flux2,
    schema: 'Flux2FlexInputs',
    price: { kind: 'per-megapixel', firstMegapixel: 6, additionalMegapixel: 6 },
  },
  'flux-dev': {
    schema: 'FluxDevInputs',
    sizing: 'dimensions',
    defaultOutputFormat: 'jpeg',
    inputImageFields: [],
    imagePromptFields: ['image_prompt'],
    price: { kind: 'per-image', credits: 2.5 },
    ownActiveTaskLimit: false,
  },
};

/** The model ids the simulator serves, in the order of the spec's tags. */
export const bflSimulatorModels: readonly string[] = Object.keys(bflModelProfiles);

/** The profile of a served model, or `undefined`. */
export function bflModelProfile(model: string): BflModelProfile | undefined {
  return Object.hasOwn(bflModelProfiles, model) ? bflModelProfiles[model] : undefined;
}
