/** The desktop bridge's IPC: one channel for every route of the table, and the stream's own port. */
export const CALL = 'watchdesk:call';
/** The stream travels over its own MessagePort, handed to the window once. */
export const STREAM_PORT = 'watchdesk:stream-port';
export const STREAM_START = 'watchdesk:stream-start';
export const STREAM_STOP = 'watchdesk:stream-stop';
export const FOCUS_ALARM = 'watchdesk:focus-alarm';

/**
 * Besides stream messages, the stream's port may carry its state: a remote node's stream can be
 * lost and come back, or end with the session (the reason, "Signed out: …").
 */
export interface PortState { type: 'stream-state'; state: 'connecting' | 'live' | 'closed'; reason?: string }

/** The close code of a stream whose session ended; its reason says why ("Signed out: …"). */
export const SIGNED_OUT = 4001;

/** What travels back over IPC: errors as data, since thrown errors lose their fields crossing the bridge. */
export type WireReply = { ok: true; value: unknown } | { ok: false; status: number; code: string; message: string; details?: string[] };
