/** A conformance check failed. The message names the model, the check and what went wrong. */
export class ConformanceError extends Error {
  override readonly name = 'ConformanceError';
}

/** Fail with `message` unless `condition` holds. */
export function conform(condition: unknown, message: string): asserts condition {
  if (!condition) throw new ConformanceError(message);
}

/** A one-line description of any thrown value, for failure messages. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' ? ` (${code})` : ''}: ${error.message.split('\n')[0]}`;
  }
  return `a thrown ${typeof error}: ${String(error)}`;
}
