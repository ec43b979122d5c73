import { describe, expect, it } from 'vitest';
import type { FaultType, SimulatorRequest } from '../../simulator/index.js';
import { createSimulatorRequest } from '../../simulator/simulator-request.js';
import { InFlightLimiter } from './in-flight-limiter.js';

let nextId = 1;

function arrival(key: string, fault?: FaultType, receivedAt = Date.now()): SimulatorRequest {
  const request = createSimulatorRequest({
    id: nextId++,
    method: 'POST',
    path: '/v1/ideogram-v3/generate',
    query: new URLSearchParams(),
    headers: { 'api-key': key },
    body: Buffer.alloc(0),
    receivedAt,
  });
  return fault === undefined ? request : { ...request, fault };
}

function limiterOver(recorded: SimulatorRequest[], limit = 2) {
  return new InFlightLimiter({
    limit,
    recorded: () => recorded,
    keyOf: request => request.headers['api-key'],
  });
}

describe('InFlightLimiter', () => {
  it('admits up to the limit per key and again after a release', () => {
    const recorded: SimulatorRequest[] = [];
    const limiter = limiterOver(recorded);
    const [first, second, third, other] = [
      arrival('a', 'latency'),
      arrival('a', 'latency'),
      arrival('a'),
      arrival('b'),
    ];
    recorded.push(first!, second!, third!);

    expect(limiter.admit(third!, 'a')).toBe(false);
    recorded.push(other!);
    expect(limiter.admit(other!, 'b')).toBe(true);
    expect(limiter.admit(first!, 'a')).toBe(true);

    limiter.release(first!);
    const fourth = arrival('a');
    recorded.push(fourth);
    expect(limiter.admit(fourth, 'a')).toBe(true);
  });

  it('judges held requests by arrival order, whenever their handler runs', () => {
    const recorded = [arrival('a', 'latency'), arrival('a', 'latency'), arrival('a', 'latency')];
    const limiter = limiterOver(recorded);

    expect(recorded.map(request => limiter.admit(request, 'a'))).toEqual([true, true, false]);
  });

  it('ignores requests that a fault may answer instead of the handler until they reach it', () => {
    const stalled = arrival('a', 'stall');
    const responded = arrival('a', 'respond');
    const reset = arrival('a', 'reset');
    const recorded = [stalled, responded, reset];
    const limiter = limiterOver(recorded, 1);

    expect(limiter.admit(reset, 'a')).toBe(true);
    limiter.release(reset);
    const next = arrival('a');
    recorded.push(next);
    expect(limiter.admit(next, 'a')).toBe(true);
  });

  it('forgets held requests their client abandoned, once the longest latency has passed', () => {
    const abandoned = arrival('a', 'latency', Date.now() - 10_000);
    const recorded = [abandoned];
    const limiter = limiterOver(recorded, 1);
    limiter.noteLatency(500);

    const next = arrival('a');
    recorded.push(next);
    expect(limiter.admit(next, 'a')).toBe(true);
  });

  it('keeps counting held requests within the longest latency', () => {
    const waiting = arrival('a', 'latency', Date.now() - 10_000);
    const recorded = [waiting];
    const limiter = limiterOver(recorded, 1);
    limiter.noteLatency(60_000);

    const next = arrival('a');
    recorded.push(next);
    expect(limiter.admit(next, 'a')).toBe(false);
  });

  it('forgets everything on clear', () => {
    const recorded = [arrival('a', 'latency')];
    const limiter = limiterOver(recorded, 1);
    expect(limiter.admit(arrival('a'), 'a')).toBe(false);

    limiter.clear();
    recorded.length = 0;

    expect(limiter.admit(arrival('a'), 'a')).toBe(true);
  });
});
