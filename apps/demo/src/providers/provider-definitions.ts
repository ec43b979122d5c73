import type { ImageProviderSettings, ImageProviderV1 } from '@easel/core';
import { createFlux } from '@easel/provider-flux';
import { createIdeogram } from '@easel/provider-ideogram';
import { createImagen } from '@easel/provider-imagen';
import { createOpenAI } from '@easel/provider-openai';
import { createStability } from '@easel/provider-stability';
import { startBflSimulator } from '@easel/testkit/bfl';
import { startIdeogramSimulator } from '@easel/testkit/ideogram';
import { startImagenSimulator } from '@easel/testkit/imagen';
import { startOpenAISimulator } from '@easel/testkit/openai';
import { startStabilitySimulator } from '@easel/testkit/stability';
import {
  type Environment,
  InvalidEnvironmentError,
  readCredential,
  readFirstVariable,
  readUrl,
  readVariable,
} from '../environment/index.js';

/** A loopback wire simulator standing in for a provider's API. */
export interface SandboxSimulator {
  readonly url: string;
  readonly origins: readonly string[];
  close(): Promise<void>;
}

/** Settings of the sandbox simulators. */
export interface SandboxOptions {
  /**
   * How long a simulated FLUX job stays pending before its image is ready, ms, so that progress
   * is visible. Default 2000.
   */
  readonly jobDurationMs?: number;
}

/** A live provider and what made it live. */
export interface LiveProvider {
  readonly provider: ImageProviderV1<object>;
  /** The variable that holds its credential, e.g. `OPENAI_API_KEY`. */
  readonly credential: string;
  /** Where it sends requests, when not the provider's default. */
  readonly baseURL?: string;
}

/** How one provider is composed: live from the environment, or against its simulator. */
export interface ProviderDefinition {
  /** Provider id, as its models report it (`openai`, `google`, `bfl`, …). */
  readonly id: string;
  /** Display name. */
  readonly name: string;
  /** Variables any one of which makes the provider live. */
  readonly credentialVariables: readonly string[];
  /** The live provider, or `undefined` when no credential is set. Invalid values throw. */
  live(env: Environment, downloads: readonly string[]): LiveProvider | undefined;
  /** Starts the provider's simulator. */
  startSimulator(options: SandboxOptions): Promise<SandboxSimulator>;
  /** The provider, pointed at a running simulator. */
  sandbox(settings: ImageProviderSettings, simulator: SandboxSimulator): ImageProviderV1<object>;
}

/** The key sandboxed providers send, and the only one their simulators accept. Not a secret. */
export const sandboxApiKey = 'easel-sandbox-key';

/** Variables that only mean something on Vertex AI (the project may also be GOOGLE_CLOUD_PROJECT). */
const vertexVariables = [
  'GOOGLE_VERTEX_PROJECT',
  'GOOGLE_VERTEX_LOCATION',
  'GOOGLE_VERTEX_BASE_URL',
] as const;

function liveWithKey(
  env: Environment,
  keyVariables: readonly string[],
  baseUrlVariable: string,
  create: (settings: ImageProviderSettings) => ImageProviderV1<object>,
  downloads: readonly string[],
): LiveProvider | undefined {
  const key = readCredential(env, keyVariables);
  if (key === undefined) return undefined;
  const baseURL = readUrl(env, baseUrlVariable);
  return {
    provider: create({ apiKey: key.value, baseURL, downloads: { allowlist: downloads } }),
    credential: key.name,
    ...(baseURL === undefined ? {} : { baseURL }),
  };
}

