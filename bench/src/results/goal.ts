import type { Goal } from './results-schema.js';

/** A goal on Easel's own number, e.g. `atMost(0.5, '≤ 0.5 ms')`. */
export function atMost(threshold: number, text: string, subject: Goal['subject'] = 'easel'): Goal {
  return { text, subject, comparator: '<=', threshold };
}

/** A goal that a number reaches at least `threshold`. */
export function atLeast(threshold: number, text: string, subject: Goal['subject'] = 'easel'): Goal {
  return { text, subject, comparator: '>=', threshold };
}

/** Whether `value` meets the goal; `null` when there is no value. */
export function meets(goal: Goal, value: number | null): boolean | null {
  if (value === null || !Number.isFinite(value)) return null;
  return goal.comparator === '<=' ? value <= goal.threshold : value >= goal.threshold;
}
