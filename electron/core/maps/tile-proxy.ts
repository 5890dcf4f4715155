const MAX_TILE = 2 * 1024 * 1024;
const CACHE = 1024;

/**
 * A geo map's XYZ tiles, fetched by the core for the console: the console's CSP loads images
 * from its own origin only, and many operator PCs reach no internet while the server does.
 * Only images come back; recent tiles are kept in memory.
 */
export class TileProxy {
  private readonly cache = new Map<string, { type: string; data: Buffer }>();

  constructor(private readonly fetcher: typeof fetch = fetch) {}

  async tile(template: string, z: number, x: number, y: number): Promise<{ type: string; data: Buffer } | null> {
    const url = template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)).replace('{s}', 'abc'[(x + y) % 3]!);
    const hit = this.cache.get(url);
    if (hit) {
      this.cache.delete(url);
      this.cache.set(url, hit);
      return hit;
    }
    let res: Response;
    try {
      res = await this.fetcher(url, { signal: AbortSignal.timeout(5000), redirect: 'follow', headers: { 'user-agent': 'Watchdesk map tiles' } });
    } catch {
      return null;
    }
    const type = res.headers.get('content-type') ?? '';
    if (!res.ok || !type.startsWith('image/') || type.includes('svg')) return null;
    const data = Buffer.from(await res.arrayBuffer());
    if (data.length > MAX_TILE) return null;
    const tile = { type, data };
    this.cache.set(url, tile);
    if (this.cache.size > CACHE) this.cache.delete(this.cache.keys().next().value!);
    return tile;
  }
}
