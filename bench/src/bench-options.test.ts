import { describe, expect, it } from 'vitest';
import { durations, parseBenchOptions } from './bench-options.js';

describe('parseBenchOptions', () => {
  it('defaults to a full run of every scenario', () => {
    expect(parseBenchOptions([])).toEqual({
      mode: 'full',
      only: [],
      readmeOnly: false,
      caveat: undefined,
      profile: false,
    });
  });

  it('reads --quick, --only, --caveat and --readme-only', () => {
    expect(parseBenchOptions(['--quick', '--only', 'p1,P7', '--caveat=shared machine'])).toEqual({
      mode: 'quick',
      only: ['P1', 'P7'],
      readmeOnly: false,
      caveat: 'shared machine',
      profile: false,
    });
    expect(parseBenchOptions(['--profile']).profile).toBe(true);
    expect(parseBenchOptions(['--readme-only']).readmeOnly).toBe(true);
  });

  it('refuses unknown arguments', () => {
    expect(() => parseBenchOptions(['--fast'])).toThrow(/unknown argument --fast/);
  });
});

describe('durations', () => {
  it('keep a full run within the planned budget: 4 load scenarios × 4 targets', () => {
    const full = durations.full;
    const perTarget = full.warmupMs + (full.rounds - 1) * full.rewarmMs + full.rounds * full.runMs;
    expect((4 * 4 * perTarget) / 60_000).toBeLessThan(17);
    expect(full.rounds).toBeGreaterThanOrEqual(3);
  });
});
