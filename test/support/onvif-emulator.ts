import { createHash } from 'node:crypto';
import dgram from 'node:dgram';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An ONVIF camera for tests: SOAP over real HTTP on 127.0.0.1, the device, media, PTZ and
 * events services, WS-UsernameToken digest checked for real, presets that move a simulated
 * position over time, and a PullPoint that delivers the events a test raises. It can be told
 * to answer garbage, truncated or hostile XML, or nothing at all.
 */

export interface EmulatorPreset { token: string; name: string; x: number; y: number; zoom: number }

export interface EmulatorOptions {
  username?: string;
  password?: string;
  manufacturer?: string;
  model?: string;
  /** false: a fixed camera with no PTZ service. */
  ptz?: boolean;
  /** Pan/tilt units per second when moving to a preset. */
  speed?: number;
  /** Also a JPEG profile whose GetStreamUri (HTTP) is an MJPEG stream. */
  mjpeg?: boolean;
  /** How long a PullMessages waits for an event before answering empty. */
  pullHoldMs?: number;
  /** Subscription lifetime given in CreatePullPointSubscription and Renew. */
  subscriptionSeconds?: number;
}

export type EmulatorMode = 'normal' | 'garbage' | 'truncated' | 'hang' | 'bomb' | 'huge' | 'fault';

interface Pending { topic: string; source: Record<string, string>; data: Record<string, string>; at: number }

/** A small JPEG (64×48, blue): enough for an <img> and for checking the bytes arrive. */
export const EMULATOR_JPEG = Buffer.from(
  '/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAwAEADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAX/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAAX/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCEAppwAAAAAAAAAAAAAAAAAAAAAD//2Q==',
  'base64',
);

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const tag = (body: string, name: string): string | undefined => new RegExp(`<(?:[\\w-]+:)?${name}\\b[^>]*>([^<]*)</(?:[\\w-]+:)?${name}>`).exec(body)?.[1];
const attr = (body: string, element: string, name: string): string | undefined => new RegExp(`<(?:[\\w-]+:)?${element}\\b[^>]*\\b${name}="([^"]*)"`).exec(body)?.[1];

const ENVELOPE_OPEN = '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:tds="http://www.onvif.org/ver10/device/wsdl" xmlns:trt="http://www.onvif.org/ver10/media/wsdl" xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl" xmlns:tev="http://www.onvif.org/ver10/events/wsdl" xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:tns1="http://www.onvif.org/ver10/topics" xmlns:ter="http://www.onvif.org/ver10/error"><s:Body>';
const ENVELOPE_CLOSE = '</s:Body></s:Envelope>';

