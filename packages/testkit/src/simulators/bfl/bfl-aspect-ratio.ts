/** An aspect ratio as `W:H` states it, in positive integers. */
export interface BflAspectRatio {
  readonly width: number;
  readonly height: number;
}

const ratioPattern = /^([1-9]\d{0,5}):([1-9]\d{0,5})$/;

/** The widest ratio Kontext and Ultra accept, 21:9; the tallest is its inverse, 9:21. */
const widest = 21 / 9;

/**
 * Reads a `W:H` aspect ratio (`16:9`, `2:1`, `9:21`): two positive integers of up to six digits.
 *
 * @returns `undefined` when the text is not of that form.
 */
export function parseAspectRatio(text: string): BflAspectRatio | undefined {
  const match = ratioPattern.exec(text);
  if (match === null) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** Whether a ratio lies between 21:9 and 9:21, both included. */
export function isSupportedAspectRatio(ratio: BflAspectRatio): boolean {
  // Cross-multiplied integers, so 21:9 and 7:3 sit exactly on the boundary.
  return ratio.width * 9 <= ratio.height * 21 && ratio.height * 9 <= ratio.width * 21;
}

/** `width / height` of a ratio, for picking sizes; `widest` bounds it from both sides. */
export function aspectRatioValue(ratio: BflAspectRatio): number {
  return Math.min(widest, Math.max(1 / widest, ratio.width / ratio.height));
}
