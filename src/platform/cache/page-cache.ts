import { hash } from 'node:crypto';
import zlib from 'node:zlib';
import { type Purgeable, TaggedCache, type TaggedCacheOptions } from './tagged-cache.js';

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
    etag: `"${hash('sha1', body, 'base64url').slice(0, 20)}"`,
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

/**
 * The in-process page cache, by address (see pageKey in public-page.ts): each page is tagged with
 * the content keys it depends on (its `keys`), so a change purges exactly the pages that showed
 * it (tagged-cache.ts); once full, it keeps a page the second time it is rendered. Caches of
 * parts of pages follow it: whatever purges the pages purges them.
 */
export class PageCache implements Purgeable {
  private readonly pages: TaggedCache<PreparedPage>;
  private readonly followers: Purgeable[] = [];
  /**
   * The doorkeeper of a full cache: addresses rendered once while it was full, and not kept then.
   * A crawler or a reader going through the archive asks each article once; kept, each such page
   * would push out a page read again and be collected unread (reads spread at random over
   * 100,000 articles cost about a fifth more CPU with the cache on than off: docs/benchmarks.md).
   * Rendered a second time before this set is cleared (at the cache's size), a page is kept.
   * While the cache has room, every page is.
   */
  private readonly once = new Set<string>();

  constructor(
    private readonly maxEntries: number,
    private readonly options: TaggedCacheOptions = {},
  ) {
    this.pages = new TaggedCache(maxEntries, options);
  }

  get size(): number {
    return this.pages.size;
  }

  /** How many purges and clears this cache has had: what `set` compares `readAt` with. */
  get purges(): number {
    return this.pages.purges;
  }

  get(address: string): PreparedPage | undefined {
    return this.pages.get(address);
  }

  /**
   * Stores a page. Given `readAt`, the purge count when its content was read, a page that a purge
   * overtook while it was being built is not stored: it may show what that purge was for.
   */
  set(address: string, page: PreparedPage, readAt = this.purges): void {
    if (this.maxEntries <= 0) return;
    if (this.pages.size >= this.maxEntries && !this.renderedBefore(address)) return;
    this.pages.store(address, page, page.keys, readAt);
  }

  /** Whether a full cache's doorkeeper saw this address rendered once already; it has now. */
  private renderedBefore(address: string): boolean {
    if (this.once.delete(address)) return true;
    if (this.once.size >= this.maxEntries) this.once.clear();
    this.once.add(address);
    return false;
  }

  /**
   * A cache of parts of pages (a room's), which every purge and clear of the pages reaches too,
   * with the pages' age limit and clock.
   */
  parts<V>(maxEntries: number): TaggedCache<V> {
    const parts = new TaggedCache<V>(maxEntries, this.options);
    this.followers.push(parts);
    return parts;
  }

  /** Drops every page that depends on any of these keys; returns how many pages were dropped. */
  purge(keys: readonly string[]): number {
    for (const parts of this.followers) parts.purge(keys);
    return this.pages.purge(keys);
  }

  clear(): void {
    for (const parts of this.followers) parts.clear();
    this.pages.clear();
  }
}
