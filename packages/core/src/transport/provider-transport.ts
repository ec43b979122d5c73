import type { ImageModelV1CallOptions } from '../image-model/v1/image-model-v1-call-options.js';
import type { ImageProviderSettings } from '../image-provider/image-provider-settings.js';
import type { ImageSource } from '../input/image-source.js';
import { base64Codec } from '../media/base64.js';
import { readImageMetadata } from '../media/image-metadata.js';
import { type GuardedDownloadResult, guardedDownload } from './guarded-download.js';
import type { HttpRequest, HttpResponse, HttpStreamResponse } from './http-request.js';
import { type SendRequestOptions, sendRequest, sendStreamingRequest } from './send-request.js';
import { easelUserAgent } from './user-agent.js';

/** Who is calling: the provider id and the package that implements it (for the User-Agent). */
export interface ProviderIdentity {
  /** Provider id, e.g. `openai`. */
  readonly provider: string;
  /** Package name without the scope, e.g. `provider-openai`. */
  readonly packageName: string;
  readonly packageVersion: string;
}

/** The per-call part of a request: what the call options of a model carry. */
export type CallContext = Pick<
  ImageModelV1CallOptions<unknown>,
  'abortSignal' | 'deadline' | 'onProgress'
>;

/** An input image as bytes, whatever form it was given in. */
export interface InputImageBytes {
  readonly bytes: Uint8Array;
  /** Sniffed from the bytes (`image/png`, …), else the declared type, else `application/octet-stream`. */
  readonly mediaType: string;
}

/** The transport an adapter uses: settings applied once, calls carry only their own context. */
export interface ProviderTransport {
  readonly provider: string;
  readonly userAgent: string;
  /** Send and buffer (see `sendRequest`). Retries are reported as `retry` progress events. */
  send(request: HttpRequest, call?: CallContext): Promise<HttpResponse>;
  /** Send and stream the body (see `sendStreamingRequest`). */
  sendStreaming(request: HttpRequest, call?: CallContext): Promise<HttpStreamResponse>;
  /**
   * Download a URL from a provider response (result images), SSRF-guarded; `credentials` are
   * sent only to that exact origin.
   */
  download(
    url: string,
    options?: {
      credentials?: { origin: string; headers: Readonly<Record<string, string>> };
      call?: CallContext;
    },
  ): Promise<GuardedDownloadResult>;
  /**
   * The bytes of an input image: inline sources decoded (at most once), URLs downloaded through
   * the guard with problems reported at `path` of the input.
   */
  readInputImage(
    source: ImageSource,
    path: ReadonlyArray<string | number>,
    call?: CallContext,
  ): Promise<InputImageBytes>;
}

/** Bind a provider's settings to core's transport. */
export function createProviderTransport(
  settings: ImageProviderSettings,
  identity: ProviderIdentity,
): ProviderTransport {
  const userAgent = easelUserAgent(identity.packageName, identity.packageVersion);
  const downloads = settings.downloads ?? {};
  const downloadOptions = (call: CallContext | undefined) => ({
    userAgent,
    allowlist: downloads.allowlist,
    maxBytes: downloads.maxBytes,
    resolve: downloads.resolve,
    abortSignal: call?.abortSignal,
    deadline: call?.deadline,
  });
  const sendOptions = (call: CallContext | undefined): SendRequestOptions => ({
    provider: identity.provider,
    userAgent,
    dispatcher: settings.dispatcher,
    retry: settings.retry,
    timeouts: settings.timeouts,
    maxResponseBytes: settings.maxResponseBytes,
    abortSignal: call?.abortSignal,
    deadline: call?.deadline,
    ...(call?.onProgress === undefined
      ? {}
      : {
          onRetry: event =>
            call.onProgress?.({
              type: 'retry',
              attempt: event.attempt,
              delayMs: event.delayMs,
              reason: event.reason,
            }),
        }),
  });
  return {
    provider: identity.provider,
    userAgent,
    send: (request, call) => sendRequest(request, sendOptions(call)),
    sendStreaming: (request, call) => sendStreamingRequest(request, sendOptions(call)),
    download: (url, options = {}) =>
      guardedDownload(url, {
        ...downloadOptions(options.call),
        source: { kind: 'response', provider: identity.provider },
        credentials: options.credentials,
      }),
    async readInputImage(source, path, call) {
      if (source.type === 'url') {
        const downloaded = await guardedDownload(source.url, {
          ...downloadOptions(call),
          source: { kind: 'input', path },
        });
        return { bytes: downloaded.bytes, mediaType: downloaded.mediaType };
      }
      const bytes = source.type === 'bytes' ? source.bytes : base64Codec.decode(source.base64);
      const mediaType =
        readImageMetadata(bytes)?.mediaType ?? source.mediaType ?? 'application/octet-stream';
      return { bytes, mediaType };
    },
  };
}
