import net from 'node:net';
import { compileDeviceType } from '../../shared/halo/compile.js';
import { haloDeviceType } from '../../shared/halo/builtin.js';
import { generateHaloStrings, renderHaloTemplate } from '../../shared/halo/strings.js';
import { SimulatedHalo } from '../../shared/halo/simulated-sensor.js';

export const HALO = compileDeviceType(haloDeviceType());
const STRINGS = generateHaloStrings(HALO, 'DeviceId=(\\S+)', ';');

export const deviceName = (i: number): string => `Bench${String(i).padStart(4, '0')}`;

/** A realistic 44-value heartbeat for device i; `noise` replaces Noise so a sample can be traced. */
export function heartbeat(i: number, noise?: number): string {
  const values = new SimulatedHalo(deviceName(i), i).sample();
  if (noise !== undefined) values.Noise = String(noise);
  return renderHaloTemplate(STRINGS.heartbeat, { NAME: deviceName(i) }, values);
}

export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.setNoDelay(true);
    s.on('error', reject);
  });
}

/** Writes as fast as the socket takes it, honouring backpressure, until `until` says stop. */
export async function blast(socket: net.Socket, payload: Buffer, framesPerPayload: number, until: () => boolean): Promise<number> {
  let frames = 0;
  while (!until()) {
    if (!socket.write(payload)) await new Promise((r) => socket.once('drain', r));
    frames += framesPerPayload;
  }
  return frames;
}

/** Calls `send` `perSecond` times a second, in ticks of 10 ms, for `seconds`: steady load, not bursts. */
export function paced(seconds: number, perSecond: number, send: (seq: number) => void): Promise<void> {
  let seq = 0;
  const perTick = Math.max(1, Math.round(perSecond / 100));
  const started = performance.now();
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      for (let k = 0; k < perTick; k++) send(seq++);
      if (performance.now() - started > seconds * 1000) { clearInterval(timer); resolve(); }
    }, 10);
  });
}
