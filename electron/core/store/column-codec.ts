/**
 * Lossless encodings for one column of float64, written for the background compactor: no
 * allocation per value, scratch buffers reused across calls.
 *
 * Two modes, picked per column:
 * - **decimal**: every value is v = s / 10^e for an integer s (HALO sends "20.5", "0.45",
 *   "1013"), so the column is stored as the first s, then its deltas minus their minimum,
 *   bit-packed at the width of the largest. A constant column costs a few bytes in all; a slow
 *   random walk 2–8 bits a value. Missing values (the canonical NaN) are a bitmap.
 * - **xor** (Gorilla, Pelkonen et al. 2015): each value's bits XOR the previous one's, with the
 *   leading/trailing-zero window reused when it fits. Anything decodes bit-exact: NaN payloads,
 *   -0, ±Inf, subnormals.
 */

const MODE_DECIMAL = 1;
const MODE_XOR = 2;
const MAX_EXPONENT = 12;
/** Scaled integers stay below 2^49 so that deltas and their ranges stay exact in a double. */
const LIMIT = 2 ** 49;
const TWO32 = 4294967296;
const POW10 = Array.from({ length: MAX_EXPONENT + 1 }, (_, e) => 10 ** e);

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Float64Array views are little-endian on every platform Node runs on.
const LO = 0;
const HI = 1;
f64[0] = NaN;
const NAN_HI = u32[HI]!;
const NAN_LO = u32[LO]!;

/** A growable byte buffer with an MSB-first bit writer. */
export class ByteSink {
  buf = new Uint8Array(4096);
  len = 0;
  private cur = 0;
  private bitPos = 0;

  reset(): void { this.len = 0; this.cur = 0; this.bitPos = 0; }

  ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  byte(b: number): void { this.ensure(1); this.buf[this.len++] = b; }

  bytes(src: Uint8Array): void { this.ensure(src.length); this.buf.set(src, this.len); this.len += src.length; }

  /** Unsigned, up to 2^53. */
  varint(u: number): void {
    this.ensure(8);
    while (u >= 128) { this.buf[this.len++] = (u % 128) | 128; u = Math.floor(u / 128); }
    this.buf[this.len++] = u;
  }

  /** The low `n` (≤ 32) bits of `v`. */
  bits(v: number, n: number): void {
    while (n > 0) {
      const free = 8 - this.bitPos;
      const take = n < free ? n : free;
      n -= take;
      this.cur |= ((v >>> n) & ((1 << take) - 1)) << (free - take);
      this.bitPos += take;
      if (this.bitPos === 8) { this.byte(this.cur); this.cur = 0; this.bitPos = 0; }
    }
  }

  /** A non-negative integer below 2^53 in `n` (≤ 53) bits. */
  wide(x: number, n: number): void {
    if (n > 32) { this.bits(Math.floor(x / TWO32), n - 32); this.bits(x >>> 0, 32); } else this.bits(x >>> 0, n);
  }

  /** Pads the last partial byte: each column starts on a byte. */
  align(): void { if (this.bitPos > 0) { this.byte(this.cur); this.cur = 0; this.bitPos = 0; } }
}

/** Reads what ByteSink wrote. */
export class ByteSource {
  private bitPos = 0;
  constructor(readonly buf: Uint8Array, public pos: number, readonly end: number) {}

  byte(): number {
    if (this.pos >= this.end) throw new Error('chunk is truncated');
    return this.buf[this.pos++]!;
  }

  varint(): number {
    let u = 0;
    let mul = 1;
    for (;;) {
      const b = this.byte();
      u += (b & 127) * mul;
      if (b < 128) return u;
      mul *= 128;
      if (mul > 2 ** 56) throw new Error('chunk has a bad varint');
    }
  }

  bits(n: number): number {
    let v = 0;
    while (n > 0) {
      if (this.pos >= this.end) throw new Error('chunk is truncated');
      const free = 8 - this.bitPos;
      const take = n < free ? n : free;
      const part = (this.buf[this.pos]! >>> (free - take)) & ((1 << take) - 1);
      v = ((v << take) | part) >>> 0;
      n -= take;
      this.bitPos += take;
      if (this.bitPos === 8) { this.pos++; this.bitPos = 0; }
    }
    return v;
  }

