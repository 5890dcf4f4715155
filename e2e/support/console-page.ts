import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { desktopShell, installDesktopShell } from './desktop-shell.js';

/** The console as an operator sees it: log in, read the ingest view. */
export class ConsolePage {
  constructor(readonly page: Page, readonly url: string) {}

  /** Opens the console logged in as admin, on a tab if given. */
  static async signedIn(page: Page, url: string, password: string, tab?: string): Promise<ConsolePage> {
    const console = new ConsolePage(page, url);
    await console.login('admin', password);
    await console.expectLoggedInAs('admin');
    if (tab) await page.getByTestId(`tab-${tab}`).click();
    return console;
  }

  async login(username: string, password: string): Promise<void> {
    // The desktop project runs every flow through the desktop app's preload and IPC host.
    if (desktopShell(test.info().project.name)) await installDesktopShell(this.page, this.url);
    await this.page.goto(this.url);
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }

  async expectLoggedInAs(username: string): Promise<void> {
    await expect(this.page.getByTestId('operator')).toContainText(username);
    await expect(this.page.getByTestId('stream-state')).toHaveText('LIVE');
    if (desktopShell(test.info().project.name)) {
      // The console runs on the preload's bridge, and the session token stayed in the main process.
      expect(await this.page.evaluate(() => typeof (window as unknown as { watchdesk?: unknown }).watchdesk)).toBe('object');
      expect(await this.page.evaluate(() => JSON.stringify(sessionStorage))).toBe('{}');
    }
  }

  deviceRow(deviceId: string) {
    return this.page.getByTestId(`device-row-${deviceId}`);
  }

  value(deviceId: string, point: string) {
    return this.page.getByTestId(`value-${deviceId}-${point}`);
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: false });
  }
}

/** A session token for setting the scene through the API. */
export async function apiToken(request: APIRequestContext, url: string, password: string): Promise<string> {
  const r = await request.post(`${url}api/v1/sessions`, { data: { username: 'admin', password } });
  return ((await r.json()) as { token: string }).token;
}
