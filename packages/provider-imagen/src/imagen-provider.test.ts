import { inspect } from 'node:util';
import { createEasel, MissingApiKeyError, ProviderError, UnknownModelError } from '@easel/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { googleErrorBodies } from './__fixtures__/google-error-bodies.js';
import { mockGoogle } from './__fixtures__/google-mock.js';
import { createImagen, imagen } from './imagen-provider.js';

const variables = [
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
  'GEMINI_BASE_URL',
  'GOOGLE_VERTEX_PROJECT',
  'GOOGLE_CLOUD_PROJECT',
  'GOOGLE_VERTEX_LOCATION',
  'GOOGLE_CLOUD_LOCATION',
  'GOOGLE_VERTEX_ACCESS_TOKEN',
  'GOOGLE_VERTEX_BASE_URL',
];
const saved = new Map<string, string | undefined>();
const mocks: Array<ReturnType<typeof mockGoogle>> = [];

beforeEach(() => {
  for (const name of variables) {
    saved.set(name, process.env[name]);
    delete process.env[name];
  }
});

afterEach(async () => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  for (const mock of mocks.splice(0)) {
    expect(mock.violations()).toEqual([]);
    await mock.close();
  }
});

function mock(origin: string) {
  const created = mockGoogle(origin);
  mocks.push(created);
  return created;
}

/** Every rendering of an error: message, stack, JSON, inspect, causes. */
function renderings(error: unknown): string {
  const texts: string[] = [inspect(error, { depth: 8, showHidden: true })];
  let current: unknown = error;
  while (current instanceof Error) {
    texts.push(current.message, current.stack ?? '', JSON.stringify(current));
    current = current.cause;
  }
  return texts.join('\n');
}

describe('createImagen', () => {
  it('never throws on creation: credentials are read when the first request is made', () => {
    expect(() => createImagen()).not.toThrow();
    expect(() => createImagen({ vertex: true })).not.toThrow();
    expect(imagen.id).toBe('google');
    expect(imagen.api).toBe('gemini');
    expect(imagen.modelIds).toContain('imagen-3.0-generate-002');
  });

  it('is callable, typed by model id, and resolves every path in the hub', () => {
    const provider = createImagen();
    expect(provider('imagen-4.0-generate-001').modelId).toBe('imagen-4.0-generate-001');
    expect(provider.imageModel('imagen-4.0-ultra-generate-001').capabilities.maxImagesPerCall).toBe(
      1,
    );
    const easel = createEasel({ providers: [provider] });
    expect(easel.describe('google/imagen-3.0-generate-002').path).toBe(
      'google/imagen-3.0-generate-002',
    );
    expect(easel.describe('IMAGEN-4.0-FAST-GENERATE-001').path).toBe(
      'google/imagen-4.0-fast-generate-001',
    );
  });

  it('names the closest model for an unknown id', () => {
    expect(() => createImagen().imageModel('imagen-4.0-generate-01')).toThrow(UnknownModelError);
    expect(() => createImagen().imageModel('imagen-4.0-generate-01')).toThrow(
      'Did you mean "imagen-4.0-generate-001"',
    );
  });

  it('gives the models Vertex capabilities only on Vertex AI', () => {
    expect(createImagen()('imagen-3.0-generate-002').capabilities.seed).toBe(false);
    const vertex = createImagen({ vertex: { project: 'p' } });
    expect(vertex.api).toBe('vertex');
    expect(vertex('imagen-3.0-generate-002').capabilities).toMatchObject({
      seed: true,
      negativePrompt: true,
    });
    expect(createImagen({ vertex: false }).api).toBe('gemini');
  });
});

