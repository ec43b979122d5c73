// One request and its prediction on the page: live status (with the latest log line and progress
// of async jobs), a Cancel button, the images as they load (with seed and size), warnings, errors,
// and the request as curl.
import type { Prediction, PredictionImage, PredictionWarning } from './api-types.js';
import { isTerminalStatus } from './api-types.js';
import { announce, element, replaceChildren } from './dom.js';
import { localUrl } from './gateway-client.js';

/** Options of a run. */
export interface RunViewOptions {
  /** The model path, e.g. `bfl/flux-kontext-pro`. */
  readonly modelPath: string;
  readonly sandbox: boolean;
  readonly input: Readonly<Record<string, unknown>>;
  /** The request as curl. */
  readonly curl: string;
  /** Whether poll commands need `-H "Authorization: Bearer $EASEL_API_KEY"`. */
  readonly authorization: boolean;
  /** The gateway's base URL for the poll command. */
  readonly baseUrl: string;
  /** Names of the uploaded files the input carries. */
  readonly fileNames: readonly string[];
  /** Asks the gateway to cancel. */
  readonly onCancel: () => void;
}

let runs = 0;

/** A run's card in the results column. */
export class RunView {
  /** The card (`<article>`, named by the model path). */
  readonly element: HTMLElement;
  readonly #options: RunViewOptions;
  readonly #status = element('span', { class: 'status', 'data-status': 'sending' }, 'sending');
  readonly #elapsed = element('span', { class: 'elapsed' });
  readonly #cancel = element('button', { type: 'button', class: 'button small' }, 'Cancel');
  readonly #progress = element('div', { class: 'run-progress', hidden: true });
  readonly #gallery = element('ul', { class: 'gallery' });
  readonly #warnings = element('ul', { class: 'warnings', hidden: true, 'aria-label': 'Warnings' });
  readonly #problem = element('div', { class: 'run-error', role: 'alert', hidden: true });
  readonly #metrics = element('span', { class: 'run-metrics' });
  readonly #curl = element('code', {});
  readonly #started = Date.now();
  readonly #timer: number;
  #shownOutput: readonly string[] = [];

