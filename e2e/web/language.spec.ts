import { expect, test } from '@playwright/test';
import { startServe, type ServeHandle } from '../support/serve-process.js';
import { ConsolePage } from '../support/console-page.js';

const PASSWORD = 'e2e-password-1';

test.describe('the language setting', () => {
  let serve: ServeHandle;
  test.beforeAll(async () => { serve = await startServe(['--admin-password', PASSWORD]); });
  test.afterAll(async () => { await serve.stop(); });

  test('French names the tabs and the top bar, the rest stays English, and it is kept across a reload', async ({ page }) => {
    const console = await ConsolePage.signedIn(page, serve.url, PASSWORD, 'settings');
    await page.getByTestId('operator').click();
    await page.getByTestId('display-open').click();
    await page.getByTestId('display-language').selectOption('fr');
    await expect(page.getByTestId('display-settings').locator('h2')).toHaveText('Affichage');
    await page.getByTestId('display-close').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByTestId('tab-monitoring')).toHaveText('Surveillance');
    await expect(page.getByTestId('tab-settings')).toHaveText('Paramètres');
    await expect(page.getByTestId('help')).toHaveText('Aide');
    // Not translated yet: falls back to English rather than showing a key.
    await expect(page.getByTestId('tab-incidents')).toHaveText('Incidents');
    await page.reload();
    await expect(page.getByTestId('stream-state')).toHaveText('LIVE');
    await expect(page.getByTestId('tab-rules')).toHaveText('Règles');
    await console.screenshot('display-language-fr');

    await page.getByTestId('operator').click();
    await page.getByTestId('display-open').click();
    await page.getByTestId('display-language').selectOption('en');
    await page.getByTestId('display-close').click();
    await expect(page.getByTestId('tab-monitoring')).toHaveText('Monitoring');
  });
});
