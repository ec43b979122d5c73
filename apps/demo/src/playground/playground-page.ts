/** What the page's HTML shell shows before its script runs. */
export interface PlaygroundPageOptions {
  /** Base URL the curl commands use, e.g. `http://127.0.0.1:3000`. */
  readonly baseUrl: string;
  /** Whether the gateway wants `Authorization: Bearer <key>`. */
  readonly requiresApiKey: boolean;
  /** Every provider of the hub, in catalog order, with how it runs. */
  readonly providers: readonly { readonly id: string; readonly sandbox: boolean }[];
  /** Whether the compiled client was found; without it the page says how to build it. */
  readonly clientReady: boolean;
}

/**
 * The `Content-Security-Policy` of the page: scripts, styles, images and requests from the
 * gateway's own origin only (upload previews are `blob:` URLs), no inline script or style, no
 * plugins, no framing, no form posts.
 */
export const playgroundContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The playground's HTML shell. Everything that depends on the models (picker, form, results) is
 * drawn by the client module from `GET /v1/models`; the shell carries the settings the client
 * needs in `<meta>` tags (no inline script) and the providers' live/sandbox status, so the sandbox
 * marking is visible even before the models load. Asset URLs are relative, so the page also works
 * behind a proxy that mounts the gateway under a path.
 */
export function renderPlaygroundPage(options: PlaygroundPageOptions): string {
  const sandboxed = options.providers.filter(provider => provider.sandbox);
  const providers = options.providers
    .map(
      provider =>
        `<li><span class="provider-name">${escapeHtml(provider.id)}</span> ${
          provider.sandbox
            ? '<span class="badge badge-sandbox" title="Answers from a local simulator: no key is set for this provider">sandbox</span>'
            : '<span class="badge badge-live">live</span>'
        }</li>`,
    )
    .join('');
  const sandboxNote =
    sandboxed.length === 0
      ? ''
      : `<p class="sandbox-note">${
          sandboxed.length === options.providers.length
            ? 'Every provider is in sandbox mode: it answers from a local simulator of its API, with'
            : 'Providers marked <span class="badge badge-sandbox">sandbox</span> (no key set) answer from a local simulator of their API, with'
        } real images of the requested size, no cost, no network.</p>`;
  const client = options.clientReady
    ? '<script type="module" src="playground/app.js"></script>'
    : '';
  const notBuilt = options.clientReady
    ? ''
    : '<p class="notice notice-error" role="alert">The playground’s browser code is not built: run <code>npm run build</code> in <code>apps/demo</code> (or <code>npm start</code> at the root), then reload. The HTTP API works meanwhile: <a href="v1/models">v1/models</a>.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<meta name="easel:base-url" content="${escapeHtml(options.baseUrl.replace(/\/+$/, ''))}">
<meta name="easel:requires-api-key" content="${options.requiresApiKey}">
<title>Easel playground</title>
<link rel="icon" href="playground/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="playground/playground.css">
${client}
</head>
<body>
<a class="skip-link" href="#compose">Skip to the form</a>
<header class="site-header">
  <div class="site-title">
    <img class="logo" src="playground/icon.svg" alt="" width="28" height="28">
    <h1>Easel <span>playground</span></h1>
  </div>
  <nav class="site-links" aria-label="API">
    <a href="v1/models">Models API</a>
    <a href="healthz">Health</a>
  </nav>
  <form class="api-key" id="api-key-form" hidden>
    <label for="api-key">Gateway key</label>
    <input id="api-key" name="api-key" type="password" autocomplete="off" spellcheck="false" placeholder="EASEL_API_KEY" aria-describedby="api-key-hint">
    <button type="submit" class="button">Use key</button>
    <button type="button" class="link-button" id="api-key-forget" hidden>Forget the key</button>
    <p id="api-key-hint" class="hint">Sent only to this gateway, kept in this tab only (sessionStorage).</p>
  </form>
</header>
<section class="providers" aria-label="Providers">
  <ul class="provider-list">${providers}</ul>
  ${sandboxNote}
</section>
${notBuilt}
<noscript><p class="notice">The playground needs JavaScript. The HTTP API works without it: <a href="v1/models">v1/models</a>.</p></noscript>
<main class="layout">
  <section class="panel compose" id="compose" aria-labelledby="compose-title" tabindex="-1">
    <h2 id="compose-title">Compose</h2>
    <div id="model-picker" class="model-picker"><p class="hint" id="models-status" role="status">Loading models…</p></div>
    <form id="input-form" class="input-form" novalidate hidden></form>
  </section>
  <section class="results" aria-labelledby="results-title">
    <h2 id="results-title">Results</h2>
    <p class="empty-state" id="empty-state">Pick a model, describe an image and press <strong>Generate</strong>: the images appear here as they complete, with the request as curl.</p>
    <div id="runs" class="runs"></div>
  </section>
</main>
<div id="announcer" class="visually-hidden" aria-live="polite"></div>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    character =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );
}
