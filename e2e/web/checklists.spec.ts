import { expect, test } from '@playwright/test';
import net from 'node:net';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage, apiToken } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

test.describe('alarm procedures as checklists', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { expect(await serve.stop()).toBe(0); });

  test('a checklist with a PTZ step: written in the definition form, run, ticked, then the alarm resets', async ({ page, request }) => {
    const token = await apiToken(request, serve.url, PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    const api = (method: 'get' | 'post' | 'put', path: string, data?: unknown) => request[method](`${serve.url}api/v1${path}`, { headers, ...(data === undefined ? {} : { data }) });
    expect((await api('put', '/site/connection', { driver: 'simulated', directoryServer: '10.0.0.5', username: 'watchdesk', password: 'secret', activity: false })).status()).toBe(200);

    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'rules');
    // The supervisor writes the procedure as steps in the alarm-definition form.
    await page.getByTestId('definition-id').fill('LOUD');
    await page.getByTestId('definition-name').fill('Loud noise in a bathroom');
    await page.getByTestId('definition-priority').fill('20');
    await page.getByTestId('definition-latching').check();
    await page.getByTestId('step-add').click();
    await page.getByTestId('step-0-text').fill('Turn camera 3 to the bathroom door');
    await page.getByTestId('step-0-action').selectOption('ptz-preset');
    await page.getByTestId('step-0-asset').fill('camera-03');
    await page.getByTestId('step-0-preset').fill('2');
    await page.getByTestId('step-add').click();
    await page.getByTestId('step-1-text').fill('Send a guard and note who went');
    await page.getByTestId('step-1-require-comment').check();
    await page.getByTestId('definition-require-steps').check();
    await expect(page.getByTestId('definition-form-verdict')).toHaveText('Ready to save');
    await page.getByTestId('step-editor').scrollIntoViewIfNeeded();
    await console.screenshot('definition-steps');
    await page.getByTestId('definition-form-save').click();
    await expect(page.getByTestId('definition-LOUD')).toContainText('Loud noise in a bathroom');
    const def = await (await api('get', '/alarm-definitions')).json() as Array<{ id: string; requireSteps: boolean; steps: unknown[] }>;
    expect(def.find((d) => d.id === 'LOUD')).toMatchObject({ requireSteps: true, steps: [{ id: 'step-1', action: { type: 'ptz-preset', assetId: 'camera-03', presetId: '2' } }, { id: 'step-2', requireComment: true }] });

    expect((await api('post', '/rules', { id: 'loud', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'LOUD' }] })).status()).toBe(201);
    expect((await api('post', '/devices', { name: 'Bathroom 11', deviceId: 'Bath11', typeId: 'halo', serverId: 1 })).status()).toBe(201);

    await page.getByTestId('tab-monitoring').click();
    const socket = net.connect({ host: '127.0.0.1', port: serve.tcpPort });
    await new Promise((r) => socket.once('connect', r));
    socket.write('DeviceId=Bath11 Noise=@72@;');
    const row = page.locator('[data-testid^="alarm-row-"]').first();
    await expect(row).toContainText('ACTIVE · UNACK');
    const id = Number((await row.getAttribute('data-testid'))!.replace('alarm-row-', ''));
    await page.getByTestId(`ack-${id}`).click();
    socket.write('DeviceId=Bath11 Noise=@40@;');
    await expect(row).toContainText('LATCHED');

    // Reset is refused while steps are open, and says which.
    await page.getByTestId(`reset-${id}`).click();
    await expect(page.getByTestId('alarm-error')).toContainText('cannot be reset until every step of its procedure is checked; open: "1. Turn camera 3 to the bathroom door", "2. Send a guard and note who went"');

    await page.getByTestId(`alarm-detail-toggle-${id}`).click();
    await expect(page.getByTestId(`checklist-progress-${id}`)).toHaveText('0 of 2 checked');
    await page.getByTestId(`step-run-${id}-step-1`).click();
    await expect(page.getByTestId(`step-ran-${id}-step-1`)).toContainText('Ran by admin');
    await expect(page.getByTestId(`step-ran-${id}-step-1`)).toContainText('PTZ camera-03 to preset 2: confirmed');
    expect((await (await api('get', '/assets/camera-03')).json() as { attributes: { ptz: { preset: string } } }).attributes.ptz.preset).toBe('2');
    await page.getByTestId(`step-check-${id}-step-1`).click();
    await expect(page.getByTestId(`step-done-${id}-step-1`)).toContainText('admin');
    // The comment the step asks for comes first.
    await expect(page.getByTestId(`step-check-${id}-step-2`)).toBeDisabled();
    await page.getByTestId(`step-comment-${id}-step-2`).fill('Sam from the front desk went up');
    await page.getByTestId(`step-check-${id}-step-2`).click();
    await expect(page.getByTestId(`checklist-progress-${id}`)).toHaveText('2 of 2 checked');
    await expect(page.getByTestId(`step-done-${id}-step-2`)).toContainText('“Sam from the front desk went up”');
    await page.getByTestId(`alarm-detail-${id}`).scrollIntoViewIfNeeded();
    await console.screenshot('alarm-checklist');

    await page.getByTestId(`reset-${id}`).click();
    await expect(page.getByText('No standing alarms.')).toBeVisible();
    const history = await (await api('get', `/alarms/${id}/history`)).json() as Array<{ action: string; actor: string; reason: string }>;
    expect(history.map((h) => h.action)).toEqual(['activate', 'acknowledge', 'clear', 'step-run', 'step-check', 'step-check', 'reset']);
    const audit = await (await api('get', '/audit?action=alarm.step')).json() as Array<{ action: string; actor: string }>;
    expect(audit.map((a) => `${a.action} ${a.actor}`)).toEqual(['alarm.step-check admin', 'alarm.step-check admin', 'alarm.step-run admin']);
    socket.destroy();
  });
});
