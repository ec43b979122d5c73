import { describe, expect, it } from 'vitest';
import { StatusLine } from './status-line.js';
import { collectStream } from './test-streams.js';

describe('StatusLine', () => {
  it('writes one plain line per change of status when not on a terminal', () => {
    const stream = collectStream();
    const line = new StatusLine(stream, 'bfl/flux-kontext-pro');
    line.update('submitted');
    line.update('pending 10%');
    line.update('pending 10%');
    line.update('pending 50%');
    line.finish('done');
    expect(stream.text).toBe(
      [
        'bfl/flux-kontext-pro submitted',
        'bfl/flux-kontext-pro pending 10%',
        'bfl/flux-kontext-pro pending 50%',
        'bfl/flux-kontext-pro done',
        '',
      ].join('\n'),
    );
  });

  it('redraws a single line on a terminal and clears it when finished', () => {
    const stream = collectStream({ isTTY: true });
    const line = new StatusLine(stream, 'm');
    line.update('submitted');
    line.update('pending 40%');
    line.finish();
    const frames = stream.text.split('\r\u001b[2K');
    expect(frames[0]).toBe('');
    expect(frames[1]).toMatch(/^m submitted · \d+\.\d s$/);
    expect(frames[2]).toMatch(/^m pending 40% · \d+\.\d s$/);
    expect(frames.at(-1)).toBe('');
    expect(stream.text).not.toContain('\n');
  });

  it('fits the line to the terminal, also one that reports no width', () => {
    const narrow = { ...collectStream({ isTTY: true }), columns: 12 };
    let written = '';
    narrow.write = (text: string) => {
      written += text;
      return true;
    };
    new StatusLine(narrow, 'model').update('pending 40%');
    expect(written).toBe('\r\u001b[2Kmodel pend…');

    const unknown = collectStream({ isTTY: true });
    const line = new StatusLine(
      { write: text => unknown.write(text), isTTY: true, columns: 0 },
      'm',
    );
    line.update('pending 40%');
    line.finish();
    expect(unknown.text).toMatch(/m pending 40% · \d/);
  });
});
