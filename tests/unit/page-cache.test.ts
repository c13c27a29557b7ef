import { describe, expect, it } from 'vitest';
import { PageCache, preparePage } from '../../src/platform/cache/page-cache.js';
import { TaggedCache } from '../../src/platform/cache/tagged-cache.js';

describe('preparePage', () => {
  it('holds the text as UTF-8, each page its own bytes, however long the text', () => {
    const texts = [
      'Ciudad de México – l’action “urgente” … 🕯️ \ud800',
      `${'a'.repeat(200_000)}é`,
      'é'.repeat(150_000),
      'plain',
    ];
    const pages = texts.map((text) => preparePage(text, []));
    texts.forEach((text, i) => {
      expect(pages[i]?.body.equals(Buffer.from(text))).toBe(true);
    });
  });
});

describe('PageCache', () => {
  it('purges exactly the pages that depend on a key', () => {
    const cache = new PageCache(10);
    cache.set('/countries/mexico', preparePage('mx', ['country:mx', 'article:1']));
    cache.set('/articles/a', preparePage('a', ['article:1']));
    cache.set('/countries/kenya', preparePage('ke', ['country:ke', 'article:2']));
    expect(cache.purge(['article:1'])).toBe(2);
    expect(cache.get('/countries/mexico')).toBeUndefined();
    expect(cache.get('/articles/a')).toBeUndefined();
    expect(cache.get('/countries/kenya')?.body.toString()).toBe('ke');
    expect(cache.purge(['article:1'])).toBe(0);
  });

  it('once full, keeps a page the second time it is rendered, in place of one not read', () => {
    const cache = new PageCache(2);
    cache.set('/a', preparePage('a', ['k:a']));
    cache.set('/b', preparePage('b', ['k:b']));
    cache.get('/a');
    // A page rendered once while the cache is full (a crawler's, a reader's long tail) is not kept.
    cache.set('/c', preparePage('c', ['k:c']));
    expect(cache.get('/c')).toBeUndefined();
    expect(cache.size).toBe(2);
    // Rendered again: kept, in place of the page not read since the last pass.
    cache.set('/c', preparePage('c', ['k:c']));
    expect(cache.get('/c')?.body.toString()).toBe('c');
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')).toBeDefined();
  });

  it('keeps every page while it has room, a purge making room', () => {
    const cache = new PageCache(3);
    for (const url of ['/a', '/b', '/c']) cache.set(url, preparePage(url, [`k:${url}`]));
    expect(cache.size).toBe(3);
    cache.purge(['k:/b']);
    cache.set('/d', preparePage('d', ['k:d']));
    expect(cache.get('/d')).toBeDefined();
  });

  it('replacing a page forgets the keys of the old version', () => {
    const cache = new PageCache(5);
    cache.set('/a', preparePage('old', ['k:old']));
    cache.set('/a', preparePage('new', ['k:new']));
    expect(cache.purge(['k:old'])).toBe(0);
    expect(cache.purge(['k:new'])).toBe(1);
  });

  it('stores nothing when its size is zero', () => {
    const cache = new PageCache(0);
    cache.set('/a', preparePage('a', []));
    expect(cache.get('/a')).toBeUndefined();
  });

  it('prepares compressed bodies that decompress to the page', async () => {
    const zlib = await import('node:zlib');
    const page = preparePage('<p>héllo</p>'.repeat(50), ['x']);
    expect(zlib.gunzipSync(page.encoded('gzip')).toString()).toBe(page.body.toString());
    expect(zlib.brotliDecompressSync(page.encoded('br')).toString()).toBe(page.body.toString());
    // Made once, then kept.
    expect(page.encoded('br')).toBe(page.encoded('br'));
    expect(page.etag).toMatch(/^"[\w-]{20}"$/);
  });

  it('gives the same bytes the same ETag, and other bytes another', () => {
    expect(preparePage('<p>a</p>', ['x']).etag).toBe(preparePage('<p>a</p>', ['y']).etag);
    expect(preparePage('<p>a</p>', ['x']).etag).not.toBe(preparePage('<p>b</p>', ['x']).etag);
  });

  it('serves no page older than its age limit', () => {
    let now = 0;
    const cache = new PageCache(10, { maxAgeMs: 1000, now: () => new Date(now) });
    cache.set('/a', preparePage('a', ['k:a']));
    now = 999;
    expect(cache.get('/a')).toBeDefined();
    now = 1000;
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.purge(['k:a'])).toBe(0);
  });

  it('does not store a page that a purge overtook while it was built', () => {
    const cache = new PageCache(10);
    const readAt = cache.purges;
    cache.purge(['article:1']);
    cache.set('/a', preparePage('a', ['article:1']), readAt);
    expect(cache.get('/a')).toBeUndefined();
    cache.set('/a', preparePage('a', ['article:1']), cache.purges);
    expect(cache.get('/a')).toBeDefined();
  });
});