describe('the Gemini API', () => {
  it('reads the key from GEMINI_API_KEY, then GOOGLE_API_KEY', async () => {
    const google = mock('https://generativelanguage.googleapis.com');
    google.reply(undefined, 2);
    const easel = createEasel({ providers: [createImagen({ dispatcher: google.agent })] });
    process.env.GOOGLE_API_KEY = 'google-api-key-0123456789';
    await easel.generate('imagen-3.0-generate-002', { prompt: 'a fox' });
    process.env.GEMINI_API_KEY = 'gemini-api-key-0123456789';
    await easel.generate('imagen-3.0-generate-002', { prompt: 'a fox' });
    expect(google.requests.map(request => request.headers['x-goog-api-key'])).toEqual([
      'google-api-key-0123456789',
      'gemini-api-key-0123456789',
    ]);
  });

  it('takes the base URL from the settings, then GEMINI_BASE_URL', async () => {
    const proxy = mock('https://proxy.example.test');
    proxy.reply(undefined, 2);
    process.env.GEMINI_BASE_URL = 'https://proxy.example.test/gemini/v1beta/';
    const fromEnvironment = createImagen({ apiKey: 'k-0123456789', dispatcher: proxy.agent });
    await createEasel({ providers: [fromEnvironment] }).generate('imagen-3.0-generate-002', {
      prompt: 'a fox',
    });
    const fromSettings = createImagen({
      apiKey: 'k-0123456789',
      baseURL: 'https://proxy.example.test/other/v1beta',
      dispatcher: proxy.agent,
      headers: { 'x-team': 'easel' },
    });
    await createEasel({ providers: [fromSettings] }).generate(
      'imagen-3.0-generate-002',
      { prompt: 'a fox' },
      { headers: { 'x-call': 'one' } },
    );
    expect(proxy.requests.map(request => request.url)).toEqual([
      'https://proxy.example.test/gemini/v1beta/models/imagen-3.0-generate-002:predict',
      'https://proxy.example.test/other/v1beta/models/imagen-3.0-generate-002:predict',
    ]);
    expect(proxy.requests[1]!.headers).toMatchObject({ 'x-team': 'easel', 'x-call': 'one' });
  });

  it('throws MissingApiKeyError naming the option and both variables, before any request', async () => {
    const google = mock('https://generativelanguage.googleapis.com');
    const easel = createEasel({ providers: [createImagen({ dispatcher: google.agent })] });
    const error = await easel
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(MissingApiKeyError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'google: API key is missing. Pass it as the `apiKey` setting or set `GEMINI_API_KEY` or `GOOGLE_API_KEY`.',
    );
    expect(google.requests).toHaveLength(0);
  });

  it('never shows the key, even when Google echoes it', async () => {
    const key = 'AIzaSy-secret-key-0123456789';
    const google = mock('https://generativelanguage.googleapis.com');
    google.reply({
      status: 400,
      body: {
        error: {
          ...googleErrorBodies.apiKeyInvalid.body.error,
          message: `API key not valid: ${key}. Please pass a valid API key.`,
        },
      },
    });
    const easel = createEasel({
      providers: [createImagen({ apiKey: key, dispatcher: google.agent, retry: false })],
    });
    const error = await easel
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Google refused the API key');
    expect(renderings(error)).not.toContain(key);
  });

  it('turns a 404 for a retired model into a ProviderError that names the alternatives', async () => {
    const google = mock('https://generativelanguage.googleapis.com');
    google.reply(googleErrorBodies.geminiModelNotFound);
    const easel = createEasel({
      providers: [createImagen({ apiKey: 'k-0123456789', dispatcher: google.agent })],
    });
    const error = await easel
      .generate('imagen-4.0-generate-preview-05-20', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, providerCode: 'model_retired' });
    expect((error as Error).message).toContain(
      'imagen-4.0-generate-preview-05-20 was not found on the Gemini API',
    );
    expect((error as Error).message).toContain('gemini-*-image');
    expect(google.requests).toHaveLength(1);
  });
});

