import type { cameraLinkRoutes } from '../../../shared/api/routes-camera-links.js';
import type { WatchdeskApp } from '../app.js';
import type { Handlers } from './reply.js';

/** Camera links: read by every operator, set by an administrator. */
export function cameraLinkHandlers(app: WatchdeskApp): Handlers<keyof typeof cameraLinkRoutes> {
  return {
    'cameraLinks.list': () => app.cameraLinks.list(),
    'cameraLinks.set': (ctx) => app.cameraLinks.set(ctx.body, ctx.session!.username),
  };
}
