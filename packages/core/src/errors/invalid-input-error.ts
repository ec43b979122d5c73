import { EaselError, type EaselErrorOptions, hasMarker, safeText } from './easel-error.js';

const marker = Symbol.for('easel.error.InvalidInputError');

/** One problem with the input. `InvalidInputError` reports all of them at once. */
export interface InputIssue {
  /** Path into the input, e.g. `['images', 1]`; empty for the input as a whole. */
  readonly path: ReadonlyArray<string | number>;
  /** What is wrong, in words; complete on its own (it says what is allowed). */
  readonly message: string;
  /** A short, safe rendering of the value received (long strings and bytes are summarised). */
  readonly received?: string;
  /** What is allowed, e.g. `1024x1024, 1536x1024`, for programs that render their own messages. */
  readonly expected?: string;
  /** For an unknown field: the closest known field name. */
  readonly suggestion?: string;
}

/** Options of `InvalidInputError`. */
export interface InvalidInputErrorOptions extends EaselErrorOptions {
  /** Every problem found. At least one. */
  issues: readonly InputIssue[];
  /** Model path the input was meant for, when known. */
  model?: string;
}

/**
 * The input cannot be sent: wrong type, out of range, unknown field, conflicting fields.
 * Raised before any request is made, with every problem listed.
 */
export class InvalidInputError extends EaselError {
  readonly code = 'invalid_input';
  readonly issues: readonly InputIssue[];
  readonly model: string | undefined;
  readonly [marker] = true;

  constructor(options: InvalidInputErrorOptions) {
    super(formatMessage(options.issues, options.model), options);
    this.issues = options.issues.map(scrubIssue);
    this.model = options.model;
  }

  static isInstance(error: unknown): error is InvalidInputError {
    return hasMarker(error, marker);
  }

  protected override details(): Record<string, unknown> {
    return { model: this.model, issues: this.issues };
  }
}

function scrubIssue(issue: InputIssue): InputIssue {
  const scrubbed: { -readonly [K in keyof InputIssue]: InputIssue[K] } = {
    path: issue.path,
    message: safeText(issue.message)!,
  };
  if (issue.received !== undefined) scrubbed.received = safeText(issue.received)!;
  if (issue.expected !== undefined) scrubbed.expected = safeText(issue.expected)!;
  if (issue.suggestion !== undefined) scrubbed.suggestion = issue.suggestion;
  return scrubbed;
}

/** Render a path as `images[1].url`; the whole input is `input`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return 'input';
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`,
    )
    .join('');
}

function formatIssue(issue: InputIssue): string {
  let line = `${formatPath(issue.path)}: ${issue.message}`;
  if (issue.received !== undefined && !issue.message.includes('received')) {
    line += `, received ${issue.received}`;
  }
  if (issue.suggestion !== undefined) line += `; did you mean "${issue.suggestion}"?`;
  return line;
}

function formatMessage(issues: readonly InputIssue[], model: string | undefined): string {
  const target = model ? ` for ${model}` : '';
  if (issues.length === 1) return `Invalid input${target}: ${formatIssue(issues[0]!)}`;
  const lines = issues.map(issue => `  - ${formatIssue(issue)}`);
  return `Invalid input${target} (${issues.length} problems):\n${lines.join('\n')}`;
}

/** A short rendering of any value for `InputIssue.received`: never more than ~80 characters. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (value instanceof Uint8Array)
    return `<${value.constructor.name} of ${value.byteLength} bytes>`;
  if (value instanceof ArrayBuffer) return `<ArrayBuffer of ${value.byteLength} bytes>`;
  if (typeof value === 'string') {
    if (value.length <= 60) return JSON.stringify(value);
    return `${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined;
    }
    if (json !== undefined && json.length <= 60) return json;
    return `an object with keys ${Object.keys(value).slice(0, 5).join(', ')}`;
  }
  return typeof value;
}
