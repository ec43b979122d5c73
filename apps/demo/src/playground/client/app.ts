// The playground's entry module: reads the page's settings, asks for the gateway key when one is
// needed, loads the models, draws the picker and the form, and runs each request to its end.
import type { ModelEntry } from './api-types.js';
import { curlCommand } from './curl-command.js';
import { element, replaceChildren, required } from './dom.js';
import { ApiError, GatewayClient, preferAsync } from './gateway-client.js';
import { InputForm } from './input-form.js';
import { ModelPicker } from './model-picker.js';
import { codeBlock, RunView } from './run-view.js';

const keyStorageName = 'easel-playground.api-key';

const baseUrl = metaContent('easel:base-url') ?? location.origin;
const requiresApiKey = metaContent('easel:requires-api-key') === 'true';

const keyForm = required('api-key-form', HTMLFormElement);
const keyInput = required('api-key', HTMLInputElement);
const keyForget = required('api-key-forget', HTMLButtonElement);
const modelsStatus = required('models-status', HTMLElement);
const pickerContainer = required('model-picker', HTMLElement);
const formElement = required('input-form', HTMLFormElement);
const runsContainer = required('runs', HTMLElement);
const emptyState = required('empty-state', HTMLElement);

const client = new GatewayClient(() => (requiresApiKey ? storedKey() : undefined));
const previewCode = element('code', {});
const preview = element(
  'details',
  { class: 'request request-preview', open: true },
  element('summary', {}, 'Request as curl'),
  codeBlock(previewCode),
);
let previewScheduled = false;
const form = new InputForm(formElement, schedulePreview);
const picker = new ModelPicker(pickerContainer, model => {
  form.show(model);
  history.replaceState(null, '', `#model=${encodeURIComponent(model.id)}`);
  updatePreview();
});

formElement.addEventListener('submit', event => {
  event.preventDefault();
  void submit();
});
formElement.after(preview);
preview.hidden = true;

keyForm.addEventListener('submit', event => {
  event.preventDefault();
  const key = keyInput.value.trim();
  if (key === '') return;
  sessionStorage.setItem(keyStorageName, key);
  keyInput.value = '';
  void loadModels();
});
keyForget.addEventListener('click', () => {
  sessionStorage.removeItem(keyStorageName);
  showKeyState();
  void loadModels();
});

if (requiresApiKey) keyForm.hidden = false;
showKeyState();
void loadModels();

/** Says whether a key is saved; the field then only serves to change it. */
function showKeyState(): void {
  const saved = storedKey() !== undefined;
  keyInput.placeholder = saved ? 'saved for this tab: type another to change it' : 'EASEL_API_KEY';
  keyForget.hidden = !saved;
}

async function loadModels(): Promise<void> {
  showKeyState();
  if (requiresApiKey && storedKey() === undefined) {
    showModelsStatus('This gateway needs a key: enter one of its EASEL_API_KEYS above.');
    keyInput.focus();
    return;
  }
  showModelsStatus('Loading models…');
  let models: ModelEntry[];
  try {
    models = await client.listModels();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      sessionStorage.removeItem(keyStorageName);
      showKeyState();
      keyForm.hidden = false;
      showModelsStatus('The gateway refused that key: enter another one above.');
      keyInput.focus();
      return;
    }
    const retry = element('button', { type: 'button', class: 'button small' }, 'Retry');
    retry.addEventListener('click', () => void loadModels());
    showModelsStatus(`Could not load the models: ${(error as Error).message} `, retry);
    return;
  }
  const wanted = new URLSearchParams(location.hash.slice(1)).get('model') ?? undefined;
  picker.show(models, wanted);
  preview.hidden = false;
}

function showModelsStatus(...children: (string | Node)[]): void {
  formElement.hidden = true;
  preview.hidden = true;
  replaceChildren(pickerContainer, modelsStatus);
  replaceChildren(modelsStatus, ...children);
}

async function submit(): Promise<void> {
  const model = picker.current;
  if (model === undefined) return;
  await form.ready();
  const snapshot = form.snapshot();
  form.clearProblems();
  if (snapshot.problems.size > 0) {
    form.showProblems(snapshot.problems);
    return;
  }
  const authorization = requiresApiKey;
  const following = new AbortController();
  let prediction: Awaited<ReturnType<GatewayClient['createPrediction']>> | undefined;
  const run = new RunView({
    modelPath: model.id,
    sandbox: model.sandbox,
    input: snapshot.input,
    fileNames: snapshot.files.map(file => file.name),
    authorization,
    baseUrl,
    curl: curlCommand({
      baseUrl,
      modelPath: model.id,
      input: snapshot.input,
      authorization,
      prefer: preferAsync,
      files: snapshot.files,
    }),
    onCancel: () => {
      if (prediction === undefined) return;
      client.cancelPrediction(prediction).then(
        canceled => {
          following.abort();
          run.update(canceled);
        },
        (error: unknown) => run.fail(codeOf(error), (error as Error).message),
      );
    },
  });
  emptyState.hidden = true;
  runsContainer.prepend(run.element);
  if (!matchMedia('(min-width: 64rem)').matches) {
    // One column: the results are below the form, out of sight.
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    run.element.scrollIntoView({ block: 'start', behavior: smooth ? 'smooth' : 'auto' });
  }
  try {
    prediction = await client.createPrediction(model.id, snapshot.input);
    run.update(prediction);
    await client.follow(prediction, update => run.update(update), following.signal);
  } catch (error) {
    if (following.signal.aborted) return;
    if (error instanceof ApiError && error.code === 'invalid_input' && error.issues.length > 0) {
      form.showIssues(error.issues);
    }
    run.fail(codeOf(error), (error as Error).message);
  }
}

function schedulePreview(): void {
  if (previewScheduled) return;
  previewScheduled = true;
  requestAnimationFrame(() => {
    previewScheduled = false;
    updatePreview();
  });
}

/** The curl of the form as it is (fields with problems left out). */
function updatePreview(): void {
  const model = picker.current;
  if (model === undefined) return;
  const snapshot = form.snapshot();
  previewCode.textContent = curlCommand({
    baseUrl,
    modelPath: model.id,
    input: snapshot.input,
    authorization: requiresApiKey,
    prefer: preferAsync,
    files: snapshot.files,
  });
}

function storedKey(): string | undefined {
  return sessionStorage.getItem(keyStorageName) ?? undefined;
}

function codeOf(error: unknown): string {
  return error instanceof ApiError ? error.code : 'error';
}

function metaContent(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
}
