import { defineImageInput, type ImageModelV1Capabilities, inputJsonSchema } from '@easel/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codeSpans, readCodeBlocks, splitRow, tableUnder } from './markdown.js';
import { checkOptionsTable, type DocumentedModel } from './options-table.js';

const capabilities = {
  execution: 'sync',
  maxImagesPerCall: 2,
  sizes: { type: 'list', values: ['512x512', '1024x1024'] },
  outputFormats: ['png', 'webp'],
  seed: true,
  negativePrompt: false,
  maxInputImages: 0,
  mask: false,
} as const satisfies ImageModelV1Capabilities;

const model: DocumentedModel = {
  id: 'widget-1',
  capabilities,
  inputSchema: inputJsonSchema(
    defineImageInput({
      capabilities,
      native: {
        mood: z.enum(['calm', 'stormy']).optional(),
        palette: z.enum(['a', 'b', 'c', 'd', 'e']).optional(),
      },
    }),
  ),
};

/** A README whose Input table agrees with `model`; each test breaks one thing. */
const agreeing = `# widget

## Input

| Field                     | Allowed values                                        |
| ------------------------- | ----------------------------------------------------- |
| \`prompt\`                  | string                                                |
| \`n\`                       | 1–16                                                  |
| \`size\`                    | \`512x512\`, \`1024x1024\`; others snapped              |
| \`aspect_ratio\`            | \`W:H\`                                                 |
| \`seed\`, \`negative_prompt\` | numbers; a string                                     |
| \`output_format\`           | \`png\`, \`jpeg\` (\`jpg\`), \`webp\`                         |
| \`image\`, \`images\`, \`mask\` | refused                                               |
| \`mood\`                    | \`calm\`, \`stormy\`                                      |
| \`palette\`                 | one of the 5 palettes, e.g. \`a\`                        |
`;

function problemsOf(markdown: string): string[] {
  const table = tableUnder(markdown, 'Input');
  if (!table) throw new Error('no Input table');
  return checkOptionsTable({ table, models: [model], document: markdown });
}

describe('checkOptionsTable', () => {
  it('passes a table that agrees with the schema and the capabilities', () => {
    expect(problemsOf(agreeing)).toEqual([]);
  });

  it('fails when a schema field has no row', () => {
    expect(problemsOf(agreeing.replace(/^\| `mood`.*\n/m, ''))).toEqual([
      'line 5: no row documents `mood`, a field of every model',
    ]);
  });

  it('fails when a row names a field the schema lacks', () => {
    expect(problemsOf(agreeing.replace('| `mood`     ', '| `mood`, `tone`'))).toEqual([
      "line 14: `tone` is no field of any model's input schema",
    ]);
  });

  it('fails when the allowed values lack an enum value, or list one the schema does not have', () => {
    expect(problemsOf(agreeing.replace('`calm`, `stormy`', '`calm`, `windy` '))).toEqual([
      'line 14: the allowed values of `mood` lack `stormy`',
      'line 14: `windy` is listed as an allowed value of `mood`, but the schema does not allow it',
    ]);
  });

  it('accepts a stated count instead of the full list only when the count is right', () => {
    expect(problemsOf(agreeing.replace('the 5 palettes', 'the 6 palettes'))).toEqual([
      'line 15: `palette` states 6 allowed values; the schema has 5',
    ]);
  });

  it('fails when a capability value is nowhere in the README', () => {
    expect(problemsOf(agreeing.replace('`512x512`, ', ''))).toEqual([
      'widget-1 accepts sizes `512x512` (capabilities.sizes); the README neither lists them nor says how many there are (2)',
    ]);
    expect(problemsOf(agreeing.replace(', `webp`', ''))).toEqual([
      'line 12: the allowed values of `output_format` lack `webp`',
      'line 12: widget-1 produces webp (capabilities.outputFormats), which no `output_format` row lists',
    ]);
  });
});

describe('markdown', () => {
  it('splits rows on unescaped pipes outside code spans and expands `a`…`a_N` ranges', () => {
    expect(splitRow('| `a \\| b` | x \\| y | `c|d` |')).toEqual(['`a | b`', 'x | y', '`c|d`']);
    expect(codeSpans('`image`, `input_image`…`input_image_4`')).toEqual([
      'image',
      'input_image',
      'input_image_2',
      'input_image_3',
      'input_image_4',
    ]);
  });

  it('reads code blocks with their info string and first line', () => {
    const blocks = readCodeBlocks(
      'text\n\n```ts file=a.ts\nconst a = 1;\n```\n\n```sh\nnpm i\n```\n',
    );
    expect(blocks).toEqual([
      { language: 'ts', meta: ['file=a.ts'], code: 'const a = 1;', line: 4 },
      { language: 'sh', meta: [], code: 'npm i', line: 8 },
    ]);
  });
});
