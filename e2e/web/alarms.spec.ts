import { expect, test } from '@playwright/test';
import net from 'node:net';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

test.describe('alarm handling', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('Noise above 60 → the NOISE alarm → acknowledge with one key → shelve with a reason → still shelved after a reload', async ({ page, request }) => {
    const token = await apiToken(request, serve.url, PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    expect((await request.post(`${serve.url}api/v1/alarm-definitions`, { headers, data: { id: 'NOISE', name: 'NOISE', priority: 10, procedure: 'Send a guard.' } })).status()).toBe(201);
    expect((await request.post(`${serve.url}api/v1/rules`, { headers, data: { id: 'noise', name: 'HALO Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] } })).status()).toBe(201);
    expect((await request.post(`${serve.url}api/v1/devices`, { headers, data: { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 } })).status()).toBe(201);

    // Count the tones the console plays: headless Chromium has no speakers to listen to.
    await page.addInitScript(() => {
      const w = window as unknown as { __tones: number; AudioContext: typeof AudioContext };
      w.__tones = 0;
      const Real = w.AudioContext;
      w.AudioContext = class extends Real {
        override createOscillator(): OscillatorNode {
          const osc = super.createOscillator();
          const start = osc.start.bind(osc);
          osc.start = (when?: number) => { w.__tones += 1; start(when); };
          return osc;
        }
      };
    });
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD);
    await expect(page.getByText('No standing alarms.')).toBeVisible();

    const socket = net.connect({ host: '127.0.0.1', port: serve.tcpPort });
    await new Promise((r) => socket.once('connect', r));
    socket.write('DeviceId=Bath11 Noise=@72.5@;');

    const row = page.locator('[data-testid^="alarm-row-"]').first();
    await expect(row).toContainText('NOISE');
    await expect(row).toContainText('Bathroom 11');
    await expect(row).toContainText('ACTIVE · UNACK');
    await expect(row).toHaveClass(/blink/);
    // A new unacknowledged alarm sounds: a priority-10 alarm plays the three-tone critical alert.
    await expect.poll(() => page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThanOrEqual(3);
    await console.screenshot('alarm-active');

    // The shortcuts are listed on ?.
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toContainText('Acknowledge the most urgent unacknowledged alarm');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts')).toHaveCount(0);
    await page.keyboard.press('a');
    await expect(row).toContainText('ACTIVE · ACK');
    await expect(row).not.toHaveClass(/blink/);

    await row.getByRole('button', { name: 'Shelve…' }).click();
    await page.getByTestId('shelve-reason').fill('Band rehearsal next door');
    await page.getByTestId('shelve-minutes').selectOption('60');
    await page.getByTestId('shelve-confirm').click();
    await expect(row).toContainText('Shelved by admin: Band rehearsal next door');
    await console.screenshot('alarm-shelved');

    // The alarm's trace: its device and data point, ±15 minutes around it, the alarm marked.
    await row.getByRole('button', { name: 'Trace' }).click();
    await expect(page.getByTestId('chart-window')).toBeVisible();
    await expect(page.getByTestId('chart-point')).toHaveValue('Noise');
    await expect(page.getByTestId('chart-count')).toHaveText('1 of 1 samples shown');
    // The time the alarm has stood is shaded; it still stands, so the shade runs to the window's end.
    await expect(page.locator('[data-testid="chart"] .recharts-reference-area')).toHaveCount(1);
    await page.locator('section[aria-label="Data points"]').screenshot({ path: 'docs/screenshots/alarm-trace.png' });

    // The alarm's source on the floor plan: its popup carries the value that raised it.
    await row.getByRole('button', { name: 'Map' }).click();
    const popup = page.getByTestId('map-popup');
    await expect(popup).toContainText('Bathroom 11');
    await expect(popup.getByTestId('popup-value-Noise')).toHaveText('72.5');
    await expect(popup.getByTestId('popup-state')).toContainText('NOISE');
    await page.getByTestId('floor-map').screenshot({ path: 'docs/screenshots/map-popup.png' });

    await page.reload();
    await console.expectLoggedInAs('admin');
    await expect(page.locator('[data-testid^="alarm-row-"]').first()).toContainText('Shelved by admin: Band rehearsal next door');
    socket.destroy();
  });

  test('the rules editor shows refused fields and flags rules with empty alarm links', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'rules');
    await expect(page.getByTestId('definitions-table')).toContainText('NOISE');
    const bad = { id: 'loud', name: 'Loud', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '~', value: 80 }, do: [{ type: 'trigger-alarm', alarmId: '' }] };
    await page.getByTestId('rule-as-json').click();
    await page.getByTestId('rule-text').fill(JSON.stringify(bad));
    await page.getByTestId('rule-save').click();
    await expect(page.getByTestId('rule-result')).toContainText('when');
    await page.getByTestId('rule-text').fill(JSON.stringify({ ...bad, when: { ...bad.when, op: '>' } }));
    await page.getByTestId('rule-save').click();
    await expect(page.getByTestId('rule-result')).toContainText('Saved, with warnings: do[0]: the alarm link is empty');
    await expect(page.getByTestId('rule-warning-loud')).toContainText('the alarm link is empty');

    // The same rule in the form: a band without its upper bound is marked before anything is sent.
    await page.getByTestId('rule-as-form').click();
    await expect(page.getByTestId('rule-id')).toHaveValue('loud');
    await page.getByTestId('rule-op').selectOption('between');
    // The band's upper bound, and the empty alarm link: the form says so before saving.
    await expect(page.getByTestId('rule-form-verdict')).toHaveText('2 field(s) to fix');
    await expect(page.getByTestId('rule-form')).toContainText('between needs value2 ≥ value');
    await expect(page.getByTestId('rule-form-save')).toBeDisabled();
    await page.getByTestId('rule-value2').fill('95');
    await page.getByTestId('rule-alarm-0').selectOption('NOISE');
    await expect(page.getByTestId('rule-form-verdict')).toHaveText('Ready to save');
    await page.getByTestId('rule-form-save').click();
    await expect(page.getByTestId('rule-form-result')).toContainText('Saved Loud.');
    await expect(page.getByTestId('rule-warning-loud')).toHaveCount(0);
    await expect(page.getByTestId('rules-table')).toContainText('Noise between 80 and 95');
    await console.screenshot('rules');
  });
});
