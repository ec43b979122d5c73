import { expect, it } from 'vitest';
import { summariseInput } from './input-summary.js';

it('summarises inline images and keeps everything else', () => {
  const base64 = 'iVBORw0KGgo'.repeat(200);
  const input = {
    prompt: `${'a long prompt with words '.repeat(100)}`,
    image: `data:image/png;base64,${base64}`,
    images: [base64, 'https://example.com/a.png'],
    n: 2,
    nested: { mask: new Uint8Array(3000) },
  };
  expect(summariseInput(input)).toEqual({
    prompt: input.prompt,
    image: `data:image/png;base64,… (${input.image.length} characters omitted)`,
    images: [`base64,… (${base64.length} characters omitted)`, 'https://example.com/a.png'],
    n: 2,
    nested: { mask: '<3000 bytes omitted>' },
  });
});
