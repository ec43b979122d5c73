import { describe, expect, it } from 'vitest';
import { bflOpenapiDocument, OpenApiValidator } from '../../specs/index.js';
import {
  download,
  generate,
  poll,
  pollUntilDone,
  submit,
  testKey,
  useBflSimulator,
} from './__fixtures__/bfl-client.js';
import { bflSimulatorModels } from './bfl-models.js';
import { bflTestPrompts } from './bfl-test-prompts.js';
import { startBflSimulator } from './start-bfl-simulator.js';

const specValidator = new OpenApiValidator(bflOpenapiDocument);

/** The body a Kontext edit sends, as the seed app does. */
const kontextEdit = {
  prompt: 'Turn the lighthouse into a watercolour painting',
  aspect_ratio: '16:9',
  safety_tolerance: 6,
  input_image: 'https://images.example.com/lighthouse.jpg',
};

describe('startBflSimulator: a Kontext edit from submission to download', () => {
  const simulator = useBflSimulator({ jobDurationMs: 1500 });

  it('answers AsyncResponse, polls Pending with rising progress, then Ready with a real sample', async () => {
    const submitted = await submit<{
      id: string;
      polling_url: string;
      cost: number;
      input_mp: number;
      output_mp: number;
    }>(simulator(), 'flux-kontext-pro', kontextEdit);

    expect(submitted.status).toBe(200);
    expect(specValidator.validateSchema('AsyncResponse', submitted.body)).toEqual([]);
    const { id, polling_url: pollingUrl } = submitted.body;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(pollingUrl).toBe(`${simulator().url}/v1/get_result?id=${id}`);
    expect(submitted.body).toMatchObject({ cost: 4, input_mp: 1.05, output_mp: 1.05 });

    const first = await poll(pollingUrl);
    await new Promise(resolve => setTimeout(resolve, 60));
    const second = await poll(pollingUrl);
    for (const answer of [first, second]) {
      expect(answer.status).toBe(200);
      expect(specValidator.validateSchema('ResultResponse', answer.body)).toEqual([]);
      expect(answer.body).toMatchObject({ id, status: 'Pending', result: null });
    }
    expect(first.body.progress).toBeGreaterThanOrEqual(0);
    expect(second.body.progress).toBeGreaterThan(first.body.progress ?? 0);
    expect(second.body.progress).toBeLessThan(1);

    const done = await pollUntilDone(pollingUrl);
    expect(specValidator.validateSchema('ResultResponse', done)).toEqual([]);
    expect(done).toMatchObject({ id, status: 'Ready', progress: null });
    const job = simulator().jobs.get(id);
    expect(done.result).toEqual({
      sample: expect.stringMatching(
        new RegExp(
          `^${simulator().deliveryUrl}/results/${id}/sample\\.png\\?se=\\d+&sig=[0-9a-f]{64}$`,
        ),
      ),
      prompt: kontextEdit.prompt,
      seed: job?.seed,
      start_time: (job?.submittedAt ?? 0) / 1000,
      end_time: (job?.readyAt ?? 0) / 1000,
      duration: 1.5,
    });
    expect(simulator().readyAt(id)).toBe(job?.readyAt);
    expect(job).toMatchObject({
      model: 'flux-kontext-pro',
      status: 'Ready',
      width: 1392,
      height: 752,
      outputFormat: 'png',
    });

    const sample = await download(done.result?.sample ?? '');
    expect(sample.status).toBe(200);
    expect(sample.headers.get('content-type')).toBe('image/png');
    expect(sample.metadata).toEqual({ mediaType: 'image/png', width: 1392, height: 752 });
    expect(simulator().deliveryRequests()).toHaveLength(1);
    expect(simulator().deliveryRequests()[0]?.headers['x-key']).toBeUndefined();
    expect(simulator().submissions()).toBe(1);
  });
});

