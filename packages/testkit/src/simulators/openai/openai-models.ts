/** The two model families the Images API serves, which differ in almost every parameter. */
export type OpenAIModelFamily = 'gpt-image' | 'dall-e';

/** What a model accepts on `/images/edits`. */
export interface OpenAIEditProfile {
  /** Body fields a multipart edit may carry; any other field is an unknown parameter. */
  readonly multipartParameters: readonly string[];
  /** Body fields a JSON edit may carry; absent when the model cannot be edited through JSON. */
  readonly jsonParameters?: readonly string[];
  /** Output sizes, `auto` included when the model sizes itself from the input. */
  readonly sizes: readonly string[];
  /** Input images per request. */
  readonly maxInputImages: number;
  /** Media types an uploaded image part may declare. */
  readonly inputMediaTypes: readonly string[];
  /** Largest uploaded image, in bytes. */
  readonly maxInputBytes: number;
  /** Whether input images must be square. */
  readonly squareInput: boolean;
}

/** Everything the simulator knows about one model: the data every rule reads. */
export interface OpenAIModelProfile {
  readonly family: OpenAIModelFamily;
  /** Longest prompt, in characters. */
  readonly maxPromptLength: number;
  /** Largest `n`. */
  readonly maxImages: number;
  /** Accepted `quality` values, `auto` included. */
  readonly qualities: readonly string[];
  /** What `quality: auto` (or no quality) resolves to. */
  readonly autoQuality: string;
  /** Accepted `style` values; empty when the model has no styles. */
  readonly styles: readonly string[];
  /** Body fields a generation may carry; any other field is an unknown parameter. */
  readonly generationParameters: readonly string[];
  /** Generation sizes, `auto` included when the model sizes itself. */
  readonly generationSizes: readonly string[];
  /** What the model answers to an edit; absent when it cannot edit. */
  readonly edit?: OpenAIEditProfile;
}

const gptImageSizes = ['1024x1024', '1536x1024', '1024x1536', 'auto'] as const;
const megabyte = 1024 * 1024;

const gptImageGenerationParameters = [
  'prompt',
  'model',
  'n',
  'quality',
  'size',
  'output_format',
  'output_compression',
  'background',
  'moderation',
  'stream',
  'partial_images',
  'user',
];

const gptImageMultipartEditParameters = [
  'image',
  'mask',
  'prompt',
  'model',
  'n',
  'quality',
  'size',
  'output_format',
  'output_compression',
  'background',
  'stream',
  'partial_images',
  'user',
];

const gptImageJsonEditParameters = [
  'images',
  'mask',
  'prompt',
  'model',
  'n',
  'quality',
  'size',
  'output_format',
  'output_compression',
  'background',
  'moderation',
  'stream',
  'partial_images',
  'user',
];

function gptImageProfile(options: { inputFidelity: boolean }): OpenAIModelProfile {
  const fidelity = options.inputFidelity ? ['input_fidelity'] : [];
  return {
    family: 'gpt-image',
    maxPromptLength: 32_000,
    maxImages: 10,
    qualities: ['low', 'medium', 'high', 'auto'],
    autoQuality: 'medium',
    styles: [],
    generationParameters: gptImageGenerationParameters,
    generationSizes: gptImageSizes,
    edit: {
      multipartParameters: [...gptImageMultipartEditParameters, ...fidelity],
      jsonParameters: [...gptImageJsonEditParameters, ...fidelity],
      sizes: gptImageSizes,
      maxInputImages: 16,
      inputMediaTypes: ['image/jpeg', 'image/png', 'image/webp'],
      maxInputBytes: 50 * megabyte,
      squareInput: false,
    },
  };
}

/**
 * The models the simulator serves and what each accepts, from the OpenAI spec's field
 * descriptions and the provider reference. Models the spec names but the simulator does not serve
 * (`gpt-image-2`, `chatgpt-image-latest`) answer 404 `model_not_found`, as for an organization
 * without access.
 */
export const openaiModelProfiles: Readonly<Record<string, OpenAIModelProfile>> = {
  'gpt-image-1': gptImageProfile({ inputFidelity: true }),
  'gpt-image-1-mini': gptImageProfile({ inputFidelity: false }),
  'gpt-image-1.5': gptImageProfile({ inputFidelity: true }),
  'dall-e-3': {
    family: 'dall-e',
    maxPromptLength: 4000,
    maxImages: 1,
    qualities: ['standard', 'hd', 'auto'],
    autoQuality: 'standard',
    styles: ['vivid', 'natural'],
    generationParameters: [
      'prompt',
      'model',
      'n',
      'quality',
      'size',
      'style',
      'response_format',
      'user',
    ],
    generationSizes: ['1024x1024', '1792x1024', '1024x1792'],
  },
  'dall-e-2': {
    family: 'dall-e',
    maxPromptLength: 1000,
    maxImages: 10,
    qualities: ['standard', 'auto'],
    autoQuality: 'standard',
    styles: [],
    generationParameters: ['prompt', 'model', 'n', 'quality', 'size', 'response_format', 'user'],
    generationSizes: ['256x256', '512x512', '1024x1024'],
    edit: {
      multipartParameters: [
        'image',
        'mask',
        'prompt',
        'model',
        'n',
        'quality',
        'size',
        'response_format',
        'user',
      ],
      sizes: ['256x256', '512x512', '1024x1024'],
      maxInputImages: 1,
      inputMediaTypes: ['image/png'],
      maxInputBytes: 4 * megabyte,
      squareInput: true,
    },
  },
};

/** Models the simulator serves. */
export const openaiSimulatorModels: readonly string[] = Object.keys(openaiModelProfiles);

/** The model `/images/generations` uses when the body names none and uses no GPT-only field. */
export const defaultGenerationModel = 'dall-e-2';

/** The model `/images/generations` uses when the body names none but uses a GPT-only field. */
export const defaultGptImageGenerationModel = 'gpt-image-1';

/** The model `/images/edits` uses when the body names none (both multipart and JSON). */
export const defaultEditModel = 'gpt-image-1.5';

/** Generation fields only the GPT image models know; using one changes the default model. */
export const gptImageOnlyGenerationParameters: readonly string[] = [
  'output_format',
  'output_compression',
  'background',
  'moderation',
  'stream',
  'partial_images',
];

/** The profile of a served model, or `undefined`. */
export function findModelProfile(model: string): OpenAIModelProfile | undefined {
  return Object.hasOwn(openaiModelProfiles, model) ? openaiModelProfiles[model] : undefined;
}
