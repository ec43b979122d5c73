import { describe, expect, it } from 'vitest';
import {
  defaultStabilityRateLimit,
  rateLimitMessage,
  StabilityRateLimiter,
} from './stability-rate-limiter.js';

function limiterAt(limit = { requests: 3, windowMs: 1_000, penaltyMs: 5_000 }) {
  const clock = { now: 0 };
  const limiter = new StabilityRateLimiter(limit, () => clock.now);
  return { clock, limiter };
}

describe('StabilityRateLimiter', () => {
  it('admits `requests` requests within the window and refuses the next', () => {
    const { clock, limiter } = limiterAt();
    const admitted = [0, 100, 200, 300].map(time => {
      clock.now = time;
      return limiter.admit('key');
    });

    expect(admitted).toEqual([true, true, true, false]);
  });

  it('slides the window: old requests stop counting', () => {
    const { clock, limiter } = limiterAt();
    for (const time of [0, 500, 900]) {
      clock.now = time;
      limiter.admit('key');
    }

    clock.now = 1_000;

    expect(limiter.admit('key')).toBe(true);
  });

  it('times the key out for the penalty, without extending it on refused requests', () => {
    const { clock, limiter } = limiterAt();
    for (let index = 0; index < 4; index += 1) limiter.admit('key');

    clock.now = 4_999;
    const during = limiter.admit('key');
    clock.now = 5_000;
    const after = limiter.admit('key');

    expect([during, after]).toEqual([false, true]);
  });

  it('starts afresh after the penalty', () => {
    const { clock, limiter } = limiterAt();
    for (let index = 0; index < 4; index += 1) limiter.admit('key');
    clock.now = 5_000;

    const admitted = [0, 1, 2, 3].map(() => limiter.admit('key'));

    expect(admitted).toEqual([true, true, true, false]);
  });

  it('counts each key apart', () => {
    const { limiter } = limiterAt({ requests: 1, windowMs: 1_000, penaltyMs: 1_000 });

    expect([limiter.admit('a'), limiter.admit('b'), limiter.admit('a')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('forgets everything on clear', () => {
    const { limiter } = limiterAt({ requests: 1, windowMs: 1_000, penaltyMs: 1_000 });
    limiter.admit('a');
    limiter.admit('a');

    limiter.clear();

    expect(limiter.admit('a')).toBe(true);
  });

  it('refuses just the one request with a zero penalty', () => {
    const { limiter } = limiterAt({ requests: 1, windowMs: 1_000, penaltyMs: 0 });

    expect([limiter.admit('a'), limiter.admit('a'), limiter.admit('a')]).toEqual([
      true,
      false,
      true,
    ]);
  });
});

describe('rateLimitMessage', () => {
  it('words Stability’s published limit as Stability does', () => {
    expect(rateLimitMessage(defaultStabilityRateLimit)).toBe(
      'You have exceeded the rate limit of 150 requests within a 10 second period, and have been timed out for 60 seconds.',
    );
  });

  it('words fractions of seconds', () => {
    expect(rateLimitMessage({ requests: 5, windowMs: 500, penaltyMs: 1_500 })).toBe(
      'You have exceeded the rate limit of 5 requests within a 0.5 second period, and have been timed out for 1.5 seconds.',
    );
  });
});
