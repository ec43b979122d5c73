import type { WireHandler } from '../../simulator/index.js';
import { authenticateBflRequest } from './bfl-authentication.js';
import { submitBflJob } from './bfl-job-submission.js';
import { bflModelProfile } from './bfl-models.js';
import { bflResultResponse, taskNotFound } from './bfl-result-response.js';
import type { BflSimulatorState } from './bfl-simulator-state.js';
import { detailResponse, validationErrorResponse } from './fastapi-error.js';

const resultPath = '/v1/get_result';
const modelPath = /^\/v1\/([^/]+)$/;

/**
 * The API origin's handler. Checks run in FastAPI's order: route (404 `{"detail":"Not Found"}`,
 * unknown models included), method (405 `{"detail":"Method Not Allowed"}` with `allow`), key
 * (403), then the operation: a submission (`POST /v1/<model>`) or a poll
 * (`GET /v1/get_result?id=`).
 */
export function createBflApiHandler(state: BflSimulatorState): WireHandler {
  return (request, context) => {
    const model = request.path === resultPath ? undefined : modelPath.exec(request.path)?.[1];
    const profile = model === undefined ? undefined : bflModelProfile(model);
    if (request.path !== resultPath && profile === undefined) {
      return detailResponse(404, 'Not Found');
    }
    const method = profile === undefined ? 'GET' : 'POST';
    if (request.method !== method) {
      return detailResponse(405, 'Method Not Allowed', { allow: method });
    }
    const authentication = authenticateBflRequest(request, state.options.apiKey);
    if ('refusal' in authentication) return authentication.refusal;
    if (model !== undefined && profile !== undefined) {
      return submitBflJob(state, { model, profile, key: authentication.key }, request, context);
    }
    const id = request.query.get('id');
    if (id === null) {
      return validationErrorResponse([
        { type: 'missing', loc: ['query', 'id'], msg: 'Field required', input: null },
      ]);
    }
    const job = state.jobs.get(id);
    if (job === undefined) return { body: taskNotFound(id) };
    return {
      body: bflResultResponse(job, Date.now(), () =>
        state.delivery.sampleUrl(job, state.deliveryUrl),
      ),
    };
  };
}
