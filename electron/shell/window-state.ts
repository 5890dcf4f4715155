import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

export const WindowStateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(400).max(20_000),
  height: z.number().int().min(300).max(20_000),
  maximized: z.boolean().default(false),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

export interface Area {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_WINDOW: WindowState = { width: 1440, height: 900, maximized: false };

/**
 * Where the window was, if that place still exists: a monitor unplugged since the last shift
 * must not leave the console off screen.
 */
export function restoreWindow(saved: unknown, displays: readonly Area[]): WindowState {
  const parsed = WindowStateSchema.safeParse(saved);
  if (!parsed.success) return { ...DEFAULT_WINDOW };
  const s = parsed.data;
  if (s.x === undefined || s.y === undefined) return s;
  const visible = displays.some((d) => s.x! + 100 > d.x && s.x! < d.x + d.width - 100 && s.y! >= d.y - 10 && s.y! < d.y + d.height - 100);
  if (visible) return s;
  const { x: _x, y: _y, ...rest } = s;
  const primary = displays[0];
  return primary ? { ...rest, width: Math.min(rest.width, primary.width), height: Math.min(rest.height, primary.height) } : rest;
}

export function loadWindowState(file: string, displays: readonly Area[]): WindowState {
  try {
    return restoreWindow(JSON.parse(readFileSync(file, 'utf8')), displays);
  } catch {
    return { ...DEFAULT_WINDOW };
  }
}

export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(WindowStateSchema.parse(state)));
}
