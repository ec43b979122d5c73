import type { ImageProviderV1 } from '@easel/core';
import { type Environment, readSwitch, readTrustedHosts } from '../environment/index.js';
import {
  type ProviderDefinition,
  providerDefinitions,
  type SandboxOptions,
  type SandboxSimulator,
  sandboxApiKey,
} from './provider-definitions.js';

/** How one provider runs, for banners and pages. */
export type ProviderStatus =
  | {
      readonly id: string;
      readonly name: string;
      readonly mode: 'live';
      /** The variable holding its credential, e.g. `OPENAI_API_KEY`. */
      readonly credential: string;
      /** Its base URL, when the environment changed it. */
      readonly baseURL?: string;
    }
  | {
      readonly id: string;
      readonly name: string;
      readonly mode: 'sandbox';
      /** Why: `EASEL_SANDBOX` is set, or none of `credentialVariables` is. */
      readonly reason: 'forced' | 'no-credential';
      /** Variables any one of which would make it live. */
      readonly credentialVariables: readonly string[];
      /** The simulator it calls. */
      readonly simulatorUrl: string;
    };

/** Options of `composeProviders`. */
export interface ComposeProvidersOptions {
  /** Where keys and settings are read from. Default `process.env`. */
  readonly env?: Environment;
  /** Settings of the sandbox simulators. */
  readonly sandbox?: SandboxOptions;
}

/** The providers of the demo, each live or sandboxed. */
export interface ProviderComposition {
  /** All five providers, for `createEasel`. */
  readonly providers: readonly ImageProviderV1<object>[];
  /** Ids of the providers running against a simulator, for the gateway's `sandbox` markers. */
  readonly sandboxProviders: string[];
  /** How each provider runs, in the same order as `providers`. */
  readonly statuses: readonly ProviderStatus[];
  /** Stops the simulators. Idempotent. */
  close(): Promise<void>;
}

/**
 * Composes the five providers from the environment: each one whose credential is set runs live
 * (with its base URL variable, if any); every other one, and all of them when `EASEL_SANDBOX` is
 * on, runs against its testkit wire simulator, started here on loopback with a sandbox key and
 * allowed to download from the simulator's origins. `EASEL_TRUSTED_URL_HOSTS` joins every
 * provider's download allowlist.
 *
 * @throws InvalidEnvironmentError naming the first variable whose value cannot be used.
 * @example
 * const composition = await composeProviders({ env: process.env });
 * const easel = createEasel({ providers: composition.providers });
 * // …
 * await composition.close();
 */
export async function composeProviders(
  options: ComposeProvidersOptions = {},
): Promise<ProviderComposition> {
  const env = options.env ?? process.env;
  const forced = readSwitch(env, 'EASEL_SANDBOX');
  const trustedHosts = readTrustedHosts(env, 'EASEL_TRUSTED_URL_HOSTS');
  const plans = providerDefinitions.map(definition => ({
    definition,
    live: forced ? undefined : definition.live(env, trustedHosts),
  }));
  const simulators = await startSimulators(
    plans.filter(plan => plan.live === undefined).map(plan => plan.definition),
    options.sandbox ?? {},
  );

  const providers: ImageProviderV1<object>[] = [];
  const statuses: ProviderStatus[] = [];
  for (const { definition, live } of plans) {
    const { id, name } = definition;
    if (live !== undefined) {
      providers.push(live.provider);
      statuses.push({
        id,
        name,
        mode: 'live',
        credential: live.credential,
        ...(live.baseURL === undefined ? {} : { baseURL: live.baseURL }),
      });
      continue;
    }
    const simulator = simulators.get(definition)!;
    providers.push(
      definition.sandbox(
        {
          apiKey: sandboxApiKey,
          downloads: { allowlist: [...simulator.origins, ...trustedHosts] },
        },
        simulator,
      ),
    );
    statuses.push({
      id,
      name,
      mode: 'sandbox',
      reason: forced ? 'forced' : 'no-credential',
      credentialVariables: definition.credentialVariables,
      simulatorUrl: simulator.url,
    });
  }

  let closing: Promise<void> | undefined;
  return {
    providers,
    sandboxProviders: statuses.filter(status => status.mode === 'sandbox').map(status => status.id),
    statuses,
    close() {
      closing ??= closeAll([...simulators.values()]);
      return closing;
    },
  };
}

async function startSimulators(
  definitions: readonly ProviderDefinition[],
  options: SandboxOptions,
): Promise<Map<ProviderDefinition, SandboxSimulator>> {
  const started = await Promise.allSettled(
    definitions.map(definition => definition.startSimulator(options)),
  );
  const failure = started.find(outcome => outcome.status === 'rejected');
  if (failure !== undefined) {
    await closeAll(
      started.flatMap(outcome => (outcome.status === 'fulfilled' ? [outcome.value] : [])),
    );
    throw failure.reason;
  }
  return new Map(
    definitions.map((definition, index) => [
      definition,
      (started[index] as PromiseFulfilledResult<SandboxSimulator>).value,
    ]),
  );
}

async function closeAll(simulators: readonly SandboxSimulator[]): Promise<void> {
  await Promise.all(simulators.map(simulator => simulator.close()));
}
