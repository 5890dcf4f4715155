import type { Bridge } from '../../../../shared/bridge.js';

/** A URL for an incident's report or one of its snapshots, with a single-use ticket: the desktop renderer holds no token. */
export async function incidentUrl(bridge: Bridge, id: number, path: 'report' | `snapshots/${number}`): Promise<string> {
  const { ticket } = await bridge.call('incidents.ticket', { params: { id } });
  return `${bridge.mediaBase}/api/v1/incidents/${id}/${path}?ticket=${encodeURIComponent(ticket)}`;
}

/** Downloads the incident report (PDF). */
export async function downloadReport(bridge: Bridge, id: number): Promise<void> {
  const a = document.createElement('a');
  a.href = await incidentUrl(bridge, id, 'report');
  a.download = `watchdesk-incident-${id}.pdf`;
  document.body.append(a);
  a.click();
  a.remove();
}

let picked: number | null = null;

/** The incident the Incidents tab shows first: the one an operator just opened from an alarm. */
export const pickIncident = (id: number): void => { picked = id; };
export const pickedIncident = (): number | null => picked;
