import { createEasel, type ImageProviderSettings, type ImageProviderV1 } from '@easel/core';
import {
  createReference,
  type ReferenceSimulator,
  type ReferenceSimulatorOptions,
  startReferenceSimulator,
} from '@easel/testkit/reference';
import { createGateway } from '../create-gateway.js';
import type { Gateway, GatewayOptions } from '../gateway-options.js';

/** The canary key of the reference provider: no answer, log line or metric may contain it. */
export const referenceApiKey = 'sk-ref-canary-7c1d0b9e4f2a6358';

/** A running gateway in front of the reference simulator. */
export interface GatewayHarness {
  readonly url: string;
  readonly gateway: Gateway;
  readonly simulator: ReferenceSimulator;
  /** Requests the simulator received on a path (e.g. `/v1/images`, `/v1/jobs`), by method. */
  count(method: string, path: string | RegExp): number;
  close(): Promise<void>;
}

/** Options of `startGatewayHarness`. */
export interface GatewayHarnessOptions {
  readonly simulator?: ReferenceSimulatorOptions;
  readonly gateway?: Omit<Partial<GatewayOptions>, 'easel'>;
  /** More providers besides the reference one. */
  readonly providers?: readonly ImageProviderV1<object>[];
  /** Settings of the reference provider, over the harness's. */
  readonly reference?: ImageProviderSettings;
}

/**
 * Start the reference simulator and a gateway in front of it (provider `reference`: `ref-sync`
 * answers in the request, `ref-async` runs polled jobs), listening on a loopback port.
 */
export async function startGatewayHarness(
  options: GatewayHarnessOptions = {},
): Promise<GatewayHarness> {
  const simulator = await startReferenceSimulator({
    apiKey: referenceApiKey,
    jobDurationMs: 150,
    ...options.simulator,
  });
  const easel = createEasel({
    providers: [
      createReference({
        apiKey: referenceApiKey,
        baseURL: simulator.url,
        downloads: { allowlist: [...simulator.origins] },
        pollInterval: { initialMs: 20, maxMs: 50 },
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        ...options.reference,
      }),
      ...(options.providers ?? []),
    ],
  });
  const gateway = await createGateway({ easel, logger: false, ...options.gateway });
  const url = await gateway.listen({ port: 0 });
  return {
    url,
    gateway,
    simulator,
    count: (method, path) =>
      simulator.requests.filter(
        request =>
          request.method === method &&
          (typeof path === 'string' ? request.path === path : path.test(request.path)),
      ).length,
    async close() {
      await gateway.close({ graceMs: 0 });
      await simulator.close();
    },
  };
}
