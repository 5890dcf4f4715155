import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseProbeMatches } from '../electron/core/site/onvif/ws-discovery.js';

// A namespace with only loopback, multicast routed onto it: no probe leaves the machine.
const NETNS = 'ip link set lo up && ip link set lo multicast on && ip route add 239.0.0.0/8 dev lo && exec "$0" --import tsx test/support/discovery-netns.ts';
const permitted = spawnSync('unshare', ['-rn', 'true']).status === 0;

describe('WS-Discovery on demand', () => {
  it('lists the devices that answer and are not added yet, within its 3 s bound (inside unshare -n)', () => {
    if (!permitted) {
      console.log('skipped: unshare -n is not permitted here, so the discovery probe is not run');
      return;
    }
    const run = spawnSync('unshare', ['-rn', 'sh', '-c', NETNS, process.execPath], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!) as { added: number; fresh: number; status: number; body: Array<{ port: number; name: string; hardware: string; address: string }>; ms: number };
    expect(out.status).toBe(200);
    expect(out.body).toEqual([expect.objectContaining({ address: '127.0.0.1', port: out.fresh, name: 'Acme Vision', hardware: 'Dome 9' })]);
    expect(out.ms).toBeGreaterThanOrEqual(2900);
    expect(out.ms).toBeLessThan(4500);
  }, 60_000);

  it('skips malformed, hostile and oversized answers instead of throwing', () => {
    expect(parseProbeMatches('garbage <<<')).toEqual([]);
    expect(parseProbeMatches('<!DOCTYPE x [<!ENTITY a "b">]><ProbeMatch><XAddrs>http://10.0.0.1/</XAddrs></ProbeMatch>')).toEqual([]);
    expect(parseProbeMatches(`<ProbeMatch><XAddrs>http://10.0.0.1/${'x'.repeat(70_000)}</XAddrs></ProbeMatch>`)).toEqual([]);
    expect(parseProbeMatches('<d:ProbeMatch><d:XAddrs>not-a-url</d:XAddrs></d:ProbeMatch>')).toEqual([]);
    const two = parseProbeMatches('<d:ProbeMatches><d:ProbeMatch><a:Address>urn:uuid:1</a:Address><d:XAddrs>http://10.0.0.7:8080/onvif/device_service</d:XAddrs><d:Scopes>onvif://www.onvif.org/name/Gate%20Cam</d:Scopes></d:ProbeMatch><d:ProbeMatch><a:Address>urn:uuid:2</a:Address><d:XAddrs>https://10.0.0.8/onvif</d:XAddrs></d:ProbeMatch></d:ProbeMatches>');
    expect(two).toEqual([
      { urn: 'urn:uuid:1', xaddrs: ['http://10.0.0.7:8080/onvif/device_service'], address: '10.0.0.7', port: 8080, name: 'Gate Cam', hardware: null },
      { urn: 'urn:uuid:2', xaddrs: ['https://10.0.0.8/onvif'], address: '10.0.0.8', port: 443, name: null, hardware: null },
    ]);
  });
});
