import { describe, expect, it } from 'vitest';
import { bflOpenapiDocument } from '../../specs/index.js';
import {
  imageBase64,
  submit,
  type TestValidationError,
  useBflSimulator,
} from './__fixtures__/bfl-client.js';
import { bflModelProfiles } from './bfl-models.js';

describe('submission checks', () => {
  const simulator = useBflSimulator();
  const refused = (model: string, body: unknown, headers?: Record<string, string>) =>
    submit<TestValidationError>(simulator(), model, body, headers).then(answer => {
      expect(answer.status).toBe(422);
      return answer.body.detail;
    });

  it('reads each model the schema its spec route declares', () => {
    const paths = bflOpenapiDocument.paths as Record<
      string,
      { post?: { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } } }
    >;
    for (const [model, profile] of Object.entries(bflModelProfiles)) {
      const reference = paths[`/v1/${model}`]?.post?.requestBody?.content?.['application/json'];
      expect({ model, schema: reference?.schema?.$ref }).toEqual({
        model,
        schema: `#/components/schemas/${profile.schema}`,
      });
    }
  });

  it('lists every problem of a body at once, in the schema order, as FastAPI does', async () => {
    const detail = await refused('flux-pro-1.1', {
      output_format: 'gif',
      height: 1441,
      width: 1000,
      safety_tolerance: 7,
      prompt_upsampling: 'yes',
      seed: 1.5,
    });
    expect(detail).toEqual([
      {
        type: 'multiple_of',
        loc: ['body', 'width'],
        msg: 'Input should be a multiple of 32',
        input: 1000,
        ctx: { multiple_of: 32 },
      },
      {
        type: 'multiple_of',
        loc: ['body', 'height'],
        msg: 'Input should be a multiple of 32',
        input: 1441,
        ctx: { multiple_of: 32 },
      },
      {
        type: 'bool_parsing',
        loc: ['body', 'prompt_upsampling'],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: 'yes',
      },
      {
        type: 'int_from_float',
        loc: ['body', 'seed'],
        msg: 'Input should be a valid integer, got a number with a fractional part',
        input: 1.5,
      },
      {
        type: 'less_than_equal',
        loc: ['body', 'safety_tolerance'],
        msg: 'Input should be less than or equal to 6',
        input: 7,
        ctx: { le: 6 },
      },
      {
        type: 'enum',
        loc: ['body', 'output_format'],
        msg: "Input should be 'jpeg', 'png' or 'webp'",
        input: 'gif',
        ctx: { expected: "'jpeg', 'png' or 'webp'" },
      },
    ]);
  });

  it('holds flux-pro-1.1 and flux-dev to 256–1440 px', async () => {
    for (const model of ['flux-pro-1.1', 'flux-dev']) {
      const detail = await refused(model, { prompt: 'a', width: 224, height: 1472 });
      expect(detail.map(issue => [issue.loc[1], issue.type])).toEqual([
        ['width', 'greater_than_equal'],
        ['height', 'less_than_equal'],
      ]);
    }
  });

  it('requires a prompt on Kontext and FLUX.2, and a JSON object body everywhere', async () => {
    for (const model of ['flux-kontext-pro', 'flux-2-pro', 'flux-2-flex']) {
      const detail = await refused(model, { aspect_ratio: '1:1' });
      expect(detail).toEqual([
        {
          type: 'missing',
          loc: ['body', 'prompt'],
          msg: 'Field required',
          input: { aspect_ratio: '1:1' },
        },
      ]);
    }
    expect(await refused('flux-dev', '')).toEqual([
      { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
    ]);
    expect(await refused('flux-dev', '{"prompt": ')).toEqual([
      expect.objectContaining({ type: 'json_invalid', msg: 'JSON decode error' }),
    ]);
    expect(await refused('flux-dev', '[1]')).toEqual([
      expect.objectContaining({ type: 'model_attributes_type', loc: ['body'] }),
    ]);
    expect(
      await refused('flux-dev', 'prompt=a+fox', {
        'content-type': 'application/x-www-form-urlencoded',
        'x-key': 'bfl-test-key-0123456789',
      }),
    ).toEqual([expect.objectContaining({ type: 'model_attributes_type', input: 'prompt=a+fox' })]);
  });

  it('holds Kontext and Ultra aspect ratios between 21:9 and 9:21', async () => {
    for (const model of ['flux-kontext-pro', 'flux-kontext-max', 'flux-pro-1.1-ultra']) {
      for (const aspect_ratio of ['21:9', '9:21', '7:3', '1:1', '5:4']) {
        const answer = await submit(simulator(), model, { prompt: 'a', aspect_ratio });
        expect({ model, aspect_ratio, status: answer.status }).toEqual({
          model,
          aspect_ratio,
          status: 200,
        });
      }
      for (const aspect_ratio of ['22:9', '9:22', '3:1', '16x9', '0:1', 'wide']) {
        const detail = await refused(model, { prompt: 'a', aspect_ratio });
        expect(detail).toEqual([
          expect.objectContaining({
            type: 'value_error',
            loc: ['body', 'aspect_ratio'],
            input: aspect_ratio,
          }),
        ]);
      }
    }
    const [beyond] = await refused('flux-kontext-pro', { prompt: 'a', aspect_ratio: '3:1' });
    expect(beyond?.msg).toBe('Value error, Aspect ratio must be between 21:9 and 9:21');
  });

  it('holds FLUX.2 sides to multiples of 16 from 64, and the output to 4 MP', async () => {
    for (const model of ['flux-2-pro', 'flux-2-max', 'flux-2-flex']) {
      const detail = await refused(model, { prompt: 'a', width: 1000, height: 48 });
      expect(detail).toEqual([
        {
          type: 'multiple_of',
          loc: ['body', 'width'],
          msg: 'Input should be a multiple of 16',
          input: 1000,
          ctx: { multiple_of: 16 },
        },
        {
          type: 'greater_than_equal',
          loc: ['body', 'height'],
          msg: 'Input should be greater than or equal to 64',
          input: 48,
          ctx: { ge: 64 },
        },
      ]);
      const [tooLarge] = await refused(model, { prompt: 'a', width: 2560, height: 2048 });
      expect(tooLarge).toMatchObject({ type: 'value_error', loc: ['body'] });
      const largest = await submit(simulator(), model, { prompt: 'a', width: 2048, height: 2048 });
      expect(largest.status).toBe(200);
    }
    expect(await refused('flux-2-pro', { prompt: 'a', safety_tolerance: 6 })).toEqual([
      expect.objectContaining({ type: 'less_than_equal', ctx: { le: 5 } }),
    ]);
    const accepted = await submit(simulator(), 'flux-kontext-pro', {
      prompt: 'a',
      safety_tolerance: 6,
    });
    expect(accepted.status).toBe(200);
  });

  it('holds flux-2-flex steps to 1–50 and guidance to 1.5–10', async () => {
    const detail = await refused('flux-2-flex', { prompt: 'a', steps: 51, guidance: 1 });
    expect(detail.map(issue => [issue.loc[1], issue.type])).toEqual([
      ['guidance', 'greater_than_equal'],
      ['steps', 'less_than_equal'],
    ]);
    const accepted = await submit(simulator(), 'flux-2-flex', {
      prompt: 'a',
      steps: 1,
      guidance: 10,
    });
    expect(accepted.status).toBe(200);
  });

  it('holds Ultra raw to a boolean and image_prompt_strength to 0–1', async () => {
    const detail = await refused('flux-pro-1.1-ultra', {
      prompt: 'a',
      raw: 'true',
      image_prompt_strength: 1.5,
    });
    expect(detail.map(issue => [issue.loc[1], issue.type])).toEqual([
      ['raw', 'bool_parsing'],
      ['image_prompt_strength', 'less_than_equal'],
    ]);
    const accepted = await submit(simulator(), 'flux-pro-1.1-ultra', {
      prompt: 'a',
      raw: true,
      image_prompt: imageBase64(64, 48, 'jpeg'),
      image_prompt_strength: 0,
    });
    expect(accepted).toMatchObject({ status: 200, body: { input_mp: 0 } });
  });

  it('takes input images as base64 images or http(s) URLs, never data URLs or junk', async () => {
    const png = imageBase64(320, 200);
    const accepted = await submit(simulator(), 'flux-2-pro', {
      prompt: 'a',
      input_image: png,
      input_image_2: 'https://images.example.com/a.png',
      input_image_8: imageBase64(100, 100, 'webp'),
    });
    expect(accepted).toMatchObject({ status: 200, body: { input_mp: 1.12, output_mp: 1.05 } });

    const detail = await refused('flux-kontext-pro', {
      prompt: 'a',
      input_image: `data:image/png;base64,${png}`,
      input_image_2: 'bm90IGFuIGltYWdl',
      input_image_4: 'ftp://images.example.com/a.png',
    });
    expect(detail.map(issue => [issue.loc[1], issue.type])).toEqual([
      ['input_image', 'value_error'],
      ['input_image_2', 'value_error'],
      ['input_image_4', 'value_error'],
    ]);
    const [urlPrompt] = await refused('flux-pro-1.1', {
      image_prompt: 'https://images.example.com/a.png',
    });
    expect(urlPrompt).toMatchObject({ type: 'value_error', loc: ['body', 'image_prompt'] });
  });

  it('ignores input-image fields a model does not have, as pydantic ignores extra fields', async () => {
    const answer = await submit(simulator(), 'flux-kontext-pro', {
      prompt: 'a',
      input_image_5: 'not an image',
      unknown_field: 1,
    });
    expect(answer.status).toBe(200);
  });

  it('checks webhook URLs as pydantic URLs', async () => {
    const detail = await refused('flux-dev', { prompt: 'a', webhook_url: 'not a url' });
    expect(detail).toEqual([
      expect.objectContaining({ type: 'url_parsing', loc: ['body', 'webhook_url'] }),
    ]);
    const [scheme] = await refused('flux-dev', {
      prompt: 'a',
      webhook_url: 'ftp://example.com/hook',
    });
    expect(scheme).toMatchObject({ type: 'url_scheme' });
    const [long] = await refused('flux-dev', {
      prompt: 'a',
      webhook_url: `http://example.com/${'a'.repeat(2100)}`,
    });
    expect(long).toMatchObject({ type: 'string_too_long', ctx: { max_length: 2083 } });
  });

  it('holds no job for a refused submission', async () => {
    const before = simulator().jobs.size;
    await refused('flux-kontext-pro', { prompt: 'a', aspect_ratio: '4:1' });
    expect(simulator().jobs.size).toBe(before);
    expect(simulator().submissions()).toBe(1);
  });
});