/** Imagen on Vertex AI when its access token is set; on the Gemini API when a Gemini key is. */
function liveImagen(env: Environment, downloads: readonly string[]): LiveProvider | undefined {
  const token = readCredential(env, ['GOOGLE_VERTEX_ACCESS_TOKEN']);
  if (token === undefined) {
    const vertexOnly = vertexVariables.find(name => readVariable(env, name) !== undefined);
    if (vertexOnly !== undefined) {
      throw new InvalidEnvironmentError(
        'GOOGLE_VERTEX_ACCESS_TOKEN',
        `is required for Vertex AI (${vertexOnly} is set); set it to an OAuth access token (gcloud auth print-access-token), or unset ${vertexOnly} to use the Gemini API`,
      );
    }
    return liveWithKey(
      env,
      ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
      'GEMINI_BASE_URL',
      createImagen,
      downloads,
    );
  }
  const project = readFirstVariable(env, ['GOOGLE_VERTEX_PROJECT', 'GOOGLE_CLOUD_PROJECT']);
  if (project === undefined) {
    throw new InvalidEnvironmentError(
      'GOOGLE_VERTEX_PROJECT',
      'is required with GOOGLE_VERTEX_ACCESS_TOKEN (or set GOOGLE_CLOUD_PROJECT): the Google Cloud project to bill',
    );
  }
  const location = readFirstVariable(env, ['GOOGLE_VERTEX_LOCATION', 'GOOGLE_CLOUD_LOCATION']);
  if (location !== undefined && !/^[a-z][a-z0-9-]*$/.test(location.value)) {
    throw new InvalidEnvironmentError(
      location.name,
      `must be a Google Cloud region such as us-central1 or global, received ${JSON.stringify(location.value)}`,
    );
  }
  const baseURL = readUrl(env, 'GOOGLE_VERTEX_BASE_URL');
  return {
    provider: createImagen({
      vertex: {
        project: project.value,
        accessToken: token.value,
        ...(location === undefined ? {} : { location: location.value }),
        ...(baseURL === undefined ? {} : { baseURL }),
      },
      downloads: { allowlist: downloads },
    }),
    credential: token.name,
    ...(baseURL === undefined ? {} : { baseURL }),
  };
}

/** The five providers, in the order the demo lists them. */
export const providerDefinitions: readonly ProviderDefinition[] = [
  {
    id: 'openai',
    name: 'OpenAI',
    credentialVariables: ['OPENAI_API_KEY'],
    live: (env, downloads) =>
      liveWithKey(
        env,
        ['OPENAI_API_KEY'],
        'OPENAI_BASE_URL',
        settings =>
          createOpenAI({
            ...settings,
            organization: readVariable(env, 'OPENAI_ORG_ID'),
            project: readVariable(env, 'OPENAI_PROJECT_ID'),
          }),
        downloads,
      ),
    startSimulator: () => startOpenAISimulator({ apiKey: sandboxApiKey }),
    sandbox: (settings, simulator) => createOpenAI({ ...settings, baseURL: `${simulator.url}/v1` }),
  },
  {
    id: 'ideogram',
    name: 'Ideogram',
    credentialVariables: ['IDEOGRAM_API_KEY'],
    live: (env, downloads) =>
      liveWithKey(env, ['IDEOGRAM_API_KEY'], 'IDEOGRAM_BASE_URL', createIdeogram, downloads),
    startSimulator: () => startIdeogramSimulator({ apiKey: sandboxApiKey }),
    sandbox: (settings, simulator) => createIdeogram({ ...settings, baseURL: simulator.url }),
  },
  {
    id: 'stability',
    name: 'Stability AI',
    credentialVariables: ['STABILITY_API_KEY'],
    live: (env, downloads) =>
      liveWithKey(env, ['STABILITY_API_KEY'], 'STABILITY_BASE_URL', createStability, downloads),
    startSimulator: () => startStabilitySimulator({ apiKey: sandboxApiKey }),
    sandbox: (settings, simulator) => createStability({ ...settings, baseURL: simulator.url }),
  },
  {
    id: 'google',
    name: 'Google Imagen',
    credentialVariables: ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'GOOGLE_VERTEX_ACCESS_TOKEN'],
    live: liveImagen,
    startSimulator: () => startImagenSimulator({ apiKey: sandboxApiKey }),
    sandbox: (settings, simulator) =>
      createImagen({ ...settings, baseURL: `${simulator.url}/v1beta` }),
  },
  {
    id: 'bfl',
    name: 'Black Forest Labs FLUX',
    credentialVariables: ['BFL_API_KEY'],
    live: (env, downloads) =>
      liveWithKey(env, ['BFL_API_KEY'], 'BFL_BASE_URL', createFlux, downloads),
    startSimulator: options =>
      startBflSimulator({ apiKey: sandboxApiKey, jobDurationMs: options.jobDurationMs ?? 2000 }),
    sandbox: (settings, simulator) => createFlux({ ...settings, baseURL: simulator.url }),
  },
];
