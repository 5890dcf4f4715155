import { expect, test } from '@playwright/test';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

test.describe('a session that ends elsewhere', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--no-demo', '--admin-password', PASSWORD]); });
  test.afterAll(async () => { await serve.stop(); });

  test('the console says it was signed out, and why, and does not reconnect', async ({ page }) => {
    test.skip(test.info().project.name === 'desktop-ipc', "the desktop keeps the token in main, so there is none to read here; remote-console.spec.ts ends the desktop's session at the server instead");
    await ConsolePage.signedIn(page, serve.url, PASSWORD);
    const token = await page.evaluate(() => sessionStorage.getItem('watchdesk.session'));
    // Logged out from somewhere else: a script, or an administrator's reset.
    await fetch(`${serve.url}api/v1/sessions/current`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
    await expect(page.getByTestId('signed-out')).toHaveText('Signed out: this session was logged out');
    await expect(page.getByTestId('login-form')).toBeVisible();
  });
});
