import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/newsroom/index.js';
import { EARLY_SCRIPT } from '../../src/platform/http/security.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

/** The item titles of a listing page, in the order shown. */
function titles(html: string): string[] {
  return [...html.matchAll(/class="item__title"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
}
function dates(html: string): string[] {
  return [...html.matchAll(/class="item__meta">.*?<time datetime="([^"]+)"/g)].map((m) => m[1]!);
}

describe(`the public newsroom on ${dialectUnderTest}`, () => {
  it('serves the home page with the latest items, countries and cases', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<form class="search-form" role="search" action="/search"');
    expect(res.body).toContain('aria-label="Main menu"');
    expect(res.body).toContain('href="/countries/mexico"');
    expect(res.body).toContain('href="/cases/adrian-vasquez-lagunes"');
    expect(titles(res.body).length).toBeGreaterThan(3);
  });

  it('shows the Mexico country page newest first, with dates, captions, credits and a share control', async () => {
    const res = await get('/countries/mexico');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Mexico</h1>');
    const shown = dates(html);
    expect(shown.length).toBe(12);
    expect([...shown].sort().reverse()).toEqual(shown);
    // The newest: the demo's first update of UA 87/20.
    expect(shown[0]).toMatch(/^2020-06-30/);
    expect(html).toContain('<time datetime="2020-06-18');
    expect(html).toContain('June 30, 2020');
    expect(html).toMatch(
      /<figcaption><span class="caption">[^<]+<\/span> <span class="credit">Photo: [^<]+<\/span>/,
    );
    expect(html).toMatch(/srcset="\/media\/[^"]+480\.webp 480w/);
    expect(html).toContain(
      'https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Fcandle.test%2Fcountries%2Fmexico',
    );
    expect(html).toContain('Subscribe to Mexico');
    expect(html).toContain('<a href="/subscribe?country=mexico">Get Mexico by email</a>');
    expect(html).toContain(`<link rel="canonical" href="${TEST_PUBLIC_URL}/countries/mexico"/>`);
    expect(html).toContain('<link rel="next" href="/countries/mexico?page=2"/>');
    expect(html).toContain('UA 58/20');
  });

  it('paginates with numbered links and rel=prev on the second page', async () => {
    const first = titles((await get('/countries/mexico')).body);
    const res = await get('/countries/mexico?page=2');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<link rel="prev" href="/countries/mexico"/>');
    expect(res.body).toContain(`<link rel="canonical" href="${TEST_PUBLIC_URL}/countries/mexico?page=2"/>`);
    expect(res.body).toMatch(/<a href="\/countries\/mexico\?page=2" aria-current="page"/);
    const second = titles(res.body);
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((x) => first.includes(x))).toEqual([]);
  });

  it('answers malformed and out-of-range pages without a 500', async () => {
    for (const bad of ['abc', '-1', '0', '1.5', '', '99999999999', '%00', '2e3']) {
      const res = await get(`/countries/mexico?page=${bad}`);
      expect(res.statusCode, `page=${bad}`).toBe(400);
      expect(res.body).toContain('We could not understand that request');
    }
    const one = await get('/countries/mexico?page=1');
    expect(one.statusCode).toBe(301);
    expect(one.headers.location).toBe('/countries/mexico');
    const far = await get('/countries/mexico?page=500');
    expect(far.statusCode).toBe(302);
    expect(far.headers.location).toBe('/countries/mexico?page=2');
    expect((await get('/countries/mexico?page=2&page=3')).statusCode).toBe(400);
    expect((await get('/latest?type=not-a-type')).statusCode).toBe(400);
  });

  it('shows an article with its body, image credit, links, share links and machine-readable metadata', async () => {
    const list = await get('/countries/mexico');
    const href = /class="item__title"><a href="(\/articles\/[^"]+)"/.exec(list.body)![1]!;
    const res = await get(href);
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<meta property="og:type" content="article"/>');
    expect(html).toContain('<meta property="article:published_time" content="2020-06-30');
    expect(html).toContain('<meta property="article:modified_time"');
    expect(html).toContain('<meta property="article:section" content="Urgent action"/>');
    expect(html).toContain('<meta property="article:tag" content="Mexico"/>');
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"/>');
    const ld = JSON.parse(/<script type="application\/ld\+json">(.+?)<\/script>/.exec(html)![1]!);
    expect(ld['@type']).toBe('NewsArticle');
    expect(ld.image.creditText).toBeTruthy();
    expect(ld.image.copyrightNotice).toBeTruthy();
    expect(ld.image.url).toMatch(/^http:\/\/candle\.test\/media\//);
    for (const network of ['facebook.com', 'x.com', 'bsky.app', 'wa.me', 'linkedin.com', 'mailto:']) {
      expect(html).toContain(network);
    }
    expect(html).toContain('href="/cases/adrian-vasquez-lagunes"');
    expect(html).toMatch(/<div class="prose"><p>/);
    // One inline script, the head's line allowed by its hash in the CSP; no other.
    const early = `<script>${EARLY_SCRIPT}</script>`;
    expect(html).toContain(early);
    expect(html.replace(early, '')).not.toMatch(/<script(?! (src="\/assets\/|type="application\/ld\+json"))/);
  });

  it('lists a report attachment that can be downloaded', async () => {
    const reports = await get('/latest?type=report');
    const href = /class="item__title"><a href="(\/articles\/[^"]+)"/.exec(reports.body)![1]!;
    const article = await get(href);
    const pdf = /<a href="(\/media\/[^"]+\.pdf)" download>/.exec(article.body)![1]!;
    const file = await get(pdf);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('serves media variants and refuses paths that are not media', async () => {
    const html = (await get('/countries/mexico')).body;
    const src = /<img src="(\/media\/[^"]+\.webp)"/.exec(html)![1]!;
    const res = await get(src);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/webp');
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await get('/media/..%2F..%2Fetc%2Fpasswd')).statusCode).toBe(404);
    expect((await get('/media/abc-000000000000-480.webp')).statusCode).toBe(404);
  });

  it('follows a case across every item about the person', async () => {
    const res = await get('/cases/adrian-vasquez-lagunes');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Adrián Vásquez Lagunes');
    expect(titles(res.body).length).toBeGreaterThanOrEqual(3);
    expect((await get('/cases')).body).toContain('href="/cases/clemencia-adelaida-salas-salazar"');
  });

  it('serves region, topic and index pages', async () => {
    const region = await get('/regions/americas');
    expect(region.statusCode).toBe(200);
    expect(region.body).toContain('href="/countries/mexico"');
    expect(titles(region.body).length).toBeGreaterThan(0);
    const topics = await get('/topics');
    const topicHref = /class="card__title"><a href="(\/topics\/[^"]+)"/.exec(topics.body)![1]!;
    expect((await get(topicHref)).statusCode).toBe(200);
    for (const url of ['/countries', '/regions', '/latest', '/latest?type=urgent-action']) {
      expect((await get(url)).statusCode, url).toBe(200);
    }
  });

  it('offers to subscribe by email, with the page’s subject ticked, on home, country, region, topic and case pages', async () => {
    const topics = await get('/topics');
    const topicSlug = /class="card__title"><a href="\/topics\/([^"]+)"/.exec(topics.body)![1]!;
    const blocks: Array<[string, string]> = [
      ['/', '/subscribe?everything'],
      ['/countries/mexico', '/subscribe?country=mexico'],
      ['/regions/americas', '/subscribe?region=americas'],
      [`/topics/${topicSlug}`, `/subscribe?topic=${topicSlug}`],
      ['/cases/adrian-vasquez-lagunes', '/subscribe?case=adrian-vasquez-lagunes'],
    ];
    for (const [page, form] of blocks) {
      const html = (await get(page)).body;
      expect(html, page).toContain('<section class="subscribe" aria-labelledby="subscribe-heading">');
      expect(html, page).toContain(`href="${form}"`);
      // The link leads to the form with that follow ticked.
      const subscribe = await get(form);
      expect(subscribe.statusCode, form).toBe(200);
      const ticked =
        subscribe.body.match(/<input type="checkbox" name="follow" value="[^"]+" checked\/>/g) ?? [];
      expect(ticked, form).toHaveLength(1);
      const kind =
        form === '/subscribe?everything' ? 'everything' : form.slice('/subscribe?'.length).split('=')[0]!;
      expect(ticked[0], form).toContain(`value="${kind}`);
    }
  });

  it('gives unknown addresses the helpful 404 page', async () => {
    for (const url of [
      '/countries/atlantis',
      '/articles/no-such-item',
      '/cases/nobody',
      '/nowhere',
      '/countries/UPPER',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('Page not found');
      expect(res.body).toContain('id="not-found-search"');
    }
  });

  it('never answers odd input with a 500', async () => {
    for (const url of [
      '/countries/%E0%A4%A',
      '/search?q=%E0%A4%A',
      '/countries/mexico?page=%FF',
      `/articles/${'a'.repeat(5000)}`,
      '/countries/mexico?page[]=1',
      '/sitemaps/articles-0.xml',
      '/sitemaps/articles-abc.xml',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBeLessThan(500);
    }
  });

  it('publishes robots.txt, a sitemap and feeds', async () => {
    const robots = await get('/robots.txt');
    expect(robots.body).toContain(`Sitemap: ${TEST_PUBLIC_URL}/sitemap.xml`);
    const index = await get('/sitemap.xml');
    expect(index.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(index.body).toContain(`${TEST_PUBLIC_URL}/sitemaps/articles-1.xml`);
    const articles = await get('/sitemaps/articles-1.xml');
    expect(articles.body).toContain(`${TEST_PUBLIC_URL}/articles/`);
    const pages = await get('/sitemaps/pages.xml');
    expect(pages.body).toContain(`${TEST_PUBLIC_URL}/countries/mexico`);
    const feed = await get('/countries/mexico/feed.xml');
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(feed.body).toContain('<rss');
    expect((await get('/feed.xml')).body).toContain('<item>');
  });

  it('sets security headers and allows no third-party origin', async () => {
    const res = await get('/countries/mexico');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).not.toMatch(/<(script|img|iframe)[^>]+src="https?:/);
    expect(res.body).not.toMatch(/<link rel="(stylesheet|preload|icon|preconnect)"[^>]+href="https?:/);
  });
});

describe(`the page cache on ${dialectUnderTest}`, () => {
  it('serves a hit, compressed, with an ETag, and purges exactly on a content key', async () => {
    const url = '/countries/mexico?page=2';
    t.cache.clear();
    const first = await get(url);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['surrogate-key']).toContain('country:mx');
    expect(first.headers['cache-control']).toContain('public');
    const second = await get(url, { 'accept-encoding': 'gzip, br' });
    expect(second.headers['x-cache']).toBe('HIT');
    expect(second.headers['content-encoding']).toBe('br');
    const notModified = await get(url, { 'if-none-match': String(first.headers.etag) });
    expect(notModified.statusCode).toBe(304);

    const kenya = await get('/countries/kenya');
    expect(kenya.statusCode).toBe(200);
    t.cache.purge([keys.country('MX')]);
    expect((await get(url)).headers['x-cache']).toBe('MISS');
    expect((await get('/countries/kenya')).headers['x-cache']).toBe('HIT');
  });

  it('shows changed content once its keys are purged', async () => {
    const url = '/countries/mexico';
    await get(url);
    const slug = /class="item__title"><a href="\/articles\/([^"]+)"/.exec((await get(url)).body)![1]!;
    const row = await t.db
      .selectFrom('articles')
      .select(['id', 'title'])
      .where('slug', '=', slug)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('articles')
      .set({ title: 'A corrected headline' })
      .where('id', '=', row.id)
      .execute();
    expect((await get(url)).body).not.toContain('A corrected headline');
    t.cache.purge([keys.article(row.id)]);
    expect((await get(url)).body).toContain('A corrected headline');
    await t.db.updateTable('articles').set({ title: row.title }).where('id', '=', row.id).execute();
    t.cache.purge([keys.article(row.id)]);
  });
});
