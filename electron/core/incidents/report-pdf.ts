import PDFDocument from 'pdfkit';
import type { AlarmView } from '../../../shared/alarms/definitions.js';
import { describeStepAction } from '../../../shared/alarms/checklist.js';
import type { AlarmStep } from '../../../shared/api/views.js';
import type { IncidentEntry, IncidentView } from '../../../shared/incidents/model.js';

/** The sensor around an alarm: its samples, the rule's threshold, when the alarm activated. */
export interface ReportChart {
  device: string;
  point: string;
  unit: string;
  samples: Array<[number, number]>;
  thresholds: number[];
  op: string;
  from: number;
  to: number;
  activatedAt: number | null;
}

export interface ReportAlarm {
  alarm: AlarmView;
  history: AlarmStep[];
  chart: ReportChart | null;
  /** Why there is no chart, when there is none. */
  chartNote: string;
}

export interface ReportData {
  incident: IncidentView;
  alarms: ReportAlarm[];
  snapshots: Array<{ entry: IncidentEntry; image: Buffer | null }>;
  generatedBy: string;
  generatedAt: number;
}

/** The chart's ink: tests look for these colours on the rendered page. */
export const SERIES_COLOUR = '#1f6feb';
export const THRESHOLD_COLOUR = '#d1242f';

const MARGIN = 48;
const pad = (n: number): string => String(n).padStart(2, '0');
function when(t: number | null): string {
  if (t === null) return '-';
  const d = new Date(t);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
const clock = (t: number): string => when(t).slice(11, 16);

/** The standard PDF fonts speak WinAnsi: what they cannot draw becomes its nearest plain form. */
function plain(s: string): string {
  return s.replace(/[→⇒]/g, '->').replace(/[≥]/g, '>=').replace(/[≤]/g, '<=').replace(/[≠]/g, '!=').replace(/[×]/g, 'x')
    .replace(/[^\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\n]/g, '?');
}

const STATE: Record<string, string> = { normal: 'normal', unack: 'unacknowledged', ack: 'acknowledged', 'rtn-unack': 'returned, unacknowledged', latched: 'latched' };

/**
 * The incident report: its header, the timeline, each alarm with its checklist, its history (who
 * did what) and the sensor chart around it with the threshold, then the snapshots. Vector
 * drawing and the standard fonts only, so it renders the same anywhere.
 */
export function renderIncidentReport(data: ReportData): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: plain(`Incident ${data.incident.id}: ${data.incident.title}`), Author: 'Watchdesk', Creator: 'Watchdesk' } });
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;
  const room = (h: number): void => { if (doc.y + h > doc.page.height - MARGIN) doc.addPage(); };
  const heading = (text: string, keep = 80): void => { room(keep); doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).fillColor('#000').text(plain(text), MARGIN, doc.y, { width }).moveDown(0.3); };
  const line = (text: string, opts: { bold?: boolean; size?: number; colour?: string; indent?: number } = {}): void => {
    doc.font(opts.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(opts.size ?? 10).fillColor(opts.colour ?? '#000').text(plain(text), MARGIN + (opts.indent ?? 0), doc.y, { width: width - (opts.indent ?? 0) });
  };

  const i = data.incident;
  doc.font('Helvetica-Bold').fontSize(18).text(plain(`Incident ${i.id}: ${i.title}`), { width });
  doc.moveDown(0.3);
  line(`State: ${i.state}${i.closedAt ? ` (closed by ${i.closedBy ?? '?'} at ${when(i.closedAt)})` : ''}   Owner: ${i.owner}`);
  line(`Opened by ${i.openedBy} at ${when(i.openedAt)}   Alarms: ${i.alarmIds.length}   Events: ${i.eventIds.length}   Snapshots: ${data.snapshots.length}`);
  line(`Report made by ${data.generatedBy} at ${when(data.generatedAt)}`, { colour: '#555', size: 9 });

  heading('Timeline');
  for (const e of i.entries) {
    room(14);
    const y = doc.y;
    doc.font('Helvetica').fontSize(9).fillColor('#555').text(when(e.t), MARGIN, y, { width: 95 });
    doc.font('Helvetica-Bold').fillColor('#000').text(plain(e.actor), MARGIN + 98, y, { width: 70 });
    doc.font('Helvetica').text(plain(`${e.kind}: ${e.text}`), MARGIN + 170, y, { width: width - 170 });
  }

  for (const r of data.alarms) alarmSection(doc, r, heading, line, room, width);

  if (data.snapshots.length) {
    // The heading stays with its first picture.
    heading('Snapshots', 300);
    for (const s of data.snapshots) {
      room(250);
      line(`${when(s.entry.t)} · ${s.entry.text} · taken by ${s.entry.actor}`, { size: 9 });
      if (!s.image) { line('(the image file is missing)', { colour: '#d1242f' }); continue; }
      try {
        const top = doc.y + 4;
        doc.image(s.image, MARGIN, top, { fit: [width, 220] });
        doc.y = top + 226;
      } catch (err) {
        line(`(the image could not be drawn: ${err instanceof Error ? err.message : String(err)})`, { colour: '#d1242f' });
      }
    }
  }
  doc.end();
  return done;
}

type Doc = InstanceType<typeof PDFDocument>;

