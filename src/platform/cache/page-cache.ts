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

interface Entry {
  page: PreparedPage;
  /** Set by a read, cleared when eviction passes over the page (a second chance). */
  used: boolean;
}

/**
 * The in-process page cache: pages not read for the longest go first, and every page is tagged
 * with the content keys it depends on, so a change purges exactly the pages that showed it.
 *
 * A read only sets a flag on its entry; eviction gives a read page a second chance (CLOCK). Moving
 * the entry to the back of the map on every read, the textbook LRU, replaces the map's table each
 * time, and V8 keeps each replaced table alive through the one before it until a full collection:
 * at 40,000 hits a second that alone grew the old generation by 5 MB a second.
 */
export class PageCache {
  private readonly entries = new Map<string, Entry>();
  private readonly byKey = new Map<string, Set<string>>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(url: string): PreparedPage | undefined {
    const entry = this.entries.get(url);
    if (!entry) return undefined;
    entry.used = true;
    return entry.page;
  }

  set(url: string, page: PreparedPage): void {
    if (this.maxEntries === 0) return;
    this.remove(url);
    this.entries.set(url, { page, used: false });
    for (const key of page.keys) {
      let urls = this.byKey.get(key);
      if (!urls) {
        urls = new Set();
        this.byKey.set(key, urls);
      }
      urls.add(url);
    }
    while (this.entries.size > this.maxEntries) this.evictOneBesides(url);
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
    this.entries.clear();
    this.byKey.clear();
  }

  /**
   * Walks the pages oldest first: a page read since it was stored or last passed over goes to the
   * back without its mark, the first one that was not is dropped. The page just stored is never
   * the one dropped.
   */
  private evictOneBesides(stored: string): void {
    // A Map's iterator also visits entries appended during the walk, so this ends.
    for (const [url, entry] of this.entries) {
      if (url === stored) continue;
      if (entry.used) {
        entry.used = false;
        this.entries.delete(url);
        this.entries.set(url, entry);
        continue;
      }
      this.remove(url);
      return;
    }
  }

  private remove(url: string): boolean {
    const entry = this.entries.get(url);
    if (!entry) return false;
    this.entries.delete(url);
    for (const key of entry.page.keys) {
      const urls = this.byKey.get(key);
      urls?.delete(url);
      if (urls?.size === 0) this.byKey.delete(key);
    }
    return true;
  }
}
