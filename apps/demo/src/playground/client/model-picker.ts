// The model picker: one `<select>` grouped by provider (each group says live or sandbox), and a
// card describing the chosen model from its capabilities, with its own sandbox badge.
import type { ModelEntry, ShapeCapability } from './api-types.js';
import { element, replaceChildren } from './dom.js';

/** Picks a model; `onPick` runs with the chosen one (also for the first). */
export class ModelPicker {
  readonly #container: HTMLElement;
  readonly #onPick: (model: ModelEntry) => void;
  #models: readonly ModelEntry[] = [];
  readonly #select = element('select', { id: 'model', name: 'model' });
  readonly #facts = element('div', { class: 'model-card', id: 'model-card' });

  constructor(container: HTMLElement, onPick: (model: ModelEntry) => void) {
    this.#container = container;
    this.#onPick = onPick;
    this.#select.addEventListener('change', () => this.#picked());
  }

  /** Shows the models, grouped by provider in the order of the list, and picks `initial` (a path). */
  show(models: readonly ModelEntry[], initial?: string): void {
    this.#models = models;
    const providers = new Map<string, ModelEntry[]>();
    for (const model of models) {
      providers.set(model.provider, [...(providers.get(model.provider) ?? []), model]);
    }
    replaceChildren(
      this.#select,
      ...[...providers].map(([provider, entries]) =>
        element(
          'optgroup',
          { label: `${provider} — ${entries.every(entry => entry.sandbox) ? 'sandbox' : 'live'}` },
          ...entries.map(entry => element('option', { value: entry.id }, entry.id)),
        ),
      ),
    );
    const wanted = initial?.toLowerCase();
    const found = models.find(
      model =>
        model.id.toLowerCase() === wanted ||
        model.paths.some(path => path.toLowerCase() === wanted),
    );
    if (found !== undefined) this.#select.value = found.id;
    replaceChildren(
      this.#container,
      element(
        'div',
        { class: 'field' },
        element('div', { class: 'field-label' }, element('label', { for: 'model' }, 'Model')),
        this.#select,
      ),
      this.#facts,
    );
    this.#picked();
  }

  /** The chosen model. */
  get current(): ModelEntry | undefined {
    return this.#models.find(model => model.id === this.#select.value);
  }

  #picked(): void {
    const model = this.current;
    if (model === undefined) return;
    replaceChildren(this.#facts, ...describeModel(model));
    this.#onPick(model);
  }
}

function describeModel(model: ModelEntry): Node[] {
  const { capabilities } = model;
  const badges = element(
    'p',
    { class: 'badges' },
    model.sandbox
      ? element(
          'span',
          {
            class: 'badge badge-sandbox',
            title: `Answers from a local simulator of ${model.provider}'s API: no key is set for it`,
          },
          'sandbox',
        )
      : element('span', { class: 'badge badge-live' }, 'live'),
    ' ',
    element('span', { class: 'badge' }, capabilities.execution === 'async' ? 'async job' : 'sync'),
  );
  const facts: [string, string][] = [
    ['Provider', `${model.provider} · ${model.model_id}`],
    ['Images per call', String(capabilities.maxImagesPerCall)],
  ];
  const sizes = describeShape(capabilities.sizes, 'px');
  if (sizes !== undefined) facts.push(['Sizes', sizes]);
  const ratios = describeShape(capabilities.aspectRatios, '');
  if (ratios !== undefined) facts.push(['Aspect ratios', ratios]);
  if (capabilities.outputFormats !== undefined) {
    facts.push(['Formats', capabilities.outputFormats.join(', ')]);
  }
  const maxInputImages = capabilities.maxInputImages ?? 0;
  facts.push([
    'Edits',
    maxInputImages === 0
      ? 'no input images'
      : `up to ${maxInputImages} input image${maxInputImages === 1 ? '' : 's'}${capabilities.mask ? ', mask' : ''}`,
  ]);
  facts.push(['Seed', capabilities.seed ? 'yes' : 'ignored']);
  const aliases = model.paths.filter(path => path !== model.id);
  if (aliases.length > 0) facts.push(['Also as', aliases.join(', ')]);
  return [
    badges,
    element(
      'dl',
      { class: 'facts' },
      ...facts.flatMap(([term, value]) => [element('dt', {}, term), element('dd', {}, value)]),
    ),
  ];
}

function describeShape(shape: ShapeCapability | undefined, unit: string): string | undefined {
  if (shape === undefined) return undefined;
  if (shape.type === 'list') {
    if (shape.values.length <= 10) return shape.values.join(', ');
    return `${shape.values.length} values, ${shape.values[0]} … ${shape.values.at(-1)}`;
  }
  if (shape.tallest !== undefined) return `${shape.tallest} to ${shape.widest}`;
  const grid = shape.multipleOf === undefined ? '' : `, multiples of ${shape.multipleOf}`;
  return `${shape.minWidth}–${shape.maxWidth} × ${shape.minHeight}–${shape.maxHeight} ${unit}${grid}`;
}
