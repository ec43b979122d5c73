// What every field view shares: the `FieldView` interface, and the label, problem and hint around
// each control, wired for assistive technology (`aria-describedby`, `aria-invalid`).
import type { UploadedFile } from './curl-command.js';
import { type Child, element } from './dom.js';
import type { FieldSpec, RawValue } from './schema-fields.js';

/** A field on the page. */
export interface FieldView {
  readonly spec: FieldSpec;
  /** The field's wrapper element. */
  readonly root: HTMLElement;
  /** The id of the control a problem summary links to. */
  readonly controlId: string;
  read(): RawValue;
  /** Restores a value read from the same field of another model; ignored when it does not fit. */
  restore(raw: RawValue): void;
  /** Shows a problem next to the field, or clears it. */
  setProblem(message: string | undefined): void;
  /** Files read so far (image fields). */
  files(): readonly UploadedFile[];
  /** Resolves when every chosen file has been read. */
  ready(): Promise<void>;
  /** Frees object URLs of previews. */
  dispose(): void;
}

/** The ids and elements around a field's control. */
export interface Parts {
  readonly id: string;
  readonly hintId: string;
  readonly problem: HTMLParagraphElement;
  readonly hint: HTMLParagraphElement | null;
}

/** The control's id, and the problem and hint paragraphs of a field. */
export function partsOf(spec: FieldSpec): Parts {
  const id = `field-${spec.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const hintId = `${id}-hint`;
  return {
    id,
    hintId,
    problem: element('p', { class: 'field-problem', id: `${id}-problem`, hidden: true }),
    hint: spec.hint === undefined ? null : element('p', { class: 'hint', id: hintId }, spec.hint),
  };
}

/** The field's label (its input name), marked when required. */
export function labelOf(spec: FieldSpec, parts: Parts): HTMLElement {
  return element(
    'div',
    { class: 'field-label' },
    element('label', { for: parts.id, id: `${parts.id}-label` }, spec.name),
    spec.required && element('span', { class: 'required-tag', 'aria-hidden': 'true' }, 'required'),
  );
}

/** The `aria-describedby` of the control: the problem when shown, then the hint. */
export function describedBy(parts: Parts, problem: boolean): string | undefined {
  const ids = [
    problem ? parts.problem.id : undefined,
    parts.hint === null ? undefined : parts.hintId,
  ];
  const joined = ids.filter(Boolean).join(' ');
  return joined === '' ? undefined : joined;
}

/** Shows or clears the field's problem, and marks its controls invalid. */
export function problemSetter(parts: Parts, controls: readonly HTMLElement[]) {
  return (message: string | undefined) => {
    parts.problem.hidden = message === undefined;
    parts.problem.textContent = message ?? '';
    for (const control of controls) {
      if (message === undefined) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
      const ids = describedBy(parts, message !== undefined);
      if (ids === undefined) control.removeAttribute('aria-describedby');
      else control.setAttribute('aria-describedby', ids);
    }
  };
}

/** The field's element: label and control, then problem, then hint. */
export function wrapper(spec: FieldSpec, parts: Parts, ...children: Child[]): HTMLElement {
  return element(
    'div',
    { class: `field field-${spec.control.kind}`, 'data-field': spec.name },
    ...children,
    parts.problem,
    parts.hint,
  );
}

/** The `FieldView` members of fields without files. */
export const noFiles = {
  files: () => [] as readonly UploadedFile[],
  ready: () => Promise.resolve(),
  dispose: () => undefined,
};
