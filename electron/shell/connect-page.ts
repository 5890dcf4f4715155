import { APP_CSP } from './app-protocol.js';
import { parseNodeUrl, type ConnectionChoice } from './remote-node.js';

/** The first-run (and File › Connect to…) page; its script navigates to CHOOSE, which main answers. */
export const CONNECT_PAGE = '/connect.html';
const CONNECT_SCRIPT = '/connect.js';
export const CHOOSE = '/connect/choose';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(current: ConnectionChoice | null, error: string | null): string {
  const remote = current?.mode === 'remote' ? current : null;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Watchdesk — which console?</title>
<style>
body { font: 15px system-ui, sans-serif; background: #0f1419; color: #e6e6e6; margin: 32px; }
h1 { font-size: 18px; } label { display: block; margin: 14px 0 6px; } input[type=text] { width: 100%; box-sizing: border-box; padding: 8px; font: inherit; }
.error { color: #ff8a80; } .muted { color: #9aa5b1; font-size: 13px; } button { margin-top: 20px; padding: 8px 18px; font: inherit; }
</style></head><body>
<h1>Which console does this computer show?</h1>
<label><input type="radio" name="mode" value="local" data-testid="connect-local"${remote ? '' : ' checked'}> This computer (its own server and data)</label>
<label><input type="radio" name="mode" value="remote" data-testid="connect-remote"${remote ? ' checked' : ''}> A Watchdesk server at …</label>
<input type="text" id="url" data-testid="connect-url" placeholder="https://watchdesk.site.example" value="${escape(remote?.url ?? '')}">
<label class="muted"><input type="checkbox" id="insecure" data-testid="connect-insecure"${remote?.insecure ? ' checked' : ''}> Allow plain http to another computer (not encrypted: a trusted network only)</label>
${error ? `<p class="error" role="alert" data-testid="connect-error">${escape(error)}</p>` : ''}
<p class="muted">The choice is remembered; change it from File › Connect to…</p>
<button id="go" data-testid="connect-go">Connect</button>
<script src="${CONNECT_SCRIPT}"></script>
</body></html>`;
}

// No inline script (the CSP allows scripts from the app only): the page's one script.
const SCRIPT = `document.getElementById('go').addEventListener('click', function () {
  var mode = document.querySelector('input[name=mode]:checked').value;
  var q = new URLSearchParams({ mode: mode, url: document.getElementById('url').value, insecure: document.getElementById('insecure').checked ? '1' : '' });
  location.href = '${CHOOSE}?' + q.toString();
});`;

const html = (body: string): Response => new Response(body, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff' } });

/**
 * The chooser's requests on `app://watchdesk/…`, answered only while main is asking (`pending`);
 * null for any other path. A valid choice is handed to `choose`; a bad address shows the page
 * again with why.
 */
export function connectRequest(url: URL, pending: { current: ConnectionChoice | null; choose(choice: ConnectionChoice): void } | null): Response | null {
  if (url.pathname !== CONNECT_PAGE && url.pathname !== CONNECT_SCRIPT && url.pathname !== CHOOSE) return null;
  if (!pending) return new Response('not found', { status: 404 });
  if (url.pathname === CONNECT_SCRIPT) return new Response(SCRIPT, { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'x-content-type-options': 'nosniff' } });
  if (url.pathname === CONNECT_PAGE) return html(page(pending.current, null));
  const choice = readChoice(url.searchParams);
  if ('error' in choice) {
    const typed: ConnectionChoice = { mode: 'remote', url: (url.searchParams.get('url') ?? '').slice(0, 2048), pin: null, insecure: url.searchParams.get('insecure') === '1' };
    return html(page(typed, choice.error));
  }
  pending.choose(choice);
  return html('<!doctype html><html><head><meta charset="utf-8"><title>Watchdesk</title></head><body style="background:#0f1419;color:#e6e6e6;font:15px system-ui">Connecting…</body></html>');
}

/** The form's fields as a choice, or why not. */
export function readChoice(params: URLSearchParams): ConnectionChoice | { error: string } {
  if (params.get('mode') === 'local') return { mode: 'local' };
  if (params.get('mode') !== 'remote') return { error: 'Choose this computer or a Watchdesk server' };
  const insecure = params.get('insecure') === '1';
  try {
    const node = parseNodeUrl(params.get('url') ?? '', insecure);
    return { mode: 'remote', url: node.origin, pin: null, insecure };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
