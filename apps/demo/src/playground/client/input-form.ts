// The form of the selected model: its fields laid out by section, the input read from them, and
// problems (the client's checks, or the gateway's `invalid_input` issues) shown next to them.
import type { InputIssue, ModelEntry } from './api-types.js';
import type { UploadedFile } from './curl-command.js';
import { element, replaceChildren } from './dom.js';
import { createFieldView, type FieldView } from './field-views.js';
import { type FieldSpec, fieldsOf, inputValueOf, type RawValue } from './schema-fields.js';

/** What the form holds right now. */
export interface FormSnapshot {
  /** The input to send: only the fields that are set. */
  readonly input: Record<string, unknown>;
  /** Uploaded files whose data URIs are in `input`. */
  readonly files: readonly UploadedFile[];
  /** Problems by field name. */
  readonly problems: ReadonlyMap<string, string>;
}

/** The model's input form, redrawn for each model. */
export class InputForm {
  readonly #form: HTMLFormElement;
  readonly #onChange: () => void;
  #fields: FieldView[] = [];
  #summary: HTMLElement = element('div');
  #more: HTMLDetailsElement | null = null;
  /** Values typed for another model, restored where the next model has the same field. */
  readonly #remembered = new Map<string, RawValue>();

  constructor(form: HTMLFormElement, onChange: () => void) {
    this.#form = form;
    this.#onChange = onChange;
    form.addEventListener('keydown', event => {
      if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  /** Draws the form of `model`, keeping what was typed into fields it shares with the last one. */
  show(model: ModelEntry): void {
    for (const field of this.#fields) {
      this.#remembered.set(field.spec.name, field.read());
      field.dispose();
    }
    const specs = fieldsOf(model);
    this.#fields = specs.map(spec => createFieldView(spec, this.#onChange));
    for (const field of this.#fields) {
      const raw = this.#remembered.get(field.spec.name);
      if (raw !== undefined) field.restore(raw);
    }
    const views = (section: FieldSpec['section']) =>
      this.#fields.filter(field => field.spec.section === section).map(field => field.root);
    const main = views('main');
    const image = views('image');
    const more = views('more');
    const maxInputImages = model.capabilities.maxInputImages ?? 0;
    this.#summary = element('div', {
      class: 'problem-summary',
      role: 'alert',
      tabindex: -1,
      hidden: true,
    });
    this.#more =
      more.length === 0
        ? null
        : element(
            'details',
            { class: 'more-options' },
            element(
              'summary',
              {},
              'More options ',
              element('span', { class: 'count' }, `(${more.length})`),
            ),
            element('div', { class: 'fields' }, ...more),
          );
    replaceChildren(
      this.#form,
      this.#summary,
      element('div', { class: 'fields' }, ...main),
      image.length > 0 &&
        element(
          'fieldset',
          { class: 'group' },
          element('legend', {}, 'Input image'),
          element(
            'p',
            { class: 'hint' },
            `Optional: upload an image to edit or remix it${
              model.capabilities.mask === true ? ', and a mask to say where' : ''
            }. This model takes up to ${maxInputImages}.`,
          ),
          element('div', { class: 'fields' }, ...image),
        ),
      this.#more,
      element(
        'div',
        { class: 'actions' },
        element('button', { type: 'submit', class: 'button primary' }, 'Generate'),
        element('span', { class: 'hint' }, 'or Ctrl+Enter'),
      ),
    );
    this.#form.hidden = false;
  }

  /** Resolves when every chosen file has been read. */
  async ready(): Promise<void> {
    await Promise.all(this.#fields.map(field => field.ready()));
  }

  /** The input and its problems, from the fields as they are now. */
  snapshot(): FormSnapshot {
    const input: Record<string, unknown> = {};
    const problems = new Map<string, string>();
    for (const field of this.#fields) {
      const result = inputValueOf(field.spec, field.read());
      if (result.problem !== undefined)
        problems.set(field.spec.name, `${field.spec.name} ${result.problem}`);
      else if (result.value !== undefined) input[field.spec.name] = result.value;
    }
    const files = this.#fields.flatMap(field => field.files());
    return { input, files, problems };
  }

  /** Clears every problem shown. */
  clearProblems(): void {
    for (const field of this.#fields) field.setProblem(undefined);
    this.#summary.hidden = true;
    replaceChildren(this.#summary);
  }

  /** Shows the client's problems next to their fields, and moves focus to the first. */
  showProblems(problems: ReadonlyMap<string, string>): void {
    this.#present(
      'Check these fields',
      [...problems].map(([name, message]) => ({ name, message })),
    );
  }

  /** Shows the gateway's `invalid_input` issues next to their fields (`["input", "<field>", …]`). */
  showIssues(issues: readonly InputIssue[]): void {
    this.#present(
      'The gateway refused the input',
      issues.map(issue => {
        const [root, name] = issue.path;
        const inInput = root === 'input' && issue.path.length > 1;
        const label = (inInput ? issue.path.slice(1) : issue.path).join('.') || 'input';
        const suggestion =
          issue.suggestion === undefined ? '' : `; did you mean ${issue.suggestion}?`;
        return {
          ...(inInput && typeof name === 'string' ? { name } : {}),
          message: `${label}: ${issue.message}${suggestion}`,
        };
      }),
    );
  }

  #present(title: string, problems: readonly { name?: string; message: string }[]): void {
    this.clearProblems();
    const byName = new Map(this.#fields.map(field => [field.spec.name, field]));
    const items: HTMLElement[] = [];
    let first: FieldView | undefined;
    for (const problem of problems) {
      const field = problem.name === undefined ? undefined : byName.get(problem.name);
      if (field === undefined) {
        items.push(element('li', {}, problem.message));
        continue;
      }
      field.setProblem(problem.message);
      if (this.#more?.contains(field.root)) this.#more.open = true;
      first ??= field;
      const link = element('a', { href: `#${field.controlId}` }, problem.message);
      link.addEventListener('click', event => {
        event.preventDefault();
        document.getElementById(field.controlId)?.focus();
      });
      items.push(element('li', {}, link));
    }
    replaceChildren(this.#summary, element('h3', {}, title), element('ul', {}, ...items));
    this.#summary.hidden = false;
    if (first === undefined) this.#summary.focus();
    else document.getElementById(first.controlId)?.focus();
  }
}
