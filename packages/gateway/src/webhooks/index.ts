export {
  type WebhookDeliveryOutcome,
  type WebhookDeliveryRecord,
  webhookDeliveryOutcomes,
} from './webhook-delivery-record.js';
export type { WebhookEvent } from './webhook-event.js';
export { WebhookSender, type WebhookSenderOptions } from './webhook-sender.js';
export {
  defaultWebhookToleranceSeconds,
  generateWebhookId,
  generateWebhookSecret,
  signWebhook,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookSignatureHeaders,
  webhookSignatureHeaders,
} from './webhook-signature.js';
export {
  parseTrustedWebhookHosts,
  type TrustedWebhookHosts,
  webhookOrigin,
  webhookUrlRefusal,
} from './webhook-url-policy.js';
