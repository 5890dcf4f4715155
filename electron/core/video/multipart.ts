const MAX_FRAME = 8 * 1024 * 1024;

/**
 * Cuts an MJPEG `multipart/x-mixed-replace` stream into JPEG frames. Uses each part's
 * Content-Length when present (HALO and most cameras send it), else the next boundary.
 */
export class MultipartParser {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly delimiter: Buffer;

  constructor(boundary: string, private readonly onFrame: (jpeg: Buffer) => void) {
    this.delimiter = Buffer.from(`--${boundary.replace(/^--/, '')}`);
  }

  /** Returns false when a part exceeds the frame limit: the caller drops the stream. */
  push(chunk: Buffer): boolean {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const start = this.buffer.indexOf(this.delimiter);
      if (start < 0) break;
      const headEnd = this.buffer.indexOf('\r\n\r\n', start);
      if (headEnd < 0) break;
      const head = this.buffer.toString('latin1', start + this.delimiter.length, headEnd);
      const length = /content-length:\s*(\d+)/i.exec(head);
      const bodyStart = headEnd + 4;
      let bodyEnd: number;
      if (length) {
        bodyEnd = bodyStart + Number(length[1]);
        if (Number(length[1]) > MAX_FRAME) return false;
        if (this.buffer.length < bodyEnd) break;
      } else {
        const next = this.buffer.indexOf(this.delimiter, bodyStart);
        if (next < 0) break;
        bodyEnd = next;
        while (bodyEnd > bodyStart && (this.buffer[bodyEnd - 1] === 10 || this.buffer[bodyEnd - 1] === 13)) bodyEnd--;
      }
      this.onFrame(Buffer.from(this.buffer.subarray(bodyStart, bodyEnd)));
      this.buffer = this.buffer.subarray(bodyEnd);
    }
    if (this.buffer.length > MAX_FRAME) return false;
    return true;
  }
}
