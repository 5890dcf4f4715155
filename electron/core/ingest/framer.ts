/**
 * Cuts a TCP byte stream into frames at a delimiter. Works on bytes, not text: a UTF-8
 * delimiter can never match inside another character, so a frame always decodes whole, however
 * the segments split it. The unfinished tail is kept as a list of pieces, so a frame dribbled
 * in one byte at a time costs linear, not quadratic, copying.
 */
export class Framer {
  private parts: Buffer[] = [];
  private pendingBytes = 0;
  private readonly delimiter: Buffer;

  constructor(delimiter: string, private readonly maxFrameBytes: number) {
    this.delimiter = Buffer.from(delimiter, 'utf8');
    if (this.delimiter.length === 0) throw new Error('the delimiter must not be empty');
  }

  get buffered(): number {
    return this.pendingBytes;
  }

  /**
   * Calls `onFrame` for each complete, trimmed, non-empty frame. Returns false when a frame
   * exceeds the limit: the caller closes the connection, and nothing more is buffered.
   */
  push(chunk: Buffer, onFrame: (frame: string) => void): boolean {
    const d = this.delimiter.length;
    let from = 0;
    if (this.pendingBytes > 0 && d > 1) {
      from = this.closeStraddlingFrame(chunk, onFrame);
      if (from < 0) return false;
    }
    let at = chunk.indexOf(this.delimiter, from);
    while (at >= 0) {
      if (this.pendingBytes > 0) {
        if (this.pendingBytes + (at - from) > this.maxFrameBytes) return this.overflow();
        this.parts.push(chunk.subarray(from, at));
        this.emit(Buffer.concat(this.parts), 0, this.pendingBytes + (at - from), onFrame);
        this.parts = [];
        this.pendingBytes = 0;
      } else {
        if (at - from > this.maxFrameBytes) return this.overflow();
        this.emit(chunk, from, at, onFrame);
      }
      from = at + d;
      at = chunk.indexOf(this.delimiter, from);
    }
    const rest = chunk.length - from;
    if (rest > 0) {
      if (this.pendingBytes + rest > this.maxFrameBytes) return this.overflow();
      // Copy small tails so one pending byte does not pin the socket's whole 64 KiB chunk.
      this.parts.push(rest < 4096 ? Buffer.from(chunk.subarray(from)) : chunk.subarray(from));
      this.pendingBytes += rest;
    }
    return true;
  }

  /** A multi-byte delimiter may start in the pending tail and end in this chunk. */
  private closeStraddlingFrame(chunk: Buffer, onFrame: (frame: string) => void): number {
    const d = this.delimiter.length;
    const head = this.tail(Math.min(d - 1, this.pendingBytes));
    const probe = Buffer.concat([head, chunk.subarray(0, d - 1)]);
    const k = probe.indexOf(this.delimiter);
    if (k < 0 || k >= head.length) return 0;
    const pending = Buffer.concat(this.parts);
    this.emit(pending, 0, pending.length - head.length + k, onFrame);
    this.parts = [];
    this.pendingBytes = 0;
    return d - (head.length - k);
  }

  /** The last n pending bytes, gathered from the end without copying the whole tail. */
  private tail(n: number): Buffer {
    const pieces: Buffer[] = [];
    let need = n;
    for (let i = this.parts.length - 1; i >= 0 && need > 0; i--) {
      const part = this.parts[i]!;
      const take = Math.min(need, part.length);
      pieces.unshift(part.subarray(part.length - take));
      need -= take;
    }
    return Buffer.concat(pieces);
  }

  private emit(buf: Buffer, start: number, end: number, onFrame: (frame: string) => void): void {
    if (end <= start) return;
    const frame = buf.toString('utf8', start, end).trim();
    if (frame.length > 0) onFrame(frame);
  }

  private overflow(): false {
    this.parts = [];
    this.pendingBytes = 0;
    return false;
  }
}
