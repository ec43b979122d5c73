import { EaselError, hasMarker } from './easel-error.js';

const marker = Symbol.for('easel.error.UnknownModelError');

/** Options of `UnknownModelError`. */
export interface UnknownModelErrorOptions {
  /** The model path that was asked for. */
  model: string;
  /** Closest known paths, best first. */
  suggestions?: readonly string[];
  /** Set when the path names models of several providers: the qualified paths to choose from. */
  candidates?: readonly string[];
}

/** The model path matches no registered model (or several, when `candidates` is set). */
export class UnknownModelError extends EaselError {
  readonly code = 'unknown_model';
  readonly model: string;
  readonly suggestions: readonly string[];
  readonly candidates: readonly string[];
  readonly [marker] = true;

  constructor(options: UnknownModelErrorOptions) {
    const candidates = options.candidates ?? [];
    const suggestions = options.suggestions ?? [];
    let message: string;
    if (candidates.length > 0) {
      message = `Model "${options.model}" is ambiguous: it names ${candidates.join(', ')}. Use one of those paths.`;
    } else {
      message = `Unknown model "${options.model}".`;
      if (suggestions.length > 0) {
        message += ` Did you mean ${suggestions.map(name => `"${name}"`).join(' or ')}?`;
      }
    }
    super(message);
    this.model = options.model;
    this.suggestions = suggestions;
    this.candidates = candidates;
  }

  static isInstance(error: unknown): error is UnknownModelError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { model: this.model, suggestions: this.suggestions, candidates: this.candidates };
  }
}
