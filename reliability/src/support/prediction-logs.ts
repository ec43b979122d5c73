/** A retry the transport announced (a `retry` progress event), as the prediction's `logs` show it. */
export interface LoggedRetry {
  /** The attempt about to start, from 2. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: string;
}

const retryLine = /^(?:\[call \d+\] )?attempt (\d+) in (\d+) ms: (.*)$/;

/** The retries in a prediction's `logs` (one line per `retry` progress event). */
export function retriesInLogs(logs: string | undefined): LoggedRetry[] {
  const retries: LoggedRetry[] = [];
  for (const line of (logs ?? '').split('\n')) {
    const match = retryLine.exec(line);
    if (match) {
      retries.push({ attempt: Number(match[1]), delayMs: Number(match[2]), reason: match[3]! });
    }
  }
  return retries;
}
