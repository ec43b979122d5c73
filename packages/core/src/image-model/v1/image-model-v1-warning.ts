/**
 * Something a model could not honour exactly. Nothing is dropped or changed silently: every such
 * case is reported in the result's `warnings`.
 *
 * - `unsupported`: the model ignores the feature (e.g. `seed` on gpt-image-1); it was not sent.
 * - `approximated`: the value was snapped to the nearest supported one (e.g. size `1000x1000` → `1024x1024`).
 * - `other`: anything else worth knowing (e.g. one of several fanned-out calls failed).
 */
export type ImageModelV1Warning =
  | {
      readonly type: 'unsupported';
      /** The input field or feature, e.g. `seed`. */
      readonly feature: string;
      readonly details?: string;
    }
  | {
      readonly type: 'approximated';
      /** The input field or feature, e.g. `size`. */
      readonly feature: string;
      /** What the caller asked for. */
      readonly requested: unknown;
      /** What was sent instead. */
      readonly used: unknown;
      readonly details?: string;
    }
  | {
      readonly type: 'other';
      readonly message: string;
    };
