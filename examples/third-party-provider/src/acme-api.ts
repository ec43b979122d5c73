/**
 * The wire protocol of Acme Imaging, a made-up image API. One endpoint:
 *
 *   POST /v1/images/generations          x-api-key: <key>
 *     { model, prompt, num_outputs, width? + height? | aspect?, output, seed?, avoid?, style?,
 *       reference_image? (base64), reference_strength? }
 *     → 200 { request_id, outputs: [{ image_base64, content_type, width, height, seed }],
 *             billing: { credits } }
 *
 *   errors → { error: { type, message, field? } }: 400 invalid_request (`field` names the wire
 *            field), 401 unauthorized, 402 insufficient_credits, 422 content_policy,
 *            429 rate_limited (with Retry-After), 5xx server_error
 */
import {
  ContentFilteredError,
  InvalidInputError,
  providerErrorFromResponse,
  type ResponseLike,
} from '@easel/core';
import { z } from 'zod';

/** Provider id of Acme Imaging. */
export const acmeProviderId = 'acme';

/** Acme's API origin. */
export const acmeDefaultBaseURL = 'https://api.acme-imaging.example';

/** The one endpoint, below the base URL. */
export const acmeGenerationsPath = '/v1/images/generations';

/** A generation answer: only the fields the adapter reads. */
export const acmeGenerationResponseSchema = z.object({
  request_id: z.string(),
  outputs: z
    .array(
      z.object({
        image_base64: z.string(),
        content_type: z.string().nullish(),
        width: z.number().nullish(),
        height: z.number().nullish(),
        seed: z.number().nullish(),
      }),
    )
    .min(1),
  billing: z.object({ credits: z.number() }).nullish(),
});

/** The input field a caller wrote for each wire field, so an upstream 400 names the caller's field. */
export const acmeInputFieldOfWireField: Readonly<Record<string, string>> = {
  num_outputs: 'n',
  width: 'size',
  height: 'size',
  aspect: 'aspect_ratio',
  output: 'output_format',
  avoid: 'negative_prompt',
  reference_image: 'image',
};

const errorBodySchema = z.object({
  error: z.object({
    type: z.string(),
    message: z.string().nullish(),
    field: z.string().nullish(),
  }),
});

/** The typed error for an error answer of Acme Imaging. */
export function acmeErrorFromResponse(response: ResponseLike): Error {
  let body: z.infer<typeof errorBodySchema>['error'] | undefined;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(response.text()));
    body = parsed.success ? parsed.data.error : undefined;
  } catch {
    body = undefined;
  }
  const message = body?.message ?? undefined;
  if (body?.type === 'content_policy') {
    return new ContentFilteredError({
      provider: acmeProviderId,
      stage: 'input',
      // Acme's terms: refused prompts are not charged.
      billed: false,
      status: response.status,
      ...(message === undefined ? {} : { reason: message }),
    });
  }
  if (response.status === 400 && body?.type === 'invalid_request') {
    const field = body.field ?? undefined;
    return new InvalidInputError({
      issues: [
        {
          path: field === undefined ? [] : [acmeInputFieldOfWireField[field] ?? field],
          message: message ?? 'rejected by Acme',
        },
      ],
    });
  }
  return providerErrorFromResponse(response, acmeProviderId, {
    ...(message === undefined ? {} : { message }),
    ...(body === undefined ? {} : { providerCode: body.type }),
  });
}
