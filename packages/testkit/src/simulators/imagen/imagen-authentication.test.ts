import { describe, expect, it } from 'vitest';
import {
  geminiKey,
  modelPath,
  send,
  useImagenSimulator,
  vertexToken,
} from './__fixtures__/imagen-client.js';

const body = JSON.stringify({ instances: [{ prompt: 'a kite' }], parameters: { sampleCount: 1 } });
const geminiPath = modelPath('gemini', 'imagen-4.0-fast-generate-001');
const vertexPath = modelPath('vertex', 'imagen-4.0-fast-generate-001');
const invalidToken =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

describe('Imagen authentication', () => {
  const simulator = useImagenSimulator();

  it('takes the Gemini key from x-goog-api-key or ?key=', async () => {
    const header = await send(simulator(), geminiPath, {
      headers: { 'x-goog-api-key': geminiKey },
      body,
    });
    const query = await send(simulator(), `${geminiPath}?key=${geminiKey}`, { body });

    expect([header.status, query.status]).toEqual([200, 200]);
  });

  it('answers a wrong Gemini key with 400 API_KEY_INVALID', async () => {
    const answer = await send(simulator(), geminiPath, {
      headers: { 'x-goog-api-key': 'wrong' },
      body,
    });

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: 'API key not valid. Please pass a valid API key.',
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'API_KEY_INVALID',
          domain: 'googleapis.com',
        },
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage' },
      ],
    });
  });

  it('answers a missing Gemini key with 403 PERMISSION_DENIED', async () => {
    const answer = await send(simulator(), geminiPath, { body });

    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({
      code: 403,
      status: 'PERMISSION_DENIED',
      message:
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    });
  });

  it('does not take a bearer token on the Gemini API', async () => {
    const answer = await send(simulator(), geminiPath, {
      headers: { authorization: `Bearer ${vertexToken}` },
      body,
    });

    expect(answer.status).toBe(403);
  });

  it('takes the Vertex token from Authorization: Bearer', async () => {
    const answer = await send(simulator(), vertexPath, {
      headers: { authorization: `Bearer ${vertexToken}` },
      body,
    });

    expect(answer.status).toBe(200);
  });

  it.each([
    ['a wrong token', `Bearer not-${vertexToken}`],
    ['an empty token', 'Bearer '],
    ['another scheme', `Basic ${vertexToken}`],
  ])('answers %s on Vertex with 401 UNAUTHENTICATED', async (_case, authorization) => {
    const answer = await send(simulator(), vertexPath, { headers: { authorization }, body });

    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toContain('Bearer');
    expect(answer.body.error).toMatchObject({
      code: 401,
      status: 'UNAUTHENTICATED',
      message: invalidToken,
      details: [{ reason: 'ACCESS_TOKEN_TYPE_UNSUPPORTED' }],
    });
  });

  it('answers a missing Vertex token with 401 CREDENTIALS_MISSING', async () => {
    const answer = await send(simulator(), vertexPath, {
      headers: { 'x-goog-api-key': geminiKey },
      body,
    });

    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({
      status: 'UNAUTHENTICATED',
      message: expect.stringMatching(/^Request is missing required authentication credential\./),
      details: [{ reason: 'CREDENTIALS_MISSING' }],
    });
  });

  it('checks credentials before the body and the model', async () => {
    const answer = await send(
      simulator(),
      modelPath('gemini', 'imagen-4.0-generate-preview-05-20'),
      {
        headers: { 'x-goog-api-key': 'wrong' },
        body: '{not json',
      },
    );

    expect(answer.status).toBe(400);
    expect(answer.body.error?.message).toBe('API key not valid. Please pass a valid API key.');
  });
});
