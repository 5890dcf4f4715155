import { cpSync, existsSync, renameSync, rmSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The data folder's files that are not in the database but are the site's data all the same:
 * uploaded floor plans and their tiles, MBTiles, and incident snapshots. A backup without them
 * restores maps with no picture and incident reports with holes.
 */
export const BACKED_UP_FOLDERS = ['maps', 'incidents'] as const;

/** `watchdesk-TIME.db` → `watchdesk-TIME.files`, the folder that travels with it. */
export function filesBeside(dbFile: string): string {
  return dbFile.replace(/\.db$/, '') + '.files';
}

/**
 * Copies the folders into `target` (made here; it must not exist). Every file written there is
 * never changed afterwards (tiles and snapshots are keyed by content or id), so a hard link is a
 * true copy at no cost; across file systems the bytes are copied. Asynchronous, one file at a
 * time: a plan pyramid of thousands of tiles must not hold up ingest.
 */
export async function copyDataFiles(dataDir: string, target: string): Promise<{ files: number }> {
  let files = 0;
  await mkdir(target, { mode: 0o700 });
  for (const name of BACKED_UP_FOLDERS) {
    const from = join(dataDir, name);
    if (existsSync(from)) files += await copyTree(from, join(target, name));
  }
  return { files };
}

async function copyTree(from: string, to: string): Promise<number> {
  await mkdir(to, { recursive: true, mode: 0o700 });
  let files = 0;
  for (const entry of await readdir(from, { withFileTypes: true })) {
    // An upload in progress (`.upload-…`) is not part of the site's data yet.
    if (entry.name.startsWith('.upload-')) continue;
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) files += await copyTree(src, dst);
    else if (entry.isFile()) {
      try {
        await link(src, dst);
      } catch {
        await copyFile(src, dst);
      }
      files += 1;
    }
  }
  return files;
}

/** Removes a backup's files folder, if it has one. */
export async function removeDataFiles(dbFile: string): Promise<void> {
  await rm(filesBeside(dbFile), { recursive: true, force: true });
}

/** Publishes a finished copy under its final name. */
export async function publishDataFiles(partial: string, dbFile: string): Promise<void> {
  await rename(partial, filesBeside(dbFile));
}

/**
 * Puts a backup's files into the data folder, the folders there kept aside with `suffix` (as the
 * database is). Synchronous: a restore runs before the core starts. Returns what was restored;
 * a backup taken before files were backed up has none, and the data folder's files stay.
 */
export function restoreDataFiles(dbFile: string, dataDir: string, suffix: string): string[] {
  const source = filesBeside(dbFile);
  if (!existsSync(source)) return [];
  const restored: string[] = [];
  for (const name of BACKED_UP_FOLDERS) {
    const target = join(dataDir, name);
    if (existsSync(target)) renameSync(target, `${target}${suffix}`);
    const from = join(source, name);
    if (!existsSync(from)) continue;
    copyTreeSync(from, target);
    restored.push(name);
  }
  return restored;
}

function copyTreeSync(from: string, to: string): void {
  // A copy, not links: the restored folder is written to again, the backup must stay as it was.
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}

/** Undoes `restoreDataFiles` after a failed restore: the folders kept aside go back. */
export function putBackDataFiles(dataDir: string, suffix: string): void {
  for (const name of BACKED_UP_FOLDERS) {
    const target = join(dataDir, name);
    if (!existsSync(`${target}${suffix}`)) continue;
    rmSync(target, { recursive: true, force: true });
    renameSync(`${target}${suffix}`, target);
  }
}