describe('Vertex AI', () => {
  const vertexUrl = (location: string, model = 'imagen-3.0-generate-002', project = 'easel-test') =>
    `https://${location}-aiplatform.googleapis.com/v1/projects/${project}/locations/${location}/publishers/google/models/${model}:predict`;

  it('builds the regional URL and sends the token as a Bearer header', async () => {
    const google = mock('https://europe-west4-aiplatform.googleapis.com');
    google.reply();
    const provider = createImagen({
      dispatcher: google.agent,
      apiKey: 'unused-gemini-key-0123456789',
      vertex: {
        project: 'easel-test',
        location: 'europe-west4',
        accessToken: 'ya29.token-0123456789',
      },
    });
    await createEasel({ providers: [provider] }).generate('imagen-3.0-generate-002', {
      prompt: 'a fox',
    });
    const [request] = google.requests;
    expect(request!.url).toBe(vertexUrl('europe-west4'));
    expect(request!.headers.authorization).toBe('Bearer ya29.token-0123456789');
    expect(request!.headers['x-goog-api-key']).toBeUndefined();
  });

  it('reads project, location, token and base URL from the environment (vertex: true)', async () => {
    const google = mock('https://us-east5-aiplatform.googleapis.com');
    google.reply();
    process.env.GOOGLE_VERTEX_PROJECT = 'from-env';
    process.env.GOOGLE_VERTEX_LOCATION = 'us-east5';
    process.env.GOOGLE_VERTEX_ACCESS_TOKEN = 'ya29.env-token-0123456789';
    const provider = createImagen({ dispatcher: google.agent, vertex: true });
    await createEasel({ providers: [provider] }).generate('imagen-4.0-generate-001', {
      prompt: 'a fox',
    });
    expect(google.requests[0]!.url).toBe(
      vertexUrl('us-east5', 'imagen-4.0-generate-001', 'from-env'),
    );
    expect(google.requests[0]!.headers.authorization).toBe('Bearer ya29.env-token-0123456789');

    const proxy = mock('https://vertex-proxy.example.test');
    proxy.reply();
    process.env.GOOGLE_VERTEX_BASE_URL = 'https://vertex-proxy.example.test/v1/';
    process.env.GOOGLE_VERTEX_LOCATION = '';
    process.env.GOOGLE_CLOUD_LOCATION = 'asia-northeast1';
    await createEasel({
      providers: [createImagen({ dispatcher: proxy.agent, vertex: true })],
    }).generate('imagen-4.0-generate-001', { prompt: 'a fox' });
    expect(proxy.requests[0]!.url).toBe(
      'https://vertex-proxy.example.test/v1/projects/from-env/locations/asia-northeast1/publishers/google/models/imagen-4.0-generate-001:predict',
    );
  });

  it('defaults to us-central1, uses the global host for global, and prefers vertex.baseURL', async () => {
    const central = mock('https://us-central1-aiplatform.googleapis.com');
    central.reply();
    await createEasel({
      providers: [
        createImagen({
          dispatcher: central.agent,
          vertex: { project: 'easel-test', accessToken: 'ya29.token-0123456789' },
        }),
      ],
    }).generate('imagen-3.0-generate-002', { prompt: 'a fox' });
    expect(central.requests[0]!.url).toBe(vertexUrl('us-central1'));

    const global = mock('https://aiplatform.googleapis.com');
    global.reply();
    await createEasel({
      providers: [
        createImagen({
          dispatcher: global.agent,
          vertex: {
            project: 'easel-test',
            location: 'global',
            accessToken: 'ya29.token-0123456789',
          },
        }),
      ],
    }).generate('imagen-3.0-generate-002', { prompt: 'a fox' });
    expect(global.requests[0]!.url).toBe(
      'https://aiplatform.googleapis.com/v1/projects/easel-test/locations/global/publishers/google/models/imagen-3.0-generate-002:predict',
    );

    const proxy = mock('https://proxy.example.test');
    proxy.reply(undefined, 2);
    const viaSetting = (vertexBaseURL?: string) =>
      createEasel({
        providers: [
          createImagen({
            dispatcher: proxy.agent,
            baseURL: 'https://proxy.example.test/shared/v1',
            vertex: {
              project: 'easel-test',
              accessToken: 'ya29.token-0123456789',
              ...(vertexBaseURL === undefined ? {} : { baseURL: vertexBaseURL }),
            },
          }),
        ],
      }).generate('imagen-3.0-generate-002', { prompt: 'a fox' });
    await viaSetting();
    await viaSetting('https://proxy.example.test/vertex/v1');
    expect(
      proxy.requests.map(request => new URL(request.url).pathname.split('/projects/')[0]),
    ).toEqual(['/shared/v1', '/vertex/v1']);
  });

  it('calls a token function for every request, since tokens expire', async () => {
    const google = mock('https://us-central1-aiplatform.googleapis.com');
    google.reply(undefined, 2);
    let calls = 0;
    const provider = createImagen({
      dispatcher: google.agent,
      vertex: {
        project: 'easel-test',
        accessToken: async () => `ya29.fresh-token-${++calls}-0123456789`,
      },
    });
    const easel = createEasel({ providers: [provider] });
    await easel.generate('imagen-3.0-generate-002', { prompt: 'a fox' });
    await easel.generate('imagen-3.0-generate-002', { prompt: 'a fox' });
    expect(google.requests.map(request => request.headers.authorization)).toEqual([
      'Bearer ya29.fresh-token-1-0123456789',
      'Bearer ya29.fresh-token-2-0123456789',
    ]);
  });

  it('registers a token function’s token as a secret', async () => {
    const token = 'ya29.function-token-abcdef0123456789';
    const google = mock('https://us-central1-aiplatform.googleapis.com');
    google.reply({
      status: 401,
      body: {
        error: { ...googleErrorBodies.tokenExpired.body.error, message: `bad token ${token}` },
      },
    });
    const provider = createImagen({
      dispatcher: google.agent,
      retry: false,
      vertex: { project: 'easel-test', accessToken: () => token },
    });
    const error = await createEasel({ providers: [provider] })
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect((error as Error).message).toContain('Vertex AI rejected the access token');
    expect(renderings(error)).not.toContain(token);
  });

  it('reports a failing or empty token function as typed errors, before any request', async () => {
    const google = mock('https://us-central1-aiplatform.googleapis.com');
    const failing = createImagen({
      dispatcher: google.agent,
      vertex: {
        project: 'easel-test',
        accessToken: () => {
          throw new Error('could not refresh the credentials');
        },
      },
    });
    const failure = await createEasel({ providers: [failing] })
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(ProviderError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ providerCode: 'access_token_failed', retryable: false });
    expect((failure as Error).message).toContain(
      'vertex.accessToken() failed: could not refresh the credentials',
    );

    const empty = createImagen({
      dispatcher: google.agent,
      vertex: { project: 'easel-test', accessToken: async () => '' },
    });
    const missing = await createEasel({ providers: [empty] })
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(MissingApiKeyError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({ option: 'vertex.accessToken' });
    expect(google.requests).toHaveLength(0);
  });

  it('throws MissingApiKeyError for a missing token or project, naming the option and the variables', async () => {
    const google = mock('https://us-central1-aiplatform.googleapis.com');
    const generate = (vertex: { project?: string; accessToken?: string }) =>
      createEasel({ providers: [createImagen({ dispatcher: google.agent, vertex })] })
        .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
        .catch((thrown: unknown) => thrown);

    const token = await generate({ project: 'easel-test' });
    expect(MissingApiKeyError.isInstance(token)).toBe(true);
    expect((token as Error).message).toBe(
      'google: Vertex AI access token is missing. Pass it as the `vertex.accessToken` setting or set `GOOGLE_VERTEX_ACCESS_TOKEN`.',
    );

    const project = await generate({ accessToken: 'ya29.token-0123456789' });
    expect(MissingApiKeyError.isInstance(project)).toBe(true);
    expect(project).toMatchObject({
      option: 'vertex.project',
      environmentVariables: ['GOOGLE_VERTEX_PROJECT', 'GOOGLE_CLOUD_PROJECT'],
    });
    expect((project as Error).message).toContain('`vertex.project`');
    expect((project as Error).message).toContain('`GOOGLE_VERTEX_PROJECT`');
    expect(renderings(project)).not.toContain('ya29.token-0123456789');
    expect(google.requests).toHaveLength(0);
  });

  it('explains an expired token', async () => {
    const google = mock('https://us-central1-aiplatform.googleapis.com');
    google.reply(googleErrorBodies.tokenExpired);
    const provider = createImagen({
      dispatcher: google.agent,
      vertex: { project: 'easel-test', accessToken: 'ya29.expired-0123456789' },
    });
    const error = await createEasel({ providers: [provider] })
      .generate('imagen-3.0-generate-002', { prompt: 'a fox' })
      .catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 401, providerCode: 'ACCESS_TOKEN_EXPIRED' });
    expect((error as Error).message).toContain('expire after about an hour');
  });
});
