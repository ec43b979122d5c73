/**
 * The messages between the orchestrator and its child processes. A child announces itself once
 * (`ready`, or `unavailable` when what it runs is not there), then answers `call`s by id.
 */
export type ChildMessage =
  | { readonly type: 'ready'; readonly info: Readonly<Record<string, unknown>> }
  | { readonly type: 'unavailable'; readonly reason: string }
  | { readonly type: 'reply'; readonly id: number; readonly result: unknown }
  | { readonly type: 'failure'; readonly id: number; readonly message: string };

/** Methods answered by the event-loop probe (`event-loop-probe.ts`), not by the child's own code. */
export const probeMethodPrefix = 'probe:';

/** A request from the orchestrator to a child. */
export interface CallMessage {
  readonly type: 'call';
  readonly id: number;
  readonly method: string;
  readonly payload: unknown;
}

/** What a child answers to a method; the payload is whatever the orchestrator sent. */
export type CallHandlers = Readonly<Record<string, (payload: never) => unknown>>;

/**
 * Inside a child: answers the orchestrator's calls with `handlers`, then announces readiness with
 * `info`. Exits when the IPC channel closes, so no child outlives the run.
 */
export function serveCalls(handlers: CallHandlers, info: Readonly<Record<string, unknown>>): void {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('this entry point must be started with an IPC channel');
  process.on('message', (message: CallMessage) => {
    if (message?.type !== 'call' || message.method.startsWith(probeMethodPrefix)) return;
    const handler = handlers[message.method] as ((payload: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (handler === undefined) throw new Error(`unknown method ${message.method}`);
        return handler(message.payload);
      })
      .then(
        result => send({ type: 'reply', id: message.id, result: result ?? null }),
        (error: unknown) =>
          send({
            type: 'failure',
            id: message.id,
            message: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  // Exit normally on SIGTERM, so that `--cpu-prof` profiles get written.
  process.once('SIGTERM', () => process.exit(0));
  send({ type: 'ready', info });
}

/** Inside a child: tells the orchestrator that what it should run is missing, then exits. */
export function announceUnavailable(reason: string): void {
  process.send?.({ type: 'unavailable', reason }, () => process.exit(0));
}
