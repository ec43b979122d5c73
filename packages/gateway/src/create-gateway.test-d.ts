import { createEasel } from '@easel/core';
import { createFlux } from '@easel/provider-flux';
import { createOpenAI } from '@easel/provider-openai';
import { expectTypeOf, it } from 'vitest';
import { createGateway } from './create-gateway.js';
import type { Gateway } from './gateway-options.js';

it('takes a hub of any catalog, as createEasel returns it', () => {
  const easel = createEasel({ providers: [createOpenAI(), createFlux()] });
  expectTypeOf(createGateway({ easel })).resolves.toEqualTypeOf<Gateway>();
});
