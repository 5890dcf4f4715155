import type { DeviceStatus } from '../../../../shared/domain.js';
import type { Rule } from '../../../../shared/rules/schema.js';

/** Thresholds of the enabled rules that watch this point on this device (or its type). */
export function thresholds(rules: Rule[], device: Pick<DeviceStatus, 'id' | 'typeId'>, point: string): Array<{ value: number; label: string }> {
  const out: Array<{ value: number; label: string }> = [];
  for (const r of rules) {
    const t = r.when;
    if (t.type !== 'data' || t.point !== point || !r.enabled) continue;
    if (t.deviceId !== undefined ? t.deviceId !== device.id : t.deviceTypeId !== device.typeId) continue;
    out.push({ value: t.value, label: `${r.name} (${t.op} ${t.value})` });
    if (t.value2 !== undefined) out.push({ value: t.value2, label: r.name });
  }
  return out;
}
