import { describe, expectTypeOf, it } from 'vitest';
import { createFakeProvider } from './__fixtures__/fake-provider.js';
import { createEasel } from './create-easel.js';
import type { GenerateResult } from './generate-result.js';

const easel = createEasel({ providers: [createFakeProvider()] });

describe('generate input types follow the model path', () => {
  it('accepts the model fields under every typed path', () => {
    expectTypeOf(
      easel.generate('sync-model', { prompt: 'x', style: 'vivid', num_images: 2 }),
    ).toEqualTypeOf<Promise<GenerateResult>>();
    easel.generate('fake/sync-model', { prompt: 'x', size: '1024x1024', image: new Uint8Array() });
    easel.generate('Vendor/Sync-Model', { prompt: 'x' });
    easel.generate('async-model', { prompt: 'x', seed: 1 });
  });

  it('rejects a wrong field, a wrong type and a missing prompt at compile time', () => {
    // @ts-expect-error `bogus` is not an input field of sync-model
    easel.generate('sync-model', { prompt: 'x', bogus: 1 });
    // @ts-expect-error `style` must be 'vivid' or 'natural'
    easel.generate('sync-model', { prompt: 'x', style: 'loud' });
    // @ts-expect-error `style` is a sync-model field, not an async-model one
    easel.generate('async-model', { prompt: 'x', style: 'vivid' });
    // @ts-expect-error the prompt is required
    easel.generate('fake/sync-model', { n: 1 });
  });

  it('types paths it does not know loosely, for dynamic callers such as the gateway', () => {
    const dynamicPath: string = 'somewhere/else';
    easel.generate(dynamicPath, { prompt: 'x', anything: true });
  });
});