describe('a cache of parts of pages that follows the page cache', () => {
  it('is purged and cleared with the pages, by the same keys, and only by them', () => {
    const pages = new PageCache(10);
    const parts = pages.parts<string>(10);
    parts.store('en 1', '<h2>One</h2>', ['article:1', 'media:7']);
    parts.store('fr 1', '<h2>Un</h2>', ['article:1', 'media:7']);
    parts.store('en 2', '<h2>Two</h2>', ['article:2']);
    pages.purge(['media:7']);
    expect(parts.get('en 1')).toBeUndefined();
    expect(parts.get('fr 1')).toBeUndefined();
    expect(parts.get('en 2')).toBe('<h2>Two</h2>');
    pages.clear();
    expect(parts.size).toBe(0);
  });

  it('does not keep a part that a purge of the pages overtook while it was made', () => {
    const pages = new PageCache(10);
    const parts = pages.parts<string>(10);
    const readAt = parts.purges;
    pages.purge(['article:1']);
    parts.store('en 1', 'stale', ['article:1'], readAt);
    expect(parts.get('en 1')).toBeUndefined();
    parts.store('en 1', 'fresh', ['article:1'], parts.purges);
    expect(parts.get('en 1')).toBe('fresh');
  });
});

describe('TaggedCache', () => {
  it('drops the value read least recently when full', () => {
    const cache = new TaggedCache<string>(2);
    cache.store('/a', 'a', ['k:a']);
    cache.store('/b', 'b', ['k:b']);
    cache.get('/a');
    cache.store('/c', 'c', ['k:c']);
    expect(cache.get('/b')).toBeUndefined();
    expect(cache.get('/a')).toBeDefined();
    expect(cache.size).toBe(2);
    // The evicted value's keys are forgotten too, so a purge finds nothing to drop.
    expect(cache.purge(['k:b'])).toBe(0);
  });

  it('when every value was read, drops the one stored first, never the one being stored', () => {
    const cache = new TaggedCache<string>(3);
    for (const url of ['/a', '/b', '/c']) cache.store(url, url, [`k:${url}`]);
    for (const url of ['/c', '/b', '/a']) cache.get(url);
    cache.store('/d', 'd', ['k:d']);
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.get('/d')).toBeDefined();
    // The values passed over lost their mark: the next page stored pushes out the oldest of them,
    // unless it was read again meanwhile.
    cache.get('/c');
    cache.store('/e', 'e', ['k:e']);
    expect(cache.get('/b')).toBeUndefined();
    expect([cache.get('/c'), cache.get('/d'), cache.get('/e')].every(Boolean)).toBe(true);
  });

  it('keeps the value just stored in a cache of one', () => {
    const cache = new TaggedCache<string>(1);
    cache.store('/a', 'a', ['k:a']);
    cache.get('/a');
    cache.store('/b', 'b', ['k:b']);
    expect(cache.get('/a')).toBeUndefined();
    expect(cache.get('/b')).toBe('b');
    expect(cache.purge(['k:a'])).toBe(0);
  });
});
