import {
  type FaultRule,
  type Simulator,
  type SimulatorRequest,
  startSimulator,
} from '../../simulator/index.js';
import { EphemeralImageHost } from './ephemeral-image-host.js';
import { createIdeogramApiHandler, inFlightKey } from './ideogram-api-handler.js';
import type { IdeogramSimulatorOptions } from './ideogram-simulator-options.js';
import { InFlightLimiter } from './in-flight-limiter.js';

/** The Ideogram simulator: the API origin's `Simulator`, plus the file (delivery) origin. */
export interface IdeogramSimulator extends Simulator {
  /** The file origin serving result images (`origins[1]`). */
  readonly deliveryUrl: string;
  /**
   * Requests the file origin received, oldest first (a snapshot). Downloads need no key: tests
   * check that no `Api-Key` header was sent there.
   */
  deliveryRequests(): readonly SimulatorRequest[];
  /** Adds a fault rule on the file origin; returns a function that removes it. */
  injectDelivery(rule: FaultRule): () => void;
}

const defaultUrlTtlMs = 3_600_000;
const defaultMaxInFlight = 10;

/**
 * Starts a loopback simulator of Ideogram 3.0's API, written from the OpenAPI spec. It runs two
 * servers, started and closed together:
 *
 * - the API origin, `simulator.url` (an adapter's base URL): `POST /v1/ideogram-v3/generate`
 *   (multipart or JSON), `/edit`, `/remix`, `/reframe` and `/replace-background` (multipart),
 *   each needing an `Api-Key` header;
 * - the file origin, `simulator.deliveryUrl` (also `origins[1]`), serving result images at
 *   `/api/images/ephemeral/<id>.png?exp=<unix seconds>&sig=<hex>`: no key needed, 403 once
 *   expired or tampered with.
 *
 * Bodies are validated against the spec operation and the rules its prose states; answers are
 * `ImageGenerationResponseV3` with real PNGs of the resolution asked for, deterministic from the
 * seed (drawn from the simulator's seed when absent, and always returned) and the prompt.
 * Refusals: 422 `{"error": "…"}` as the spec documents; every other 4xx is problem details,
 * `{"type":"about:blank","title":"Bad Request","detail":"…","status":400}` as
 * `application/problem+json`, the `detail` naming the field at fault. A wrong or missing key gets
 * 401, or 403 on remix (the spec's statuses). More than `maxInFlight` requests of one key in
 * flight at once get 429 (a latency fault holds requests in flight). `ideogramTestPrompts`
 * trigger the documented outcomes.
 *
 * The returned simulator is the API origin's (`requests`, `inject`, `connections`… concern it
 * alone; `deliveryRequests()` and `injectDelivery()` are the file origin's), except that `origins`
 * lists both origins, `errors` collects both servers' handler errors, and `clearFaults`, `reset`
 * and `close` act on both.
 *
 * @throws TypeError when an option is out of range.
 * @example
 * const simulator = await startIdeogramSimulator({ apiKey: 'test-key' });
 * const form = new FormData();
 * form.append('prompt', 'A deer drinking in the lake');
 * form.append('aspect_ratio', '2x1');
 * const response = await fetch(`${simulator.url}/v1/ideogram-v3/generate`, {
 *   method: 'POST', headers: { 'Api-Key': 'test-key' }, body: form,
 * });
 * const { data } = await response.json(); // data[0].url is on simulator.origins[1]
 * await simulator.close();
 */
export async function startIdeogramSimulator(
  options: IdeogramSimulatorOptions = {},
): Promise<IdeogramSimulator> {
  const { apiKey, port, seed = 1 } = options;
  const urlTtlMs = options.urlTtlMs ?? defaultUrlTtlMs;
  const maxInFlight = options.maxInFlight ?? defaultMaxInFlight;
  if (!Number.isInteger(seed)) {
    throw new TypeError(`startIdeogramSimulator: seed must be an integer, got ${seed}`);
  }
  if (!(Number.isFinite(urlTtlMs) && urlTtlMs >= 0)) {
    throw new TypeError(`startIdeogramSimulator: urlTtlMs must be a number >= 0, got ${urlTtlMs}`);
  }
  if (!(Number.isInteger(maxInFlight) && maxInFlight >= 1)) {
    throw new TypeError(
      `startIdeogramSimulator: maxInFlight must be a positive integer, got ${maxInFlight}`,
    );
  }
  if (apiKey !== undefined && apiKey.trim() === '') {
    throw new TypeError(
      'startIdeogramSimulator: apiKey must not be empty; leave it out to accept any',
    );
  }

  const host = new EphemeralImageHost(urlTtlMs);
  let api: Simulator | undefined;
  const limiter = new InFlightLimiter({
    limit: maxInFlight,
    recorded: () => api?.requests ?? [],
    keyOf: request => inFlightKey(request, apiKey),
  });
  const files = await startSimulator({
    seed,
    handler: request => host.serve(request),
  });
  try {
    api = await startSimulator({
      ...(port === undefined ? {} : { port }),
      seed,
      handler: createIdeogramApiHandler({
        apiKey,
        maxInFlight,
        limiter,
        host,
        filesOrigin: () => files.url,
      }),
    });
  } catch (error) {
    await files.close();
    throw error;
  }
  return combine(api, files, limiter);
}

/** The API simulator, with the file origin folded into `origins`, `errors`, `clearFaults`, `reset` and `close`. */
function combine(api: Simulator, files: Simulator, limiter: InFlightLimiter): IdeogramSimulator {
  return {
    url: api.url,
    deliveryUrl: files.url,
    origins: [api.url, files.url],
    port: api.port,
    get requests() {
      return api.requests;
    },
    get errors() {
      return [...api.errors, ...files.errors];
    },
    inject: rule => {
      if (rule.fault?.type === 'latency') limiter.noteLatency(rule.fault.ms);
      return api.inject(rule);
    },
    injectDelivery: rule => files.inject(rule),
    deliveryRequests: () => files.requests,
    clearFaults: () => {
      api.clearFaults();
      files.clearFaults();
    },
    reset: () => {
      api.reset();
      files.reset();
      limiter.clear();
    },
    connections: () => api.connections(),
    connectionsAccepted: () => api.connectionsAccepted(),
    close: async () => {
      await Promise.all([api.close(), files.close()]);
    },
  };
}
