import { OpenAIApiError } from './openai-api-error.js';
import { findModelProfile, type OpenAIModelProfile } from './openai-models.js';

/** What decides whether a model may be used. */
export interface ModelAccess {
  /** Whether the organization passed verification; the GPT image models need it. */
  readonly organizationVerified: boolean;
}

/**
 * The profile of the model a request names, if the organization may use it.
 *
 * @throws OpenAIApiError 404 `model_not_found` for a model the simulator does not serve; 403 for
 *   a GPT image model when the organization is not verified.
 */
export function accessModel(model: string, access: ModelAccess): OpenAIModelProfile {
  const profile = findModelProfile(model);
  if (profile === undefined) {
    throw new OpenAIApiError({
      status: 404,
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
      code: 'model_not_found',
    });
  }
  if (profile.family === 'gpt-image' && !access.organizationVerified) {
    throw new OpenAIApiError({
      status: 403,
      message: `Your organization must be verified to use the model \`${model}\`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization. If you just verified, it can take up to 15 minutes for access to propagate.`,
    });
  }
  return profile;
}
