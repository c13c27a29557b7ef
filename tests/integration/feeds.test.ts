import { execFileSync, spawnSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/newsroom/index.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';

/**
 * xmllint (Debian's libxml2-utils) checks every XML feed independently of the parser below. It
 * is optional on a developer's machine, skipped with a message; CI installs it (.ci/run).
 */
const hasXmllint = spawnSync('xmllint', ['--version']).status === 0;
if (!hasXmllint && process.env.CI !== 'true') {
  process.stderr.write('\nxmllint checks of the feeds skipped: apt-get install -y libxml2-utils\n\n');
}
const hasXsltproc = spawnSync('xsltproc', ['--version']).status === 0;

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

// biome-ignore lint/suspicious/noExplicitAny: parsed XML has no static shape; the assertions check it.
type Xml = any;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const list = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

interface Parsed {
  title: string;
  description: string;
  self: string;
  items: Array<{ id: string; link: string; content: string; image: string | null; tags: string[] }>;
}

/** A feed read by independent means: fast-xml-parser for RSS and Atom, JSON.parse for JSON Feed. */
function parse(format: 'xml' | 'atom' | 'json', body: string): Parsed {
  if (format === 'json') {
    const feed = JSON.parse(body);
    // The fields JSON Feed 1.1 requires, and the ones Candle promises.
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof feed.title).toBe('string');
    expect(Array.isArray(feed.items)).toBe(true);
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
    }
    return {
      title: feed.title,
      description: feed.description,
      self: feed.feed_url,
      items: feed.items.map((i: Record<string, unknown>) => ({
        id: i.id,
        link: i.url,
        content: i.content_html,
        image: i.image ?? null,
        tags: i.tags,
      })),
    };
  }
  const doc = parser.parse(body, true);
  if (format === 'xml') {
    const channel = doc.rss.channel;
    expect(doc.rss['@version']).toBe('2.0');
    return {
      title: String(channel.title),
      description: String(channel.description),
      self: list(channel['atom:link']).find((l: Record<string, string>) => l['@rel'] === 'self')?.['@href'],
      items: list(channel.item).map((i: Xml) => ({
        id: i.guid['#text'],
        link: i.link,
        content: i['content:encoded'],
        image: i.enclosure?.['@url'] ?? null,
        tags: list(i.category).map(String),
      })),
    };
  }
  const feed = doc.feed;
  expect(feed['@xmlns']).toBe('http://www.w3.org/2005/Atom');
  const links = (x: unknown) => list(x as Array<Record<string, string>>);
  return {
    title: String(feed.title),
    description: String(feed.subtitle),
    self: links(feed.link).find((l) => l['@rel'] === 'self')?.['@href'] ?? '',
    items: list(feed.entry).map((e: Xml) => ({
      id: e.id,
      link: links(e.link).find((l) => !l['@rel'])?.['@href'] ?? '',
      content: e.content['#text'],
      image: links(e.link).find((l) => l['@rel'] === 'enclosure')?.['@href'] ?? null,
      tags: list(e.category).map((c: Xml) => String(c['@term'])),
    })),
  };
}

const FORMATS = [
  // RSS and Atom as application/xml, so that browsers apply the XSL view (feed-formats.tsx).
  { ext: 'xml', type: 'application/xml; charset=utf-8' },
  { ext: 'atom', type: 'application/xml; charset=utf-8' },
  { ext: 'json', type: 'application/feed+json; charset=utf-8' },
] as const;

/** Every page that has feeds: the home page, and each country, region, topic and case. */
async function feedBases(): Promise<string[]> {
  const slugs = async (table: 'countries' | 'regions' | 'topics' | 'cases') =>
    (await t.db.selectFrom(table).select('slug').execute()).map((r) => `/${table}/${r.slug}`);
  return [
    '',
    ...(await slugs('countries')),
    ...(await slugs('regions')),
    ...(await slugs('topics')),
    ...(await slugs('cases')),
  ];
}

