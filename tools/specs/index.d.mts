/** The folder holding the shared specs. */
export function sharedSpecsDirectory(): string;
/** Names of the spec files. */
export function sharedSpecNames(): string[];
/** One spec file, parsed. */
export function loadSharedSpec(name: string): Record<string, unknown>;

/** The folder holding the seed documents (`../shared/seeds`, or `EASEL_SHARED_SEEDS`). */
export function sharedSeedsDirectory(): string;

/** One curl request of a seed document. */
export interface SeedRequest {
  /** The seed document it was first found in, e.g. `000_fd3c2ce0b9c407f5.txt`. */
  readonly file: string;
  /** The path between `/v1/models/` and `/predictions`; `<model_path>` for the template request. */
  readonly modelPath: string;
  /** The `-d` body, parsed verbatim: `{ input: { … } }`. */
  readonly body: { readonly input: Record<string, unknown> } & Record<string, unknown>;
}

/**
 * Every curl request of every seed document (markdown ```shell blocks and the flattened text
 * form), in order, without duplicates (same model path and body).
 */
export function loadSeedRequests(): SeedRequest[];

/** Every model path the seed documents list after `<model_path>`, in order, without duplicates. */
export function loadSeedModelPaths(): string[];
