// One control per field kind (see schema-fields.ts): each renders its label, control, problem and
// hint, reads its raw value, and can take a value back when the user switches models.
import { type Child, element } from './dom.js';
import {
  describedBy,
  type FieldView,
  labelOf,
  noFiles,
  partsOf,
  problemSetter,
  wrapper,
} from './field-parts.js';
import { imageField } from './image-field.js';
import type { FieldSpec } from './schema-fields.js';

export type { FieldView } from './field-parts.js';

/** Builds the view of one field; `onChange` runs after every edit (for the curl preview). */
export function createFieldView(spec: FieldSpec, onChange: () => void): FieldView {
  switch (spec.control.kind) {
    case 'checkbox':
      return checkboxField(spec, onChange);
    case 'image':
      return imageField(spec, spec.control, onChange);
    default:
      return valueField(spec, onChange);
  }
}

/** Text, select, multi-select, number (with slider) and JSON fields. */
function valueField(spec: FieldSpec, onChange: () => void): FieldView {
  const parts = partsOf(spec);
  const { control } = spec;
  const common = {
    id: parts.id,
    name: spec.name,
    required: spec.required,
    'aria-describedby': describedBy(parts, false),
  };
  let input: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
  let slider: HTMLInputElement | undefined;
  let extra: Child = null;
  const initial = spec.defaultValue;
  switch (control.kind) {
    case 'select':
    case 'multiselect': {
      const multiple = control.kind === 'multiselect';
      input = element(
        'select',
        { ...common, multiple, size: multiple ? Math.min(6, control.options.length) : undefined },
        !multiple && element('option', { value: '' }, spec.required ? 'Choose…' : '— default —'),
        ...control.options.map(option =>
          element(
            'option',
            {
              value: option,
              selected: multiple
                ? Array.isArray(initial) && initial.includes(option)
                : initial === option,
            },
            option,
          ),
        ),
      );
      break;
    }
    case 'number': {
      input = element('input', {
        ...common,
        type: 'number',
        inputmode: control.integer ? 'numeric' : 'decimal',
        min: control.min,
        max: control.max,
        step: control.step,
        placeholder: 'default',
        value: typeof initial === 'number' ? initial : undefined,
      });
      if (control.slider) {
        const range = element('input', {
          type: 'range',
          class: typeof initial === 'number' ? 'slider' : 'slider unset',
          min: control.min,
          max: control.max,
          step: control.step,
          value: typeof initial === 'number' ? initial : control.min,
          'aria-labelledby': `${parts.id}-label`,
          'aria-describedby': describedBy(parts, false),
        });
        const box = input;
        range.addEventListener('input', () => {
          box.value = range.value;
          range.classList.remove('unset');
        });
        box.addEventListener('input', () => {
          const set = box.value.trim() !== '' && Number.isFinite(Number(box.value));
          range.classList.toggle('unset', !set);
          if (set) range.value = box.value;
        });
        slider = range;
      }
      break;
    }
    case 'json':
      input = element('textarea', {
        ...common,
        class: 'mono',
        rows: 3,
        spellcheck: 'false',
        placeholder: control.example,
      });
      if (initial !== undefined) input.value = JSON.stringify(initial);
      break;
    case 'text': {
      const listId = control.suggestions.length > 0 ? `${parts.id}-options` : undefined;
      if (control.multiline) {
        input = element('textarea', {
          ...common,
          rows: spec.name === 'prompt' ? 4 : 2,
          maxlength: spec.schema.maxLength,
        });
      } else {
        input = element('input', {
          ...common,
          type: control.inputType,
          list: listId,
          autocomplete: 'off',
          spellcheck: 'false',
          placeholder:
            control.suggestions[0] === undefined ? undefined : `e.g. ${control.suggestions[0]}`,
        });
      }
      if (typeof initial === 'string') input.value = initial;
      if (listId !== undefined) {
        extra = element(
          'datalist',
          { id: listId },
          ...control.suggestions.map(option => element('option', { value: option })),
        );
      }
      if (control.multiline && spec.schema.maxLength !== undefined) {
        const counter = element('span', { class: 'counter', 'aria-hidden': 'true' });
        const area = input;
        const limit = spec.schema.maxLength;
        const update = () => {
          counter.textContent = `${[...area.value].length} / ${limit}`;
        };
        area.addEventListener('input', update);
        update();
        extra = counter;
      }
      break;
    }
    default:
      throw new Error(`No value control for ${control.kind}`);
  }
  input.addEventListener('input', onChange);
  input.addEventListener('change', onChange);
  const controls: HTMLElement[] = slider === undefined ? [input] : [input, slider];
  const body =
    slider === undefined ? input : element('div', { class: 'number-control' }, slider, input);
  const root = wrapper(spec, parts, labelOf(spec, parts), body, extra);
  return {
    spec,
    root,
    controlId: parts.id,
    read() {
      if (input instanceof HTMLSelectElement && input.multiple) {
        return { kind: 'list', values: [...input.selectedOptions].map(option => option.value) };
      }
      return { kind: 'text', text: input.value };
    },
    restore(raw) {
      if (raw.kind === 'list' && input instanceof HTMLSelectElement && input.multiple) {
        for (const option of input.options) option.selected = raw.values.includes(option.value);
      } else if (raw.kind === 'text') {
        if (
          input instanceof HTMLSelectElement &&
          ![...input.options].some(o => o.value === raw.text)
        ) {
          return;
        }
        input.value = raw.text;
        input.dispatchEvent(new Event('input'));
      }
    },
    setProblem: problemSetter(parts, controls),
    ...noFiles,
  };
}

/** A checkbox that starts "untouched" (shown indeterminate, not sent) until the user sets it. */
function checkboxField(spec: FieldSpec, onChange: () => void): FieldView {
  const parts = partsOf(spec);
  const initial = spec.defaultValue;
  let touched = false;
  const box = element('input', {
    type: 'checkbox',
    id: parts.id,
    name: spec.name,
    checked: initial === true,
    'aria-describedby': describedBy(parts, false),
  });
  box.indeterminate = typeof initial !== 'boolean';
  const state = element('span', { class: 'checkbox-state' });
  const reset = element(
    'button',
    { type: 'button', class: 'link-button', hidden: true },
    'Use default',
  );
  const render = () => {
    state.textContent = touched ? (box.checked ? 'true' : 'false') : 'model default';
    reset.hidden = !touched;
  };
  box.addEventListener('change', () => {
    touched = true;
    render();
    onChange();
  });
  reset.addEventListener('click', () => {
    touched = false;
    box.checked = initial === true;
    box.indeterminate = typeof initial !== 'boolean';
    render();
    onChange();
    box.focus();
  });
  render();
  const root = wrapper(
    spec,
    parts,
    element(
      'div',
      { class: 'checkbox-row' },
      box,
      element('label', { for: parts.id, id: `${parts.id}-label` }, spec.name),
      state,
      reset,
    ),
  );
  return {
    spec,
    root,
    controlId: parts.id,
    read: () => ({ kind: 'checkbox', touched, checked: box.checked }),
    restore(raw) {
      if (raw.kind !== 'checkbox' || !raw.touched) return;
      touched = true;
      box.indeterminate = false;
      box.checked = raw.checked;
      render();
    },
    setProblem: problemSetter(parts, [box]),
    ...noFiles,
  };
}
