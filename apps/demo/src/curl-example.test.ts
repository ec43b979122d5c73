import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlExample, exampleRequest } from './curl-example.js';

/** The arguments a POSIX shell would pass to curl (`sh` does the parsing, as a user's shell would). */
function shellWords(command: string): string[] {
  const script = `set -- ${command.replace(/^curl /, '')}; for word; do printf '%s\\0' "$word"; done`;
  return execFileSync('sh', ['-c', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, EASEL_API_KEY: 'k-123' },
  })
    .split('\0')
    .slice(0, -1);
}

describe('curlExample', () => {
  it('is one shell command posting the seed-like body to the predictions route', () => {
    const words = shellWords(
      curlExample({ baseUrl: 'http://127.0.0.1:3000/', authorization: false }),
    );
    expect(words[0]).toBe('http://127.0.0.1:3000/v1/models/opanai/gpt-image-1/predictions');
    expect(words).toContain('Content-Type: application/json');
    expect(words.some(word => word.startsWith('Authorization'))).toBe(false);
    expect(JSON.parse(words.at(-1)!)).toEqual({ input: exampleRequest.input });
  });

  it('reads the key from $EASEL_API_KEY when the gateway wants one', () => {
    const command = curlExample({ baseUrl: 'http://h:1', authorization: true });
    expect(command).not.toContain('k-123');
    expect(shellWords(command)).toContain('Authorization: Bearer k-123');
  });

  it('quotes single quotes in the input', () => {
    const command = curlExample({
      baseUrl: 'http://h:1',
      authorization: false,
      modelPath: 'ideogram/V3',
      input: { prompt: "the deer's lake" },
    });
    expect(JSON.parse(shellWords(command).at(-1)!)).toEqual({
      input: { prompt: "the deer's lake" },
    });
  });
});
