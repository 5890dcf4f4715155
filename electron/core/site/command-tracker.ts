import { confirmsCommand, type AssetReport } from '../../../shared/site/confirm.js';
import type { CommandView } from '../../../shared/site/views.js';
import type { CommandStore } from '../store/command-store.js';

const TIMEOUT_MS = 10_000;
const KEEP = 500;
/** How long after its timeout a command can still be confirmed (late) by the asset's reported state. */
const LATE_MS = 60_000;
export const INTERRUPTED = 'interrupted by restart';

type Tracked = CommandView & { timer: NodeJS.Timeout | null };

/**
 * Commands are closed-loop: pending until the asset's reported state confirms them, or failed
 * with the reason. Every change is written at once, so ids are never reused and a command
 * pending when the core stopped settles at the next start. The newest 500 are kept.
 */
export class CommandTracker {
  private readonly commands = new Map<number, Tracked>();
  private stopped = false;

  constructor(private readonly onChange: (c: CommandView) => void, private readonly log: CommandStore, private readonly timeoutMs = TIMEOUT_MS) {}

  /** At start: the newest commands as they were; one still pending was cut off by the restart. */
  restore(): void {
    for (const c of this.log.recentCommands(KEEP)) this.commands.set(c.id, { ...c, timer: null });
    for (const c of [...this.commands.values()]) if (c.status === 'pending') this.fail(c.id, INTERRUPTED);
  }

  private strip(c: Tracked): CommandView {
    const { timer: _timer, ...view } = c;
    return view;
  }

  start(assetId: string | null, command: string, params: Record<string, unknown>, actor: string, before: string | null): CommandView {
    const body = { assetId, command, params, actor, status: 'pending' as const, reason: null, before, after: null, at: Date.now(), settledAt: null };
    const c: Tracked = { id: this.log.insertCommand(body), ...body, timer: null };
    c.timer = setTimeout(() => this.fail(c.id, `timeout: the site did not confirm ${command} within ${this.timeoutMs / 1000} s`), this.timeoutMs);
    this.commands.set(c.id, c);
    this.trim();
    this.onChange(this.strip(c));
    return this.strip(c);
  }

  /** Over the limit, the oldest settled commands go; pending ones stay until they settle (at most their timeout). */
  private trim(): void {
    if (this.commands.size <= KEEP) return;
    for (const c of this.commands.values()) {
      if (this.commands.size <= KEEP) return;
      if (c.status === 'pending') continue;
      this.commands.delete(c.id);
      this.log.deleteCommand(c.id);
    }
  }

  private settle(c: Tracked, status: 'confirmed' | 'failed', reason: string | null, after: string | null): void {
    if (this.stopped) return;
    if (c.timer) clearTimeout(c.timer);
    Object.assign(c, { status, reason, after, settledAt: Date.now(), timer: null });
    const view = this.strip(c);
    this.log.updateCommand(view);
    this.onChange(view);
    this.trim();
  }

  confirm(id: number, after: string | null): void {
    const c = this.commands.get(id);
    if (!c) return;
    if (c.status === 'pending') this.settle(c, 'confirmed', null, after);
    else if (this.timedOutRecently(c)) this.settle(c, 'confirmed', `confirmed late: the site confirmed ${c.command} ${Math.round((Date.now() - c.at) / 1000)} s after it was sent, after the ${this.timeoutMs / 1000} s timeout`, after);
  }

  /** Failed by its timeout a short while ago: the door that did open is not left marked failed. */
  private timedOutRecently(c: Tracked): boolean {
    return c.status === 'failed' && (c.reason?.startsWith('timeout') ?? false) && c.settledAt !== null && Date.now() - c.settledAt <= LATE_MS;
  }

  fail(id: number, reason: string): void {
    const c = this.commands.get(id);
    if (c?.status === 'pending') this.settle(c, 'failed', reason, null);
  }

  /** The site accepted command `id`: commands with no state to show are confirmed now. */
  accepted(id: number, report: AssetReport | null, after: string | null): void {
    const c = this.commands.get(id);
    if (!c) return;
    if (!report || confirmsCommand(c.command, c.params, report) !== false) this.confirm(id, after);
  }

  /** An asset reported new states: the pending (or just timed-out) commands they confirm are done. */
  observe(assetId: string, report: AssetReport, after: string): void {
    for (const c of this.commands.values()) {
      if (c.assetId !== assetId || (c.status !== 'pending' && !this.timedOutRecently(c))) continue;
      if (confirmsCommand(c.command, c.params, report) === true) this.confirm(c.id, after);
    }
  }

  /** Communication with the site is lost: nothing pending can complete. */
  failAll(reason: string): void {
    for (const c of this.commands.values()) if (c.status === 'pending') this.fail(c.id, reason);
  }

  /** Communication with one connection is lost: its pending commands cannot complete. */
  failWhere(which: (c: CommandView) => boolean, reason: string): void {
    for (const c of this.commands.values()) if (c.status === 'pending' && which(this.strip(c))) this.fail(c.id, reason);
  }

  get(id: number): CommandView | undefined {
    const c = this.commands.get(id);
    return c ? this.strip(c) : undefined;
  }

  list(limit = 100): CommandView[] {
    return [...this.commands.values()].slice(-limit).reverse().map((c) => this.strip(c));
  }

  /** The core stops: pending commands stay pending in the store and settle at the next start. */
  stop(): void {
    this.stopped = true;
    for (const c of this.commands.values()) if (c.timer) clearTimeout(c.timer);
  }
}
