// The shapes of the gateway's HTTP API that the playground reads (see packages/gateway/README.md),
// restated here because the browser code imports nothing from the workspace packages.

/** The subset of JSON Schema 2020-12 the input schemas use. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly not?: JsonSchema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
}

/** Sizes or aspect ratios a model accepts: a list, or a range. */
export type ShapeCapability =
  | { readonly type: 'list'; readonly values: readonly string[] }
  | {
      readonly type: 'range';
      readonly minWidth?: number;
      readonly maxWidth?: number;
      readonly minHeight?: number;
      readonly maxHeight?: number;
      readonly multipleOf?: number;
      readonly maxPixels?: number;
      readonly tallest?: string;
      readonly widest?: string;
    };

/** A model's capabilities, as data (`@easel/core`'s `ImageModelV1Capabilities`). */
export interface ModelCapabilities {
  readonly execution: 'sync' | 'async';
  readonly maxImagesPerCall: number;
  readonly sizes?: ShapeCapability;
  readonly aspectRatios?: ShapeCapability;
  readonly outputFormats?: readonly string[];
  readonly seed?: boolean;
  readonly negativePrompt?: boolean;
  readonly maxInputImages?: number;
  readonly mask?: boolean;
  readonly promptRequired?: boolean;
  readonly promptMaxLength?: number;
  readonly cancel?: boolean;
}

/** One entry of `GET /v1/models`. */
export interface ModelEntry {
  /** The canonical path, e.g. `openai/gpt-image-1`. */
  readonly id: string;
  readonly provider: string;
  readonly model_id: string;
  readonly paths: readonly string[];
  readonly capabilities: ModelCapabilities;
  readonly input_schema: JsonSchema;
  readonly sandbox: boolean;
}

/** Replicate's prediction states. */
export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled';

/** A warning of a prediction: what the model could not honour exactly. */
export interface PredictionWarning {
  readonly type: string;
  readonly feature?: string;
  readonly requested?: unknown;
  readonly used?: unknown;
  readonly details?: string;
  readonly message?: string;
}

/** A prediction object (Replicate's shape plus Easel's `warnings`, `usage`, `sandbox`). */
export interface Prediction {
  readonly id: string;
  readonly model: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly status: PredictionStatus;
  readonly output: readonly string[] | null;
  readonly error: string | null;
  readonly error_code?: string | null;
  readonly logs: string;
  readonly metrics?: {
    readonly predict_time?: number;
    readonly total_time?: number;
    readonly image_count?: number;
  };
  readonly urls: { readonly get: string; readonly cancel: string };
  readonly warnings?: readonly PredictionWarning[];
  readonly usage?: Readonly<Record<string, unknown>> | null;
  /** Per output image: what the provider reports (seed, size, media type). */
  readonly images?: readonly PredictionImage[] | null;
  readonly sandbox?: boolean;
}

/** One entry of a prediction's `images`. */
export interface PredictionImage {
  readonly content_type: string;
  readonly width?: number;
  readonly height?: number;
  readonly seed?: number;
  readonly revised_prompt?: string;
}

/** One problem of an `invalid_input` error. */
export interface InputIssue {
  /** Path from the body, e.g. `["input", "prompt"]`. */
  readonly path: readonly (string | number)[];
  readonly message: string;
  readonly suggestion?: string;
}

/** The gateway's error body, `{ error: { code, message, details } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: { readonly issues?: readonly InputIssue[] } & Readonly<
      Record<string, unknown>
    >;
  };
}

/** Whether a status is final. */
export function isTerminalStatus(status: PredictionStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'canceled';
}
