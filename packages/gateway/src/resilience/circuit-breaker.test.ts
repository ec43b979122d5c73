import { describe, expect, it } from 'vitest';
import {
  type BreakerPermit,
  type BreakerState,
  CircuitBreaker,
  type CircuitBreakerOptions,
} from './circuit-breaker.js';

function setup(options: CircuitBreakerOptions = {}) {
  let now = 0;
  const transitions: Array<[BreakerState, BreakerState]> = [];
  const breaker = new CircuitBreaker({
    minimumRequests: 4,
    failureRateThreshold: 0.5,
    windowMs: 10_000,
    openMs: 5_000,
    now: () => now,
    onStateChange: (state, previous) => transitions.push([state, previous]),
    ...options,
  });
  const permit = (): BreakerPermit => {
    const result = breaker.tryAcquire();
    if (!result.ok) throw new Error(`expected a permit, breaker is ${breaker.state}`);
    return result;
  };
  const record = (outcomes: string) => {
    for (const outcome of outcomes) {
      const granted = permit();
      if (outcome === 'F') granted.failure();
      else if (outcome === 'S') granted.success();
      else granted.ignore();
    }
  };
  return {
    breaker,
    transitions,
    permit,
    record,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** A breaker that has just opened (at time 0 of its clock + whatever was advanced). */
function opened(options: CircuitBreakerOptions = {}) {
  const subject = setup(options);
  subject.record('FFFF');
  expect(subject.breaker.state).toBe('open');
  return subject;
}

describe('CircuitBreaker, closed', () => {
  it('stays closed below minimumRequests, even when every call fails', () => {
    const { breaker, record } = setup();
    record('FFF');
    expect(breaker.state).toBe('closed');
    record('F');
    expect(breaker.state).toBe('open');
  });

  it('opens once the failure rate reaches the threshold, not before', () => {
    const below = setup();
    below.record('SSSFSFF');
    expect(below.breaker.state).toBe('closed');
    const at = setup();
    at.record('SSSFSFFF');
    expect(at.breaker.state).toBe('open');
    expect(at.transitions).toEqual([['open', 'closed']]);
  });

  it('does not count ignored outcomes as decided calls', () => {
    const { breaker, record } = setup();
    record('FIIIIIIIFF');
    expect(breaker.state).toBe('closed');
    record('F');
    expect(breaker.state).toBe('open');
  });

  it('forgets failures once they slide out of the window', () => {
    const { breaker, record, advance } = setup();
    record('FFF');
    advance(10_000);
    record('F');
    expect(breaker.state).toBe('closed');
    record('FFF');
    expect(breaker.state).toBe('open');
  });

  it('counts each permit once, whatever is called afterwards', () => {
    const { breaker, permit } = setup();
    const granted = permit();
    for (let index = 0; index < 5; index++) granted.failure();
    granted.success();
    expect(breaker.state).toBe('closed');
  });
});

describe('CircuitBreaker, open', () => {
  it('refuses with the time left until a probe may be tried', () => {
    const { breaker, advance } = opened();
    expect(breaker.tryAcquire()).toEqual({ ok: false, retryAfterMs: 5_000 });
    advance(3_200);
    expect(breaker.tryAcquire()).toEqual({ ok: false, retryAfterMs: 1_800 });
    advance(1_799);
    expect(breaker.tryAcquire()).toEqual({ ok: false, retryAfterMs: 1 });
  });

  it('turns half-open once openMs has passed', () => {
    const { breaker, transitions, advance } = opened();
    advance(5_000);
    expect(breaker.state).toBe('half-open');
    expect(transitions).toEqual([
      ['open', 'closed'],
      ['half-open', 'open'],
    ]);
  });
});

describe('CircuitBreaker, half-open', () => {
  it('lets one probe through at a time; its success closes the breaker', () => {
    const { breaker, transitions, permit, advance } = opened();
    advance(5_000);
    const probe = permit();
    expect(breaker.tryAcquire()).toEqual({ ok: false, retryAfterMs: 1_000 });
    expect(breaker.tryAcquire().ok).toBe(false);
    probe.success();
    expect(breaker.state).toBe('closed');
    expect(transitions.at(-1)).toEqual(['closed', 'half-open']);
  });

  it('starts a fresh window after closing', () => {
    const { breaker, permit, record, advance } = opened();
    advance(5_000);
    permit().success();
    record('FFF');
    expect(breaker.state).toBe('closed');
  });

  it('re-opens for a full openMs when the probe fails', () => {
    const { breaker, transitions, permit, advance } = opened();
    advance(5_000);
    permit().failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toEqual({ ok: false, retryAfterMs: 5_000 });
    expect(transitions.at(-1)).toEqual(['open', 'half-open']);
  });

  it('releases the probe slot on ignore without deciding', () => {
    const { breaker, permit, advance } = opened();
    advance(5_000);
    permit().ignore();
    expect(breaker.state).toBe('half-open');
    const next = permit();
    expect(breaker.tryAcquire().ok).toBe(false);
    next.success();
    expect(breaker.state).toBe('closed');
  });

  it('allows halfOpenProbes probes at once and closes after that many successes', () => {
    const { breaker, permit, advance } = opened({ halfOpenProbes: 2 });
    advance(5_000);
    const first = permit();
    const second = permit();
    expect(breaker.tryAcquire().ok).toBe(false);
    first.success();
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire().ok).toBe(false);
    second.success();
    expect(breaker.state).toBe('closed');
  });

  it('under concurrency, one failing probe re-opens even if another succeeds later', () => {
    const { breaker, permit, advance } = opened({ halfOpenProbes: 2 });
    advance(5_000);
    const first = permit();
    const second = permit();
    first.failure();
    second.success();
    expect(breaker.state).toBe('open');
  });

  it('ignores outcomes of permits taken before the last transition', () => {
    const { breaker, permit, record, advance } = setup();
    const slow = permit();
    const slowFailures = [permit(), permit(), permit()];
    record('FFFF');
    expect(breaker.state).toBe('open');
    advance(5_000);
    expect(breaker.state).toBe('half-open');
    slow.success();
    expect(breaker.state).toBe('half-open');
    permit().success();
    expect(breaker.state).toBe('closed');
    for (const late of slowFailures) late.failure();
    record('F');
    expect(breaker.state).toBe('closed');
  });
});

describe('CircuitBreaker, stale permits', () => {
  it('does not let late successes from before a transition dilute the new window', () => {
    const { breaker, permit, record, advance } = setup();
    const late = [permit(), permit(), permit(), permit(), permit()];
    record('FFFF');
    advance(5_000);
    permit().success();
    expect(breaker.state).toBe('closed');
    for (const slow of late) slow.success();
    record('FFFF');
    expect(breaker.state).toBe('open');
  });
});

describe('CircuitBreaker options', () => {
  it('refuses nonsensical settings', () => {
    expect(() => new CircuitBreaker({ failureRateThreshold: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ failureRateThreshold: 1.5 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ minimumRequests: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ halfOpenProbes: 0 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ openMs: -1 })).toThrow(RangeError);
    expect(() => new CircuitBreaker({ windowMs: 0 })).toThrow(RangeError);
  });

  it('defaults to a 50% rate over at least 10 calls', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ now: () => now });
    for (let index = 0; index < 9; index++) {
      const permit = breaker.tryAcquire();
      if (permit.ok) permit.failure();
    }
    expect(breaker.state).toBe('closed');
    const tenth = breaker.tryAcquire();
    if (tenth.ok) tenth.failure();
    expect(breaker.state).toBe('open');
    now += 14_999;
    expect(breaker.state).toBe('open');
    now += 1;
    expect(breaker.state).toBe('half-open');
  });
});
