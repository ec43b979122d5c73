import { subscribe, unsubscribe } from 'node:diagnostics_channel';

/** A connection undici tried to open, as its diagnostics channels report it. */
export interface ConnectionEvent {
  readonly stage: 'beforeConnect' | 'connected' | 'connectError';
  readonly host: string;
  readonly port: string;
  readonly protocol: string;
  /** `code` of the error, for `connectError`. */
  readonly code?: string;
}

interface ConnectMessage {
  readonly connectParams: { hostname: string; port: string; protocol: string };
  readonly error?: { code?: string; cause?: { code?: string } };
}

/** Records every connection attempt of every undici client in this process. */
export interface ConnectionWitness {
  readonly events: readonly ConnectionEvent[];
  close(): void;
}

/**
 * Subscribe to undici's `undici:client:beforeConnect`, `connected` and `connectError` channels
 * (process-wide, whichever copy of undici made the connection): the witness that an SSRF target
 * was never connected to, whatever port it was on.
 */
export function watchConnections(): ConnectionWitness {
  const events: ConnectionEvent[] = [];
  const stages = ['beforeConnect', 'connected', 'connectError'] as const;
  const listeners = stages.map(stage => {
    const listener = (message: unknown) => {
      const { connectParams, error } = message as ConnectMessage;
      const code = error?.code ?? error?.cause?.code;
      events.push({
        stage,
        host: connectParams.hostname,
        port: String(connectParams.port),
        protocol: connectParams.protocol,
        ...(code === undefined ? {} : { code }),
      });
    };
    subscribe(`undici:client:${stage}`, listener);
    return { name: `undici:client:${stage}`, listener };
  });
  return {
    events,
    close() {
      for (const { name, listener } of listeners) unsubscribe(name, listener);
    },
  };
}