  constructor(options: RunViewOptions) {
    this.#options = options;
    runs += 1;
    const titleId = `run-${runs}-title`;
    this.#curl.textContent = options.curl;
    this.#cancel.hidden = true;
    this.#cancel.addEventListener('click', () => {
      this.#cancel.disabled = true;
      this.#cancel.textContent = 'Canceling…';
      options.onCancel();
    });
    const prompt = options.input.prompt;
    this.element = element(
      'article',
      { class: 'run', 'aria-labelledby': titleId },
      element(
        'header',
        { class: 'run-header' },
        element(
          'div',
          { class: 'run-title' },
          element('h3', { id: titleId }, options.modelPath),
          options.sandbox && element('span', { class: 'badge badge-sandbox' }, 'sandbox'),
        ),
        element('div', { class: 'run-state' }, this.#status, this.#elapsed, this.#cancel),
      ),
      typeof prompt === 'string' && element('p', { class: 'run-prompt' }, prompt),
      options.fileNames.length > 0 &&
        element('p', { class: 'run-inputs' }, `Input images: ${options.fileNames.join(', ')}`),
      this.#progress,
      this.#problem,
      this.#gallery,
      this.#warnings,
      element(
        'footer',
        { class: 'run-footer' },
        this.#metrics,
        element(
          'details',
          { class: 'request' },
          element('summary', {}, 'Request as curl'),
          codeBlock(this.#curl),
        ),
      ),
    );
    this.#placeholders(expectedImages(options.input));
    this.#timer = window.setInterval(() => this.#tick(), 1000);
    this.#tick();
  }

  /** Shows a state of the prediction. */
  update(prediction: Prediction): void {
    const previous = this.#status.dataset.status;
    // States only move forward: a late answer about a running prediction cannot undo its end.
    if (
      isTerminalStatus(previous as Prediction['status']) &&
      !isTerminalStatus(prediction.status)
    ) {
      return;
    }
    this.#setStatus(prediction.status);
    this.#cancel.hidden = isTerminalStatus(prediction.status);
    if (previous === 'sending') {
      const auth = this.#options.authorization ? ' -H "Authorization: Bearer $EASEL_API_KEY"' : '';
      const get = `${this.#options.baseUrl}/v1/predictions/${prediction.id}`;
      this.#curl.textContent = `${this.#options.curl}\n\n# Then follow it until "status" is succeeded, failed or canceled:\ncurl ${get}${auth}`;
    }
    this.#showProgress(prediction);
    if (prediction.output !== null && prediction.output.join(' ') !== this.#shownOutput.join(' ')) {
      this.#showImages(prediction.output, prediction.images ?? []);
    }
    this.#showWarnings(prediction.warnings ?? []);
    if (prediction.status === 'failed' || prediction.status === 'canceled') {
      this.#removePlaceholders();
    }
    if (prediction.status === 'failed') {
      this.#showProblem(
        prediction.error_code ?? 'failed',
        prediction.error ?? 'The prediction failed.',
      );
    }
    if (isTerminalStatus(prediction.status)) {
      this.#finish();
      this.#metrics.textContent = describeMetrics(prediction);
      announce(
        `${this.#options.modelPath}: ${prediction.status}${
          prediction.status === 'succeeded' ? `, ${prediction.output?.length ?? 0} image(s)` : ''
        }`,
      );
    }
  }

  /** Shows that the request or the following failed. */
  fail(code: string, message: string): void {
    this.#setStatus('failed');
    this.#cancel.hidden = true;
    this.#progress.hidden = true;
    this.#removePlaceholders();
    this.#showProblem(code, message);
    this.#finish();
    announce(`${this.#options.modelPath}: failed, ${message}`);
  }

  #removePlaceholders(): void {
    for (const tile of this.#gallery.querySelectorAll('.placeholder')) tile.remove();
  }

  #setStatus(status: string): void {
    this.#status.dataset.status = status;
    this.#status.textContent = status;
    this.element.dataset.status = status;
  }

  #finish(): void {
    window.clearInterval(this.#timer);
    this.#tick();
  }

  #tick(): void {
    const seconds = Math.floor((Date.now() - this.#started) / 1000);
    this.#elapsed.textContent =
      seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  }

  #showProgress(prediction: Prediction): void {
    const line = prediction.logs.trim().split('\n').at(-1) ?? '';
    const running = !isTerminalStatus(prediction.status);
    if (!running || line === '') {
      this.#progress.hidden = !running;
      if (running)
        replaceChildren(
          this.#progress,
          element('span', { class: 'run-log' }, 'Waiting for the provider…'),
        );
      return;
    }
    const percent = /(\d{1,3}(?:\.\d+)?)\s*%/.exec(line)?.[1];
    this.#progress.hidden = false;
    replaceChildren(
      this.#progress,
      percent === undefined
        ? element('progress', { 'aria-label': 'Progress' })
        : element('progress', {
            max: 100,
            value: Math.min(100, Number(percent)),
            'aria-label': 'Progress',
          }),
      element('span', { class: 'run-log' }, line),
    );
  }

  #placeholders(count: number): void {
    const ratio = expectedAspectRatio(this.#options.input);
    replaceChildren(
      this.#gallery,
      ...Array.from({ length: count }, () => {
        const shimmer = element('div', { class: 'shimmer' });
        // A CSSOM property, not a style attribute: the Content-Security-Policy allows it.
        if (ratio !== undefined) shimmer.style.aspectRatio = ratio;
        return element('li', { class: 'tile placeholder', 'aria-hidden': 'true' }, shimmer);
      }),
    );
  }

  #showImages(output: readonly string[], facts: readonly PredictionImage[]): void {
    this.#shownOutput = output;
    const requestedSeed = this.#options.input.seed;
    replaceChildren(
      this.#gallery,
      ...output.map((url, index) => {
        const source = localUrl(url);
        const caption = element('figcaption', {}, 'Loading…');
        const image = element('img', {
          src: source,
          alt: `Image ${index + 1} of ${output.length} from ${this.#options.modelPath}`,
          decoding: 'async',
        });
        const tile = element(
          'li',
          { class: 'tile loading' },
          element(
            'figure',
            {},
            element(
              'a',
              { href: source, target: '_blank', rel: 'noopener', title: 'Open the full image' },
              image,
            ),
            caption,
          ),
        );
        // The seed the provider reports for this image; else the request's, said to be so.
        const reported = facts[index]?.seed;
        const seed =
          reported !== undefined
            ? { text: `seed ${reported}`, title: 'The seed the provider used for this image' }
            : typeof requestedSeed === 'number'
              ? {
                  text: `seed ${requestedSeed} (requested)`,
                  title: 'The seed of the request; the provider did not report the one it used',
                }
              : { text: 'seed not reported', title: 'The provider did not report a seed' };
        image.addEventListener('load', () => {
          tile.classList.remove('loading');
          const width = facts[index]?.width ?? image.naturalWidth;
          const height = facts[index]?.height ?? image.naturalHeight;
          replaceChildren(
            caption,
            element('span', { class: 'dimensions' }, `${width} × ${height}`),
            element('span', { class: 'seed', title: seed.title }, seed.text),
          );
        });
        image.addEventListener('error', () => {
          tile.classList.remove('loading');
          tile.classList.add('broken');
          caption.textContent = 'Could not load this image (files expire after an hour).';
        });
        return tile;
      }),
    );
  }

  #showWarnings(warnings: readonly PredictionWarning[]): void {
    this.#warnings.hidden = warnings.length === 0;
    replaceChildren(
      this.#warnings,
      ...warnings.map(warning => {
        const { title, details } = describeWarning(warning);
        return element(
          'li',
          {},
          element('strong', {}, title),
          details !== undefined && element('span', { class: 'details' }, details),
        );
      }),
    );
  }

  #showProblem(code: string, message: string): void {
    this.#problem.hidden = false;
    replaceChildren(this.#problem, element('strong', {}, code), element('p', {}, message));
  }
}

