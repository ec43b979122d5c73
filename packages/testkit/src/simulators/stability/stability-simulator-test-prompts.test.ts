import { describe, expect, it } from 'vitest';
import { sharpestEdge } from './__fixtures__/sharpest-edge.js';
import {
  bytesOf,
  metadataOf,
  postSd3,
  readError,
  type Sd3JsonBody,
  sd3Form,
  useStabilitySimulator,
} from './__fixtures__/stability-client.js';
import { stabilityTestPrompts } from './stability-test-prompts.js';

describe('test prompts', () => {
  const simulator = useStabilitySimulator();
  const send = (prompt: string, headers: Record<string, string> = {}) =>
    postSd3(simulator(), sd3Form({ prompt, seed: '77' }), headers);

  it.each([
    [
      'contentModeration',
      403,
      'content_moderation',
      'Your request was flagged by our content moderation system, as a result your request was denied and you were not charged.',
    ],
    [
      'invalidLanguage',
      422,
      'invalid_language',
      'English is the only supported language for this service.',
    ],
    [
      'publicFigure',
      422,
      'public_figure',
      'Our system detected the likeness of a public figure in your request. Generating images of public figures is not supported; please modify your request.',
    ],
    [
      'rateLimited',
      429,
      'rate_limit_exceeded',
      'You have exceeded the rate limit of 150 requests within a 10 second period, and have been timed out for 60 seconds.',
    ],
  ] as const)('answers %s with %i %s', async (key, status, name, message) => {
    const response = await send(`A portrait ${stabilityTestPrompts[key]} in oil`);

    expect(response.status).toBe(status);
    expect(await readError(response)).toMatchObject({ name, errors: [message] });
  });

  it('validates the form before looking at the prompt', async () => {
    const response = await postSd3(
      simulator(),
      sd3Form({ prompt: stabilityTestPrompts.contentModeration, cfg_scale: '99' }),
    );

    expect(response.status).toBe(400);
  });

  it('answers contentFiltered with 200, CONTENT_FILTERED and a blurred picture', async () => {
    const prompt = `A harbour at noon ${stabilityTestPrompts.contentFiltered}`;

    const filtered = await send(prompt);
    const ordinary = await send('A harbour at noon');

    expect(filtered.status).toBe(200);
    expect(filtered.headers.get('finish-reason')).toBe('CONTENT_FILTERED');
    expect(filtered.headers.get('seed')).toBe('77');
    const filteredBytes = await bytesOf(filtered);
    expect(metadataOf(filteredBytes)).toEqual({
      mediaType: 'image/png',
      width: 1024,
      height: 1024,
    });
    expect(await sharpestEdge(filteredBytes)).toBeLessThanOrEqual(4);
    expect(await sharpestEdge(await bytesOf(ordinary))).toBeGreaterThan(16);
  });

  it('reports CONTENT_FILTERED in the body in JSON mode', async () => {
    const response = await send(`A harbour ${stabilityTestPrompts.contentFiltered}`, {
      accept: 'application/json',
    });

    expect(response.headers.get('finish-reason')).toBeNull();
    const body = (await response.json()) as Sd3JsonBody;
    expect(body.finish_reason).toBe('CONTENT_FILTERED');
    expect(body.seed).toBe(77);
    expect(metadataOf(body.image)?.width).toBe(1024);
  });

  it('blurs in every output format and size', async () => {
    for (const output_format of ['jpeg', 'webp']) {
      const response = await postSd3(
        simulator(),
        sd3Form({
          prompt: `dunes ${stabilityTestPrompts.contentFiltered}`,
          aspect_ratio: '21:9',
          output_format,
        }),
      );
      expect(response.headers.get('finish-reason')).toBe('CONTENT_FILTERED');
      expect(metadataOf(await bytesOf(response))).toEqual({
        mediaType: `image/${output_format}`,
        width: 1536,
        height: 640,
      });
    }
  });
});