export class OnvifEmulator {
  readonly username: string;
  password: string;
  readonly opts: Required<EmulatorOptions>;
  mode: EmulatorMode = 'normal';
  /** Actions this camera does not implement: answered with the ActionNotSupported fault. */
  readonly unsupported = new Set<string>();
  /** With mode 'fault': the SOAP fault reason every PTZ call answers. */
  faultReason = 'The requested operation failed';
  /** Presets by token, each with where it points. */
  readonly presets = new Map<string, EmulatorPreset>();
  position = { x: 0, y: 0, zoom: 0 };
  private target: { x: number; y: number; zoom: number } | null = null;
  private velocity = { x: 0, y: 0, zoom: 0 };
  private lastTick = Date.now();
  private nextPreset = 10;
  /** Every action received, in order (tests check Renew, GotoPreset, etc.). */
  readonly actions: string[] = [];
  readonly auxCommands: string[] = [];
  private readonly queue: Pending[] = [];
  private readonly waiting = new Set<() => void>();
  private readonly subscriptions = new Map<string, number>();
  private subscriptionSeq = 0;
  private server: http.Server | null = null;
  private udp: dgram.Socket | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(options: EmulatorOptions = {}) {
    this.opts = {
      username: 'admin', password: 'camera-pass', manufacturer: 'Emulated Optics', model: 'PTZ-2000', ptz: true, mjpeg: false, speed: 2, pullHoldMs: 400, subscriptionSeconds: 60,
      ...options,
    };
    this.username = this.opts.username;
    this.password = this.opts.password;
    for (const p of [
      { token: 'preset-1', name: 'Home', x: 0, y: 0, zoom: 0 },
      { token: 'preset-2', name: 'Gate', x: 0.5, y: 0.2, zoom: 0.3 },
      { token: 'preset-3', name: 'Loading Bay', x: -0.6, y: -0.1, zoom: 0.6 },
    ]) this.presets.set(p.token, p);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Listens on 127.0.0.1; the same port again after a stop, so a camera can come back. */
  async start(port = this.port): Promise<number> {
    const server = http.createServer((req, res) => this.handle(req, res));
    server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, '127.0.0.1', () => resolve()); });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
    return this.port;
  }

  /**
   * Answers WS-Discovery probes on 239.255.255.250:3702 over loopback. Only ever called inside
   * a network namespace a test created (`unshare -n`), so no multicast leaves the machine.
   */
  async discoverable(): Promise<void> {
    const udp = dgram.createSocket({ type: 'udp4', reuseAddr: true });
    this.udp = udp;
    udp.on('message', (msg, from) => {
      const text = msg.toString('utf8');
      if (!/Probe\b/.test(text)) return;
      const relates = /MessageID>([^<]+)</.exec(text)?.[1] ?? '';
      const answer = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery" xmlns:dn="http://www.onvif.org/ver10/network/wsdl"><s:Header><a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action><a:RelatesTo>${esc(relates)}</a:RelatesTo></s:Header><s:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:emulator-${this.port}</a:Address></a:EndpointReference><d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>onvif://www.onvif.org/name/${encodeURIComponent(this.opts.manufacturer)} onvif://www.onvif.org/hardware/${encodeURIComponent(this.opts.model)}</d:Scopes><d:XAddrs>${this.url}/onvif/device_service</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>`;
      udp.send(answer, from.port, from.address);
    });
    await new Promise<void>((resolve, reject) => { udp.once('error', reject); udp.bind(3702, () => resolve()); });
    udp.addMembership('239.255.255.250', '127.0.0.1');
  }

  /** Pulls the plug: the port closes and every open connection is cut. */
  async stop(): Promise<void> {
    this.udp?.close();
    this.udp = null;
    const s = this.server;
    this.server = null;
    for (const w of this.waiting) w();
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Raises an event the next PullMessages delivers. */
  raise(topic: string, data: Record<string, string>, source: Record<string, string> = { VideoSourceConfigurationToken: 'vsc-1' }): void {
    this.queue.push({ topic, source, data, at: Date.now() });
    for (const w of this.waiting) w();
  }

  motion(active = true): void {
    this.raise('tns1:RuleEngine/CellMotionDetector/Motion', { IsMotion: String(active) });
  }

  tamper(active = true): void {
    this.raise('tns1:VideoSource/GlobalSceneChange/ImagingService', { State: String(active) });
  }

  count(action: string): number {
    return this.actions.filter((a) => a === action).length;
  }

  /** Advances the simulated head towards its target or along its velocity. */
  private tick(): void {
    const now = Date.now();
    const dt = Math.min(1, (now - this.lastTick) / 1000);
    this.lastTick = now;
    const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, v));
    if (this.target) {
      const step = this.opts.speed * dt;
      const move = (from: number, to: number): number => (Math.abs(to - from) <= step ? to : from + Math.sign(to - from) * step);
      this.position = { x: move(this.position.x, this.target.x), y: move(this.position.y, this.target.y), zoom: move(this.position.zoom, this.target.zoom) };
      if (this.position.x === this.target.x && this.position.y === this.target.y && this.position.zoom === this.target.zoom) this.target = null;
    } else {
      this.position = {
        x: clamp(this.position.x + this.velocity.x * dt, -1, 1), y: clamp(this.position.y + this.velocity.y * dt, -1, 1), zoom: clamp(this.position.zoom + this.velocity.zoom * dt, 0, 1),
      };
    }
  }

  private moving(): boolean {
    return this.target !== null || this.velocity.x !== 0 || this.velocity.y !== 0 || this.velocity.zoom !== 0;
  }

  private authorised(body: string): boolean {
    const user = tag(body, 'Username');
    const digest = tag(body, 'Password');
    const nonce = tag(body, 'Nonce');
    const created = tag(body, 'Created');
    if (!user || !digest || !nonce || !created || user !== this.username) return false;
    const expected = createHash('sha1').update(Buffer.concat([Buffer.from(nonce, 'base64'), Buffer.from(created, 'ascii'), Buffer.from(this.password, 'ascii')])).digest('base64');
    return expected === digest;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'GET' && req.url === '/snapshot.jpg') {
      const expected = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) { res.writeHead(401, { 'www-authenticate': 'Basic realm="camera"' }).end(); return; }
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': EMULATOR_JPEG.length }).end(EMULATOR_JPEG);
      return;
    }
    if (req.method === 'GET' && req.url === '/mjpeg') {
      const expected = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
      if (req.headers.authorization !== expected) { res.writeHead(401, { 'www-authenticate': 'Basic realm="camera"' }).end(); return; }
      res.writeHead(200, { 'content-type': 'multipart/x-mixed-replace; boundary=emuframe' });
      const frame = (): void => { res.write(`--emuframe\r\nContent-Type: image/jpeg\r\nContent-Length: ${EMULATOR_JPEG.length}\r\n\r\n`); res.write(EMULATOR_JPEG); res.write('\r\n'); };
      frame();
      const timer = setInterval(frame, 200);
      res.on('close', () => clearInterval(timer));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const action = /<(?:[\w-]+:)?Body\b[^>]*>\s*<(?:[\w-]+:)?(\w+)/.exec(body)?.[1] ?? 'Unknown';
      this.actions.push(action);
      if (this.mode === 'hang') return;
      if (this.mode === 'garbage') { res.writeHead(200, { 'content-type': 'application/soap+xml' }).end('this is not <xml at all &&&'); return; }
      if (this.mode === 'huge') { this.huge(res); return; }
      if (this.mode === 'bomb') { res.writeHead(200, { 'content-type': 'application/soap+xml' }).end(BOMB); return; }
      if (action !== 'GetSystemDateAndTime' && !this.authorised(body)) {
        this.fault(res, 400, 'ter:NotAuthorized', 'Sender not Authorized');
        return;
      }
      void this.answer(action, body, req.url ?? '/').then((xml) => {
        if (xml === null) return;
        if (typeof xml === 'object') { this.fault(res, 500, xml.code, xml.reason); return; }
        const text = `${ENVELOPE_OPEN}${xml}${ENVELOPE_CLOSE}`;
        if (this.mode === 'truncated') { res.writeHead(200, { 'content-type': 'application/soap+xml' }).end(text.slice(0, Math.floor(text.length / 2))); return; }
        res.writeHead(200, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(text);
      });
    });
  }

  private huge(res: http.ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/soap+xml' });
    res.write(ENVELOPE_OPEN);
    const block = `<tt:Padding>${'x'.repeat(64 * 1024)}</tt:Padding>`;
    let sent = 0;
    const pump = (): void => {
      while (sent < 32 * 1024 * 1024) {
        sent += block.length;
        if (!res.write(block)) { res.once('drain', pump); return; }
      }
      res.end(ENVELOPE_CLOSE);
    };
    res.on('error', () => undefined);
    pump();
  }

  private fault(res: http.ServerResponse, status: number, subcode: string, reason: string): void {
    res.writeHead(status, { 'content-type': 'application/soap+xml; charset=utf-8' }).end(
      `${ENVELOPE_OPEN}<s:Fault><s:Code><s:Value>s:Sender</s:Value><s:Subcode><s:Value>${esc(subcode)}</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang="en">${esc(reason)}</s:Text></s:Reason></s:Fault>${ENVELOPE_CLOSE}`,
    );
  }

  private vector(p: { x: number; y: number; zoom: number }): string {
    return `<tt:PanTilt x="${p.x}" y="${p.y}" space="http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace"/><tt:Zoom x="${p.zoom}" space="http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace"/>`;
  }

  private subscriptionTimes(id: string): string {
    const expires = this.subscriptions.get(id) ?? Date.now();
    return `<wsnt:CurrentTime>${new Date().toISOString()}</wsnt:CurrentTime><wsnt:TerminationTime>${new Date(expires).toISOString()}</wsnt:TerminationTime>`;
  }

  /** The answer's body, a fault, or null when the reply is already handled. */
  private async answer(action: string, body: string, path: string): Promise<string | { code: string; reason: string } | null> {
    this.tick();
    const base = this.url;
    const ptzOnly = ['GetPresets', 'GotoPreset', 'ContinuousMove', 'Stop', 'GotoHomePosition', 'GetStatus', 'SetPreset', 'RemovePreset'];
    if (this.unsupported.has(action)) return { code: 'ter:ActionNotSupported', reason: `${action} is not supported by this device` };
    if (ptzOnly.includes(action) && !this.opts.ptz) return { code: 'ter:ActionNotSupported', reason: 'PTZ is not supported by this device' };
    if (this.mode === 'fault' && (ptzOnly.includes(action) || action === 'SendAuxiliaryCommand') && action !== 'GetPresets' && action !== 'GetStatus') return { code: 'ter:InvalidArgVal', reason: this.faultReason };
    switch (action) {
      case 'GetSystemDateAndTime': {
        const d = new Date();
        return `<tds:GetSystemDateAndTimeResponse><tds:SystemDateAndTime><tt:DateTimeType>Manual</tt:DateTimeType><tt:DaylightSavings>false</tt:DaylightSavings><tt:UTCDateTime><tt:Time><tt:Hour>${d.getUTCHours()}</tt:Hour><tt:Minute>${d.getUTCMinutes()}</tt:Minute><tt:Second>${d.getUTCSeconds()}</tt:Second></tt:Time><tt:Date><tt:Year>${d.getUTCFullYear()}</tt:Year><tt:Month>${d.getUTCMonth() + 1}</tt:Month><tt:Day>${d.getUTCDate()}</tt:Day></tt:Date></tt:UTCDateTime></tds:SystemDateAndTime></tds:GetSystemDateAndTimeResponse>`;
      }
      case 'GetCapabilities':
        return `<tds:GetCapabilitiesResponse><tds:Capabilities><tt:Device><tt:XAddr>${base}/onvif/device_service</tt:XAddr></tt:Device><tt:Events><tt:XAddr>${base}/onvif/events_service</tt:XAddr><tt:WSPullPointSupport>true</tt:WSPullPointSupport></tt:Events><tt:Media><tt:XAddr>${base}/onvif/media_service</tt:XAddr></tt:Media>${this.opts.ptz ? `<tt:PTZ><tt:XAddr>${base}/onvif/ptz_service</tt:XAddr></tt:PTZ>` : ''}</tds:Capabilities></tds:GetCapabilitiesResponse>`;
      case 'GetServices': {
        const svc = (ns: string, p: string): string => `<tds:Service><tds:Namespace>${ns}</tds:Namespace><tds:XAddr>${base}${p}</tds:XAddr><tds:Version><tt:Major>2</tt:Major><tt:Minor>60</tt:Minor></tds:Version></tds:Service>`;
        return `<tds:GetServicesResponse>${svc('http://www.onvif.org/ver10/device/wsdl', '/onvif/device_service')}${svc('http://www.onvif.org/ver10/media/wsdl', '/onvif/media_service')}${svc('http://www.onvif.org/ver10/events/wsdl', '/onvif/events_service')}${this.opts.ptz ? svc('http://www.onvif.org/ver20/ptz/wsdl', '/onvif/ptz_service') : ''}</tds:GetServicesResponse>`;
      }
      case 'GetDeviceInformation':
        return `<tds:GetDeviceInformationResponse><tds:Manufacturer>${esc(this.opts.manufacturer)}</tds:Manufacturer><tds:Model>${esc(this.opts.model)}</tds:Model><tds:FirmwareVersion>1.4.2</tds:FirmwareVersion><tds:SerialNumber>EMU-${this.port}</tds:SerialNumber><tds:HardwareId>emu</tds:HardwareId></tds:GetDeviceInformationResponse>`;
      case 'GetProfiles':
        return `<trt:GetProfilesResponse><trt:Profiles token="profile-1" fixed="true"><tt:Name>Main stream</tt:Name><tt:VideoSourceConfiguration token="vsc-1"><tt:Name>Video source 1</tt:Name><tt:UseCount>1</tt:UseCount><tt:SourceToken>source-1</tt:SourceToken><tt:Bounds x="0" y="0" width="1920" height="1080"/></tt:VideoSourceConfiguration><tt:VideoEncoderConfiguration token="vec-1"><tt:Name>H264</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>H264</tt:Encoding><tt:Resolution><tt:Width>1920</tt:Width><tt:Height>1080</tt:Height></tt:Resolution></tt:VideoEncoderConfiguration>${this.opts.ptz ? '<tt:PTZConfiguration token="ptz-1"><tt:Name>PTZ</tt:Name><tt:UseCount>1</tt:UseCount><tt:NodeToken>node-1</tt:NodeToken></tt:PTZConfiguration>' : ''}</trt:Profiles>${this.opts.mjpeg ? '<trt:Profiles token="profile-2" fixed="true"><tt:Name>MJPEG</tt:Name><tt:VideoSourceConfiguration token="vsc-1"><tt:Name>Video source 1</tt:Name><tt:UseCount>2</tt:UseCount><tt:SourceToken>source-1</tt:SourceToken><tt:Bounds x="0" y="0" width="1920" height="1080"/></tt:VideoSourceConfiguration><tt:VideoEncoderConfiguration token="vec-2"><tt:Name>JPEG</tt:Name><tt:UseCount>1</tt:UseCount><tt:Encoding>JPEG</tt:Encoding><tt:Resolution><tt:Width>640</tt:Width><tt:Height>360</tt:Height></tt:Resolution></tt:VideoEncoderConfiguration></trt:Profiles>' : ''}</trt:GetProfilesResponse>`;
      case 'GetVideoSources':
        return '<trt:GetVideoSourcesResponse><trt:VideoSources token="source-1"><tt:Framerate>25</tt:Framerate><tt:Resolution><tt:Width>1920</tt:Width><tt:Height>1080</tt:Height></tt:Resolution></trt:VideoSources></trt:GetVideoSourcesResponse>';
      case 'GetSnapshotUri':
        return `<trt:GetSnapshotUriResponse><trt:MediaUri><tt:Uri>${base}/snapshot.jpg</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetSnapshotUriResponse>`;
      case 'GetStreamUri': {
        const profile = tag(body, 'ProfileToken');
        const protocol = tag(body, 'Protocol');
        const uri = profile === 'profile-2' && protocol === 'HTTP' ? `${base}/mjpeg` : `rtsp://127.0.0.1:554/${profile ?? 'stream'}`;
        return `<trt:GetStreamUriResponse><trt:MediaUri><tt:Uri>${uri}</tt:Uri><tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:GetStreamUriResponse>`;
      }
      case 'GetPresets':
        return `<tptz:GetPresetsResponse>${[...this.presets.values()].map((p) => `<tptz:Preset token="${esc(p.token)}"><tt:Name>${esc(p.name)}</tt:Name><tt:PTZPosition>${this.vector(p)}</tt:PTZPosition></tptz:Preset>`).join('')}</tptz:GetPresetsResponse>`;
      case 'GotoPreset': {
        const p = this.presets.get(tag(body, 'PresetToken') ?? '');
        if (!p) return { code: 'ter:NoToken', reason: `No such preset: ${tag(body, 'PresetToken') ?? ''}` };
        this.velocity = { x: 0, y: 0, zoom: 0 };
        this.target = { x: p.x, y: p.y, zoom: p.zoom };
        return '<tptz:GotoPresetResponse/>';
      }
      case 'GotoHomePosition': {
        const home = [...this.presets.values()].find((p) => p.name === 'Home') ?? { x: 0, y: 0, zoom: 0 };
        this.velocity = { x: 0, y: 0, zoom: 0 };
        this.target = { x: home.x, y: home.y, zoom: home.zoom };
        return '<tptz:GotoHomePositionResponse/>';
      }
      case 'ContinuousMove': {
        const num = (v: string | undefined): number => (v === undefined ? 0 : Number(v));
        this.target = null;
        this.velocity = { x: num(attr(body, 'PanTilt', 'x')), y: num(attr(body, 'PanTilt', 'y')), zoom: num(attr(body, 'Zoom', 'x')) };
        return '<tptz:ContinuousMoveResponse/>';
      }
      case 'Stop':
        this.velocity = { x: 0, y: 0, zoom: 0 };
        this.target = null;
        return '<tptz:StopResponse/>';
      case 'GetStatus':
        return `<tptz:GetStatusResponse><tptz:PTZStatus><tt:Position>${this.vector(this.position)}</tt:Position><tt:MoveStatus><tt:PanTilt>${this.moving() ? 'MOVING' : 'IDLE'}</tt:PanTilt><tt:Zoom>${this.moving() ? 'MOVING' : 'IDLE'}</tt:Zoom></tt:MoveStatus><tt:UtcTime>${new Date().toISOString()}</tt:UtcTime></tptz:PTZStatus></tptz:GetStatusResponse>`;
      case 'SetPreset': {
        const name = tag(body, 'PresetName') ?? '';
        const token = tag(body, 'PresetToken') ?? `preset-${this.nextPreset++}`;
        this.presets.set(token, { token, name, ...this.position });
        return `<tptz:SetPresetResponse><tptz:PresetToken>${esc(token)}</tptz:PresetToken></tptz:SetPresetResponse>`;
      }
      case 'RemovePreset': {
        const token = tag(body, 'PresetToken') ?? '';
        if (!this.presets.delete(token)) return { code: 'ter:NoToken', reason: `No such preset: ${token}` };
        return '<tptz:RemovePresetResponse/>';
      }
      case 'SendAuxiliaryCommand': {
        const data = tag(body, 'AuxiliaryCommand') ?? tag(body, 'AuxiliaryData') ?? '';
        this.auxCommands.push(data);
        return `<tds:SendAuxiliaryCommandResponse><tds:AuxiliaryCommandResponse>${esc(data)}</tds:AuxiliaryCommandResponse></tds:SendAuxiliaryCommandResponse>`;
      }
      case 'CreatePullPointSubscription': {
        const id = String(++this.subscriptionSeq);
        this.subscriptions.set(id, Date.now() + this.opts.subscriptionSeconds * 1000);
        return `<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference><wsa:Address>${base}/onvif/pullpoint/${id}</wsa:Address></tev:SubscriptionReference>${this.subscriptionTimes(id)}</tev:CreatePullPointSubscriptionResponse>`;
      }
      case 'Renew': {
        const id = /\/pullpoint\/(\d+)/.exec(path)?.[1] ?? '';
        if (!this.subscriptions.has(id) || this.subscriptions.get(id)! < Date.now()) return { code: 'wsrf-rw:ResourceUnknownFault', reason: 'The subscription has expired' };
        this.subscriptions.set(id, Date.now() + this.opts.subscriptionSeconds * 1000);
        return `<wsnt:RenewResponse>${this.subscriptionTimes(id)}</wsnt:RenewResponse>`;
      }
      case 'Unsubscribe': {
        this.subscriptions.delete(/\/pullpoint\/(\d+)/.exec(path)?.[1] ?? '');
        return '<wsnt:UnsubscribeResponse/>';
      }
      case 'PullMessages': {
        const id = /\/pullpoint\/(\d+)/.exec(path)?.[1] ?? '';
        if (!this.subscriptions.has(id) || this.subscriptions.get(id)! < Date.now()) return { code: 'wsrf-rw:ResourceUnknownFault', reason: 'The subscription has expired' };
        if (this.queue.length === 0) {
          await new Promise<void>((resolve) => {
            const done = (): void => { clearTimeout(t); this.waiting.delete(done); resolve(); };
            const t = setTimeout(done, this.opts.pullHoldMs);
            this.waiting.add(done);
          });
        }
        if (!this.server) return null;
        const messages = this.queue.splice(0, 10).map((m) => {
          const items = (o: Record<string, string>): string => Object.entries(o).map(([k, v]) => `<tt:SimpleItem Name="${esc(k)}" Value="${esc(v)}"/>`).join('');
          return `<wsnt:NotificationMessage><wsnt:Topic Dialect="http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet">${esc(m.topic)}</wsnt:Topic><wsnt:Message><tt:Message UtcTime="${new Date(m.at).toISOString()}" PropertyOperation="Changed"><tt:Source>${items(m.source)}</tt:Source><tt:Data>${items(m.data)}</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>`;
        });
        return `<tev:PullMessagesResponse>${this.subscriptionTimes(id)}${messages.join('')}</tev:PullMessagesResponse>`;
      }
      default:
        return { code: 'ter:ActionNotSupported', reason: `The emulator does not implement ${action}` };
    }
  }
}

/** The billion laughs: entities that expand to gigabytes if a parser is naive enough to expand them. */
const BOMB = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;"><!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;"><!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;"><!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;"><!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><Answer>&lol9;</Answer></s:Body></s:Envelope>`;
