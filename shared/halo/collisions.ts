import type { CompiledDeviceType } from './compile.js';
import { parseFrame } from './parse.js';
import { renderHaloTemplate } from './strings.js';

export interface Collision {
  event: string;
  dataPoint: string;
  message: string;
}

const SET_TEMPLATE = 'DeviceId=Probe1 Event=@%EID%@ State=@Set@ Source=@Sensor@ Value=@1@ Threshold=@0@';

/**
 * Seed 000 warns that an event identifier equal to a sensor identifier gets its data overwritten
 * on every heartbeat. Tested, not guessed: each data point's own text is fed to every event regex,
 * and each event's text (the Genetec `EID=@VAL@` shape and Watchdesk's Set string) to every point.
 */
export function findCollisions(ct: CompiledDeviceType): Collision[] {
  const found = new Map<string, Collision>();
  const add = (event: string, dataPoint: string, message: string): void => {
    const key = `${event}\u0000${dataPoint}`;
    if (!found.has(key)) found.set(key, { event, dataPoint, message });
  };
  const eventsOnly = { ...ct, points: [], tokenIndex: new Map(), regexPoints: [], pointNames: [] };
  ct.points.forEach((point) => {
    if (point.token === null) return;
    const heartbeat = `DeviceId=Probe1 ${point.token}=@1@`;
    for (const e of parseFrame(eventsOnly, heartbeat).events) {
      add(e.name, point.name, `Event ${e.name} fires on every heartbeat that carries data point ${point.name}.`);
    }
  });
  for (const event of ct.events) {
    for (const text of [`DeviceId=Probe1 ${event.name}=@1@`, renderHaloTemplate(SET_TEMPLATE, { EID: event.name })]) {
      if (!parseFrame(eventsOnly, text).events.some((e) => e.name === event.name)) continue;
      const parsed = parseFrame({ ...ct, events: [], eventGuard: null }, text);
      ct.points.forEach((point, i) => {
        if (!Number.isNaN(parsed.values[i]) || parsed.invalid.some((v) => v.point === point.name)) {
          add(event.name, point.name, `Event ${event.name}'s message overwrites data point ${point.name}; rename the event identifier on the HALO and in this type.`);
        }
      });
    }
  }
  return [...found.values()];
}
