import type { SimulatorResponse } from '../../simulator/simulator-response.js';

/** A `name` the simulator answers errors with. */
export type StabilityErrorName =
  | 'bad_request'
  | 'unauthorized'
  | 'content_moderation'
  | 'not_found'
  | 'payload_too_large'
  | 'invalid_language'
  | 'public_figure'
  | 'rate_limit_exceeded';

/** One message or more, as `errors` must hold. */
export type ErrorMessages = readonly [string, ...string[]];

/** Whether `messages` holds at least one message. */
export function hasMessages(messages: readonly string[]): messages is ErrorMessages {
  return messages.length > 0;
}

const statuses: Readonly<Record<StabilityErrorName, number>> = {
  bad_request: 400,
  unauthorized: 401,
  content_moderation: 403,
  not_found: 404,
  payload_too_large: 413,
  invalid_language: 422,
  public_figure: 422,
  rate_limit_exceeded: 429,
};

/**
 * Stability's error answer, `{"id":"<32 hex>","name":…,"errors":[…]}`, with the status that goes
 * with the name. The id is the request's `x-request-id`, which every answer carries.
 *
 * @param errors One message or more, each naming a problem (`"prompt: is required"`).
 */
export function stabilityError(
  name: StabilityErrorName,
  errors: ErrorMessages,
  requestId: string,
): SimulatorResponse {
  return {
    status: statuses[name],
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: { id: requestId, name, errors },
  };
}
