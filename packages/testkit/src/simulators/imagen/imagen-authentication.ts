import type { SimulatorRequest } from '../../simulator/simulator-request.js';
import type { SimulatorResponse } from '../../simulator/simulator-response.js';
import { googleError } from './google-error.js';
import type { ImagenTransport } from './imagen-route.js';

/** The credentials a simulator accepts; an absent one means any non-empty value. */
export interface ImagenCredentials {
  readonly apiKey?: string | undefined;
  readonly accessToken?: string | undefined;
}

const unregisteredCallerMessage =
  "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.";
const invalidApiKeyMessage = 'API key not valid. Please pass a valid API key.';
const missingTokenMessage =
  'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const invalidTokenMessage =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

/**
 * Checks a request's credentials the way its API does.
 *
 * - Gemini API: the key comes from `x-goog-api-key`, else `?key=`. No key: 403
 *   PERMISSION_DENIED (unregistered caller); a wrong key: 400 INVALID_ARGUMENT with an
 *   `API_KEY_INVALID` ErrorInfo.
 * - Vertex AI: `Authorization: Bearer <token>`. No header: 401 UNAUTHENTICATED with a
 *   `CREDENTIALS_MISSING` ErrorInfo; another scheme, an empty or a wrong token: 401
 *   UNAUTHENTICATED with an `ACCESS_TOKEN_TYPE_UNSUPPORTED` ErrorInfo.
 *
 * @returns The error answer, or `undefined` when the request may proceed.
 */
export function authenticateImagenRequest(
  request: SimulatorRequest,
  transport: ImagenTransport,
  credentials: ImagenCredentials,
): SimulatorResponse | undefined {
  return transport === 'gemini'
    ? checkApiKey(request, credentials.apiKey)
    : checkAccessToken(request, credentials.accessToken);
}

function checkApiKey(
  request: SimulatorRequest,
  expected: string | undefined,
): SimulatorResponse | undefined {
  const key = request.headers['x-goog-api-key'] || request.query.get('key') || '';
  if (key === '') return googleError('PERMISSION_DENIED', unregisteredCallerMessage);
  if (expected === undefined || key === expected) return undefined;
  return googleError('INVALID_ARGUMENT', invalidApiKeyMessage, {
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
      {
        '@type': 'type.googleapis.com/google.rpc.LocalizedMessage',
        locale: 'en-US',
        message: invalidApiKeyMessage,
      },
    ],
  });
}

function checkAccessToken(
  request: SimulatorRequest,
  expected: string | undefined,
): SimulatorResponse | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return unauthenticated(missingTokenMessage, 'CREDENTIALS_MISSING');
  const token = /^Bearer +(\S+)$/i.exec(header.trim())?.[1];
  if (token !== undefined && (expected === undefined || token === expected)) return undefined;
  return unauthenticated(invalidTokenMessage, 'ACCESS_TOKEN_TYPE_UNSUPPORTED');
}

function unauthenticated(message: string, reason: string): SimulatorResponse {
  return googleError('UNAUTHENTICATED', message, {
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason,
        domain: 'googleapis.com',
        metadata: {
          service: 'aiplatform.googleapis.com',
          method: 'google.cloud.aiplatform.v1.PredictionService.Predict',
        },
      },
    ],
  });
}
