/**
 * One webhook event: the prediction it belongs to, what happened, where to POST it and the body
 * (the prediction object as JSON, exactly the bytes that are signed and sent).
 */
export interface WebhookEvent {
  readonly predictionId: string;
  /** `completed` is the terminal event (succeeded, failed or canceled). */
  readonly type: 'start' | 'output' | 'logs' | 'completed';
  readonly url: string;
  /** JSON of the prediction. */
  readonly body: string;
}
