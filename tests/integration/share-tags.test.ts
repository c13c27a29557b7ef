import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, makeUser } from '../support/admin.js';
import { TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';

/**
 * What a sharing crawler (Facebook, X, Bluesky, LinkedIn, WhatsApp, Slack) reads from every public
 * page: Open Graph and Twitter card tags with an absolute canonical address and a 1200 × 630 JPEG
 * that answers at the address the tags give (issue 11, item 6). Runs on both dialects.
 */

let t: TestApp;
beforeAll(async () => {
  // Rendered on every request: the escaping test edits a topic behind the page cache's back.
  t = await testApp({ pageCacheEntries: 0 });
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

const ENTITIES: Record<string, string> = { amp: '&', quot: '"', lt: '<', gt: '>', apos: "'", '#39': "'" };
const decode = (s: string) => s.replace(/&(amp|quot|lt|gt|apos|#39);/g, (_, e: string) => ENTITIES[e]!);

/** The page's meta tags by property or name (a name seen twice keeps both, to catch duplicates). */
function metaTags(html: string): Map<string, string[]> {
  const head = html.slice(0, html.indexOf('</head>'));
  const tags = new Map<string, string[]>();
  for (const m of head.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"\/>/g)) {
    tags.set(m[1]!, [...(tags.get(m[1]!) ?? []), decode(m[2]!)]);
  }
  return tags;
}

function one(tags: Map<string, string[]>, key: string): string {
  const values = tags.get(key) ?? [];
  expect(values, key).toHaveLength(1);
  return values[0]!;
}

async function firstHref(listing: string, pattern: RegExp): Promise<string> {
  const res = await get(listing);
  const found = pattern.exec(res.body)?.[1];
  if (!found) throw new Error(`no link matching ${pattern} on ${listing}`);
  return found;
}

/** Every kind of public page, with the canonical path its tags must name. */
async function publicPages(): Promise<Array<{ kind: string; path: string; canonical: string }>> {
  const article = await firstHref('/countries/mexico', /class="item__title"><a href="(\/articles\/[^"]+)"/);
  const topic = await firstHref('/topics', /<a href="(\/topics\/[^"]+)"/);
  return [
    { kind: 'home', path: '/', canonical: '/' },
    { kind: 'latest', path: '/latest', canonical: '/latest' },
    { kind: 'latest by type', path: '/latest?type=urgent-action', canonical: '/latest?type=urgent-action' },
    { kind: 'countries', path: '/countries', canonical: '/countries' },
    { kind: 'regions', path: '/regions', canonical: '/regions' },
    { kind: 'topics', path: '/topics', canonical: '/topics' },
    { kind: 'cases', path: '/cases', canonical: '/cases' },
    { kind: 'country', path: '/countries/mexico', canonical: '/countries/mexico' },
    { kind: 'country, page 2', path: '/countries/mexico?page=2', canonical: '/countries/mexico?page=2' },
    { kind: 'region', path: '/regions/americas', canonical: '/regions/americas' },
    { kind: 'topic', path: topic, canonical: topic },
    { kind: 'case', path: '/cases/adrian-vasquez-lagunes', canonical: '/cases/adrian-vasquez-lagunes' },
    { kind: 'article', path: article, canonical: article },
    { kind: 'search', path: '/search?q=mexico', canonical: '/search?q=mexico' },
  ];
}

describe('share tags on every public page', () => {
  it('name the page, its absolute canonical address and a 1200 × 630 JPEG that answers there', async () => {
    const pages = await publicPages();
    const images = new Set<string>();
    for (const p of pages) {
      // Tracking parameters, as Facebook and campaign links add them, never reach the tags.
      const sep = p.path.includes('?') ? '&' : '?';
      const res = await get(`${p.path}${sep}utm_source=newsletter&fbclid=IwAR0abc&gclid=xyz`);
      expect(res.statusCode, p.kind).toBe(200);
      const tags = metaTags(res.body);
      const title = one(tags, 'og:title');
      expect(title, p.kind).not.toBe('');
      expect(res.body, p.kind).toContain(`<title>`);
      expect(one(tags, 'og:description'), p.kind).not.toBe('');
      expect(one(tags, 'og:site_name')).toBe('Candle');
      expect(one(tags, 'og:type'), p.kind).toBe(p.kind === 'article' ? 'article' : 'website');
      const url = one(tags, 'og:url');
      expect(url, p.kind).toBe(TEST_PUBLIC_URL + p.canonical);
      const canonical = /<link rel="canonical" href="([^"]+)"/.exec(res.body)?.[1];
      if (p.kind !== 'search') expect(decode(canonical ?? ''), p.kind).toBe(url);
      const image = one(tags, 'og:image');
      expect(image, p.kind).toMatch(new RegExp(`^${TEST_PUBLIC_URL}/(media|assets)/[^"]+\\.jpg$`));
      expect(one(tags, 'og:image:type')).toBe('image/jpeg');
      expect(one(tags, 'og:image:width')).toBe('1200');
      expect(one(tags, 'og:image:height')).toBe('630');
      expect(one(tags, 'og:image:alt'), p.kind).not.toBe('');
      expect(one(tags, 'twitter:card'), p.kind).toMatch(/^summary(_large_image)?$/);
      expect(one(tags, 'twitter:title')).toBe(title);
      expect(one(tags, 'twitter:image')).toBe(image);
      expect(res.body, p.kind).toMatch(/<link rel="icon" href="\/assets\/icon\.[0-9a-f]{12}\.svg"/);
      images.add(image);
    }
    for (const image of images) {
      const res = await get(image.slice(TEST_PUBLIC_URL.length));
      expect(res.statusCode, image).toBe(200);
      expect(res.headers['content-type'], image).toBe('image/jpeg');
      expect(res.headers['cache-control'], image).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(res.rawPayload).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }, image).toEqual({
        format: 'jpeg',
        width: 1200,
        height: 630,
      });
    }
    // The pages with pictures of their own show them; the rest share the site's image.
    expect([...images].filter((i) => i.includes('/media/')).length).toBeGreaterThan(2);
  });

  it("shows a case with its portrait's share copy, large, and an index page with the site's image, small", async () => {
    const portrait = await t.db
      .selectFrom('cases')
      .innerJoin('media', 'media.id', 'cases.portrait_id')
      .select('media.storage_key')
      .where('cases.slug', '=', 'adrian-vasquez-lagunes')
      .executeTakeFirstOrThrow();
    const person = metaTags((await get('/cases/adrian-vasquez-lagunes')).body);
    expect(one(person, 'og:image')).toBe(`${TEST_PUBLIC_URL}/media/${portrait.storage_key}-share.jpg`);
    expect(one(person, 'twitter:card')).toBe('summary_large_image');

    const index = metaTags((await get('/countries')).body);
    expect(one(index, 'og:image')).toBe(`${TEST_PUBLIC_URL}${t.site.assets.shareImage}`);
    expect(one(index, 'twitter:card')).toBe('summary');
    expect(one(index, 'og:image:alt')).toBe('Candle: a lit candle');
  });

  it("shows a country page with its newest item's picture", async () => {
    const newest = await t.db
      .selectFrom('articles')
      .innerJoin('article_countries', 'article_countries.article_id', 'articles.id')
      .innerJoin('countries', 'countries.id', 'article_countries.country_id')
      .innerJoin('media', 'media.id', 'articles.lead_image_id')
      .select(['media.storage_key', 'media.alt'])
      .where('countries.slug', '=', 'mexico')
      .where('articles.status', '=', 'published')
      .orderBy('articles.published_at', 'desc')
      .executeTakeFirstOrThrow();
    const tags = metaTags((await get('/countries/mexico')).body);
    expect(one(tags, 'og:image')).toBe(`${TEST_PUBLIC_URL}/media/${newest.storage_key}-share.jpg`);
    expect(one(tags, 'og:image:alt')).toBe(newest.alt);
    expect(one(tags, 'twitter:card')).toBe('summary_large_image');
  });

  it('escapes quotes, ampersands and angle brackets in titles and descriptions', async () => {
    const name = 'Torture & "ill-treatment" <script>alert(1)</script>';
    const description = `Rock 'n' roll & "quotes" </head>`;
    await t.db.updateTable('topics').set({ name, description }).where('slug', '=', 'torture').execute();
    const res = await get('/topics/torture');
    expect(res.statusCode).toBe(200);
    const tags = metaTags(res.body);
    expect(one(tags, 'og:title')).toBe(name);
    expect(one(tags, 'twitter:title')).toBe(name);
    expect(one(tags, 'og:description')).toBe(description);
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).not.toContain('"ill-treatment"');
    // The head still ends once, where the layout ends it.
    expect(res.body.split('</head>')).toHaveLength(2);
  });
});

