import { expect, type APIRequestContext, type Page } from '@playwright/test';

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
    await this.page.goto(this.url);
    await this.page.getByTestId('login-username').fill(username);
    await this.page.getByTestId('login-password').fill(password);
    await this.page.getByTestId('login-submit').click();
  }

  async expectLoggedInAs(username: string): Promise<void> {
    await expect(this.page.getByTestId('operator')).toContainText(username);
    await expect(this.page.getByTestId('stream-state')).toHaveText('LIVE');
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
