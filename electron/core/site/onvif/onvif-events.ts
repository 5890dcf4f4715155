/** One notification from a PullPoint, as the `onvif` package parses it. */
export interface OnvifNotification {
  topic?: { _?: string } | string;
  message?: { message?: { $?: Record<string, unknown>; source?: { simpleItem?: Item | Item[] }; data?: { simpleItem?: Item | Item[] } } };
}
type Item = { $?: { Name?: string; Value?: unknown } };

export interface MappedEvent {
  /** One of the seed's analytic event names. */
  name: string;
  /** The video source or configuration token the event names, if any. */
  source: string | null;
  detail: string;
}

const items = (x: Item | Item[] | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const i of Array.isArray(x) ? x : x ? [x] : []) if (i.$?.Name !== undefined) out[i.$.Name] = String(i.$.Value);
  return out;
};

/**
 * ONVIF topics onto the seed's analytic events. State-like topics raise on their rising edge
 * (motion, field, line); tampering also says when it ends. Anything else is not an analytic.
 */
const RULES: Array<{ match: RegExp; on: string; off?: string }> = [
  { match: /GlobalSceneChange|Tamper|ImageTooBlurry|ImageTooDark|ImageTooBright|SignalLoss/i, on: 'Tampering', off: 'Tampering Off' },
  { match: /LineDetector|LineCross|Crossed/i, on: 'Object Crossed Line' },
  { match: /FieldDetector|ObjectsInside|Intrusion/i, on: 'Object In Field' },
  { match: /MotionAlarm|MotionDetector|\/Motion\b|MotionRegion/i, on: 'Adaptive Motion' },
  { match: /DigitalInput|Trigger\/Relay|LogicalState|IO\/Port/i, on: 'Object Condition Change' },
];

export function mapNotification(n: OnvifNotification): MappedEvent | null {
  const topic = typeof n.topic === 'string' ? n.topic : n.topic?._ ?? '';
  const m = n.message?.message;
  const data = items(m?.data?.simpleItem);
  const source = items(m?.source?.simpleItem);
  const rule = RULES.find((r) => r.match.test(topic));
  if (!rule) return null;
  const raw = data.State ?? data.IsMotion ?? data.IsInside ?? data.LogicalState ?? data.IsTamper ?? data.Value;
  // No state item: an instant event (a line crossed).
  const active = raw === undefined ? true : ['true', '1', 'active', 'on'].includes(raw.toLowerCase());
  if (!active && !rule.off) return null;
  const token = source.VideoSourceConfigurationToken ?? source.VideoSourceToken ?? source.Source ?? source.InputToken ?? null;
  return { name: active ? rule.on : rule.off!, source: token, detail: `${topic}${raw === undefined ? '' : ` = ${raw}`}` };
}
