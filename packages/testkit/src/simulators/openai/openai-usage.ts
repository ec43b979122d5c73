import type { EditInput } from './edit-inputs.js';

/** Token usage in OpenAI's `ImageGenUsage` shape. */
export type ImageTokenUsage = {
  readonly input_tokens: number;
  readonly output_tokens: number;
  readonly total_tokens: number;
  readonly input_tokens_details: { readonly text_tokens: number; readonly image_tokens: number };
};

/** What usage depends on. */
export interface ImageUsageInput {
  readonly prompt: string;
  /** Resolved quality: `low`, `medium` or `high`. */
  readonly quality: string;
  /** Output size label, e.g. `1024x1536`. */
  readonly size: string;
  readonly n: number;
  /** Edit inputs (masks excluded); empty for generations. */
  readonly inputs?: readonly EditInput[];
  readonly inputFidelity?: 'low' | 'high';
  /** Partial images streamed per image. */
  readonly partialImages?: number;
}

/** Output image tokens per image, by quality and size: OpenAI's published gpt-image-1 table. */
const outputTokenTable: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  low: { '1024x1024': 272, '1024x1536': 408, '1536x1024': 400 },
  medium: { '1024x1024': 1056, '1024x1536': 1584, '1536x1024': 1568 },
  high: { '1024x1024': 4160, '1024x1536': 6240, '1536x1024': 6208 },
};

/** Extra output tokens each streamed partial image costs. */
const partialImageTokens = 100;

/** Output image tokens for one image. */
export function outputImageTokens(quality: string, size: string): number {
  return outputTokenTable[quality]?.[size] ?? outputTokenTable.medium!['1024x1024']!;
}

/** Text tokens of a prompt: about four characters a token, at least one. */
export function textTokens(prompt: string): number {
  return Math.max(1, Math.ceil(prompt.length / 4));
}

/**
 * Input tokens for one input image, priced like GPT-4o vision at high detail: fit in 2048×2048,
 * shortest side down to 768, then 85 + 170 per 512-pixel tile. High input fidelity adds what a
 * high-quality output of the nearest size costs. An image the simulator did not fetch (a URL)
 * counts as 1024×1024.
 */
export function inputImageTokens(input: EditInput, fidelity: 'low' | 'high' = 'low'): number {
  let width = input.width ?? 1024;
  let height = input.height ?? 1024;
  const fit = Math.min(1, 2048 / Math.max(width, height));
  width *= fit;
  height *= fit;
  const shrink = Math.min(1, 768 / Math.min(width, height));
  const tiles = Math.ceil((width * shrink) / 512) * Math.ceil((height * shrink) / 512);
  const base = 85 + 170 * tiles;
  return fidelity === 'high' ? base + outputImageTokens('high', nearestSize(width, height)) : base;
}

/** The standard GPT image size closest in aspect ratio to `width`×`height`. */
export function nearestSize(width: number, height: number): string {
  const ratio = Math.log(width / height);
  const candidates = [
    { label: '1024x1024', ratio: 0 },
    { label: '1536x1024', ratio: Math.log(1.5) },
    { label: '1024x1536', ratio: Math.log(1 / 1.5) },
  ];
  candidates.sort((a, b) => Math.abs(a.ratio - ratio) - Math.abs(b.ratio - ratio));
  return candidates[0]!.label;
}

/** Deterministic, realistic usage for a GPT image request. */
export function imageTokenUsage(input: ImageUsageInput): ImageTokenUsage {
  const text = textTokens(input.prompt);
  const image = (input.inputs ?? []).reduce(
    (sum, edited) => sum + inputImageTokens(edited, input.inputFidelity),
    0,
  );
  const perImage =
    outputImageTokens(input.quality, input.size) + (input.partialImages ?? 0) * partialImageTokens;
  const output = perImage * input.n;
  return {
    input_tokens: text + image,
    output_tokens: output,
    total_tokens: text + image + output,
    input_tokens_details: { text_tokens: text, image_tokens: image },
  };
}