describe('startBflSimulator', () => {
  const simulator = useBflSimulator();

  it('serves the eight models of the spec', async () => {
    expect(bflSimulatorModels).toEqual([
      'flux-kontext-pro',
      'flux-kontext-max',
      'flux-pro-1.1',
      'flux-pro-1.1-ultra',
      'flux-2-pro',
      'flux-2-max',
      'flux-2-flex',
      'flux-dev',
    ]);
    for (const model of bflSimulatorModels) {
      const answer = await submit(simulator(), model, { prompt: 'a quiet harbour' });
      expect({ model, status: answer.status }).toEqual({ model, status: 200 });
    }
  });

  it('answers 404 for unknown models and routes, and 405 for a wrong method', async () => {
    for (const path of ['/v1/flux-pro-1.0-fill', '/v1/flux-9-ultra', '/v2/flux-dev', '/']) {
      const response = await fetch(`${simulator().url}${path}`, {
        method: 'POST',
        headers: { 'x-key': testKey, 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'a fox' }),
      });
      expect({ path, status: response.status, body: await response.json() }).toEqual({
        path,
        status: 404,
        body: { detail: 'Not Found' },
      });
    }
    const wrongMethod = await fetch(`${simulator().url}/v1/flux-dev`, {
      headers: { 'x-key': testKey },
    });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toEqual({ detail: 'Method Not Allowed' });
  });

  it('refuses a missing key and a wrong key with 403, on submissions and polls', async () => {
    const missing = await submit(simulator(), 'flux-dev', { prompt: 'a fox' }, {});
    const wrong = await submit(simulator(), 'flux-dev', { prompt: 'a fox' }, { 'x-key': 'nope' });
    const bearer = await submit(
      simulator(),
      'flux-dev',
      { prompt: 'a fox' },
      { authorization: `Bearer ${testKey}` },
    );
    expect(missing).toMatchObject({ status: 403, body: { detail: 'Not authenticated' } });
    expect(wrong).toMatchObject({ status: 403, body: { detail: 'Invalid API key' } });
    expect(bearer).toMatchObject({ status: 403, body: { detail: 'Not authenticated' } });

    const unauthorizedPoll = await poll(`${simulator().url}/v1/get_result?id=x`, 'nope');
    expect(unauthorizedPoll).toMatchObject({ status: 403, body: { detail: 'Invalid API key' } });
    expect(simulator().jobs.size).toBe(8);
  });

  it('accepts any non-empty key when apiKey is not set', async () => {
    const open = await startBflSimulator({ jobDurationMs: 10 });
    try {
      const accepted = await submit(open, 'flux-dev', { prompt: 'a fox' }, { 'x-key': 'anything' });
      const empty = await submit(open, 'flux-dev', { prompt: 'a fox' }, { 'x-key': '' });
      expect(accepted.status).toBe(200);
      expect(empty).toMatchObject({ status: 403, body: { detail: 'Not authenticated' } });
      expect(open.errors).toEqual([]);
    } finally {
      await open.close();
    }
  });

  it('answers 200 Task not found for an unknown id, and 422 without an id', async () => {
    const unknown = await poll(
      `${simulator().url}/v1/get_result?id=5f1c0000-0000-4000-8000-000000000000`,
    );
    expect(unknown).toMatchObject({ status: 200 });
    expect(unknown.body).toEqual({
      id: '5f1c0000-0000-4000-8000-000000000000',
      status: 'Task not found',
    });
    expect(specValidator.validateSchema('ResultResponse', unknown.body)).toEqual([]);

    const missing = await poll(`${simulator().url}/v1/get_result`);
    expect(missing.status).toBe(422);
    expect(missing.body).toEqual({
      detail: [{ type: 'missing', loc: ['query', 'id'], msg: 'Field required', input: null }],
    });
  });

  it('ends jobs with the test prompts as 200 statuses: moderated on input at once, the others at the end', async () => {
    const requestModerated = await submit<{ id: string; polling_url: string }>(
      simulator(),
      'flux-kontext-pro',
      { prompt: `a fox ${bflTestPrompts.requestModerated}` },
    );
    const immediately = await poll(requestModerated.body.polling_url);
    expect(immediately.body).toMatchObject({
      status: 'Request Moderated',
      result: null,
      details: { 'Moderation Reasons': [expect.any(String)] },
    });
    expect(simulator().readyAt(requestModerated.body.id)).toBe(
      simulator().jobs.get(requestModerated.body.id)?.submittedAt,
    );

    const contentModerated = await generate(simulator(), 'flux-2-pro', {
      prompt: `a fox ${bflTestPrompts.contentModerated}`,
    });
    expect(contentModerated).toMatchObject({
      status: 'Content Moderated',
      result: null,
      details: { 'Moderation Reasons': [expect.any(String)] },
    });
    const failed = await generate(simulator(), 'flux-pro-1.1', {
      prompt: `a fox ${bflTestPrompts.error}`,
    });
    expect(failed).toMatchObject({ status: 'Error', result: null });
    for (const result of [immediately.body, contentModerated, failed]) {
      expect(specValidator.validateSchema('ResultResponse', result)).toEqual([]);
    }
  });

  it('reports the seed it was sent, draws one when absent, and renders deterministically', async () => {
    const seeded = await generate(simulator(), 'flux-dev', { prompt: 'a heron', seed: 42 });
    const again = await generate(simulator(), 'flux-dev', { prompt: 'a heron', seed: 42 });
    const unseeded = await generate(simulator(), 'flux-dev', { prompt: 'a heron' });
    expect(seeded.result?.seed).toBe(42);
    expect(Number.isInteger(unseeded.result?.seed)).toBe(true);

    const [first, second, third] = await Promise.all(
      [seeded, again, unseeded].map(result => download(result.result?.sample ?? '')),
    );
    expect(first?.bytes.equals(second?.bytes ?? Buffer.alloc(0))).toBe(true);
    expect(first?.bytes.equals(third?.bytes ?? Buffer.alloc(0))).toBe(false);
  });

  it('counts resubmissions of the same request in submissions()', async () => {
    const body = { prompt: 'a resubmitted lighthouse', seed: 7, width: 512, height: 512 };
    const first = await submit<{ id: string }>(simulator(), 'flux-pro-1.1', body);
    expect(simulator().submissions(first.body.id)).toBe(1);
    const reordered = { height: 512, width: 512, seed: 7, prompt: 'a resubmitted lighthouse' };
    const second = await submit<{ id: string }>(simulator(), 'flux-pro-1.1', reordered);
    expect(second.body.id).not.toBe(first.body.id);
    expect(simulator().submissions(first.body.id)).toBe(2);
    expect(simulator().submissions()).toBe(2);
    expect(simulator().submissions('no-such-job')).toBe(0);
  });

  it('keeps fault injection working on the API origin', async () => {
    const remove = simulator().inject({ times: 1, fault: { type: 'respond', status: 503 } });
    const faulted = await fetch(`${simulator().url}/v1/get_result?id=x`, {
      headers: { 'x-key': testKey },
    });
    expect(faulted.status).toBe(503);
    const next = await poll(`${simulator().url}/v1/get_result?id=x`);
    expect(next.body.status).toBe('Task not found');
    remove();
    expect(simulator().requests.at(-2)?.fault).toBe('respond');
  });

  it('lists both origins and closes both', async () => {
    const closing = await startBflSimulator();
    expect(closing.origins).toEqual([closing.url, closing.deliveryUrl]);
    expect(closing.deliveryUrl).not.toBe(closing.url);
    await closing.close();
    await closing.close();
    await expect(fetch(`${closing.deliveryUrl}/results/x/sample.png`)).rejects.toThrow();
    await expect(fetch(`${closing.url}/v1/get_result?id=x`)).rejects.toThrow();
  });

  it('refuses options out of range', async () => {
    await expect(startBflSimulator({ apiKey: '' })).rejects.toThrow(/apiKey must not be empty/);
    await expect(startBflSimulator({ jobDurationMs: -1 })).rejects.toThrow(/jobDurationMs/);
    await expect(startBflSimulator({ activeTaskLimit: 1.5 })).rejects.toThrow(/activeTaskLimit/);
    await expect(startBflSimulator({ credits: Number.NaN })).rejects.toThrow(/credits/);
  });
});