  wide(n: number): number {
    if (n > 32) { const hi = this.bits(n - 32); return hi * TWO32 + this.bits(32); }
    return this.bits(n);
  }

  align(): void { if (this.bitPos > 0) { this.pos++; this.bitPos = 0; } }
}

const zigzag = (s: number): number => (s >= 0 ? 2 * s : -2 * s - 1);
const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);
const widthOf = (x: number): number => (x === 0 ? 0 : x < TWO32 ? 32 - Math.clz32(x) : 64 - Math.clz32(Math.floor(x / TWO32)));

let scaled = new Float64Array(1024);

/**
 * The smallest e with every present value exactly s / 10^e, or -1 (a NaN with a payload, ±Inf,
 * -0, too many digits or too large). Also counts the canonical NaNs, which are "no value".
 */
export function decimalExponent(values: ArrayLike<number>, offset: number, stride: number, n: number): number {
  let e = 0;
  let p = 1;
  for (let i = 0, at = offset; i < n; i++, at += stride) {
    const v = values[at]!;
    if (v !== v) {
      f64[0] = v;
      if (u32[HI] !== NAN_HI || u32[LO] !== NAN_LO) return -1;
      continue;
    }
    if (v === 0 && 1 / v < 0) return -1;
    for (;;) {
      const s = Math.round(v * p);
      if (s / p === v && s < LIMIT && s > -LIMIT) break;
      if (++e > MAX_EXPONENT || !(v < LIMIT && v > -LIMIT)) return -1;
      p = POW10[e]!;
    }
  }
  return e;
}

/** Appends one column (`n` values at `offset`, `offset + stride`, …); returns its decimal exponent or -1 for xor. */
export function encodeColumn(out: ByteSink, values: ArrayLike<number>, offset: number, stride: number, n: number): number {
  const e = decimalExponent(values, offset, stride, n);
  if (e < 0) encodeXor(out, values, offset, stride, n);
  else encodeDecimal(out, values, offset, stride, n, e);
  out.align();
  return e;
}

function encodeDecimal(out: ByteSink, values: ArrayLike<number>, offset: number, stride: number, n: number, e: number): void {
  const p = POW10[e]!;
  if (scaled.length < n) scaled = new Float64Array(Math.max(n, scaled.length * 2));
  let present = 0;
  for (let i = 0, at = offset; i < n; i++, at += stride) {
    const v = values[at]!;
    if (v === v) scaled[present++] = Math.round(v * p);
  }
  out.byte(MODE_DECIMAL);
  out.byte(e);
  out.byte(present < n ? 1 : 0);
  if (present < n) {
    for (let i = 0, at = offset; i < n; i++, at += stride) { const v = values[at]!; out.bits(v === v ? 1 : 0, 1); }
    out.align();
  }
  if (present === 0) return;
  out.varint(zigzag(scaled[0]!));
  if (present === 1) return;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 1; i < present; i++) {
    const d = scaled[i]! - scaled[i - 1]!;
    if (d < lo) lo = d;
    if (d > hi) hi = d;
  }
  const w = widthOf(hi - lo);
  out.varint(zigzag(lo));
  out.byte(w);
  if (w === 0) return;
  for (let i = 1; i < present; i++) out.wide(scaled[i]! - scaled[i - 1]! - lo, w);
}

function encodeXor(out: ByteSink, values: ArrayLike<number>, offset: number, stride: number, n: number): void {
  out.byte(MODE_XOR);
  if (n === 0) return;
  f64[0] = values[offset]!;
  let ph = u32[HI]!;
  let pl = u32[LO]!;
  out.bits(ph, 32);
  out.bits(pl, 32);
  let lead = -1;
  let trail = 0;
  for (let i = 1, at = offset + stride; i < n; i++, at += stride) {
    f64[0] = values[at]!;
    const h = u32[HI]!;
    const l = u32[LO]!;
    const xh = (h ^ ph) >>> 0;
    const xl = (l ^ pl) >>> 0;
    ph = h;
    pl = l;
    if (xh === 0 && xl === 0) { out.bits(0, 1); continue; }
    const ld = xh !== 0 ? Math.clz32(xh) : 32 + Math.clz32(xl);
    const tr = xl !== 0 ? 31 - Math.clz32(xl & -xl) : 32 + 31 - Math.clz32(xh & -xh);
    if (lead >= 0 && ld >= lead && tr >= trail) {
      out.bits(2, 2);
    } else {
      lead = ld;
      trail = tr;
      out.bits(3, 2);
      out.bits(lead, 6);
      out.bits(63 - lead - trail, 6);
    }
    writeShifted(out, xh, xl, trail, 64 - lead - trail);
  }
}

