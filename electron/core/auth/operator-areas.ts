import { z } from 'zod';
import type { Store } from '../store/store.js';

const KEY = 'operatorAreas';
const Stored = z.record(z.string(), z.array(z.string()));

/**
 * The areas each operator watches (the site's areas, as in Assets): their flood banner counts
 * only activations there. None: every area. Kept as one setting, so both stores carry it as
 * they are.
 */
export class OperatorAreas {
  constructor(private readonly store: Store) {}

  private all(): Record<string, string[]> {
    const raw = this.store.getSetting(KEY);
    if (!raw) return {};
    try {
      return Stored.parse(JSON.parse(raw));
    } catch {
      return {};
    }
  }

  of(operatorId: number): string[] {
    return this.all()[String(operatorId)] ?? [];
  }

  set(operatorId: number, areas: readonly string[]): string[] {
    const all = this.all();
    const list = [...new Set(areas.map((a) => a.trim()).filter(Boolean))].sort((x, y) => x.localeCompare(y));
    if (list.length) all[String(operatorId)] = list;
    else delete all[String(operatorId)];
    this.store.setSetting(KEY, JSON.stringify(all));
    return list;
  }
}
