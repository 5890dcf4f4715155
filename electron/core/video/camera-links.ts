import Database from 'better-sqlite3';
import { CameraLinkSchema, type CameraLink } from '../../../shared/video/camera-links.js';
import { sqliteOptions } from '../store/native-binding.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { ApiError } from '../errors.js';
import { parseOrThrow } from '../config.js';

interface Row { source: string; cameras: string; updated_by: string; updated_at: number }

/** What the links refer to, asked when a link is saved: a link to nothing is refused by name. */
export interface LinkTargets {
  deviceExists(id: number): boolean;
  cameraExists(id: number): boolean;
  /** A site asset's type, or undefined when there is none. */
  assetType(id: string): string | undefined;
  areaExists(name: string): boolean;
}

/**
 * Cameras linked to devices, doors and areas, in the core's SQLite file on a connection of
 * their own (as maps are). Every console is told when they change and fetches them again.
 */
export class CameraLinks {
  private readonly db: Database.Database;

  constructor(private readonly store: SqliteStore, private readonly targets: LinkTargets, private readonly changed: () => void) {
    this.db = new Database(store.path, sqliteOptions());
    this.db.pragma('busy_timeout = 5000');
  }

  list(): CameraLink[] {
    return (this.db.prepare('SELECT * FROM camera_links ORDER BY source').all() as Row[]).map((r) => ({ source: r.source, cameras: JSON.parse(r.cameras) as string[], updatedBy: r.updated_by, updatedAt: r.updated_at }));
  }

  get(source: string): CameraLink | undefined {
    return this.list().find((l) => l.source === source);
  }

  private check(source: string, cameras: string[]): void {
    const [kind, ...rest] = source.split(':');
    const ref = rest.join(':');
    const known = kind === 'device' ? this.targets.deviceExists(Number(ref)) : kind === 'asset' ? this.targets.assetType(ref) !== undefined : this.targets.areaExists(ref);
    if (!known) throw new ApiError(404, 'not_found', `${kind} ${ref} does not exist`);
    for (const c of cameras) {
      const [ck, ...cr] = c.split(':');
      const id = cr.join(':');
      const ok = ck === 'camera' ? this.targets.cameraExists(Number(id)) : this.targets.assetType(id) === 'camera';
      if (!ok) throw new ApiError(400, 'invalid', `${c} is not a camera`, [`cameras: ${c} is not a camera`]);
    }
  }

  /** Replaces a source's cameras; an empty list removes the link. Audited. */
  set(input: unknown, actor: string): CameraLink {
    const { source, cameras } = parseOrThrow(CameraLinkSchema, input, 'Camera link');
    const unique = [...new Set(cameras)];
    this.check(source, unique);
    const before = this.get(source)?.cameras ?? [];
    const now = Date.now();
    if (unique.length) this.db.prepare('INSERT INTO camera_links (source, cameras, updated_by, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET cameras = excluded.cameras, updated_by = excluded.updated_by, updated_at = excluded.updated_at').run(source, JSON.stringify(unique), actor, now);
    else this.db.prepare('DELETE FROM camera_links WHERE source = ?').run(source);
    this.store.audit({ actor, action: 'camera-links.set', target: source, before: { cameras: before }, after: { cameras: unique } });
    this.changed();
    return { source, cameras: unique, updatedBy: actor, updatedAt: now };
  }

  /** The demo's links, for sources nobody has linked yet: an edit an operator made stays. */
  seed(links: ReadonlyArray<{ source: string; cameras: string[] }>, actor: string): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO camera_links (source, cameras, updated_by, updated_at) VALUES (?, ?, ?, ?)');
    const now = Date.now();
    const added = this.db.transaction(() => links.filter((l) => l.cameras.length && insert.run(l.source, JSON.stringify(l.cameras), actor, now).changes > 0).length).immediate();
    if (added) this.changed();
  }

  /** The demo's links go with the demo; one an administrator changed since stays. */
  forgetSeeded(actor: string): void {
    if (this.db.prepare('DELETE FROM camera_links WHERE updated_by = ?').run(actor).changes > 0) this.changed();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
