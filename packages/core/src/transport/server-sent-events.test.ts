import { describe, expect, it } from 'vitest';
import { ProviderError } from '../errors/provider-error.js';
import { parseServerSentEvents, type ServerSentEvent } from './server-sent-events.js';

async function* chunks(...parts: Array<string | Uint8Array>) {
  for (const part of parts) yield part;
}

async function collect(
  source: AsyncIterable<Uint8Array | string>,
  maxEventLength?: number,
): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of parseServerSentEvents(source, { provider: 'test', maxEventLength }))
    events.push(event);
  return events;
}

describe('parseServerSentEvents', () => {
  it('parses named events, multi-line data, ids, retries and comments', async () => {
    const events = await collect(
      chunks(
        ': keep-alive\n',
        'event: image_generation.partial_image\ndata: {"a":1}\n\n',
        'id: 7\nretry: 3000\ndata: line one\ndata:line two\n\n',
      ),
    );
    expect(events).toEqual([
      { event: 'image_generation.partial_image', data: '{"a":1}' },
      { id: '7', retry: 3000, data: 'line one\nline two' },
    ]);
  });

  it('handles CRLF and CR line ends, also split across chunks', async () => {
    const events = await collect(
      chunks('event: a\r', '\ndata: 1\r\n\r', '\nevent: b\rdata: 2\r\r'),
    );
    expect(events).toEqual([
      { event: 'a', data: '1' },
      { event: 'b', data: '2' },
    ]);
  });

  it('reassembles an event split anywhere, including inside a multi-byte character', async () => {
    const text = 'data: {"prompt":"déjà vu 🦊"}\n\n';
    const bytes = new TextEncoder().encode(text);
    const pieces = Array.from({ length: bytes.length }, (_, index) =>
      bytes.subarray(index, index + 1),
    );
    expect(await collect(chunks(...pieces))).toEqual([{ data: '{"prompt":"déjà vu 🦊"}' }]);
  });

  it('streams a multi-megabyte data line and yields each event as soon as it is complete', async () => {
    const large = 'A'.repeat(3 * 1024 * 1024);
    const parts: string[] = ['event: big\ndata: '];
    for (let offset = 0; offset < large.length; offset += 65_536)
      parts.push(large.slice(offset, offset + 65_536));
    parts.push('\n\n');
    const events = await collect(chunks(...parts));
    expect(events).toHaveLength(1);
    expect(events[0]?.data.length).toBe(large.length);
  });

  it('dispatches a final event without a trailing blank line', async () => {
    expect(await collect(chunks('data: last'))).toEqual([{ data: 'last' }]);
  });

  it('refuses an event larger than the limit and destroys the body', async () => {
    let destroyed = false;
    const body = Object.assign(chunks('data: ', 'x'.repeat(100), 'x'.repeat(100)), {
      destroy: () => {
        destroyed = true;
      },
    });
    await expect(collect(body, 150)).rejects.toSatisfy(
      error => ProviderError.isInstance(error) && error.providerCode === 'event_too_large',
    );
    expect(destroyed).toBe(true);
  });
});
