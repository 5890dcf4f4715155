/** A command for an asset or the site, as rules and operators send it. */
export interface CommandRequest {
  /** Absent: a site (system) command. */
  assetId?: string;
  command: string;
  params: Record<string, unknown>;
}

export interface CommandOutcome {
  ok: boolean;
  detail: string;
}

/**
 * The one way commands leave the core. The security-system driver implements it; until a
 * site is connected, every command is refused with that reason.
 */
export interface CommandBus {
  execute(request: CommandRequest, actor: string): Promise<CommandOutcome>;
}

export const NO_SITE: CommandBus = {
  execute: async (r) => ({ ok: false, detail: `no security system is connected: ${r.command} was not sent` }),
};