describe(`feeds on ${dialectUnderTest}`, () => {
  it('serves every feed in every format, and each parses with an independent parser', async () => {
    const bases = await feedBases();
    expect(bases.length).toBeGreaterThan(10);
    let withItems = 0;
    for (const base of bases) {
      for (const format of FORMATS) {
        const url = `${base}/feed.${format.ext}`;
        const res = await get(url);
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-type'], url).toBe(format.type);
        if (format.ext !== 'json' && hasXmllint) {
          const lint = spawnSync('xmllint', ['--noout', '-'], { input: res.body });
          expect(lint.stderr.toString(), url).toBe('');
          expect(lint.status, url).toBe(0);
        }
        const feed = parse(format.ext, res.body);
        expect(feed.title, url).not.toBe('');
        expect(feed.description, url).not.toBe('');
        expect(feed.self, url).toBe(TEST_PUBLIC_URL + url);
        if (feed.items.length > 0) withItems++;
        for (const item of feed.items) {
          expect(item.id, url).toMatch(/^tag:candle\.test,2026:article:\d+$/);
          expect(item.link, url).toMatch(/^http:\/\/candle\.test\/articles\//);
          expect(item.content, url).not.toMatch(/(href|src)="\/(?!\/)/);
        }
      }
    }
    expect(withItems).toBeGreaterThan(30);
  });

  it('carries each item whole: its lead picture with caption and credit, its body, an absolute enclosure', async () => {
    for (const format of FORMATS) {
      const feed = parse(format.ext, (await get(`/countries/mexico/feed.${format.ext}`)).body);
      const first = feed.items[0]!;
      expect(first.content).toMatch(/<figure[^>]*><img src="http:\/\/candle\.test\/media\/[^"]+\.webp"/);
      expect(first.content).toMatch(/alt="[^"]+"/);
      expect(first.content).toMatch(/<span class="caption">[^<]+<\/span> <span class="credit">Photo: [^<]+</);
      expect(first.content).toMatch(/<\/figure><p>/);
      expect(first.image).toMatch(/^http:\/\/candle\.test\/media\/.+-share\.jpg$/);
      const picture = await get(first.image!.slice(TEST_PUBLIC_URL.length));
      expect(picture.statusCode).toBe(200);
      expect(picture.headers['content-type']).toBe('image/jpeg');
      expect(first.tags).toContain('Mexico');
    }
    // The enclosure's media type is a real one in both XML formats (the library guessed image/jpg).
    for (const ext of ['xml', 'atom']) {
      const body = (await get(`/countries/mexico/feed.${ext}`)).body;
      expect(body).toMatch(/<(enclosure|link rel="enclosure")[^>]+type="image\/jpeg"/);
      expect(body).not.toContain('type="image/jpg"');
    }
  });

  it('narrows the feed of everything to one item type, and refuses a type it does not know', async () => {
    const urgent = await t.db
      .selectFrom('articles')
      .select('id')
      .where('status', '=', 'published')
      .where('type', '=', 'urgent-action')
      // The English feed carries English items: the French translations are in the French one.
      .where((eb) => eb.or([eb('language', 'is', null), eb('language', '=', 'en')]))
      .execute();
    const urgentIds = new Set(urgent.map((r) => `tag:candle.test,2026:article:${r.id}`));
    for (const format of FORMATS) {
      const all = parse(format.ext, (await get(`/feed.${format.ext}`)).body);
      // Without the filter, other types come first: the test below could not pass by accident.
      expect(all.items.some((i) => !urgentIds.has(i.id))).toBe(true);
      const url = `/feed.${format.ext}?type=urgent-action`;
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      const feed = parse(format.ext, res.body);
      expect(feed.items.length).toBe(Math.min(urgentIds.size, 20));
      for (const item of feed.items) expect(urgentIds.has(item.id), item.id).toBe(true);
      expect(feed.self).toBe(TEST_PUBLIC_URL + url);
      expect(feed.title).toBe('Urgent actions | Candle');

      for (const bad of ['not-a-type', 'URGENT-ACTION', 'urgent-action&type=news', '%00']) {
        const refused = await get(`/feed.${format.ext}?type=${bad}`);
        expect(refused.statusCode, bad).toBe(400);
      }
      expect((await get(`/feed.${format.ext}?type=news&type=report`)).statusCode).toBe(400);
      // An empty type is everything, as on /latest.
      expect(parse(format.ext, (await get(`/feed.${format.ext}?type=`)).body).items).toEqual(all.items);
    }
  });

  it('keeps an item’s id when its slug changes, while its link follows the new address', async () => {
    const before = parse('xml', (await get('/countries/mexico/feed.xml')).body).items[0]!;
    const id = Number(before.id.split(':').pop());
    await t.db
      .updateTable('articles')
      .set({ slug: 'a-new-address-for-this-item' })
      .where('id', '=', id)
      .execute();
    t.cache.clear();
    for (const format of FORMATS) {
      const after = parse(format.ext, (await get(`/countries/mexico/feed.${format.ext}`)).body).items[0]!;
      expect(after.id).toBe(before.id);
      expect(after.link).toBe(`${TEST_PUBLIC_URL}/articles/a-new-address-for-this-item`);
      expect(after.link).not.toBe(before.link);
    }
  });

  it('answers 304 to If-None-Match and to If-Modified-Since, If-None-Match first', async () => {
    for (const format of FORMATS) {
      const url = `/topics/torture/feed.${format.ext}`;
      const first = await get(url);
      expect(first.statusCode, url).toBe(200);
      const etag = String(first.headers.etag);
      const lastModified = String(first.headers['last-modified']);
      expect(Date.parse(lastModified)).toBeGreaterThan(0);
      expect((await get(url, { 'if-none-match': etag })).statusCode).toBe(304);
      expect((await get(url, { 'if-modified-since': lastModified })).statusCode).toBe(304);
      const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString();
      expect((await get(url, { 'if-modified-since': earlier })).statusCode).toBe(200);
      expect((await get(url, { 'if-modified-since': 'not a date' })).statusCode).toBe(200);
      // A tag that does not match wins over a date that would.
      expect(
        (await get(url, { 'if-none-match': '"other"', 'if-modified-since': lastModified })).statusCode,
      ).toBe(200);
    }
  });

  it('names its feeds in the head of each page that has them, and each named feed answers', async () => {
    const pages: Array<[string, string]> = [
      ['/', ''],
      ['/latest?type=urgent-action', ''],
      ['/countries/mexico', '/countries/mexico'],
      ['/regions/americas', '/regions/americas'],
      ['/topics/torture', '/topics/torture'],
      ['/cases/adrian-vasquez-lagunes', '/cases/adrian-vasquez-lagunes'],
    ];
    for (const [url, base] of pages) {
      const html = (await get(url)).body;
      const head = html.slice(0, html.indexOf('</head>'));
      const found = [
        ...head.matchAll(/<link rel="alternate" type="([^"]+)" title="[^"]+" href="([^"]+)"\/>/g),
      ];
      const query = url.includes('?type=') ? '?type=urgent-action' : '';
      expect(
        found.map((m) => [m[1], m[2]]),
        url,
      ).toEqual([
        ['application/rss+xml', `${TEST_PUBLIC_URL}${base}/feed.xml${query}`],
        ['application/atom+xml', `${TEST_PUBLIC_URL}${base}/feed.atom${query}`],
        ['application/feed+json', `${TEST_PUBLIC_URL}${base}/feed.json${query}`],
      ]);
      for (const [, , href] of found) {
        expect((await get(href!.slice(TEST_PUBLIC_URL.length))).statusCode, href).toBe(200);
      }
    }
  });

  it('is cached like a page and dropped by a purge of an item it shows, and only then', async () => {
    const feed = parse('xml', (await get('/countries/mexico/feed.xml')).body);
    const id = Number(feed.items[0]!.id.split(':').pop());
    const showing = [
      '/countries/mexico/feed.xml',
      '/countries/mexico/feed.atom',
      '/feed.json',
      '/regions/americas/feed.xml',
    ];
    const notShowing = '/countries/kenya/feed.xml';
    t.cache.clear();
    for (const url of [...showing, notShowing]) {
      expect((await get(url)).headers['x-cache'], url).toBe('MISS');
      const hit = await get(url);
      expect(hit.headers['x-cache'], url).toBe('HIT');
      expect(hit.headers['cache-control']).toContain('public');
    }
    for (const url of showing) {
      expect(String((await get(url)).headers['surrogate-key']).split(' '), url).toContain(keys.article(id));
    }
    expect(String((await get(notShowing)).headers['surrogate-key']).split(' ')).not.toContain(
      keys.article(id),
    );
    t.cache.purge([keys.article(id)]);
    for (const url of showing) expect((await get(url)).headers['x-cache'], url).toBe('MISS');
    expect((await get(notShowing)).headers['x-cache']).toBe('HIT');
  });

  it('keeps the address tracking parameters do not change, and answers odd addresses without a 500', async () => {
    t.cache.clear();
    expect((await get('/feed.xml?type=news')).headers['x-cache']).toBe('MISS');
    expect((await get('/feed.xml?type=news&utm_source=x')).headers['x-cache']).toBe('HIT');
    for (const url of [
      '/countries/no-such-country/feed.xml',
      '/countries/MEXICO/feed.atom',
      `/topics/${'a'.repeat(300)}/feed.xml`,
      '/countries/mexico/feed.rss',
    ]) {
      expect((await get(url)).statusCode, url).toBe(404);
    }
    // An address that is not even valid UTF-8 is refused before any route.
    expect((await get('/cases/%E0%A4%A/feed.json')).statusCode).toBe(400);
  });

  it('survives hostile text: a feed stays well-formed whatever an item’s title holds', async () => {
    const newest = parse('xml', (await get('/feed.xml')).body).items[0]!;
    const id = Number(newest.id.split(':').pop());
    const title = 'A ]]> B ]]> <b>C</b> & D \u0001\u0008 E';
    await t.db
      .updateTable('articles')
      .set({ title, summary: 'x ]]> y ]]> z' })
      .where('id', '=', id)
      .execute();
    t.cache.clear();
    for (const format of FORMATS) {
      const res = await get(`/feed.${format.ext}`);
      expect(res.statusCode).toBe(200);
      const item = parse(format.ext, res.body).items.find((i) => i.id.endsWith(`:article:${id}`));
      expect(item, format.ext).toBeDefined();
      if (format.ext !== 'json' && hasXmllint) {
        expect(spawnSync('xmllint', ['--noout', '-'], { input: res.body }).status, format.ext).toBe(0);
      }
    }
  });

  it('gives people a plain page with each subject’s feed addresses, linked from its page', async () => {
    const subjects = [
      '',
      '/countries/mexico',
      '/regions/americas',
      '/topics/torture',
      '/cases/adrian-vasquez-lagunes',
    ];
    for (const base of subjects) {
      const res = await get(`${base}/feeds`);
      expect(res.statusCode, base).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['cache-control']).toContain('public');
      for (const ext of ['xml', 'atom', 'json']) {
        expect(res.body).toContain(
          `<a href="${base}/feed.${ext}"><code>${TEST_PUBLIC_URL}${base}/feed.${ext}</code></a>`,
        );
      }
      if (base) expect((await get(base)).body, base).toContain(`<a href="${base}/feeds">News feed for `);
    }
    expect((await get('/')).body).toContain('<a href="/feeds">');
    expect((await get('/countries/no-such-country/feeds')).statusCode).toBe(404);
    expect((await get('/topics/Torture/feeds')).statusCode).toBe(404);
  });

  it('points browsers to a readable view: an XSL stylesheet from this site', async () => {
    const body = (await get('/countries/mexico/feed.xml')).body;
    const href = /<\?xml-stylesheet href="(\/assets\/feed\.[0-9a-f]{12}\.xsl)" type="text\/xsl"\?>/.exec(
      body,
    )?.[1];
    expect(href).toBeDefined();
    expect((await get('/countries/mexico/feed.atom')).body).toContain(`<?xml-stylesheet href="${href}"`);
    const xsl = await get(href!);
    expect(xsl.statusCode).toBe(200);
    expect(xsl.headers['content-type']).toBe('text/xsl; charset=utf-8');
    expect(xsl.headers['cache-control']).toContain('immutable');
    expect(xsl.body).toMatch(/<link rel="stylesheet" href="\/assets\/site\.[0-9a-f]{12}\.css"\/>/);
    if (!hasXsltproc) return;
    // What a browser that applies it shows: the feed's title, its address to copy, its items.
    const dir = t.dataDir;
    const fs = await import('node:fs');
    fs.writeFileSync(`${dir}/feed.xsl`, xsl.body);
    for (const ext of ['xml', 'atom']) {
      fs.writeFileSync(`${dir}/feed.${ext}`, (await get(`/countries/mexico/feed.${ext}`)).body);
      const html = execFileSync('xsltproc', [`${dir}/feed.xsl`, `${dir}/feed.${ext}`]).toString();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<h1>Mexico</h1>');
      expect(html).toContain(`<code>${TEST_PUBLIC_URL}/countries/mexico/feed.${ext}</code>`);
      expect(html).toMatch(/<h3><a href="http:\/\/candle\.test\/articles\/[^"]+">/);
    }
  });
});