describe("an image's share copy", () => {
  const shareFiles = async () =>
    (await fs.readdir(path.join(t.dataDir, 'media'))).filter((f) => f.includes('-share.jpg'));

  it('is made once, on first request, even when many ask at once, and kept beside the variants', async () => {
    // An image no page above has asked for: as every image of a database older than this feature.
    const made = await shareFiles();
    const images = await t.db.selectFrom('media').select('storage_key').where('kind', '=', 'image').execute();
    const row = images.find((i) => !made.includes(`${i.storage_key}-share.jpg`));
    if (!row) throw new Error('every demo image already has its share copy');
    const file = `${row.storage_key}-share.jpg`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => get(`/media/${file}`)));
    for (const a of answers) {
      expect(a.statusCode).toBe(200);
      expect(a.rawPayload.equals(answers[0]!.rawPayload)).toBe(true);
    }
    const stored = await fs.readFile(path.join(t.dataDir, 'media', file));
    expect(stored.equals(answers[0]!.rawPayload)).toBe(true);
    // No half-written copy is left behind.
    expect((await fs.readdir(path.join(t.dataDir, 'media'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const again = await get(`/media/${file}`);
    expect(again.rawPayload.equals(stored)).toBe(true);
  });

  it('is a 404 for a key that names no image, a document, or an image whose files are gone', async () => {
    expect((await get('/media/zzzz-000000000000-share.jpg')).statusCode).toBe(404);
    expect((await get('/media/../share.jpg')).statusCode).toBe(404);
    expect((await get('/media/abc-share.jpg')).statusCode).toBe(404);
    const document = await t.db
      .selectFrom('media')
      .select('storage_key')
      .where('kind', '=', 'document')
      .executeTakeFirst();
    if (document) expect((await get(`/media/${document.storage_key}-share.jpg`)).statusCode).toBe(404);
    const image = await t.db
      .selectFrom('media')
      .select(['storage_key', 'variant_widths'])
      .where('kind', '=', 'image')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    for (const name of [...image.variant_widths.split(',').map((w) => `-${w}.webp`), '-share.jpg']) {
      await fs.rm(path.join(t.dataDir, 'media', `${image.storage_key}${name}`), { force: true });
    }
    expect((await get(`/media/${image.storage_key}-share.jpg`)).statusCode).toBe(404);
  });

  it('goes with its item when the item is deleted', async () => {
    await makeUser(t.db, 'editor');
    const editor = await logIn(t.app, 'editor@candle.test');
    const image = await t.db
      .selectFrom('media')
      .select(['id', 'storage_key'])
      .where('kind', '=', 'image')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const file = `${image.storage_key}-share.jpg`;
    expect((await get(`/media/${file}`)).statusCode).toBe(200);
    expect(await shareFiles()).toContain(file);
    const res = await editor.post(`/admin/media/${image.id}/delete`, { confirm: 'yes' });
    expect(res.statusCode).toBe(303);
    expect(await shareFiles()).not.toContain(file);
    expect((await get(`/media/${file}`)).statusCode).toBe(404);
  });
});
