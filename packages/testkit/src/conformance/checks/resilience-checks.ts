import { AbortError, ProviderError, TimeoutError } from '@easel/core';
import type { ModelCheck } from '../conformance-check.js';
import { isAsync } from '../conformance-check.js';
import type { ModelCheckContext } from '../conformance-context.js';
import { describeThrown } from '../conformance-error.js';

export const resilienceChecks: readonly ModelCheck[] = [
  {
    id: 'abort',
    title: 'the abort signal stops the call at once with AbortError',
    async run(context: ModelCheckContext) {
      context.suite.simulator.inject({ fault: { type: 'stall', when: 'before-headers' } });
      const controller = new AbortController();
      const pending = context.call(context.input, { abortSignal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      const error = await context.failure(pending, 'an aborted call must fail');
      context.conform(
        AbortError.isInstance(error),
        `expected AbortError, got ${describeThrown(error)}`,
      );
    },
  },
  {
    id: 'deadline',
    title: 'the deadline stops the call with TimeoutError',
    async run(context: ModelCheckContext) {
      context.suite.simulator.inject({ fault: { type: 'stall', when: 'before-headers' } });
      const error = await context.failure(
        context.call(context.input, { timeoutMs: 300 }),
        'a call past its deadline must fail',
      );
      context.conform(
        TimeoutError.isInstance(error),
        `expected TimeoutError, got ${describeThrown(error)}`,
      );
    },
  },
  {
    id: 'retry',
    title: 'retries what was not accepted, never resubmits a paid request that may have been',
    async run(context: ModelCheckContext) {
      const { suite } = context;
      const conform: ModelCheckContext['conform'] = context.conform;
      const paid = suite.options.paidRequest ?? { method: 'POST' };
      const reset = () => suite.simulator.reset();

      for (const status of [503, 429]) {
        reset();
        suite.simulator.inject({
          match: paid,
          times: 1,
          fault: {
            type: 'respond',
            status,
            headers: { 'retry-after': '0' },
            body: { error: { message: 'try again' } },
          },
        });
        await context.generate(context.input);
        conform(
          suite.paidRequests().length === 2,
          `after one ${status} with Retry-After: 0 the paid request must be retried once; saw ${suite.paidRequests().length} attempts`,
        );
      }

      const outcome = (promise: Promise<unknown>) =>
        promise.then(
          () => undefined,
          (error: unknown) => {
            suite.errors.push(error);
            return error;
          },
        );

      reset();
      suite.simulator.inject({
        match: paid,
        times: 1,
        fault: { type: 'respond', status: 500, body: { error: { message: 'internal error' } } },
      });
      const ambiguous = await outcome(context.call(context.input));
      conform(
        suite.paidRequests().length === 1,
        `a 500 may mean the work was done (and billed): the paid request must not be resubmitted, but it was sent ${suite.paidRequests().length} times`,
      );
      conform(
        ProviderError.isInstance(ambiguous),
        `a 500 on the paid request must fail with a ProviderError, got ${ambiguous === undefined ? 'a result' : describeThrown(ambiguous)}`,
      );

      reset();
      suite.simulator.inject({
        match: paid,
        times: 1,
        fault: { type: 'reset', when: 'after-request-body' },
      });
      const dropped = await outcome(context.call(context.input));
      conform(
        suite.paidRequests().length === 1,
        `a paid request that reached the upstream must not be resubmitted; it was sent ${suite.paidRequests().length} times`,
      );
      conform(
        ProviderError.isInstance(dropped) && !dropped.retryable,
        `a connection lost after the paid request was sent must be a non-retryable ProviderError, got ${dropped === undefined ? 'a result' : describeThrown(dropped)}`,
      );

      if (isAsync(context.model)) {
        reset();
        suite.simulator.inject({
          match: { method: 'GET' },
          times: 1,
          fault: { type: 'respond', status: 503, headers: { 'retry-after': '0' } },
        });
        await context.generate(context.input);
        conform(
          suite.paidRequests().length === 1,
          `a failed poll must be retried without resubmitting the job; the job was submitted ${suite.paidRequests().length} times`,
        );
      }
    },
  },
];
