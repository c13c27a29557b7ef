import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import { ClockCache } from './clock.js';

export interface PreparedPage {
  body: Buffer;
  /** A hash of `body`: the same bytes have the same ETag in every process, before and after a restart. */
  etag: string;
  contentType: string;
  keys: string[];
  /**
   * When these bytes were rendered, as an HTTP date (whole seconds): the page's Last-Modified.
   * The render time, not the newest content's date: content can also go away (an item
   * unpublished drops out of a list), and then the newest date left would move back, and a
   * client asking If-Modified-Since would be told wrongly that nothing changed.
   */
  lastModified: string;
  /** Compressed copies, made on the first request that accepts them and then kept with the page. */
  encoded(encoding: 'br' | 'gzip'): Buffer;
}

const encoder = new TextEncoder();
/** Pages are tens of KB; a rare larger text (a sitemap) is encoded without growing the scratch. */
const SCRATCH_MOST = 384 * 1024;
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * A page's text as UTF-8. `Buffer.from(text)` measures the text in one pass and writes it in
 * another (Node 20: about 30 µs for a 23 KB country page); `encodeInto` writes it in one pass
 * into a scratch buffer (at most 3 bytes a UTF-16 unit), and the copy out costs a memcpy.
 */
function utf8(text: string): Buffer {
  const most = text.length * 3;
  if (most > SCRATCH_MOST) return Buffer.from(text);
  if (scratch.length < most) scratch = Buffer.allocUnsafeSlow(most);
  const { written } = encoder.encodeInto(text, scratch);
  return Buffer.from(scratch.subarray(0, written));
}

/** Tags a page and fingerprints it; compression waits until a client asks for it. */
export function preparePage(
  html: string,
  keys: readonly string[],
  contentType = 'text/html; charset=utf-8',
  renderedAt: Date = new Date(),
): PreparedPage {
  const body = utf8(html);
  const copies: { br?: Buffer; gzip?: Buffer } = {};
  return {
    body,
    etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
    contentType,
    keys: [...new Set(keys)],
    lastModified: renderedAt.toUTCString(),
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
  storedAt: number;
}

export interface PageCacheOptions {
  /** How long a page is served at most, purged or not: a purge that never arrives costs this much. */
  maxAgeMs?: number;
  now?: () => Date;
}

/**
 * The in-process page cache, by address (see pageKey in public-page.ts): pages not read for the
 * longest go first (second chance, see clock.ts), every page is tagged with the content keys it
 * depends on, so a change purges exactly the pages that showed it, and none is served once older
 * than the age limit.
 */
export class PageCache {
  private readonly entries: ClockCache<string, Entry>;
  private readonly byKey = new Map<string, Set<string>>();
  private readonly maxAgeMs: number;
  private readonly now: () => Date;
  /** How many purges and clears this cache has had: what `set` compares `readAt` with. */
  purges = 0;

  constructor(
    private readonly maxEntries: number,
    options: PageCacheOptions = {},
  ) {
    this.entries = new ClockCache(maxEntries, (address, entry) => this.forget(address, entry.page));
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.now = options.now ?? (() => new Date());
  }

  get size(): number {
    return this.entries.size;
  }

  get(address: string): PreparedPage | undefined {
    const entry = this.entries.get(address);
    if (!entry) return undefined;
    if (this.now().getTime() - entry.storedAt >= this.maxAgeMs) {
      this.remove(address);
      return undefined;
    }
    return entry.page;
  }

  /**
   * Stores a page. Given `readAt`, the purge count when its content was read, a page that a purge
   * overtook while it was being built is not stored: it may show what that purge was for.
   */
  set(address: string, page: PreparedPage, readAt = this.purges): void {
    if (this.maxEntries <= 0 || readAt !== this.purges) return;
    this.remove(address);
    this.entries.set(address, { page, storedAt: this.now().getTime() });
    for (const key of page.keys) {
      let addresses = this.byKey.get(key);
      if (!addresses) {
        addresses = new Set();
        this.byKey.set(key, addresses);
      }
      addresses.add(address);
    }
  }

  /** Drops every page that depends on any of these keys; returns how many were dropped. */
  purge(keys: readonly string[]): number {
    this.purges++;
    let dropped = 0;
    for (const key of keys) {
      const addresses = this.byKey.get(key);
      if (!addresses) continue;
      for (const address of [...addresses]) {
        if (this.remove(address)) dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.purges++;
    this.entries.clear();
    this.byKey.clear();
  }

  private remove(address: string): boolean {
    const entry = this.entries.delete(address);
    if (!entry) return false;
    this.forget(address, entry.page);
    return true;
  }

  /** Forgets which keys a page that is gone depended on. */
  private forget(address: string, page: PreparedPage): void {
    for (const key of page.keys) {
      const addresses = this.byKey.get(key);
      addresses?.delete(address);
      if (addresses?.size === 0) this.byKey.delete(key);
    }
  }
}
