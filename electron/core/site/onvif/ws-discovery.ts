import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import type { DiscoveredDevice } from '../../../../shared/site/views.js';

const GROUP = '239.255.255.250';
const PORT = 3702;
const MAX_DEVICES = 256;

const probeMessage = (id: string): string =>
  '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl">' +
  `<s:Header><a:MessageID>urn:uuid:${id}</a:MessageID><a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</a:Action></s:Header>` +
  '<s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>';

const text = (xml: string, name: string): string | undefined => new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>([^<]*)</(?:[\\w-]+:)?${name}>`).exec(xml)?.[1]?.trim();

function scope(scopes: string, kind: string): string | null {
  const hit = scopes.split(/\s+/).find((s) => s.startsWith(`onvif://www.onvif.org/${kind}/`));
  if (!hit) return null;
  try {
    return decodeURIComponent(hit.slice(`onvif://www.onvif.org/${kind}/`.length)).slice(0, 128);
  } catch {
    return null;
  }
}

/** One ProbeMatches answer into devices; anything malformed is skipped, never thrown. */
export function parseProbeMatches(xml: string): DiscoveredDevice[] {
  if (xml.length > 65_536 || /<!(DOCTYPE|ENTITY)/i.test(xml)) return [];
  const out: DiscoveredDevice[] = [];
  for (const m of xml.matchAll(/<(?:[\w-]+:)?ProbeMatch\b[^>]*>([\s\S]*?)<\/(?:[\w-]+:)?ProbeMatch>/g)) {
    const body = m[1]!;
    const xaddrs = (text(body, 'XAddrs') ?? '').split(/\s+/).filter((x) => /^https?:\/\//.test(x));
    const first = xaddrs[0];
    if (!first) continue;
    let url: URL;
    try {
      url = new URL(first);
    } catch {
      continue;
    }
    const scopes = text(body, 'Scopes') ?? '';
    out.push({
      urn: (text(body, 'Address') ?? first).slice(0, 256), xaddrs: xaddrs.slice(0, 8), address: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80, name: scope(scopes, 'name'), hardware: scope(scopes, 'hardware'),
    });
  }
  return out;
}

/**
 * A bounded WS-Discovery probe, on demand only: one Probe for NetworkVideoTransmitters to the
 * multicast group (TTL 1: the local subnet only), answers collected for `timeoutMs`. Written
 * here rather than through the `onvif` package's Discovery, which throws from inside its socket
 * callbacks on a malformed or multi-match answer (a crash a hostile device could cause).
 */
export function probe(timeoutMs = 3000): Promise<DiscoveredDevice[]> {
  return new Promise((resolve, reject) => {
    const found = new Map<string, DiscoveredDevice>();
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    let finished = false;
    const finish = (err?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      try { socket.close(); } catch { /* already closed */ }
      if (err) reject(err);
      else resolve([...found.values()]);
    };
    const timer = setTimeout(() => finish(), timeoutMs);
    socket.on('error', (err) => finish(new Error(`discovery failed: ${err.message}`)));
    socket.on('message', (msg) => {
      for (const d of parseProbeMatches(msg.toString('utf8'))) if (found.size < MAX_DEVICES && !found.has(d.urn)) found.set(d.urn, d);
    });
    socket.bind(0, () => {
      try {
        socket.setMulticastTTL(1);
        const message = Buffer.from(probeMessage(randomUUID()));
        socket.send(message, PORT, GROUP, (err) => { if (err) finish(new Error(`discovery failed: ${err.message}`)); });
      } catch (err) {
        finish(err as Error);
      }
    });
  });
}
