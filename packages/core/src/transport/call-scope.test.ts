import { describe, expect, it } from 'vitest';
import { AbortError } from '../errors/abort-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { createCallScope } from './call-scope.js';

describe('createCallScope', () => {
  it('gives the caller’s abort as an AbortError and the deadline as a TimeoutError', async () => {
    const caller = new AbortController();
    const aborted = createCallScope({ abortSignal: caller.signal, timeoutMs: 60_000 });
    caller.abort(new Error('gone'));
    expect(AbortError.isInstance(aborted.signal.reason)).toBe(true);
    aborted.dispose();

    const timed = createCallScope({ provider: 'openai', timeoutMs: 5 });
    await new Promise(resolve => timed.signal.addEventListener('abort', resolve));
    expect(timed.signal.reason).toMatchObject({ phase: 'total', provider: 'openai' });
    expect(TimeoutError.isInstance(timed.signal.reason)).toBe(true);
  });

  it('shares the signal of an enclosing scope that stands for the same deadline', () => {
    const outer = createCallScope({ provider: 'openai', timeoutMs: 60_000 });
    const inner = createCallScope({
      provider: 'openai',
      abortSignal: outer.signal,
      deadline: outer.deadline,
    });
    expect(inner.signal).toBe(outer.signal);
    expect(inner.deadline).toBe(outer.deadline);
    inner.dispose();
    expect(outer.signal.aborted).toBe(false);
    outer.dispose();
  });

  it('makes a signal of its own for an earlier deadline, another phase or a disposed scope', () => {
    const outer = createCallScope({ provider: 'openai', timeoutMs: 60_000 });
    const earlier = createCallScope({
      provider: 'openai',
      abortSignal: outer.signal,
      deadline: outer.deadline,
      timeoutMs: 1_000,
    });
    const poll = createCallScope({
      provider: 'openai',
      phase: 'poll',
      abortSignal: outer.signal,
      deadline: outer.deadline,
    });
    expect(earlier.signal).not.toBe(outer.signal);
    expect(poll.signal).not.toBe(outer.signal);
    earlier.dispose();
    poll.dispose();
    outer.dispose();
    const after = createCallScope({
      provider: 'openai',
      abortSignal: outer.signal,
      deadline: outer.deadline,
    });
    expect(after.signal).not.toBe(outer.signal);
    after.dispose();
  });
});
