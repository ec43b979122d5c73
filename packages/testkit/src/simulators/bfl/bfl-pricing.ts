import type { BflInputImage } from './bfl-input-images.js';
import type { BflPrice } from './bfl-models.js';
import type { BflOutputDimensions } from './bfl-output-size.js';

/** What a submission costs and how large it is, as `AsyncResponse` reports it. */
export interface BflQuote {
  /** Credits (1 credit = 1 US cent), to 2 decimals. */
  readonly cost: number;
  /** Megapixels (millions of pixels) of all input images together, to 2 decimals. */
  readonly inputMegapixels: number;
  /** Megapixels (millions of pixels) of the output, to 2 decimals. */
  readonly outputMegapixels: number;
}

const billedMegapixel = 1024 * 1024;

/**
 * Prices a submission. Per-image prices ignore sizes; per-megapixel prices count the output and
 * every input together, rounded up to whole megapixels of 1024 × 1024 pixels (so 1024×1024 costs
 * the first megapixel only, 1440×1440 one more).
 */
export function quoteBflSubmission(
  price: BflPrice,
  output: BflOutputDimensions,
  inputs: readonly BflInputImage[],
): BflQuote {
  const outputPixels = output.width * output.height;
  const inputPixels = inputs.reduce((sum, input) => sum + input.width * input.height, 0);
  const cost =
    price.kind === 'per-image'
      ? price.credits
      : price.firstMegapixel +
        price.additionalMegapixel *
          (Math.max(1, Math.ceil((outputPixels + inputPixels) / billedMegapixel)) - 1);
  return {
    cost: roundToHundredths(cost),
    inputMegapixels: roundToHundredths(inputPixels / 1_000_000),
    outputMegapixels: roundToHundredths(outputPixels / 1_000_000),
  };
}

function roundToHundredths(value: number): number {
  return Math.round(value * 100) / 100;
}