function alarmSection(doc: Doc, r: ReportAlarm, heading: (t: string, keep?: number) => void, line: (t: string, o?: { bold?: boolean; size?: number; colour?: string; indent?: number }) => void, room: (h: number) => void, width: number): void {
  const a = r.alarm;
  heading(`Alarm: ${a.name} on ${a.source.name}`, 160);
  line(`Priority ${a.priority} · ${STATE[a.state] ?? a.state} · activated ${when(a.activatedAt)} · ${a.activations} activation(s)${a.value !== null ? ` · value ${a.value}` : ''}`);
  if (a.acknowledgedBy) line(`Acknowledged by ${a.acknowledgedBy} at ${when(a.acknowledgedAt)}${a.comment ? `: "${a.comment}"` : ''}`);

  const steps = a.steps ?? [];
  doc.moveDown(0.4);
  line(`Checklist${a.requireSteps ? ' (every step required before reset)' : ''}`, { bold: true });
  if (!steps.length) line('No procedure steps.', { colour: '#555', indent: 10 });
  steps.forEach((s, n) => {
    room(28);
    const c = a.checklist?.[s.id];
    const box = c?.check ? '[x]' : '[ ]';
    line(`${box} ${n + 1}. ${s.text}${s.action ? `  (action: ${describeStepAction(s.action)})` : ''}`, { indent: 10 });
    if (c?.check) line(`checked by ${c.check.by} at ${when(c.check.at)}${c.check.comment ? `: "${c.check.comment}"` : ''}`, { indent: 34, size: 9, colour: '#1a7f37' });
    else line('open', { indent: 34, size: 9, colour: '#d1242f' });
    if (c?.run) line(`action run by ${c.run.by} at ${when(c.run.at)}: ${c.run.ok ? 'done' : 'failed'}${c.run.detail ? ` (${c.run.detail})` : ''}`, { indent: 34, size: 9, colour: '#555' });
  });

  doc.moveDown(0.4);
  line('Who did what', { bold: true });
  for (const h of r.history) {
    room(14);
    line(`${when(h.t)}  ${h.actor}  ${h.action} -> ${STATE[h.state] ?? h.state}${h.reason ? `  ${h.reason}` : ''}`, { indent: 10, size: 9 });
  }

  doc.moveDown(0.4);
  if (r.chart) drawChart(doc, r.chart, width, room, line);
  else line(`No sensor chart: ${r.chartNote}`, { colour: '#555', size: 9 });
}

function drawChart(doc: Doc, c: ReportChart, width: number, room: (h: number) => void, line: (t: string, o?: { bold?: boolean; size?: number; colour?: string }) => void): void {
  const h = 160;
  room(h + 60);
  line(`Sensor: ${c.device} · ${c.point}${c.unit ? ` (${c.unit})` : ''} · ${when(c.from)} to ${when(c.to).slice(11)} · threshold ${c.op} ${c.thresholds.join(' / ')}`, { bold: true, size: 9 });
  const left = MARGIN + 40;
  const top = doc.y + 6;
  const w = width - 40;
  const values = [...c.samples.map((s) => s[1]), ...c.thresholds];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) { lo = 0; hi = 1; }
  if (hi === lo) { hi += 1; lo -= 1; }
  const span = hi - lo;
  lo -= span * 0.08;
  hi += span * 0.08;
  const x = (t: number): number => left + ((t - c.from) / Math.max(1, c.to - c.from)) * w;
  const y = (v: number): number => top + h - ((v - lo) / (hi - lo)) * h;

  doc.save().lineWidth(0.5).strokeColor('#888').rect(left, top, w, h).stroke();
  doc.font('Helvetica').fontSize(7).fillColor('#555');
  for (let k = 0; k <= 4; k++) {
    const v = lo + ((hi - lo) * k) / 4;
    doc.text(v.toFixed(Math.abs(hi - lo) < 10 ? 1 : 0), MARGIN, y(v) - 3, { width: 36, align: 'right', lineBreak: false });
    const t = c.from + ((c.to - c.from) * k) / 4;
    // Seconds only where the window is short enough for them to differ.
    doc.text(c.to - c.from < 15 * 60_000 ? when(t).slice(11) : clock(t), x(t) - 20, top + h + 3, { width: 40, align: 'center', lineBreak: false });
  }
  for (const th of c.thresholds) {
    doc.lineWidth(1.2).strokeColor(THRESHOLD_COLOUR).dash(5, { space: 3 }).moveTo(left, y(th)).lineTo(left + w, y(th)).stroke().undash();
  }
  if (c.activatedAt !== null && c.activatedAt >= c.from && c.activatedAt <= c.to) {
    doc.lineWidth(0.8).strokeColor('#9a6700').moveTo(x(c.activatedAt), top).lineTo(x(c.activatedAt), top + h).stroke();
    // The label sits on whichever side of the marker has room.
    const right = x(c.activatedAt) > left + w - 40;
    doc.fillColor('#9a6700').text('alarm', right ? x(c.activatedAt) - 32 : x(c.activatedAt) + 2, top + 2, { width: 30, align: right ? 'right' : 'left', lineBreak: false });
  }
  if (c.samples.length) {
    doc.lineWidth(1.5).strokeColor(SERIES_COLOUR);
    c.samples.forEach(([t, v], n) => (n === 0 ? doc.moveTo(x(t), y(v)) : doc.lineTo(x(t), y(v))));
    doc.stroke();
  } else {
    doc.fillColor('#555').text('no samples stored in this window', left + 10, top + h / 2);
  }
  doc.restore();
  doc.y = top + h + 16;
  doc.x = MARGIN;
}
