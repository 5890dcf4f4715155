import type { storageRoutes } from '../../../shared/api/routes-storage.js';
import type { WatchdeskApp } from '../app.js';
import type { Handlers } from './reply.js';

type Name = keyof typeof storageRoutes;

/** Retention and backups: the services in electron/core/storage check what they are given. */
export function storageHandlers(app: WatchdeskApp): Handlers<Name> {
  const actor = (ctx: { session: { username: string } | null }): string => ctx.session!.username;
  return {
    'retention.get': () => app.retention.view(),
    'retention.set': (ctx) => app.retention.update(ctx.body, actor(ctx)),
    'backups.list': () => app.backups.view(),
    'backups.take': (ctx) => app.backups.take(actor(ctx)),
    'backups.settings': (ctx) => app.backups.updateSettings(ctx.body, actor(ctx)),
    'storage.disk': () => ({
      state: app.disk.state, freeBytes: app.disk.freeBytes, warnBytes: app.disk.options.warnBytes, criticalBytes: app.disk.options.criticalBytes, error: app.disk.error,
      refusedFrames: app.counters.refusedFrames, droppedFrames: app.counters.droppedFrames, droppedEvents: app.counters.droppedEvents, prunedChunks: app.disk.prunedChunks,
      writeError: app.batcher.lastError, pendingFrames: app.batcher.pendingFrames,
    }),
  };
}
