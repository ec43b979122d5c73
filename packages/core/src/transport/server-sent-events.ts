import { ProviderError } from '../errors/provider-error.js';

/** One server-sent event. */
export interface ServerSentEvent {
  /** The `event:` field; absent for the default `message` event. */
  readonly event?: string;
  /** The `data:` lines joined with `\n`. */
  readonly data: string;
  readonly id?: string;
  /** The `retry:` field, ms. */
  readonly retry?: number;
}

/** Options of `parseServerSentEvents`. */
export interface ParseServerSentEventsOptions {
  /** Provider id, for the error when an event is too large. */
  readonly provider: string;
  /** Largest event accepted, in characters (partial images are a few MB of base64). Default 64 MiB. */
  readonly maxEventLength?: number;
}

/**
 * Parse a `text/event-stream` body incrementally (WHATWG rules: `\n`, `\r\n` or `\r` line ends,
 * `:` comments, multi-line `data`, a blank line ends an event). Each event is yielded as soon as
 * it is complete; memory is bounded by `maxEventLength`. Stopping the iteration early destroys the
 * body.
 */
export async function* parseServerSentEvents(
  body: AsyncIterable<Uint8Array | string> & { destroy?(error?: Error): void },
  options: ParseServerSentEventsOptions,
): AsyncGenerator<ServerSentEvent> {
  const maxEventLength = options.maxEventLength ?? 64 * 1024 * 1024;
  const decoder = new TextDecoder();
  const lineBreak = /[\r\n]/g;
  let pieces: string[] = [];
  let piecesLength = 0;
  let event: { event?: string; data: string[]; id?: string; retry?: number } = { data: [] };
  let dataLength = 0;
  let pendingCarriageReturn = false;

  const takeLine = (line: string): ServerSentEvent | undefined => {
    if (line === '') {
      if (event.data.length === 0 && event.event === undefined) return undefined;
      const complete: ServerSentEvent = {
        data: event.data.join('\n'),
        ...(event.event === undefined ? {} : { event: event.event }),
        ...(event.id === undefined ? {} : { id: event.id }),
        ...(event.retry === undefined ? {} : { retry: event.retry }),
      };
      event = { data: [] };
      dataLength = 0;
      return complete;
    }
    if (line.startsWith(':')) return undefined;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      event.data.push(value);
      dataLength += value.length;
    } else if (field === 'event') event.event = value;
    else if (field === 'id') event.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) event.retry = Number(value);
    return undefined;
  };

  try {
    for await (const chunk of body) {
      let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (pendingCarriageReturn && text.startsWith('\n')) text = text.slice(1);
      pendingCarriageReturn = false;
      let start = 0;
      lineBreak.lastIndex = 0;
      for (let match = lineBreak.exec(text); match !== null; match = lineBreak.exec(text)) {
        const end = match.index;
        const line =
          pieces.length === 0 ? text.slice(start, end) : pieces.join('') + text.slice(start, end);
        pieces = [];
        piecesLength = 0;
        start = end + 1;
        if (text[end] === '\r') {
          if (end + 1 === text.length) pendingCarriageReturn = true;
          else if (text[end + 1] === '\n') start = end + 2;
        }
        lineBreak.lastIndex = start;
        const complete = takeLine(line);
        if (complete) yield complete;
      }
      if (start < text.length) {
        pieces.push(text.slice(start));
        piecesLength += text.length - start;
      }
      if (piecesLength + dataLength > maxEventLength) {
        throw new ProviderError({
          provider: options.provider,
          message: `a streamed event is larger than ${maxEventLength} characters`,
          providerCode: 'event_too_large',
          retryable: false,
        });
      }
    }
    const rest = pieces.join('') + decoder.decode();
    if (rest.length > 0) takeLine(rest);
    const last = takeLine('');
    if (last) yield last;
  } finally {
    body.destroy?.();
  }
}
