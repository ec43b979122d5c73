import {
  ContentFilteredError,
  EaselError,
  InvalidInputError,
  ProviderError,
  RateLimitError,
} from '@easel/core';
import type { ModelCheck } from '../conformance-check.js';
import type { ModelCheckContext } from '../conformance-context.js';
import { describeThrown } from '../conformance-error.js';
import type { ExpectedError } from '../conformance-options.js';

const brands: Record<ExpectedError['type'], (error: unknown) => boolean> = {
  InvalidInputError: InvalidInputError.isInstance,
  ProviderError: ProviderError.isInstance,
  RateLimitError: RateLimitError.isInstance,
  ContentFilteredError: ContentFilteredError.isInstance,
};

function mismatch(error: unknown, expected: ExpectedError): string | undefined {
  if (!brands[expected.type](error))
    return `expected ${expected.type}, got ${describeThrown(error)}`;
  const fields = error as {
    status?: number;
    providerCode?: string;
    stage?: string;
    retryAfterMs?: number;
    message: string;
  };
  if (expected.status !== undefined && fields.status !== expected.status)
    return `expected status ${expected.status}, got ${fields.status}`;
  if (expected.providerCode !== undefined && fields.providerCode !== expected.providerCode) {
    return `expected providerCode "${expected.providerCode}", got "${fields.providerCode}"`;
  }
  if (expected.stage !== undefined && fields.stage !== expected.stage)
    return `expected stage "${expected.stage}", got "${fields.stage}"`;
  if (expected.retryAfterMs !== undefined && fields.retryAfterMs !== expected.retryAfterMs) {
    return `expected retryAfterMs ${expected.retryAfterMs}, got ${fields.retryAfterMs}`;
  }
  if (
    expected.messageIncludes !== undefined &&
    !fields.message.includes(expected.messageIncludes)
  ) {
    return `expected the message to include "${expected.messageIncludes}": "${fields.message}"`;
  }
  return undefined;
}

export const errorChecks: readonly ModelCheck[] = [
  {
    id: 'errors',
    title: 'upstream error answers become the right typed errors',
    async run(context: ModelCheckContext) {
      const { suite } = context;
      const conform: ModelCheckContext['conform'] = context.conform;
      const paid = suite.options.paidRequest ?? { method: 'POST' };
      const cases = [
        {
          name: '429 with Retry-After: 7',
          response: {
            status: 429,
            headers: { 'retry-after': '7' },
            body: { error: { message: 'Too many requests' } },
          },
          expect: { type: 'RateLimitError', status: 429, retryAfterMs: 7000 } as ExpectedError,
        },
        {
          name: '500 with an HTML body',
          response: {
            status: 500,
            headers: { 'content-type': 'text/html' },
            body: '<html>oops</html>',
          },
          expect: { type: 'ProviderError', status: 500 } as ExpectedError,
        },
        ...(context.cases.errors ?? []),
      ];
      for (const errorCase of cases) {
        suite.simulator.reset();
        suite.simulator.inject({
          match: 'match' in errorCase && errorCase.match ? errorCase.match : paid,
          times: 1,
          fault: { type: 'respond', ...errorCase.response },
        });
        const error = await context.failure(
          context.call(context.input, {}, { retry: false }),
          `${errorCase.name} must fail`,
        );
        const problem = mismatch(error, errorCase.expect);
        conform(problem === undefined, `${errorCase.name}: ${problem}`);
      }
      for (const fault of [{ type: 'malformed' }, { type: 'truncate' }] as const) {
        suite.simulator.reset();
        suite.simulator.inject({ match: paid, times: 1, fault });
        const error = await context.failure(
          context.call(context.input, {}, { retry: false }),
          `a ${fault.type} answer must fail`,
        );
        conform(
          EaselError.isEaselError(error),
          `a ${fault.type} answer must be a typed Easel error, got ${describeThrown(error)}`,
        );
      }
    },
  },
  {
    id: 'moderation',
    title: 'moderation verdicts become ContentFilteredError',
    async run(context: ModelCheckContext) {
      const moderated = context.cases.moderated ?? [];
      context.conform(
        moderated.length > 0,
        'no moderation case given: add `cases.<model>.moderated` with an input the simulator moderates, or skip "moderation"',
      );
      for (const moderation of moderated) {
        const error = await context.failure(
          context.call(moderation.input),
          `${JSON.stringify(moderation.input).slice(0, 80)} must be moderated`,
        );
        context.conform(
          ContentFilteredError.isInstance(error),
          `expected ContentFilteredError, got ${describeThrown(error)}`,
        );
        if (moderation.stage !== undefined) {
          context.conform(
            error.stage === moderation.stage,
            `expected stage "${moderation.stage}", got "${error.stage}"`,
          );
        }
      }
    },
  },
];
