import { readFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

/** Text types worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt']);
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the client accepts, from `Accept-Encoding` (brotli, then gzip; q=0 refuses one). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : 'identity';
}

/**
 * The web app's built files, compressed once each (brotli at quality 9 and gzip at level 9 with
 * Node's zlib) and kept in memory: the build is a few hundred kilobytes and never changes while the
 * server runs (a rebuild changes the modification time, which the cache key holds).
 */
export class StaticFiles {
  private readonly cache = new Map<string, Promise<Record<Encoding, Buffer>>>();

  /** The file's bytes in `encoding` (identity for types not worth compressing), and the encoding used. */
  async read(file: string, ext: string, encoding: Encoding): Promise<{ body: Buffer; encoding: Encoding }> {
    if (!COMPRESSIBLE.has(ext) || encoding === 'identity') return { body: await readFile(file), encoding: 'identity' };
    const key = `${file}:${(await stat(file)).mtimeMs}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = readFile(file).then(async (raw) => ({
        identity: raw,
        br: await brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
        gzip: await gzip(raw, { level: 9 }),
      }));
      entry.catch(() => this.cache.delete(key));
      this.cache.set(key, entry);
    }
    const all = await entry;
    // A tiny file can grow when compressed: send it as it is.
    return all[encoding].length < all.identity.length ? { body: all[encoding], encoding } : { body: all.identity, encoding: 'identity' };
  }
}
