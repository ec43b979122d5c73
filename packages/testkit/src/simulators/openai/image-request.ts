import {
  invalidRequest,
  invalidValue,
  OpenAIApiError,
  unknownParameter,
} from './openai-api-error.js';
import type { OpenAIModelProfile } from './openai-models.js';

/** An image format the GPT image models can answer in. */
export type OpenAIOutputFormat = 'png' | 'jpeg' | 'webp';

/** A pixel size, with the `WxH` label OpenAI reports. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
  /** e.g. `1536x1024`. */
  readonly label: string;
}

/** A request that passed every rule, with every default and `auto` resolved. */
export interface ImageRequest {
  readonly model: string;
  readonly profile: OpenAIModelProfile;
  readonly prompt: string;
  readonly n: number;
  readonly size: ImageSize;
  /** Resolved: `auto` is reported as the model's `autoQuality`. */
  readonly quality: string;
  readonly outputFormat: OpenAIOutputFormat;
  /** 0–100; used as the JPEG quality. */
  readonly outputCompression: number;
  /** Resolved: `auto` is reported as `opaque`. */
  readonly background: 'transparent' | 'opaque';
  readonly stream: boolean;
  readonly partialImages: number;
  readonly responseFormat: 'url' | 'b64_json';
  readonly style?: string;
  readonly inputFidelity: 'low' | 'high';
}

/** How the body's fields are judged. */
export interface ImageRequestContext {
  readonly model: string;
  readonly profile: OpenAIModelProfile;
  /** The fields this model accepts on this operation and content type. */
  readonly parameters: readonly string[];
  /** The sizes this model accepts on this operation. */
  readonly sizes: readonly string[];
  /** The size when the body names none, e.g. `auto` or `1024x1024`. */
  readonly defaultSize: string;
  /** What `size: auto` becomes. */
  readonly autoSize: ImageSize;
}

/**
 * Applies the model rules the schema cannot express (from the spec's field descriptions and the
 * provider reference) and resolves the defaults.
 *
 * @throws OpenAIApiError for the first rule the body breaks, in OpenAI's wording.
 */
export function resolveImageRequest(
  fields: Readonly<Record<string, unknown>>,
  context: ImageRequestContext,
): ImageRequest {
  const { profile } = context;
  checkParameters(fields, context.parameters);

  const prompt = fields.prompt as string;
  if (prompt.length === 0) {
    throw invalidRequest(
      "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
      { param: 'prompt', code: 'empty_string' },
    );
  }
  if (prompt.length > profile.maxPromptLength) {
    throw invalidRequest(
      `Invalid 'prompt': string too long. Expected a string with maximum length ${profile.maxPromptLength}, but got a string with length ${prompt.length} instead.`,
      { param: 'prompt', code: 'string_above_max_length' },
    );
  }

  const n = (fields.n as number | undefined) ?? 1;
  if (n > profile.maxImages) {
    throw invalidRequest(`You must provide n=${profile.maxImages} for this model.`, {
      param: 'n',
      code: 'invalid_value',
    });
  }

  const requestedQuality = (fields.quality as string | undefined) ?? 'auto';
  if (!profile.qualities.includes(requestedQuality)) {
    throw invalidValue('quality', requestedQuality, profile.qualities);
  }
  const style = fields.style as string | undefined;
  if (style !== undefined && !profile.styles.includes(style)) {
    throw invalidValue('style', style, profile.styles);
  }

  const size = resolveSize((fields.size as string | undefined) ?? context.defaultSize, context);

  const outputFormat = (fields.output_format as OpenAIOutputFormat | undefined) ?? 'png';
  const outputCompression = (fields.output_compression as number | undefined) ?? 100;
  checkCompression(outputCompression, outputFormat);
  const background = (fields.background as string | undefined) ?? 'auto';
  if (background === 'transparent' && outputFormat === 'jpeg') {
    throw invalidRequest(
      "Invalid value: 'transparent'. Transparent backgrounds are only supported with the 'png' and 'webp' output formats.",
      { param: 'background', code: 'invalid_value' },
    );
  }

  const stream = (fields.stream as boolean | undefined) ?? false;
  if (stream && n > 1) {
    throw invalidRequest('Streaming is only supported with n=1.', {
      param: 'n',
      code: 'invalid_value',
    });
  }

  return {
    model: context.model,
    profile,
    prompt,
    n,
    size,
    quality: requestedQuality === 'auto' ? profile.autoQuality : requestedQuality,
    outputFormat,
    outputCompression,
    background: background === 'transparent' ? 'transparent' : 'opaque',
    stream,
    partialImages: stream ? ((fields.partial_images as number | undefined) ?? 0) : 0,
    responseFormat: (fields.response_format as 'url' | 'b64_json' | undefined) ?? 'url',
    ...(profile.styles.length > 0 ? { style: style ?? profile.styles[0]! } : {}),
    inputFidelity: (fields.input_fidelity as 'low' | 'high' | undefined) ?? 'low',
  };
}

/**
 * Refuses the first field the model does not take on this operation, as OpenAI does:
 * 400 `unknown_parameter`, even for fields the spec defines for other models.
 */
export function checkParameters(
  fields: Readonly<Record<string, unknown>>,
  parameters: readonly string[],
): void {
  for (const name of Object.keys(fields)) {
    if (!parameters.includes(name)) throw unknownParameter(name);
  }
}

function resolveSize(requested: string, context: ImageRequestContext): ImageSize {
  if (!context.sizes.includes(requested)) {
    if (context.profile.family === 'dall-e') {
      throw new OpenAIApiError({
        status: 400,
        message: 'The size is not supported by this model.',
        code: 'invalid_size',
      });
    }
    throw invalidValue('size', requested, context.sizes);
  }
  return requested === 'auto' ? context.autoSize : parseSize(requested);
}

function checkCompression(compression: number, format: OpenAIOutputFormat): void {
  if (compression > 100 || compression < 0) {
    const above = compression > 100;
    throw invalidRequest(
      `Invalid 'output_compression': integer ${above ? 'above maximum' : 'below minimum'} value. Expected a value ${above ? '<= 100' : '>= 0'}, but got ${compression} instead.`,
      {
        param: 'output_compression',
        code: above ? 'integer_above_max_value' : 'integer_below_min_value',
      },
    );
  }
  if (format === 'png' && compression < 100) {
    throw invalidRequest('Compression less than 100 is not supported for PNG output format.', {
      param: 'output_compression',
      code: 'invalid_value',
    });
  }
}

/** `1536x1024` → `{ width: 1536, height: 1024, label: '1536x1024' }`. */
export function parseSize(label: string): ImageSize {
  const [width, height] = label.split('x').map(Number) as [number, number];
  return { width, height, label };
}
