import type { AlarmView } from '../../../shared/alarms/definitions.js';
import type { WatchdeskApp } from '../app.js';
import type { IncidentService } from './incident-service.js';
import type { ReportAlarm, ReportChart, ReportData } from './report-pdf.js';

/** The sensor is drawn this long before the alarm activated and after it. */
const AROUND_MS = 10 * 60_000;
const CHART_POINTS = 400;
/** A flood group's incident holds hundreds of alarms: the first ones get a chart, the rest say so. */
const MAX_CHARTS = 20;

/** What the report shows, read at the moment it is made: alarms as they stand, the series from the store. */
export async function gatherReport(app: WatchdeskApp, incidents: IncidentService, id: number, generatedBy: string): Promise<ReportData> {
  const incident = incidents.get(id);
  // Samples still in the batch window belong in the chart.
  app.batcher.flush();
  const alarms: ReportAlarm[] = [];
  for (const alarmId of incident.alarmIds) {
    let alarm: AlarmView;
    try {
      alarm = app.alarms.get(alarmId);
    } catch {
      continue;
    }
    const { chart, note } = alarms.length < MAX_CHARTS ? await chartFor(app, alarm) : { chart: null, note: `only the first ${MAX_CHARTS} alarms of an incident are charted` };
    alarms.push({ alarm, history: app.alarms.history(alarmId), chart, chartNote: note });
  }
  const snapshots = incident.entries.filter((e) => e.kind === 'snapshot').map((entry) => {
    try {
      return { entry, image: incidents.snapshotImage(id, entry.id) };
    } catch {
      return { entry, image: null };
    }
  });
  return { incident, alarms, snapshots, generatedBy, generatedAt: Date.now() };
}

async function chartFor(app: WatchdeskApp, alarm: AlarmView): Promise<{ chart: ReportChart | null; note: string }> {
  const deviceId = alarm.source.deviceId;
  if (deviceId === null) return { chart: null, note: `${alarm.source.name} is not a sensor` };
  if (!alarm.ruleId) return { chart: null, note: 'no rule raised this alarm' };
  let when;
  try {
    when = app.rules.get(alarm.ruleId).rule.when;
  } catch {
    return { chart: null, note: `its rule ${alarm.ruleId} no longer exists` };
  }
  if (when.type !== 'data') return { chart: null, note: `its rule ${alarm.ruleId} watches ${when.type === 'event' ? 'events' : 'states'}, not a value` };
  const device = app.registry.get(deviceId);
  const at = alarm.activatedAt ?? alarm.lastChangeAt;
  let from = at - AROUND_MS;
  const to = Math.min(Date.now(), at + AROUND_MS);
  const series = await app.series.query(deviceId, when.point, from, to, CHART_POINTS);
  // A sensor added minutes ago: the chart starts a little before its first sample, not at an empty margin.
  const first = series.samples[0]?.[0];
  if (first !== undefined && first > from) from = Math.max(from, Math.min(first, at) - Math.max(2000, (to - Math.min(first, at)) * 0.1));
  const unit = device ? app.registry.type(device.status.typeId)?.type.dataPoints.find((p) => p.name === when.point)?.unit ?? '' : '';
  return {
    note: '',
    chart: {
      device: device?.status.name ?? alarm.source.name, point: when.point, unit, samples: series.samples,
      thresholds: when.value2 !== undefined && (when.op === 'between' || when.op === 'outside') ? [when.value, when.value2] : [when.value],
      op: when.op, from, to, activatedAt: alarm.activatedAt,
    },
  };
}