/** Writes `len` bits of the 64-bit (hi, lo) shifted right by `shift`. */
function writeShifted(out: ByteSink, hi: number, lo: number, shift: number, len: number): void {
  let h: number;
  let l: number;
  if (shift >= 32) { l = hi >>> (shift - 32); h = 0; } else if (shift > 0) { l = ((lo >>> shift) | (hi << (32 - shift))) >>> 0; h = hi >>> shift; } else { l = lo; h = hi; }
  if (len > 32) { out.bits(h, len - 32); out.bits(l, 32); } else out.bits(l, len);
}

/** Decodes one column of `n` values into `into` at `offset`, `offset + stride`, … */
export function decodeColumn(src: ByteSource, n: number, into: Float64Array, offset: number, stride: number): void {
  const mode = src.byte();
  if (mode === MODE_DECIMAL) decodeDecimal(src, n, into, offset, stride);
  else if (mode === MODE_XOR) decodeXor(src, n, into, offset, stride);
  else throw new Error(`unknown column encoding ${mode}`);
  src.align();
}

function decodeDecimal(src: ByteSource, n: number, into: Float64Array, offset: number, stride: number): void {
  const e = src.byte();
  if (e > MAX_EXPONENT) throw new Error('chunk has a bad exponent');
  const p = POW10[e]!;
  const sparse = src.byte() === 1;
  let mapAt = 0;
  let present = n;
  if (sparse) {
    mapAt = src.pos;
    present = 0;
    for (let i = 0; i < n; i++) present += src.bits(1);
    src.align();
  }
  if (present === 0) { for (let i = 0, at = offset; i < n; i++, at += stride) into[at] = NaN; return; }
  let s = unzigzag(src.varint());
  let lo = 0;
  let w = 0;
  if (present > 1) { lo = unzigzag(src.varint()); w = src.byte(); if (w > 53) throw new Error('chunk has a bad width'); }
  const map = sparse ? new ByteSource(src.buf, mapAt, src.end) : null;
  let first = true;
  for (let i = 0, at = offset; i < n; i++, at += stride) {
    if (map && map.bits(1) === 0) { into[at] = NaN; continue; }
    if (!first) s += (w === 0 ? 0 : src.wide(w)) + lo;
    first = false;
    into[at] = s / p;
  }
}

function decodeXor(src: ByteSource, n: number, into: Float64Array, offset: number, stride: number): void {
  if (n === 0) return;
  let h = src.bits(32);
  let l = src.bits(32);
  u32[HI] = h; u32[LO] = l;
  into[offset] = f64[0]!;
  let lead = 0;
  let trail = 0;
  for (let i = 1, at = offset + stride; i < n; i++, at += stride) {
    if (src.bits(1) === 1) {
      if (src.bits(1) === 1) { lead = src.bits(6); trail = 63 - lead - src.bits(6); if (trail < 0) throw new Error('chunk has a bad window'); }
      const len = 64 - lead - trail;
      let xh = len > 32 ? src.bits(len - 32) : 0;
      let xl = src.bits(len > 32 ? 32 : len);
      if (trail >= 32) { xh = (xl << (trail - 32)) >>> 0; xl = 0; } else if (trail > 0) { xh = ((xh << trail) | (xl >>> (32 - trail))) >>> 0; xl = (xl << trail) >>> 0; }
      h = (h ^ xh) >>> 0;
      l = (l ^ xl) >>> 0;
    }
    u32[HI] = h; u32[LO] = l;
    into[at] = f64[0]!;
  }
}
