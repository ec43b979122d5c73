import { createEasel, type GenerateResult } from '@easel/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createAcme } from './acme-provider.js';

const easel = createEasel({ providers: [createAcme()] });

describe('Acme input types follow the model path', () => {
  it('accepts the common vocabulary and Acme’s names under every typed path', () => {
    expectTypeOf(easel.generate('acme/acme-1', { prompt: 'x', n: 2 })).toEqualTypeOf<
      Promise<GenerateResult>
    >();
    easel.generate('Acme-One', { prompt: 'x', style: 'watercolor', avoid: 'fog', num_outputs: 2 });
    easel.generate('acme-1-lite', { prompt: 'x', aspect_ratio: '16:9', style: 'photo' });
  });

  it('rejects wrong values and fields a model does not have', () => {
    // @ts-expect-error not one of Acme's styles
    easel.generate('acme-1', { prompt: 'x', style: 'oil' });
    // @ts-expect-error acme-1-lite takes no reference image
    easel.generate('acme/acme-1-lite', { prompt: 'x', reference_image: 'aGk=' });
    // @ts-expect-error the prompt is required
    easel.generate('acme-1', { n: 1 });
  });
});
