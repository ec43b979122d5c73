/** The folder holding the shared specs. */
export function sharedSpecsDirectory(): string;
/** Names of the spec files. */
export function sharedSpecNames(): string[];
/** One spec file, parsed. */
export function loadSharedSpec(name: string): Record<string, unknown>;