/** A `<pre>` with a Copy button. */
export function codeBlock(code: HTMLElement): HTMLElement {
  const button = element('button', { type: 'button', class: 'button small copy' }, 'Copy');
  const pre = element('pre', { tabindex: 0 }, code);
  button.addEventListener('click', async () => {
    const text = code.textContent ?? '';
    let copied = false;
    try {
      await navigator.clipboard.writeText(text);
      copied = true;
    } catch {
      // No clipboard API outside secure contexts (e.g. http://192.168.…): select the text instead.
      const range = document.createRange();
      range.selectNodeContents(pre);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
    button.textContent = copied ? 'Copied' : 'Selected: press Ctrl+C';
    window.setTimeout(() => {
      button.textContent = 'Copy';
    }, 2000);
  });
  return element('div', { class: 'code-block' }, pre, button);
}

/** `size approximated: "1000x1000" → "1024x1024"`, as `easel generate` prints warnings. */
export function describeWarning(warning: PredictionWarning): { title: string; details?: string } {
  if (typeof warning.message === 'string') return { title: warning.message };
  let title = warning.feature === undefined ? warning.type : `${warning.feature} ${warning.type}`;
  if (warning.requested !== undefined && warning.used !== undefined) {
    title += `: ${JSON.stringify(warning.requested)} → ${JSON.stringify(warning.used)}`;
  }
  return warning.details === undefined ? { title } : { title, details: warning.details };
}

function expectedImages(input: Readonly<Record<string, unknown>>): number {
  const count = [input.n, input.num_images, input.numberOfImages].find(
    value => typeof value === 'number',
  );
  return Math.max(1, Math.min(16, Number(count ?? 1)));
}

/** The shape the request asks for (`16:9`, `1536x1024`, `width`/`height`), as a CSS aspect ratio. */
function expectedAspectRatio(input: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof input.width === 'number' && typeof input.height === 'number') {
    return `${input.width} / ${input.height}`;
  }
  for (const value of [input.size, input.resolution, input.aspect_ratio, input.aspectRatio]) {
    const match =
      typeof value === 'string' ? /^(\d+(?:\.\d+)?)\s*[x:]\s*(\d+(?:\.\d+)?)$/.exec(value) : null;
    if (match !== null && Number(match[1]) > 0 && Number(match[2]) > 0)
      return `${match[1]} / ${match[2]}`;
  }
  return undefined;
}

function describeMetrics(prediction: Prediction): string {
  const parts: string[] = [];
  const images = prediction.output?.length ?? 0;
  if (prediction.status === 'succeeded') parts.push(`${images} image${images === 1 ? '' : 's'}`);
  if (prediction.metrics?.predict_time !== undefined)
    parts.push(`${prediction.metrics.predict_time.toFixed(2)} s`);
  const cost = prediction.usage?.cost as { amount?: number; unit?: string } | undefined;
  if (cost?.amount !== undefined) parts.push(`${cost.amount} ${cost.unit ?? ''}`.trim());
  const tokens = prediction.usage?.total_tokens;
  if (typeof tokens === 'number') parts.push(`${tokens} tokens`);
  parts.push(prediction.id);
  return parts.join(' · ');
}
