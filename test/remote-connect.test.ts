import { describe, expect, it } from 'vitest';
import { CHOOSE, CONNECT_PAGE, connectRequest, readChoice } from '../electron/shell/connect-page.js';
import { shellArgs, type ConnectionChoice } from '../electron/shell/remote-node.js';

const at = (path: string): URL => new URL(`app://watchdesk${path}`);

describe('choosing the console: this computer or a Watchdesk server', () => {
  it('reads --connect and --insecure among Electron and Chromium flags', () => {
    expect(shellArgs(['/opt/watchdesk', '.', '--no-sandbox', '--connect', 'https://node.example'])).toEqual({ connect: 'https://node.example', insecure: false });
    expect(shellArgs(['watchdesk', '--connect=http://10.0.0.5:8080', '--insecure'])).toEqual({ connect: 'http://10.0.0.5:8080', insecure: true });
    expect(shellArgs(['watchdesk', '--local'])).toEqual({ connect: null, insecure: false });
  });

  it('answers the connect page only while main is asking', async () => {
    expect(connectRequest(at('/index.html'), null)).toBeNull();
    expect(connectRequest(at(CONNECT_PAGE), null)?.status).toBe(404);
    expect(connectRequest(at(`${CHOOSE}?mode=local`), null)?.status).toBe(404);
    const chosen: ConnectionChoice[] = [];
    const pending = { current: { mode: 'remote', url: 'https://node.example', pin: null, insecure: false } as ConnectionChoice, choose: (c: ConnectionChoice) => chosen.push(c) };
    const page = connectRequest(at(CONNECT_PAGE), pending)!;
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const html = await page.text();
    expect(html).toContain('value="https://node.example"');
    expect(html).not.toMatch(/<script>/);
    expect(await connectRequest(at('/connect.js'), pending)!.text()).toContain(CHOOSE);
    expect(chosen).toEqual([]);
  });

  it('shows why an address is refused, and hands a good choice to main', async () => {
    const chosen: ConnectionChoice[] = [];
    const pending = { current: null, choose: (c: ConnectionChoice) => chosen.push(c) };
    const refused = await connectRequest(at(`${CHOOSE}?mode=remote&url=${encodeURIComponent('http://node.example"><script>x</script>')}`), pending)!.text();
    expect(refused).toContain('data-testid="connect-error"');
    expect(refused).not.toContain('<script>x');
    expect(await connectRequest(at(`${CHOOSE}?mode=remote&url=http%3A%2F%2F10.0.0.5%3A8080`), pending)!.text()).toMatch(/--insecure/);
    expect(chosen).toEqual([]);
    connectRequest(at(`${CHOOSE}?mode=remote&url=node.example%3A8443`), pending);
    connectRequest(at(`${CHOOSE}?mode=remote&url=http%3A%2F%2F10.0.0.5%3A8080&insecure=1`), pending);
    connectRequest(at(`${CHOOSE}?mode=local`), pending);
    expect(chosen).toEqual([
      { mode: 'remote', url: 'https://node.example:8443', pin: null, insecure: false },
      { mode: 'remote', url: 'http://10.0.0.5:8080', pin: null, insecure: true },
      { mode: 'local' },
    ]);
    expect(readChoice(new URLSearchParams('mode=elsewhere'))).toEqual({ error: 'Choose this computer or a Watchdesk server' });
  });
});
