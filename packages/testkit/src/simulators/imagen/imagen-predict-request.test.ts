import { describe, expect, it } from 'vitest';
import {
  credentials,
  images,
  modelPath,
  predict,
  send,
  type TestTransport,
  useImagenSimulator,
} from './__fixtures__/imagen-client.js';
import { readImagenPredictRequest } from './imagen-predict-request.js';

const transports: readonly TestTransport[] = ['gemini', 'vertex'];
const model = 'imagen-4.0-generate-001';

function withParameters(parameters: Record<string, unknown>) {
  return { instances: [{ prompt: 'a lighthouse' }], parameters };
}

describe('Imagen request validation on the wire', () => {
  const simulator = useImagenSimulator();

  it.each(transports)('refuses the SDK name numberOfImages on %s', async transport => {
    const answer = await predict(
      simulator(),
      transport,
      model,
      withParameters({ numberOfImages: 1 }),
    );

    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 400,
          status: 'INVALID_ARGUMENT',
          message:
            'Invalid JSON payload received. Unknown name "numberOfImages" at \'parameters\': Cannot find field.',
        },
      },
    });
  });

  it('refuses an SDK-shaped body at the top level', async () => {
    const answer = await predict(simulator(), 'gemini', model, {
      prompt: 'a lighthouse',
      config: { numberOfImages: 1 },
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toBe(
      'Invalid JSON payload received. Unknown name "prompt": Cannot find field.',
    );
  });

  it('refuses a bad aspect ratio naming the field as Google does', async () => {
    const answer = await predict(
      simulator(),
      'vertex',
      model,
      withParameters({ aspectRatio: '2:1' }),
    );

    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toBe(
      'Invalid value at \'parameters.aspect_ratio\' (TYPE_STRING), "2:1". Supported values: "1:1", "3:4", "4:3", "9:16", "16:9".',
    );
  });

  it.each([0, 5])('refuses sampleCount %d', async sampleCount => {
    const answer = await predict(simulator(), 'gemini', model, withParameters({ sampleCount }));

    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toBe(
      `parameters.sampleCount must be between 1 and 4, got ${sampleCount}.`,
    );
  });

  it('refuses a sampleCount that is not an integer', async () => {
    const answer = await predict(
      simulator(),
      'gemini',
      model,
      withParameters({ sampleCount: '2' }),
    );

    expect(answer.body.error?.message).toBe(
      'Invalid value at \'parameters.sample_count\' (TYPE_INT32), "2"',
    );
  });

  it('refuses the SDK name imageSize and an unknown output option', async () => {
    const size = await predict(simulator(), 'gemini', model, withParameters({ imageSize: '2K' }));
    const option = await predict(
      simulator(),
      'gemini',
      model,
      withParameters({ outputOptions: { mimeType: 'image/png', quality: 80 } }),
    );

    expect(size.body.error?.message).toContain('Unknown name "imageSize" at \'parameters\'');
    expect(option.body.error?.message).toBe(
      'Invalid JSON payload received. Unknown name "quality" at \'parameters.output_options\': Cannot find field.',
    );
  });

  it('refuses webp output', async () => {
    const answer = await predict(
      simulator(),
      'gemini',
      model,
      withParameters({ outputOptions: { mimeType: 'image/webp' } }),
    );

    expect(answer.body.error?.message).toMatch(
      /^Invalid value at 'parameters\.output_options\.mime_type' \(TYPE_STRING\), "image\/webp"/,
    );
  });

  it('refuses a body without instances, with two instances, or with an empty prompt', async () => {
    const missing = await predict(simulator(), 'gemini', model, { parameters: { sampleCount: 1 } });
    const two = await predict(simulator(), 'gemini', model, {
      instances: [{ prompt: 'one' }, { prompt: 'two' }],
    });
    const empty = await predict(simulator(), 'gemini', model, { instances: [{ prompt: '' }] });

    expect(missing.body.error?.message).toBe('Required field instances is missing.');
    expect(two.body.error?.message).toBe('instances must hold exactly 1 item, got 2.');
    expect(empty.body.error?.message).toBe('instances[0].prompt must not be empty.');
    expect([missing.status, two.status, empty.status]).toEqual([400, 400, 400]);
  });

  it('refuses a body that is not JSON or not an object', async () => {
    const path = modelPath('gemini', model);
    const broken = await send(simulator(), path, {
      headers: credentials('gemini'),
      body: '{"instances": [',
    });
    const list = await send(simulator(), path, { headers: credentials('gemini'), body: '[]' });

    expect(broken.status).toBe(400);
    expect(broken.body.error?.message).toMatch(/^Invalid JSON payload received\. Unexpected token/);
    expect(list.body.error?.message).toBe(
      'Invalid JSON payload received. Root element must be a message.',
    );
  });

  it('accepts every schema parameter shared by both APIs', async () => {
    const answer = await predict(
      simulator(),
      'gemini',
      model,
      withParameters({
        sampleCount: 2,
        aspectRatio: '9:16',
        sampleImageSize: '1K',
        personGeneration: 'allow_adult',
        safetySetting: 'block_medium_and_above',
        includeRaiReason: true,
        includeSafetyAttributes: false,
        language: 'en',
        guidanceScale: 7.5,
        outputOptions: { mimeType: 'image/png' },
      }),
    );

    expect(answer.status).toBe(200);
    expect(images(answer)).toHaveLength(2);
  });

  it('accepts safetyFilterLevel as Firebase sends it, but not beside safetySetting', async () => {
    const alias = await predict(
      simulator(),
      'gemini',
      model,
      withParameters({ sampleCount: 1, safetyFilterLevel: 'BLOCK_ONLY_HIGH' }),
    );
    const both = await predict(
      simulator(),
      'gemini',
      model,
      withParameters({ safetyFilterLevel: 'block_only_high', safetySetting: 'block_only_high' }),
    );
    const bad = await predict(
      simulator(),
      'gemini',
      model,
      withParameters({ safetyFilterLevel: 'block_most' }),
    );

    expect(alias.status).toBe(200);
    expect(both.status).toBe(400);
    expect(both.body.error?.message).toContain('send only safetySetting');
    expect(bad.body.error?.message).toMatch(
      /^Invalid value at 'parameters\.safety_filter_level' \(TYPE_STRING\), "block_most"/,
    );
  });
});

describe('readImagenPredictRequest', () => {
  it('reads the prompt and the parameters in the order sent', () => {
    const reading = readImagenPredictRequest(
      Buffer.from(JSON.stringify(withParameters({ seed: 3, sampleCount: 2 }))),
    );

    expect(reading).toEqual({
      request: { prompt: 'a lighthouse', parameters: { seed: 3, sampleCount: 2 } },
    });
    if ('request' in reading)
      expect(Object.keys(reading.request.parameters)).toEqual(['seed', 'sampleCount']);
  });

  it('reads an empty body as {} and reports the missing instances', () => {
    expect(readImagenPredictRequest(Buffer.alloc(0))).toEqual({
      problem: 'Required field instances is missing.',
    });
  });

  it('reports parser problems before value problems', () => {
    const reading = readImagenPredictRequest(
      Buffer.from(
        JSON.stringify({ instances: [{ prompt: '' }], parameters: { sampleCount: 9, style: 'x' } }),
      ),
    );

    expect(reading).toEqual({
      problem:
        'Invalid JSON payload received. Unknown name "style" at \'parameters\': Cannot find field.',
    });
  });
});
