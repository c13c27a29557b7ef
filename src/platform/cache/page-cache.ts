import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { pageBytes, type SlottedHtml } from '../views/slots.js';

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
  html: string | SlottedHtml,
  keys: readonly string[],
  contentType = 'text/html; charset=utf-8',
): PreparedPage {
  const pieces = pageBytes(html);
  const body = pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
  const copies: { br?: Buffer; gzip?: Buffer } = {};
  return {
    body,
    etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
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
 * The in-process page cache: least recently used pages go first, and every page is tagged with
 * the content keys it depends on, so a change purges exactly the pages that showed it.
 */
export class PageCache {
  private readonly pages = new Map<string, PreparedPage>();
  private readonly byKey = new Map<string, Set<string>>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.pages.size;
  }

  get(url: string): PreparedPage | undefined {
    const page = this.pages.get(url);
    if (page) {
      this.pages.delete(url);
      this.pages.set(url, page);
    }
    return page;
  }

  set(url: string, page: PreparedPage): void {
    if (this.maxEntries === 0) return;
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
    while (this.pages.size > this.maxEntries) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
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
    const page = this.pages.get(url);
    if (!page) return false;
    this.pages.delete(url);
    for (const key of page.keys) {
      const urls = this.byKey.get(key);
      urls?.delete(url);
      if (urls?.size === 0) this.byKey.delete(key);
    }
    return true;
  }
}
