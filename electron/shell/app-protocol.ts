import { readStatic, safeJoin } from '../core/api/static-files.js';

/** The console's CSP: scripts from the console only, nothing inline, nothing framed. */
export const APP_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const VIDEO = /^\/api\/v1\/cameras\/\d+\/(stream|snapshot)$/;
/** Plan images and map tiles: an <img> fetches them with the map's key in the URL. */
const MAP_MEDIA = /^\/api\/v1\/maps\/\d+\/(image|tiles\/-?\d+\/\d+\/\d+)$/;
/** An incident's report (PDF) and kept snapshots, with a single-use ticket. */
const INCIDENT_MEDIA = /^\/api\/v1\/incidents\/\d+\/(report|snapshots\/\d+)$/;
/** A plan's upload, with its single-use ticket: the renderer holds no token to send. */
const MAP_UPLOAD = /^\/api\/v1\/maps\/(\d+\/image|import)$/;

/**
 * `app://watchdesk/…`: the built console from its folder (with a path-traversal check, instead
 * of file://), the core's proxied video, which an <img> fetches with a single-use ticket, and
 * the maps' images and tiles (and a plan's upload with its ticket).
 */
/** How the app reaches the core's media: plain fetch to the local core, the RemoteHost (with its pinned certificate) to a remote node. */
export type CoreFetch = (url: string, init: { method?: string; headers?: Record<string, string>; body?: ArrayBuffer; signal?: AbortSignal }) => Promise<Response>;

export async function handleAppRequest(request: Request, rendererDir: string, coreUrl: () => string | null, fetchCore: CoreFetch = fetch): Promise<Response> {
  const url = new URL(request.url);
  if (url.protocol !== 'app:' || url.host !== 'watchdesk') return new Response('not found', { status: 404 });
  if (request.method === 'POST' && MAP_UPLOAD.test(url.pathname) && url.searchParams.has('ticket')) {
    const core = coreUrl();
    if (!core) return new Response('the console is starting', { status: 503 });
    return fetchCore(new URL(`${url.pathname}${url.search}`, core).href, { method: 'POST', body: await request.arrayBuffer(), headers: { 'content-type': request.headers.get('content-type') ?? 'application/octet-stream' }, signal: request.signal });
  }
  if (request.method !== 'GET') return new Response('method not allowed', { status: 405 });
  if (VIDEO.test(url.pathname) || MAP_MEDIA.test(url.pathname) || (INCIDENT_MEDIA.test(url.pathname) && url.searchParams.has('ticket'))) {
    const core = coreUrl();
    if (!core) return new Response('the console is starting', { status: 503 });
    return fetchCore(new URL(`${url.pathname}${url.search}`, core).href, { signal: request.signal });
  }
  if (url.pathname.startsWith('/api/')) return new Response('the API is reached through the bridge', { status: 404 });
  if (safeJoin(rendererDir, url.pathname) === null) return new Response('forbidden', { status: 403 });
  const file = await readStatic(rendererDir, url.pathname);
  if (!file) return new Response('not found', { status: 404 });
  return new Response(new Uint8Array(file.body), { status: 200, headers: { 'content-type': file.type, 'content-security-policy': APP_CSP, 'x-content-type-options': 'nosniff' } });
}
