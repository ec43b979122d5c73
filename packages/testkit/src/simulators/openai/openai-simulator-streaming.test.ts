// undici 7's fetch: Node 20's built-in one leaves the aborted connection open past the wait below.
import { fetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Simulator } from '../../simulator/index.js';
import {
  editForm,
  imageBlob,
  imageDataUrl,
  metadataOf,
  parseServerSentEvents,
  postForm,
  postJson,
  readError,
  type ServerSentEvent,
  specValidator,
  testApiKey,
} from './__fixtures__/openai-client.js';
import { startOpenAISimulator } from './start-openai-simulator.js';

let simulator: Simulator;

beforeAll(async () => {
  simulator = await startOpenAISimulator({ apiKey: testApiKey, streamIntervalMs: 1 });
});
afterEach(() => {
  expect(simulator.errors).toEqual([]);
});
afterAll(() => simulator.close());

const prompt = 'A paper boat on a puddle';

async function readEvents(response: Response): Promise<ServerSentEvent[]> {
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  return parseServerSentEvents(await response.text());
}

function expectValidEvents(events: readonly ServerSentEvent[], prefix: 'ImageGen' | 'ImageEdit') {
  for (const { event, data } of events) {
    expect(event).toBe(data.type);
    const schema = data.type?.toString().endsWith('.completed')
      ? `${prefix}CompletedEvent`
      : `${prefix}PartialImageEvent`;
    expect(specValidator.validateSchema(schema, data), event).toEqual([]);
  }
}

describe('streaming generations', () => {
  it('sends the announced partial images, then completed with usage', async () => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'gpt-image-1',
      prompt,
      size: '1024x1536',
      quality: 'low',
      output_format: 'jpeg',
      stream: true,
      partial_images: 2,
    });
    const events = await readEvents(response);
    expect(events.map(event => event.event)).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
    ]);
    expectValidEvents(events, 'ImageGen');
    expect(events.slice(0, 2).map(event => event.data.partial_image_index)).toEqual([0, 1]);
    for (const { data } of events) {
      expect(data).toMatchObject({
        size: '1024x1536',
        quality: 'low',
        background: 'opaque',
        output_format: 'jpeg',
      });
      expect(metadataOf(data.b64_json as string)).toEqual({
        mediaType: 'image/jpeg',
        width: 1024,
        height: 1536,
      });
    }
    expect(new Set(events.map(event => event.data.b64_json)).size).toBe(3);
    const completed = events[2]!.data;
    const textTokens = Math.ceil(prompt.length / 4);
    expect(completed.usage).toEqual({
      input_tokens: textTokens,
      output_tokens: 408 + 2 * 100,
      total_tokens: textTokens + 408 + 200,
      input_tokens_details: { text_tokens: textTokens, image_tokens: 0 },
    });
  });

  it('sends a single completed event with partial_images 0', async () => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'gpt-image-1-mini',
      prompt,
      stream: true,
    });
    const events = await readEvents(response);
    expect(events.map(event => event.event)).toEqual(['image_generation.completed']);
    expectValidEvents(events, 'ImageGen');
  });

  it('gives the final streamed image the same pixels as the non-streamed one', async () => {
    const body = { model: 'gpt-image-1', prompt, quality: 'low' };
    const events = await readEvents(
      await postJson(simulator, '/images/generations', {
        ...body,
        stream: true,
        partial_images: 1,
      }),
    );
    const plain = (await (await postJson(simulator, '/images/generations', body)).json()) as {
      data: { b64_json: string }[];
    };
    expect(events.at(-1)?.data.b64_json).toBe(plain.data[0]?.b64_json);
  });

  it('refuses stream with n > 1', async () => {
    const response = await postJson(simulator, '/images/generations', {
      model: 'gpt-image-1',
      prompt,
      stream: true,
      n: 2,
    });
    expect(response.status).toBe(400);
    expect(await readError(response)).toMatchObject({
      message: 'Streaming is only supported with n=1.',
      param: 'n',
    });
  });
});

describe('streaming edits', () => {
  it('streams image_edit events for a multipart edit', async () => {
    const form = editForm(
      { model: 'gpt-image-1', prompt, stream: 'true', partial_images: '3', size: '1536x1024' },
      [['image[]', imageBlob(256, 256), 'a.png']],
    );
    const events = await readEvents(await postForm(simulator, form));
    expect(events.map(event => event.event)).toEqual([
      'image_edit.partial_image',
      'image_edit.partial_image',
      'image_edit.partial_image',
      'image_edit.completed',
    ]);
    expectValidEvents(events, 'ImageEdit');
    expect(metadataOf(events[3]?.data.b64_json as string)).toMatchObject({
      width: 1536,
      height: 1024,
    });
    expect(events[3]?.data.usage).toMatchObject({
      input_tokens_details: { image_tokens: 85 + 170 },
    });
  });

  it('streams image_edit events for a JSON edit', async () => {
    const response = await postJson(simulator, '/images/edits', {
      model: 'gpt-image-1.5',
      prompt,
      images: [{ image_url: imageDataUrl(64, 64) }],
      stream: true,
      partial_images: 1,
    });
    const events = await readEvents(response);
    expect(events.map(event => event.event)).toEqual([
      'image_edit.partial_image',
      'image_edit.completed',
    ]);
    expectValidEvents(events, 'ImageEdit');
  });
});

describe('streaming and clients that leave', () => {
  it('stops streaming when the client disconnects', async () => {
    const slow = await startOpenAISimulator({ streamIntervalMs: 60_000 });
    try {
      const controller = new AbortController();
      const response = await fetch(`${slow.url}/v1/images/generations`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-anything', 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-image-1', prompt, stream: true, partial_images: 3 }),
        signal: controller.signal,
      });
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      while (!received.includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      expect(parseServerSentEvents(received)[0]?.event).toBe('image_generation.partial_image');
      controller.abort();
      await vi.waitFor(() => expect(slow.connections()).toBe(0));
      expect(slow.errors).toEqual([]);
    } finally {
      await slow.close();
    }
  });
});
