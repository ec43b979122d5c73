import type { Fault, Simulator, SimulatorRequest } from '@easel/testkit';

/** One request that reached the simulator, with the fault the schedule gave it. */
export interface UpstreamAttempt {
  /** The simulator's request id (arrival order). */
  readonly id: number;
  readonly receivedAt: number;
  /** Who the attempt belongs to: the `user` field of the JSON body (the tests put a request id there). */
  readonly user: string | undefined;
  /** The name of the scheduled fault, or `undefined` for a normal answer. */
  readonly fault: string | undefined;
}

/** Decides, once per arriving request, which named fault (if any) it gets. */
export type FaultSchedule = (request: SimulatorRequest) => string | undefined;

/** Options of `createUpstreamLedger`. */
export interface UpstreamLedgerOptions {
  /** Which requests are counted (and scheduled): paid generations by default. */
  readonly method?: string;
  readonly path?: string | RegExp;
  /** The faults the schedule may name. */
  readonly faults?: Readonly<Record<string, Fault>>;
  /** Default: no faults. */
  readonly schedule?: FaultSchedule;
}

/**
 * Counts every matching request that reaches a simulator, without the simulator's cap of 1 000
 * recorded requests, and applies a fault schedule decided by the test (one decision per request,
 * so the test knows exactly which attempts were faulted). Installed as fault rules whose `when`
 * predicates read the body; the tests must not add `before-request-body` resets next to it.
 */
export interface UpstreamLedger {
  /** Every counted attempt, in arrival order. */
  readonly attempts: readonly UpstreamAttempt[];
  /** The attempts of one `user`. */
  attemptsOf(user: string): UpstreamAttempt[];
  /** Replace the schedule (e.g. to recover from an outage). */
  setSchedule(schedule: FaultSchedule | undefined): void;
  /** Remove the ledger's rules from the simulator. */
  detach(): void;
}

function userOf(request: SimulatorRequest): string | undefined {
  try {
    const body = request.json<{ user?: unknown }>();
    return typeof body.user === 'string' ? body.user : undefined;
  } catch {
    return undefined;
  }
}

/** Install a ledger on `simulator` (see `UpstreamLedger`). */
export function createUpstreamLedger(
  simulator: Simulator,
  options: UpstreamLedgerOptions = {},
): UpstreamLedger {
  const attempts: UpstreamAttempt[] = [];
  const decisions = new Map<number, string | undefined>();
  let schedule = options.schedule;
  const match = {
    method: options.method ?? 'POST',
    path: options.path ?? '/v1/images/generations',
  };
  const decide = (request: SimulatorRequest): string | undefined => {
    if (decisions.has(request.id)) return decisions.get(request.id);
    const fault = schedule?.(request);
    decisions.set(request.id, fault);
    attempts.push({ id: request.id, receivedAt: request.receivedAt, user: userOf(request), fault });
    return fault;
  };
  const removers = [
    // Every request passes here first: it is counted even when no fault applies.
    simulator.inject({
      match: { ...match, when: request => decide(request) === '\u0000never' },
      fault: { type: 'latency', ms: 0 },
    }),
    ...Object.entries(options.faults ?? {}).map(([name, fault]) =>
      simulator.inject({ match: { ...match, when: request => decide(request) === name }, fault }),
    ),
  ];
  return {
    get attempts() {
      return attempts;
    },
    attemptsOf: user => attempts.filter(attempt => attempt.user === user),
    setSchedule(next) {
      schedule = next;
    },
    detach() {
      for (const remove of removers) remove();
    },
  };
}
