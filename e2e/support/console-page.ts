import { expect, type Page } from '@playwright/test';

/** The console as an operator sees it: log in, read the ingest view. */
export class ConsolePage {
  constructor(readonly page: Page, readonly url: string) {}

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
