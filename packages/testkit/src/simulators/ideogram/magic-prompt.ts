import { createHash } from 'node:crypto';

const settings = [
  'The scene is bathed in soft golden-hour light that casts long, gentle shadows.',
  'Diffuse overcast light gives the scene an even, calm mood with muted highlights.',
  'Crisp morning light picks out every edge, with a faint haze in the distance.',
  'Warm lantern light and deep blue dusk tones set a quiet, intimate atmosphere.',
] as const;

const details = [
  'Fine textures are rendered in rich detail, from surfaces to the smallest highlights.',
  'A shallow depth of field keeps the subject sharp against a softly blurred background.',
  'Subtle reflections and layered depth give the composition a strong sense of space.',
  'Carefully balanced colours tie foreground and background into one harmonious palette.',
] as const;

const compositions = [
  'The framing follows the rule of thirds, drawing the eye straight to the main subject.',
  'A low vantage point lends the subject presence while leading lines guide the gaze.',
  'Wide, open framing leaves breathing room around the subject for a serene feel.',
  'A centred, symmetrical composition gives the image a striking, deliberate balance.',
] as const;

/**
 * The MagicPrompt rewrite of a prompt, as the simulator answers it when `magic_prompt` is `ON`
 * or `AUTO`: the prompt as sent, then three descriptive sentences picked deterministically from
 * the prompt and the image's index (Ideogram rewrites each image's prompt on its own).
 *
 * @example
 * magicPrompt('A deer drinking in the lake', 0);
 * // 'A deer drinking in the lake. The scene is bathed in soft golden-hour light … '
 */
export function magicPrompt(prompt: string, index: number): string {
  const digest = createHash('sha256').update(`${index}\n${prompt}`).digest();
  const pick = <T>(options: readonly T[], byte: number): T =>
    options[digest[byte]! % options.length]!;
  const base = prompt.trim().replace(/[\s.!?]+$/, '');
  return [`${base}.`, pick(settings, 0), pick(details, 1), pick(compositions, 2)].join(' ');
}
