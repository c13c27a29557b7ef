import zlib from 'node:zlib';
import { type Framed, pageBytes } from '../views/slots.js';
import { ClockCache } from './clock.js';

export interface PreparedPage {
  body: Buffer;
  etag: string;
  contentType: string;
  keys: string[];
  /** Compressed copies, made on the first request that accepts them and then kept with the page. */
  encoded(encoding: 'br' | 'gzip'): Buffer;
}

/** Tags a page and fingerprints it; compression waits until a client asks for it. */
export function preparePage(
  html: string | Framed,
  keys: readonly string[],
  contentType = 'text/html; charset=utf-8',
): PreparedPage {
  const { body, digest } = pageBytes(html);
  const copies: { br?: Buffer; gzip?: Buffer } = {};
  return {
    body,
    etag: `"${digest.toString('base64url').slice(0, 20)}"`,
    contentType,
    keys: [...new Set(keys)],
    encoded(encoding) {
      if (encoding === 'gzip') {
        copies.gzip ??= zlib.gzipSync(body, { level: 6 });
        return copies.gzip;
      }
      copies.br ??= zlib.brotliCompressSync(body, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
        },
      });
      return copies.br;
    },
  };
}

/**
 * The in-process page cache: pages not read for the longest go first (second chance, see
 * clock.ts), and every page is tagged with the content keys it depends on, so a change purges
 * exactly the pages that showed it.
 */
export class PageCache {
  private readonly pages: ClockCache<string, PreparedPage>;
  private readonly byKey = new Map<string, Set<string>>();

  constructor(private readonly maxEntries: number) {
    this.pages = new ClockCache(maxEntries, (url, page) => this.forget(url, page));
  }

  get size(): number {
    return this.pages.size;
  }

  get(url: string): PreparedPage | undefined {
    return this.pages.get(url);
  }

  set(url: string, page: PreparedPage): void {
    if (this.maxEntries <= 0) return;
    this.remove(url);
    this.pages.set(url, page);
    for (const key of page.keys) {
      let urls = this.byKey.get(key);
      if (!urls) {
        urls = new Set();
        this.byKey.set(key, urls);
      }
      urls.add(url);
    }
  }

  /** Drops every page that depends on any of these keys; returns how many were dropped. */
  purge(keys: readonly string[]): number {
    let dropped = 0;
    for (const key of keys) {
      const urls = this.byKey.get(key);
      if (!urls) continue;
      for (const url of [...urls]) {
        if (this.remove(url)) dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.pages.clear();
    this.byKey.clear();
  }

  private remove(url: string): boolean {
    const page = this.pages.delete(url);
    if (!page) return false;
    this.forget(url, page);
    return true;
  }

  /** Forgets which keys a page that is gone depended on. */
  private forget(url: string, page: PreparedPage): void {
    for (const key of page.keys) {
      const urls = this.byKey.get(key);
      urls?.delete(url);
      if (urls?.size === 0) this.byKey.delete(key);
    }
  }
}
