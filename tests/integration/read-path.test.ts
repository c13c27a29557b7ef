import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { en } from '../../src/platform/i18n/en.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';

/*
 * The public read path: every page rendered from the database by one renderer, and one page cache
 * in front of it keyed by the address the route reads. Each test here failed on the read path
 * that kept rendered cards in the database, framed pages and answered hits below Fastify.
 */

let clock = new Date('2026-05-04T10:00:00Z');
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ now: () => clock });
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}, app: App = t) =>
  app.app.inject({ method: 'GET', url, headers });

/** The interface's words, changed for one test as an upgrade or a second language would. */
async function withWord<T>(key: keyof typeof en, text: string, run: () => Promise<T>): Promise<T> {
  const words = en as Record<string, string>;
  const before = words[key] as string;
  words[key] = text;
  try {
    return await run();
  } finally {
    words[key] = before;
    t.cache.clear();
  }
}

/** Another instance of the app on the same database, as a second process or a restart is. */
async function anotherInstance(): Promise<App> {
  return buildApp(
    loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      DATA_DIR: t.dataDir,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: TEST_PUBLIC_URL,
    }),
    t.db,
    { now: () => clock },
  );
}

describe(`one page, one ETag on ${dialectUnderTest}`, () => {
  it('gives the same bytes the same ETag in another instance and after a restart', async () => {
    t.cache.clear();
    // A page no test has asked for yet, so its items are rendered for the first time here.
    const url = '/latest?page=2';
    const first = await get(url);
    expect(first.statusCode).toBe(200);
    for (let n = 0; n < 2; n++) {
      const other = await anotherInstance();
      try {
        const page = await get(url, {}, other);
        expect(page.body).toBe(first.body);
        expect(page.headers.etag).toBe(first.headers.etag);
        const revalidated = await get(url, { 'if-none-match': String(first.headers.etag) }, other);
        expect(revalidated.statusCode).toBe(304);
      } finally {
        await other.app.close();
      }
    }
  });
});

describe(`rendering on ${dialectUnderTest}`, () => {
  it('a renamed item type shows in every listing that lists such items', async () => {
    const report = await t.db
      .selectFrom('articles')
      .innerJoin('article_countries', 'article_countries.article_id', 'articles.id')
      .innerJoin('countries', 'countries.id', 'article_countries.country_id')
      .select(['articles.title', 'countries.slug'])
      .where('articles.type', '=', 'report')
      .where('articles.status', '=', 'published')
      .executeTakeFirstOrThrow();
    const listings = ['/latest?type=report', `/countries/${report.slug}`];
    for (const url of listings) expect((await get(url)).body).toContain(report.title);
    const renamed = await withWord('type.report', 'Research findings', async () => {
      t.cache.clear();
      return Promise.all(listings.map(async (url) => (await get(url)).body));
    });
    for (const html of renamed) {
      expect(html).toContain('<span class="type-label type-label--report">Research findings</span>');
    }
  });

  it('renders the header and footer in the words of the request, not the first one served', async () => {
    await get('/countries/mexico');
    const html = await withWord('nav.latest', 'What is new', async () => {
      t.cache.clear();
      return (await get('/countries/mexico')).body;
    });
    expect(html).toMatch(/<header class="site-header">.*What is new.*<\/header>/s);
    expect(html).not.toMatch(/<header class="site-header">.*>Latest<.*<\/header>/s);
  });

  it('keeps no rendered cards in the database', async () => {
    const tables =
      dialectUnderTest === 'postgres'
        ? await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = current_schema()`.execute(t.db)
        : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(t.db);
    const names = tables.rows.map((r) => r.name);
    expect(names).toContain('article_listings');
    expect(names).not.toContain('article_cards');
    // Editing what a card showed still works: no trigger is left that writes to a dropped table.
    await t.db.updateTable('articles').set({ title: 'Retitled' }).where('id', '=', 1).execute();
    await t.db.updateTable('countries').set({ name: 'Mexico' }).where('slug', '=', 'mexico').execute();
  });
});

describe(`the page cache on ${dialectUnderTest}`, () => {
  it('answers a weak or listed If-None-Match as a cache in front sends it', async () => {
    const etag = String((await get('/topics')).headers.etag);
    expect((await get('/topics', { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    expect((await get('/topics', { 'if-none-match': `"other", ${etag}` })).statusCode).toBe(304);
    expect((await get('/topics', { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('makes no new entry for tracking or unknown parameters', async () => {
    t.cache.clear();
    expect((await get('/countries/mexico')).headers['x-cache']).toBe('MISS');
    for (const url of [
      '/countries/mexico?fbclid=IwAR0abc',
      '/countries/mexico?utm_source=newsletter&utm_medium=email&utm_campaign=june',
      '/countries/mexico?gclid=xyz',
      '/countries/mexico?anything=else&more=1',
    ]) {
      const res = await get(url);
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-cache']).toBe('HIT');
    }
    expect(t.cache.size).toBe(1);
  });

  it('keys a listing by the parameters it reads', async () => {
    t.cache.clear();
    const first = await get('/latest?type=press-release&fbclid=1');
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect((await get('/latest?utm_source=x&type=press-release')).headers['x-cache']).toBe('HIT');
    expect((await get('/latest?type=news')).headers['x-cache']).toBe('MISS');
    expect(t.cache.size).toBe(2);
  });

  it('renders again a page older than the age limit, purged or not', async () => {
    t.cache.clear();
    expect((await get('/regions')).headers['x-cache']).toBe('MISS');
    clock = new Date(clock.getTime() + 5 * 60_000);
    expect((await get('/regions')).headers['x-cache']).toBe('HIT');
    clock = new Date(clock.getTime() + 6 * 60_000);
    expect((await get('/regions')).headers['x-cache']).toBe('MISS');
  });

  it('answers HEAD from the cache with the headers of GET and no body', async () => {
    t.cache.clear();
    const page = await get('/cases');
    const head = await t.app.inject({ method: 'HEAD', url: '/cases' });
    expect(head.statusCode).toBe(200);
    expect(head.headers['x-cache']).toBe('HIT');
    expect(head.headers.etag).toBe(page.headers.etag);
    expect(head.headers['surrogate-key']).toBe(page.headers['surrogate-key']);
    expect(head.body).toBe('');
  });
});
