import { describeZodIssue, type InputIssue, InvalidInputError, toInputIssues } from '@easel/core';
import { z } from 'zod';
import { type TrustedWebhookHosts, webhookUrlRefusal } from '../webhooks/index.js';
import { type WebhookEvent, webhookEvents } from './prediction-record.js';

function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const protocol = new URL(value).protocol;
  return protocol === 'https:' || protocol === 'http:';
}

/** The body of `POST /v1/models/<model_path>/predictions`, as Replicate defines it. */
const predictionRequestSchema = z.strictObject({
  input: z.looseObject({}),
  webhook: z
    .string()
    .max(2048)
    .refine(isHttpUrl, { error: 'expected an http(s) URL' })
    .nullable()
    .optional(),
  webhook_events_filter: z.array(z.enum(webhookEvents)).max(16).nullable().optional(),
});

const bodyFields = ['input', 'webhook', 'webhook_events_filter'];

/** A validated prediction request. */
export interface PredictionRequest {
  readonly input: Record<string, unknown>;
  readonly webhook?: { readonly url: string; readonly events: readonly WebhookEvent[] };
}

/**
 * Validate the request body. Every problem is reported at once, as an `InvalidInputError` whose
 * issue paths start at the body (`input`, `webhook_events_filter[1]`); unknown fields get a
 * "did you mean". A webhook URL the gateway would refuse to call (plain http or a private
 * address, unless trusted) is refused here, before anything runs.
 */
export function parsePredictionRequest(
  body: unknown,
  trustedWebhookHosts: TrustedWebhookHosts,
): PredictionRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidInputError({
      issues: [{ path: ['body'], message: 'expected a JSON object with an "input" object' }],
    });
  }
  const onlyInput = (body as { input?: unknown }).input;
  if (Object.keys(body).length === 1 && isPlainObject(onlyInput)) {
    // `{ "input": { … } }`, what nearly every request sends, needs no schema run; the schema
    // checks (and explains) anything else.
    return { input: onlyInput };
  }
  const result = predictionRequestSchema.safeParse(body, {
    reportInput: true,
    error: describeZodIssue,
  });
  if (!result.success) {
    throw new InvalidInputError({ issues: toInputIssues(result.error.issues, body, bodyFields) });
  }
  const { input, webhook, webhook_events_filter: filter } = result.data;
  if (webhook === undefined || webhook === null) return { input };
  const refusal = webhookUrlRefusal(webhook, trustedWebhookHosts);
  if (refusal !== undefined) {
    throw new InvalidInputError({
      issues: [{ path: ['webhook'], message: `the gateway will not call this URL: ${refusal}` }],
    });
  }
  return {
    input,
    webhook: { url: webhook, events: filter ? [...new Set(filter)] : webhookEvents },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Prefix every issue path of an input error with `input`, so paths start at the request body. */
export function withInputPrefix(error: InvalidInputError): InvalidInputError {
  const issues: InputIssue[] = error.issues.map(issue => ({
    ...issue,
    path: ['input', ...issue.path],
  }));
  return new InvalidInputError({ issues, ...(error.model ? { model: error.model } : {}) });
}
