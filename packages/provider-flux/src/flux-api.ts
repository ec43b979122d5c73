import {
  InvalidInputError,
  ProviderError,
  providerErrorFromResponse,
  type ResponseLike,
  requestIdOf,
  type StatusTable,
} from '@easel/core';
import { z } from 'zod';

/** Provider id of Black Forest Labs. */
export const fluxProviderId = 'bfl';

/**
 * BFL's API hosts (https://docs.bfl.ai/integration_guidelines): the global endpoint routes to any
 * cluster, `api.eu` and `api.us` stay in their region, `api.eu1`/`api.us1` are the legacy
 * single-cluster hosts (needed for fine-tuning), `api.bfl.ml` the old domain.
 */
export const fluxRegions = {
  global: 'https://api.bfl.ai',
  eu: 'https://api.eu.bfl.ai',
  us: 'https://api.us.bfl.ai',
  eu1: 'https://api.eu1.bfl.ai',
  us1: 'https://api.us1.bfl.ai',
} as const;

/** A BFL region. */
export type FluxRegion = keyof typeof fluxRegions;

/** `AsyncResponse` / `AsyncWebhookResponse`: only the fields the adapter reads. */
export const submitResponseSchema = z.object({
  id: z.string(),
  polling_url: z.string().nullish(),
  webhook_url: z.string().nullish(),
  cost: z.number().nullish(),
  input_mp: z.number().nullish(),
  output_mp: z.number().nullish(),
});

/** `ResultResponse`: `result` is untyped in the spec; `sample`, `prompt` and `seed` per BFL's docs. */
export const resultResponseSchema = z.object({
  id: z.string().nullish(),
  status: z.string(),
  progress: z.number().nullish(),
  result: z
    .object({
      sample: z.string().nullish(),
      prompt: z.string().nullish(),
      seed: z.number().nullish(),
    })
    .loose()
    .nullish(),
  details: z.record(z.string(), z.unknown()).nullish(),
});

/** Every status of the spec's `StatusResponse`, classified; anything else is an error, not a reason to poll forever. */
export const fluxStatuses: StatusTable = {
  pending: ['Pending'],
  succeeded: ['Ready'],
  failed: ['Request Moderated', 'Content Moderated', 'Error', 'Task not found'],
};

function hostOf(url: URL): string {
  return url.hostname.toLowerCase();
}

/**
 * Whether a `polling_url` from a submit answer may be polled (with the key): https on one of
 * BFL's hosts allowed for the region — the global endpoint may hand out any cluster's URL, a
 * regional one only its own region's — or exactly the configured base URL's origin (a proxy, a
 * simulator). A URL built by hand is never polled; an untrusted one is refused.
 */
export function isTrustedPollingUrl(
  pollingUrl: string,
  baseURL: string,
  region: FluxRegion,
): boolean {
  let url: URL;
  try {
    url = new URL(pollingUrl);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  if (url.origin === new URL(baseURL).origin) return true;
  if (url.protocol !== 'https:' || url.port !== '') return false;
  const host = hostOf(url);
  const regional = /^api\.(eu|us)\d*\.bfl\.ai$/.exec(host);
  if (region === 'global')
    return host === 'api.bfl.ai' || host === 'api.bfl.ml' || regional !== null;
  return regional?.[1] === region.replace(/\d+$/, '');
}

const errorBodySchema = z.object({
  detail: z.union([
    z.string(),
    z.array(
      z.object({
        loc: z.array(z.union([z.string(), z.number()])).nullish(),
        msg: z.string().nullish(),
        type: z.string().nullish(),
      }),
    ),
  ]),
});

function parseError(text: string): z.infer<typeof errorBodySchema> | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The typed error for a BFL error response (https://help.bfl.ai/articles/2916279050-why-did-my-request-fail,
 * the spec's `HTTPValidationError`): 422 `detail[]` → `InvalidInputError` with each field's path;
 * 402 no credits; 403 refused key; 429 the active-task limit; the rest → `ProviderError`.
 */
export function fluxErrorFromResponse(response: ResponseLike, modelId: string): Error {
  const text = safeText(response);
  const body = parseError(text);
  const detail = typeof body?.detail === 'string' ? body.detail : undefined;
  const requestId = requestIdOf(response.headers);
  const error = (providerCode: string, message: string, retryable = false) =>
    new ProviderError({
      provider: fluxProviderId,
      status: response.status,
      message,
      providerCode,
      retryable,
      url: response.url,
      responseBody: text,
      ...(requestId ? { requestId } : {}),
    });
  if (response.status === 422 && Array.isArray(body?.detail) && body.detail.length > 0) {
    return new InvalidInputError({
      model: `${fluxProviderId}/${modelId}`,
      issues: body.detail.map(item => ({
        path: (item.loc ?? []).filter((segment, index) => !(index === 0 && segment === 'body')),
        message: `BFL rejected it: ${item.msg ?? 'invalid value'}${item.type ? ` (${item.type})` : ''}`,
      })),
    });
  }
  if (response.status === 402) {
    return error(
      'insufficient_credits',
      `${detail ?? 'insufficient credits'}: add credits at https://dashboard.bfl.ai`,
    );
  }
  if (response.status === 403) {
    return error(
      'forbidden',
      `${detail ?? 'forbidden'}: the API key was refused or lacks access to ${modelId}`,
    );
  }
  if (response.status === 429) {
    const limited = providerErrorFromResponse(response, fluxProviderId, {
      message: `${detail ?? 'too many active tasks'} (BFL allows 24 active tasks per key, 6 for flux-kontext-max; Easel queues under maxActiveTasks)`,
    });
    return limited;
  }
  return providerErrorFromResponse(response, fluxProviderId, detail ? { message: detail } : {});
}

function safeText(response: ResponseLike): string {
  try {
    return response.text();
  } catch {
    return '';
  }
}
