import type { SimulatorRequest } from '../../simulator/index.js';
import { OpenAIApiError } from './openai-api-error.js';

const missingKeyMessage =
  "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.";

/**
 * Checks `Authorization: Bearer <key>`: any non-empty key passes when `apiKey` is undefined,
 * otherwise only `apiKey` does.
 *
 * @throws OpenAIApiError 401 `invalid_api_key`, naming the key only masked.
 */
export function checkAuthorization(request: SimulatorRequest, apiKey: string | undefined): void {
  const key = /^Bearer\s+(\S.*)$/i.exec((request.headers.authorization ?? '').trim())?.[1]?.trim();
  if (key === undefined || key.length === 0) {
    throw new OpenAIApiError({ status: 401, message: missingKeyMessage, code: 'invalid_api_key' });
  }
  if (apiKey !== undefined && key !== apiKey) {
    throw new OpenAIApiError({
      status: 401,
      message: `Incorrect API key provided: ${maskApiKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      code: 'invalid_api_key',
    });
  }
}

/**
 * A key as error messages may show it: the first 3 and last 4 characters around `***`. Keys
 * shorter than 12 characters are shown as `***` alone, since 7 visible characters would give most
 * of them away.
 */
export function maskApiKey(key: string): string {
  return key.length < 12 ? '***' : `${key.slice(0, 3)}***${key.slice(-4)}`;
}
