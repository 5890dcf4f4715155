import { confirmsCommand, type AssetReport } from '../../../shared/site/confirm.js';
import type { CommandView } from '../../../shared/site/views.js';

const TIMEOUT_MS = 10_000;
const KEEP = 500;

/**
 * Commands are closed-loop: pending until the asset's reported state confirms them, or failed
 * with the reason. The newest 500 are kept for the console.
 */
export class CommandTracker {
  private readonly commands = new Map<number, CommandView & { timer: NodeJS.Timeout | null }>();
  private seq = 1;

  constructor(private readonly onChange: (c: CommandView) => void, private readonly timeoutMs = TIMEOUT_MS) {}

  private strip(c: CommandView & { timer: NodeJS.Timeout | null }): CommandView {
    const { timer: _timer, ...view } = c;
    return view;
  }

  start(assetId: string | null, command: string, params: Record<string, unknown>, actor: string, before: string | null): CommandView {
    const c = { id: this.seq++, assetId, command, params, actor, status: 'pending' as const, reason: null, before, after: null, at: Date.now(), settledAt: null, timer: null as NodeJS.Timeout | null };
    c.timer = setTimeout(() => this.fail(c.id, `timeout: the site did not confirm ${command} within ${this.timeoutMs / 1000} s`), this.timeoutMs);
    this.commands.set(c.id, c);
    if (this.commands.size > KEEP) {
      const oldest = this.commands.keys().next().value!;
      const o = this.commands.get(oldest);
      if (o && o.status !== 'pending') this.commands.delete(oldest);
    }
    this.onChange(this.strip(c));
    return this.strip(c);
  }

  private settle(id: number, status: 'confirmed' | 'failed', reason: string | null, after: string | null): void {
    const c = this.commands.get(id);
    if (!c || c.status !== 'pending') return;
    if (c.timer) clearTimeout(c.timer);
    Object.assign(c, { status, reason, after, settledAt: Date.now(), timer: null });
    this.onChange(this.strip(c));
  }

  confirm(id: number, after: string | null): void {
    this.settle(id, 'confirmed', null, after);
  }

  fail(id: number, reason: string): void {
    this.settle(id, 'failed', reason, null);
  }

  /** The site accepted command `id`: commands with no state to show are confirmed now. */
  accepted(id: number, report: AssetReport | null, after: string | null): void {
    const c = this.commands.get(id);
    if (!c) return;
    if (!report || confirmsCommand(c.command, c.params, report) !== false) this.confirm(id, after);
  }

  /** An asset reported new states: the pending commands they confirm are done. */
  observe(assetId: string, report: AssetReport, after: string): void {
    for (const c of this.commands.values()) {
      if (c.status === 'pending' && c.assetId === assetId && confirmsCommand(c.command, c.params, report) === true) this.confirm(c.id, after);
    }
  }

  /** Communication with the site is lost: nothing pending can complete. */
  failAll(reason: string): void {
    for (const c of this.commands.values()) if (c.status === 'pending') this.fail(c.id, reason);
  }

  get(id: number): CommandView | undefined {
    const c = this.commands.get(id);
    return c ? this.strip(c) : undefined;
  }

  list(limit = 100): CommandView[] {
    return [...this.commands.values()].slice(-limit).reverse().map((c) => this.strip(c));
  }

  stop(): void {
    for (const c of this.commands.values()) if (c.timer) clearTimeout(c.timer);
  }
}
