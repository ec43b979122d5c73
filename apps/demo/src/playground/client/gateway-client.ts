// The gateway's HTTP API as the page uses it: list models, create a prediction without waiting
// (`Prefer: respond-async`), follow it through `urls.get`, cancel it through `urls.cancel`.
import type { ErrorBody, InputIssue, ModelEntry, Prediction } from './api-types.js';
import { isTerminalStatus } from './api-types.js';

/** An error answer of the gateway (`{ error: { code, message, details } }`), or no answer at all. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the gateway could not be reached. */
  readonly status: number;
  /** The gateway's error code, e.g. `invalid_input`; `network_error` when unreachable. */
  readonly code: string;
  /** The problems of an `invalid_input` answer. */
  readonly issues: readonly InputIssue[];

  constructor(status: number, code: string, message: string, issues: readonly InputIssue[] = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.issues = issues;
  }
}

/** The `Prefer` header of prediction requests: answer at once, the page follows the job. */
export const preferAsync = 'respond-async';

/** First poll after this long, then 1.5 times longer each time, up to `maxPollMs`. */
const firstPollMs = 400;
const maxPollMs = 2000;
/** Consecutive failed polls tolerated (a restarting proxy, a dropped connection) before giving up. */
const maxPollFailures = 5;

/** Talks to the gateway that served the page, with the user's gateway key when there is one. */
export class GatewayClient {
  readonly #apiKey: () => string | undefined;

  /** @param apiKey Reads the current gateway key (undefined when the gateway is open). */
  constructor(apiKey: () => string | undefined) {
    this.#apiKey = apiKey;
  }

  /** `GET /v1/models`. */
  async listModels(): Promise<ModelEntry[]> {
    const list = await this.#request<{ data: ModelEntry[] }>('GET', apiUrl('v1/models'));
    return list.data;
  }

  /** `POST /v1/models/<path>/predictions` with `{ input }` and `Prefer: respond-async`. */
  createPrediction(
    modelPath: string,
    input: Readonly<Record<string, unknown>>,
  ): Promise<Prediction> {
    return this.#request<Prediction>('POST', apiUrl(`v1/models/${modelPath}/predictions`), {
      body: JSON.stringify({ input }),
      prefer: preferAsync,
    });
  }

  /** `POST urls.cancel`. */
  cancelPrediction(prediction: Prediction): Promise<Prediction> {
    return this.#request<Prediction>('POST', localUrl(prediction.urls.cancel));
  }

  /**
   * Follows a prediction through `urls.get` until it ends, backing off from 0.4 s to 2 s between
   * polls, and reports every state. A few failed polls in a row are tolerated; `signal` stops
   * following (the prediction itself goes on: cancel it for that).
   */
  async follow(
    first: Prediction,
    onUpdate: (prediction: Prediction) => void,
    signal: AbortSignal,
  ): Promise<Prediction> {
    let prediction = first;
    let delay = firstPollMs;
    let failures = 0;
    while (!isTerminalStatus(prediction.status)) {
      await sleep(delay, signal);
      delay = Math.min(delay * 1.5, maxPollMs);
      try {
        const next = await this.#request<Prediction>('GET', localUrl(prediction.urls.get), {
          signal,
        });
        // A poll that was answered just as following stopped (e.g. a cancel) must not overwrite
        // the state reported since.
        signal.throwIfAborted();
        prediction = next;
        failures = 0;
        onUpdate(prediction);
      } catch (error) {
        if (signal.aborted || !(error instanceof ApiError) || error.status !== 0) throw error;
        failures += 1;
        if (failures >= maxPollFailures) throw error;
      }
    }
    return prediction;
  }

  async #request<T>(
    method: 'GET' | 'POST',
    url: string,
    options: { body?: string; prefer?: string; signal?: AbortSignal } = {},
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.prefer !== undefined) headers.prefer = options.prefer;
    const key = this.#apiKey();
    if (key !== undefined) headers.authorization = `Bearer ${key}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: options.body,
        signal: options.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      throw new ApiError(0, 'network_error', 'The gateway did not answer. Is it still running?');
    }
    const text = await response.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (response.ok && json !== undefined) return json as T;
    const error = (json as Partial<ErrorBody> | undefined)?.error;
    if (error !== undefined && typeof error.message === 'string') {
      throw new ApiError(response.status, error.code, error.message, error.details?.issues ?? []);
    }
    throw new ApiError(
      response.status,
      'unexpected_answer',
      `The gateway answered ${response.status} ${response.statusText} without a usable body.`,
    );
  }
}

/** A gateway URL relative to the page, so that a gateway mounted under a path works too. */
export function apiUrl(path: string): string {
  return new URL(path, document.baseURI).href;
}

/**
 * A URL from a gateway answer (`urls.get`, an `output` file), on the page's own origin: the
 * gateway builds them from `EASEL_PUBLIC_URL` or the request, and the page may have been opened
 * under another name (`localhost` rather than `127.0.0.1`). The page's Content-Security-Policy
 * only allows its own origin.
 */
export function localUrl(url: string): string {
  const parsed = new URL(url, document.baseURI);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'about:blank';
  if (parsed.origin === location.origin) return parsed.href;
  const api = parsed.pathname.indexOf('/v1/');
  return api < 0 ? parsed.href : apiUrl(parsed.pathname.slice(api + 1) + parsed.search);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = window.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      window.clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
