// The image field: file upload read as data URIs, with previews and a size limit.
import type { UploadedFile } from './curl-command.js';
import { element, replaceChildren } from './dom.js';
import {
  describedBy,
  type FieldView,
  labelOf,
  partsOf,
  problemSetter,
  wrapper,
} from './field-parts.js';
import type { FieldSpec } from './schema-fields.js';

/** Largest upload read into the page: the gateway takes 25 MiB bodies, and base64 adds a third. */
const maxUploadBytes = 18 * 1024 * 1024;

interface ReadFile extends UploadedFile {
  readonly previewUrl: string;
  readonly bytes: number;
}

/** File upload, read as data URIs, with previews. */
export function imageField(
  spec: FieldSpec,
  control: Extract<FieldSpec['control'], { kind: 'image' }>,
  onChange: () => void,
): FieldView {
  const parts = partsOf(spec);
  const picker = element('input', {
    type: 'file',
    id: parts.id,
    name: spec.name,
    accept: 'image/png,image/jpeg,image/webp,image/gif',
    multiple: control.multiple,
    'aria-describedby': describedBy(parts, false),
  });
  const previews = element('ul', { class: 'previews', 'aria-label': `Chosen for ${spec.name}` });
  let chosen: ReadFile[] = [];
  let reading: Promise<void> = Promise.resolve();
  const setProblem = problemSetter(parts, [picker]);

  const clear = () => {
    for (const file of chosen) URL.revokeObjectURL(file.previewUrl);
    chosen = [];
  };
  const render = () => {
    replaceChildren(
      previews,
      ...chosen.map(file =>
        element(
          'li',
          { class: 'preview' },
          element('img', { src: file.previewUrl, alt: '', width: 48, height: 48 }),
          element('span', { class: 'preview-name' }, file.name),
          element('span', { class: 'preview-size' }, formatBytes(file.bytes)),
        ),
      ),
      chosen.length > 0 && element('li', {}, removeButton()),
    );
  };
  const removeButton = () => {
    const button = element(
      'button',
      { type: 'button', class: 'link-button' },
      chosen.length === 1 ? `Remove ${chosen[0]!.name}` : 'Remove all',
    );
    button.addEventListener('click', () => {
      clear();
      picker.value = '';
      render();
      onChange();
      picker.focus();
    });
    return button;
  };

  picker.addEventListener('change', () => {
    clear();
    setProblem(undefined);
    const files = [...(picker.files ?? [])];
    const tooLarge = files.find(file => file.size > maxUploadBytes);
    if (tooLarge !== undefined) {
      picker.value = '';
      render();
      setProblem(
        `${tooLarge.name} is ${formatBytes(tooLarge.size)}; the limit here is ${formatBytes(maxUploadBytes)}`,
      );
      onChange();
      return;
    }
    reading = Promise.all(files.map(readFile)).then(
      read => {
        chosen = read;
        render();
        onChange();
      },
      (error: unknown) => {
        picker.value = '';
        setProblem(`could not read the file (${(error as Error).message})`);
      },
    );
  });

  const root = wrapper(spec, parts, labelOf(spec, parts), picker, previews);
  return {
    spec,
    root,
    controlId: parts.id,
    read: () => ({ kind: 'list', values: chosen.map(file => file.dataUri) }),
    restore: () => undefined,
    setProblem,
    files: () => chosen,
    ready: () => reading,
    dispose: clear,
  };
}

function readFile(file: File): Promise<ReadFile> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener('load', () =>
      resolve({
        name: file.name,
        mediaType: file.type || 'application/octet-stream',
        dataUri: String(reader.result),
        previewUrl: URL.createObjectURL(file),
        bytes: file.size,
      }),
    );
    reader.addEventListener('error', () => reject(reader.error ?? new Error('read failed')));
    reader.readAsDataURL(file);
  });
}

/** `12 KiB`, `1.4 MiB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
