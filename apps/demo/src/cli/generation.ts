import type { ImageToSave } from './image-files.js';

/** What `generate` asks for, after its arguments are parsed. */
export interface GenerationRequest {
  readonly model: string;
  readonly input: Readonly<Record<string, unknown>>;
  /** Whole-run limit, ms. */
  readonly timeoutMs: number;
}

/** What came back, in process or through a gateway. */
export interface Generation {
  /** The model's canonical path (in process) or the gateway's `model`. */
  readonly model: string;
  /** Short id, used in file names. */
  readonly id: string;
  /** Whether the images came from a sandbox simulator; `null` when the gateway does not say. */
  readonly sandbox: boolean | null;
  readonly images: readonly ImageToSave[];
  readonly warnings: readonly unknown[];
  readonly usage: unknown;
}
