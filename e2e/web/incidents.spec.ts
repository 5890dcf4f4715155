import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { HaloFleet } from '../../electron/core/demo/halo-fleet.js';
import { MjpegServer } from '../../electron/core/demo/mjpeg-server.js';
import { SERIES_COLOUR, THRESHOLD_COLOUR } from '../../electron/core/incidents/report-pdf.js';
import { readPdf } from '../../test/support/pdf-pages.js';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

test.describe('incidents', () => {
  let serve: ServeHandle;
  let video: MjpegServer;
  test.beforeAll(async () => {
    // A HALO dashboard as the camera: its snapshot comes through the console's video proxy.
    const fleet = new HaloFleet({ host: '127.0.0.1', port: 1, names: ['Bath11'], intervalMs: 60_000, eventsPerHour: 0, holdMs: 30_000, strings: { heartbeat: '', set: '', reset: '' }, seed: 1 });
    video = new MjpegServer(fleet, { host: '127.0.0.1', port: 0, fps: 5, credentials: null });
    await video.start();
    serve = await startServe(['--no-demo', '--allow-local-targets', '--admin-password', PASSWORD]);
  });
  test.afterAll(async () => {
    expect(await serve.stop()).toBe(0);
    await video.stop();
  });

  test('open an incident from an alarm, attach a snapshot, export the PDF and check its pages', async ({ page, request }) => {
    const token = await apiToken(request, serve.url, PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    const api = (method: 'get' | 'post', path: string, data?: unknown) => request[method](`${serve.url}api/v1${path}`, { headers, ...(data === undefined ? {} : { data }) });
    expect((await api('post', '/alarm-definitions', { id: 'LOUD', name: 'Loud noise', priority: 20, steps: [{ id: 'look', text: 'Look at the dashboard' }, { id: 'guard', text: 'Send a guard', requireComment: true }] })).status()).toBe(201);
    expect((await api('post', '/rules', { id: 'loud', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'LOUD' }] })).status()).toBe(201);
    expect((await api('post', '/devices', { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 })).status()).toBe(201);
    expect((await api('post', '/cameras', { name: 'Bathroom 11 dashboard', mjpegUrl: video.url('Bath11', 'stream'), snapshotUrl: video.url('Bath11', 'snapshot') })).status()).toBe(201);

    // The noise rises through the threshold over a few samples: the report charts them.
    const socket = net.connect({ host: '127.0.0.1', port: serve.tcpPort });
    await new Promise((r) => socket.once('connect', r));
    for (const v of [42, 48, 55, 58]) {
      socket.write(`DeviceId=Bath11 Noise=@${v}@;`);
      await new Promise((r) => setTimeout(r, 150));
    }
    socket.write('DeviceId=Bath11 Noise=@71@;');

    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);
    const row = page.locator('[data-testid^="alarm-row-"]').first();
    await expect(row).toContainText('Loud noise');
    const id = Number((await row.getAttribute('data-testid'))!.replace('alarm-row-', ''));
    await page.getByTestId(`alarm-detail-toggle-${id}`).click();
    await page.getByTestId(`step-comment-${id}-guard`).fill('Sam went up');
    await page.getByTestId(`step-check-${id}-guard`).click();
    await expect(page.getByTestId(`checklist-progress-${id}`)).toHaveText('1 of 2 checked');

    await page.getByTestId(`open-incident-${id}`).click();
    await expect(page.getByTestId('tab-incidents')).toHaveAttribute('aria-selected', 'true');
    const detail = page.locator('[data-testid^="incident-"][aria-label^="Incident "]');
    await expect(detail).toContainText('Loud noise on Bathroom 11');
    await expect(page.getByTestId('incident-owner-name')).toHaveText('admin');

    await page.getByTestId('incident-camera').selectOption({ label: 'Bathroom 11 dashboard' });
    await page.getByTestId('incident-take-snapshot').click();
    const snapshot = page.locator('[data-testid^="incident-snapshot-"]');
    await expect(snapshot).toBeVisible();
    await expect.poll(() => snapshot.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(100);
    await page.getByTestId('incident-note').fill('Guard confirms two students, sent to the office');
    await page.getByTestId('incident-add-note').click();
    await expect(page.getByTestId('incident-timeline')).toContainText('Guard confirms two students');
    await expect(page.getByTestId('incident-timeline')).toContainText('Snapshot of Bathroom 11 dashboard');
    await console.screenshot('incident');

    const downloading = page.waitForEvent('download');
    await page.getByTestId('incident-export').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^watchdesk-incident-\d+\.pdf$/);
    const pdf = readFileSync((await download.path())!);
    const { text, pages } = await readPdf(pdf, 80);
    expect(pages.length).toBe(2);
    for (const s of ['Loud noise on Bathroom 11', 'Timeline', 'Guard confirms two students', '[x] 2. Send a guard', '"Sam went up"', '[ ] 1. Look at the dashboard',
      'Who did what', 'Sensor: Bathroom 11 · Noise (dB)', 'threshold > 60', 'Snapshots', 'Snapshot of Bathroom 11 dashboard']) expect(text).toContain(s);
    // Page 1 carries the chart: the series and the dashed threshold in their colours; page 2 the snapshot.
    expect(pages[0]!.count(SERIES_COLOUR)).toBeGreaterThan(50);
    expect(pages[0]!.count(THRESHOLD_COLOUR)).toBeGreaterThan(50);
    expect(pages[1]!.inked()).toBeGreaterThan(20_000);
    writeFileSync('docs/screenshots/incident-report-page-1.png', pages[0]!.png);
    const audit = await (await api('get', '/audit?action=incident.')).json() as Array<{ action: string; actor: string }>;
    expect(audit.map((a) => a.action)).toEqual(['incident.export', 'incident.note', 'incident.snapshot', 'incident.open']);
    socket.destroy();
  });
});
