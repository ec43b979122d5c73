import type { OutputStream } from './output-stream.js';

/** An output stream that keeps what is written, for tests. */
export interface CollectedStream extends OutputStream {
  readonly text: string;
  /** Resolves once the collected text matches. */
  waitFor(pattern: RegExp): Promise<RegExpMatchArray>;
}

export function collectStream(options: { isTTY?: boolean } = {}): CollectedStream {
  let text = '';
  const waiting: Array<{ pattern: RegExp; resolve: (match: RegExpMatchArray) => void }> = [];
  return {
    isTTY: options.isTTY ?? false,
    columns: 200,
    get text() {
      return text;
    },
    write(chunk: string) {
      text += chunk;
      for (const waiter of [...waiting]) {
        const match = text.match(waiter.pattern);
        if (match) {
          waiting.splice(waiting.indexOf(waiter), 1);
          waiter.resolve(match);
        }
      }
      return true;
    },
    waitFor(pattern) {
      const match = text.match(pattern);
      if (match) return Promise.resolve(match);
      return new Promise(resolve => waiting.push({ pattern, resolve }));
    },
  };
}
