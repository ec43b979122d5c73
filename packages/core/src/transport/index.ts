export {
  type AddressVerdict,
  classifyAddress,
  classifyHostname,
  defaultHostResolver,
  type HostResolver,
  isOddIpNotation,
  type ResolvedAddress,
} from './address-policy.js';
export { type CallScope, type CallScopeOptions, createCallScope } from './call-scope.js';
export { combineHeaders } from './combine-headers.js';
export { defaultConnectTimeoutMs, getDefaultDispatcher } from './default-dispatcher.js';
export {
  closeGuardedAgents,
  createGuardedAgent,
  type GuardedAgentOptions,
} from './guarded-agent.js';
export {
  type DownloadSource,
  defaultMaxDownloadBytes,
  type GuardedDownloadOptions,
  type GuardedDownloadResult,
  guardedDownload,
} from './guarded-download.js';
export { type EncodedBody, encodeBody, type HttpBody } from './http-body.js';
export {
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type HttpStreamResponse,
  sensitiveHeaderNames,
} from './http-request.js';
export { type LoadApiKeyOptions, loadApiKey, loadSetting } from './load-api-key.js';
export {
  type EncodedMultipart,
  encodeMultipart,
  type MultipartPart,
  multipartField,
  multipartFile,
  multipartJson,
} from './multipart-body.js';
export {
  classifyStatus,
  defaultPollInterval,
  type PollInterval,
  type PollStep,
  type PollUntilDoneOptions,
  pollUntilDone,
  type StatusTable,
} from './poller.js';
export {
  type CallContext,
  createProviderTransport,
  type InputImageBytes,
  type ProviderIdentity,
  type ProviderTransport,
} from './provider-transport.js';
export {
  type ProviderErrorDetails,
  providerErrorFromResponse,
  type ReadJsonResponseOptions,
  type ResponseLike,
  rateLimitHeadersOf,
  readJsonResponse,
  requestIdOf,
} from './response-handling.js';
export { parseRetryAfter } from './retry-after.js';
export {
  defaultRetryPolicy,
  isRetryableResponse,
  noRetryPolicy,
  type RetryPolicy,
  resolveRetryPolicy,
  retryDelay,
} from './retry-policy.js';
export {
  type RetryEvent,
  readStreamBody,
  type SendRequestOptions,
  sendRequest,
  sendStreamingRequest,
  type TransportTimeouts,
} from './send-request.js';
export {
  type ParseServerSentEventsOptions,
  parseServerSentEvents,
  type ServerSentEvent,
} from './server-sent-events.js';
export { sleep } from './sleep.js';
export { easelUserAgent } from './user-agent.js';
export { type WaitForJobOptions, waitForJob } from './wait-for-job.js';
