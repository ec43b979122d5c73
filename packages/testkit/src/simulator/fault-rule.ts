import type { SimulatorRequest, SimulatorRequestHead } from './simulator-request.js';
import type { SimulatorBody } from './simulator-response.js';

/**
 * A failure the simulator can inflict on a request. Faults that need "the real answer" (reset or
 * stall mid-response, truncate, malformed, latency) call the wire handler first; the others do not.
 */
export type Fault =
  /** Wait `ms` milliseconds, then answer normally; the wait ends early if the client leaves. */
  | { readonly type: 'latency'; readonly ms: number }
  /** Answer with this instead of calling the handler, e.g. 429 with `Retry-After`, 503, a provider error body. */
  | {
      readonly type: 'respond';
      readonly status: number;
      readonly headers?: Readonly<Record<string, string>>;
      readonly body?: SimulatorBody;
    }
  /**
   * Close the connection with a TCP RST:
   * - `before-request-body`: as soon as the headers arrive, body unread, handler not called;
   * - `after-request-body`: after the handler has run on the whole request, without answering
   *   (the ambiguous case: the work was done, the client cannot know);
   * - `mid-response-body`: after sending the real answer's headers and about half of its body.
   */
  | {
      readonly type: 'reset';
      readonly when: 'before-request-body' | 'after-request-body' | 'mid-response-body';
    }
  /**
   * Never finish, until the client gives up or the simulator closes:
   * - `before-headers`: read the request, send nothing (handler not called);
   * - `mid-response-body`: send the real answer's headers and about half of its body.
   */
  | { readonly type: 'stall'; readonly when: 'before-headers' | 'mid-response-body' }
  /** The real answer with its full `Content-Length`, but only half the body, then end the socket. */
  | { readonly type: 'truncate' }
  /** Status 200 with the real answer's content type and a body that does not parse (`{"data": [`). */
  | { readonly type: 'malformed' };

/** The kind of a fault: `'latency'`, `'respond'`, `'reset'`, `'stall'`, `'truncate'` or `'malformed'`. */
export type FaultType = Fault['type'];

/** Which requests a rule applies to; every given condition must hold. Default: all requests. */
export interface FaultMatch {
  /** HTTP method, compared case-insensitively. */
  readonly method?: string;
  /** Exact path (without query string), or a pattern tested against it. */
  readonly path?: string | RegExp;
  /**
   * Any other condition. It sees the whole request, so the body is read before it runs (a
   * `before-request-body` reset guarded by `when` therefore comes after the body arrived).
   */
  readonly when?: (request: SimulatorRequest) => boolean;
}

/**
 * A fault injected into a simulator for the requests it matches. Rules are checked in insertion
 * order and the first that matches (and passes its probability draw) wins.
 *
 * @example
 * simulator.inject({
 *   match: { method: 'POST', path: '/v1/images/generations' },
 *   times: 2,
 *   fault: { type: 'respond', status: 429, headers: { 'retry-after': '1' } },
 * });
 */
export interface FaultRule {
  /** Which requests the rule applies to. Default: all. */
  readonly match?: FaultMatch;
  /** Apply to the next N matching requests, then expire. Default: unlimited. */
  readonly times?: number;
  /**
   * Chance, 0–1, that a matching request is hit, drawn from the simulator's seeded random
   * generator (one draw per matching request, in arrival order). Default: 1.
   */
  readonly probability?: number;
  /** What happens to the request. */
  readonly fault: Fault;
}

interface FaultRuleEntry {
  readonly rule: FaultRule;
  remaining: number;
}

/** The live rules of one simulator, with their `times` and `probability` bookkeeping. */
export class FaultRuleSet {
  readonly #random: () => number;
  #entries: FaultRuleEntry[] = [];

  constructor(random: () => number) {
    this.#random = random;
  }

  /** Adds a rule after the existing ones; returns a function that removes it. */
  add(rule: FaultRule): () => void {
    validateFaultRule(rule);
    const entry: FaultRuleEntry = { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.#entries.push(entry);
    return () => this.#remove(entry);
  }

  /** Removes every rule. */
  clear(): void {
    this.#entries = [];
  }

  /**
   * Finds the fault for a request, consuming one of its rule's `times`. `loadRequest` reads the
   * body; it is only called when a rule's `when` predicate needs the whole request.
   */
  async select(
    head: SimulatorRequestHead,
    loadRequest: () => Promise<SimulatorRequest>,
  ): Promise<Fault | undefined> {
    for (const entry of [...this.#entries]) {
      const { match, probability } = entry.rule;
      if (!this.#entries.includes(entry) || !matchesHead(match, head)) continue;
      if (match?.when !== undefined) {
        const request = await loadRequest();
        if (!this.#entries.includes(entry) || !match.when(request)) continue;
      }
      if (probability !== undefined && probability < 1 && this.#random() >= probability) continue;
      entry.remaining -= 1;
      if (entry.remaining <= 0) this.#remove(entry);
      return entry.rule.fault;
    }
    return undefined;
  }

  #remove(entry: FaultRuleEntry): void {
    this.#entries = this.#entries.filter(candidate => candidate !== entry);
  }
}

/**
 * Whether a recorded request matches a pattern (method, path and `when`), by the same rules as
 * fault injection. Use it to count requests of one kind, e.g. paid generations.
 */
export function matchesRequest(match: FaultMatch | undefined, request: SimulatorRequest): boolean {
  return matchesHead(match, request) && (match?.when === undefined || match.when(request));
}

function matchesHead(match: FaultMatch | undefined, head: SimulatorRequestHead): boolean {
  if (match?.method !== undefined && match.method.toUpperCase() !== head.method.toUpperCase()) {
    return false;
  }
  const path = match?.path;
  if (path === undefined) return true;
  if (typeof path === 'string') return path === head.path;
  path.lastIndex = 0;
  return path.test(head.path);
}

/** Rejects rules that would never apply or would break the simulator later, naming the problem. */
function validateFaultRule(rule: FaultRule): void {
  const problem = describeProblem(rule);
  if (problem !== undefined) throw new TypeError(`simulator.inject: ${problem}`);
}

function describeProblem({ times, probability, fault }: FaultRule): string | undefined {
  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    return `times must be a positive integer, got ${times}`;
  }
  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    return `probability must be between 0 and 1, got ${probability}`;
  }
  const candidate = fault as Fault | undefined;
  switch (candidate?.type) {
    case 'latency':
      return Number.isFinite(candidate.ms) && candidate.ms >= 0
        ? undefined
        : `latency ms must be a finite number >= 0, got ${candidate.ms}`;
    case 'respond':
      return Number.isInteger(candidate.status) &&
        candidate.status >= 100 &&
        candidate.status <= 999
        ? undefined
        : `respond status must be an integer from 100 to 999, got ${candidate.status}`;
    case 'reset':
      return ['before-request-body', 'after-request-body', 'mid-response-body'].includes(
        candidate.when,
      )
        ? undefined
        : `unknown reset moment ${JSON.stringify(candidate.when)}`;
    case 'stall':
      return ['before-headers', 'mid-response-body'].includes(candidate.when)
        ? undefined
        : `unknown stall moment ${JSON.stringify(candidate.when)}`;
    case 'truncate':
    case 'malformed':
      return undefined;
    default:
      return `unknown fault ${JSON.stringify(candidate)}`;
  }
}
