import { describe, expect, it } from 'vitest';
import { latestResultsPath } from '../paths.js';
import { meets } from './goal.js';
import { readResults } from './results-file.js';
import { benchResultsSchema } from './results-schema.js';

// P1–P10, and R5's timing (how long after the deadline the 504 arrives).
const scenarioIds = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'R5'];

describe('bench/results/latest.json', () => {
  const results = readResults(latestResultsPath);

  it('is well-formed', () => {
    expect(benchResultsSchema.safeParse(results).success).toBe(true);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.command).toMatch(/^npx --yes pnpm@10\.34\.8 bench/);
  });

  it('has one entry per goal check, with unique ids, covering P1–P10 and R5', () => {
    const ids = results.entries.map(entry => entry.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...new Set(results.entries.map(entry => entry.scenario))].sort()).toEqual(
      [...scenarioIds].sort(),
    );
    for (const entry of results.entries) expect(entry.id.split('.')[0]).toBe(entry.scenario);
  });

  it('states met exactly when the recorded numbers meet the goal', () => {
    for (const entry of results.entries) {
      const subject = entry.goal.subject === 'ratio' ? entry.ratio : entry.easel;
      expect(entry.met, entry.id).toBe(meets(entry.goal, subject));
      if (entry.ratio !== null) expect(entry.ratioOf, entry.id).not.toBeNull();
    }
  });

  it('explains every check that could not be measured', () => {
    for (const entry of results.entries.filter(entry => entry.met === null)) {
      expect(entry.note, entry.id).toBeTruthy();
    }
  });
});

describe('the results schema', () => {
  it('rejects unknown fields and malformed ids', () => {
    const results = readResults(latestResultsPath);
    const [first] = results.entries;
    expect(first).toBeDefined();
    expect(
      benchResultsSchema.safeParse({ ...results, entries: [{ ...first, extra: 1 }] }).success,
    ).toBe(false);
    expect(
      benchResultsSchema.safeParse({ ...results, entries: [{ ...first, id: 'latency' }] }).success,
    ).toBe(false);
  });
});
