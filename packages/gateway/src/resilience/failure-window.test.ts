import { describe, expect, it } from 'vitest';
import { FailureWindow } from './failure-window.js';

describe('FailureWindow', () => {
  it('sums the buckets inside the window', () => {
    const window = new FailureWindow(1000, 10);
    window.record('failure', 0);
    window.record('success', 150);
    window.record('failure', 999);
    expect(window.totals(999)).toEqual({ successes: 1, failures: 2 });
  });

  it('slides one bucket at a time', () => {
    const window = new FailureWindow(1000, 10);
    window.record('failure', 50);
    window.record('failure', 150);
    expect(window.totals(999)).toEqual({ successes: 0, failures: 2 });
    expect(window.totals(1000)).toEqual({ successes: 0, failures: 1 });
    expect(window.totals(1100)).toEqual({ successes: 0, failures: 0 });
  });

  it('reuses a slot for a new period instead of adding to the old count', () => {
    const window = new FailureWindow(1000, 10);
    window.record('failure', 10);
    window.record('success', 1010);
    expect(window.totals(1010)).toEqual({ successes: 1, failures: 0 });
  });

  it('forgets everything on reset', () => {
    const window = new FailureWindow(1000);
    window.record('failure', 10);
    window.reset();
    expect(window.totals(10)).toEqual({ successes: 0, failures: 0 });
  });
});
