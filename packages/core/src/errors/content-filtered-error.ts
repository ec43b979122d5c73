import { EaselError, type EaselErrorOptions, hasMarker, safeText } from './easel-error.js';

const marker = Symbol.for('easel.error.ContentFilteredError');

/** Options of `ContentFilteredError`. */
export interface ContentFilteredErrorOptions extends EaselErrorOptions {
  /** Provider id, e.g. `flux`. */
  provider: string;
  /** Which side the moderation flagged: the request (prompt, input images) or the generated output. */
  stage: 'input' | 'output' | 'unknown';
  /** The provider's reason or message, e.g. `Request Moderated`. */
  reason?: string;
  /** Whether the provider charges for the blocked request; `undefined` when it does not say. */
  billed?: boolean;
  /** HTTP status of the answer that carried the verdict (200 for BFL's poll status). */
  status?: number;
  /** The provider's request id. */
  requestId?: string;
}

/** The provider's safety system blocked the request or its result. */
export class ContentFilteredError extends EaselError {
  readonly code = 'content_filtered';
  readonly provider: string;
  readonly stage: 'input' | 'output' | 'unknown';
  readonly reason: string | undefined;
  readonly billed: boolean | undefined;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly [marker] = true;

  constructor(options: ContentFilteredErrorOptions) {
    const stage =
      options.stage === 'input'
        ? 'the request was blocked by its safety system'
        : options.stage === 'output'
          ? 'the generated image was blocked by its safety system'
          : 'blocked by its safety system';
    const reason = options.reason ? `: ${options.reason}` : '';
    const billed =
      options.billed === undefined ? '' : options.billed ? ' (billed)' : ' (not billed)';
    super(`${options.provider}: ${stage}${reason}${billed}`, options);
    this.provider = options.provider;
    this.stage = options.stage;
    this.reason = safeText(options.reason);
    this.billed = options.billed;
    this.status = options.status;
    this.requestId = options.requestId;
  }

  static isInstance(error: unknown): error is ContentFilteredError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return {
      provider: this.provider,
      stage: this.stage,
      reason: this.reason,
      billed: this.billed,
      status: this.status,
      requestId: this.requestId,
    };
  }
}
