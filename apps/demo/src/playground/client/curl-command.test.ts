import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { curlCommand } from './curl-command.js';

/**
 * Runs the command in `sh` with `curl` replaced by a function that prints its arguments (one per
 * line) and then its stdin when it reads the body from there (`@-`), so a test sees exactly what curl would have been given.
 */
async function runInShell(command: string, cwd: string): Promise<{ args: string[]; body: string }> {
  const script = `curl() { for word; do printf '%s\\n' "$word"; done; printf '%s\\n' '--stdin--'; case "$*" in *@-) cat ;; esac; }\n${command}\n`;
  const { stdout } = await promisify(execFile)('sh', ['-c', script], { cwd });
  const [args, body] = stdout.split('--stdin--\n') as [string, string];
  return { args: args.trimEnd().split('\n'), body };
}

describe('curlCommand', () => {
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'easel-curl-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes the request as the seed documents do, quoting what the shell would expand', async () => {
    const input = { prompt: 'a deer\'s lake at $HOME `date` \\ "dawn"', n: 2 };
    const command = curlCommand({
      baseUrl: 'http://127.0.0.1:3000/',
      modelPath: 'bfl/flux-kontext-pro',
      input,
      authorization: false,
      prefer: 'respond-async',
    });
    expect(command.split('\n').slice(0, 3)).toEqual([
      'curl http://127.0.0.1:3000/v1/models/bfl/flux-kontext-pro/predictions \\',
      '  -H "Content-Type: application/json" \\',
      '  -H "Prefer: respond-async" \\',
    ]);
    const { args } = await runInShell(command, directory);
    expect(args.slice(0, 6)).toEqual([
      'http://127.0.0.1:3000/v1/models/bfl/flux-kontext-pro/predictions',
      '-H',
      'Content-Type: application/json',
      '-H',
      'Prefer: respond-async',
      '-d',
    ]);
    expect(JSON.parse(args.slice(6).join('\n'))).toEqual({ input });
  });

  it('reads the key from $EASEL_API_KEY, never from the page', () => {
    const command = curlCommand({
      baseUrl: 'https://images.example.com',
      modelPath: 'ideogram/V3',
      input: { prompt: 'a deer' },
      authorization: true,
    });
    expect(command).toContain('  -H "Authorization: Bearer $EASEL_API_KEY" \\');
    expect(command).not.toContain('Prefer');
  });

  it('reads uploaded files from disk through a here-document', async () => {
    const bytes = Buffer.from('\x89PNG not really, but any bytes do $(rm -rf /) `x`');
    const name = "my deer's $photo.png";
    await writeFile(join(directory, name), bytes);
    const dataUri = `data:image/png;base64,${bytes.toString('base64')}`;
    const input = { prompt: 'Put a $5 hat on it, `now` \\o/', image: dataUri, images: [dataUri] };
    const command = curlCommand({
      baseUrl: 'http://127.0.0.1:3000',
      modelPath: 'openai/gpt-image-1',
      input,
      authorization: false,
      prefer: 'respond-async',
      files: [
        { name, mediaType: 'image/png', dataUri },
        { name: 'unused.png', mediaType: 'image/png', dataUri: 'data:image/png;base64,QQ==' },
      ],
    });
    expect(command).not.toContain(bytes.toString('base64'));
    expect(command).not.toContain('unused.png');
    expect(command).toContain(
      `"image": "data:image/png;base64,$(base64 < 'my deer'\\''s $photo.png' | tr -d '\\n')"`,
    );
    const { args, body } = await runInShell(command, directory);
    expect(args.at(-2)).toBe('--data-binary');
    expect(args.at(-1)).toBe('@-');
    expect(JSON.parse(body)).toEqual({ input });
  });
});
