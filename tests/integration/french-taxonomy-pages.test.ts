import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../src/newsroom/models.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';
import { findMexico, mexicoForm } from '../support/content.js';

/**
 * Countries, regions and topics in French on the public side (issue 15, item 3): each page under
 * its French address word (`/fr/pays/mexique`) with its French name wherever it is named, the
 * English word under /fr/ moved there, hreflang and the switch pairing each language's own word,
 * the sitemap, and purges reaching both languages' pages through the content keys they share.
 */

let t: TestApp;
let editor: Session;
let mexico: { id: number; region_id: number };

beforeAll(async () => {
  t = await testApp();
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
  mexico = await findMexico(t.db);
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

/** The head's hreflang alternates: language → address without the site's origin. */
function alternates(html: string): Record<string, string> {
  const head = html.slice(0, html.indexOf('</head>'));
  const found: Record<string, string> = {};
  for (const m of head.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/>/g))
    found[m[1]!] = m[2]!.replace(/&amp;/g, '&').slice(TEST_PUBLIC_URL.length);
  return found;
}

describe(`French names and address words on the public pages, on ${dialectUnderTest}`, () => {
  it('shows Mexico as Mexique on its French page: heading, title, breadcrumbs, items, subscribe block', async () => {
    const res = await get('/fr/pays/mexique');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('<h1>Mexique</h1>');
    expect(html).toMatch(/<title>Mexique \| /);
    // The region in the breadcrumbs and under the heading, at its French address.
    expect(html).toContain('<a href="/fr/regions/ameriques">Amériques</a>');
    // Each item's country label.
    expect(html).toContain('<a href="/fr/pays/mexique">Mexique</a>');
    expect(html).not.toContain('>Mexico<');
    expect(html).not.toContain('/fr/pays/mexico"');
    // "Subscribe to …" names the French name; the form it leads to keeps the follow's own key.
    expect(html).toMatch(/Abonnez-vous[^<]*Mexique/);
    expect(html).toContain('href="/fr/abonnement?country=mexico"');
    expect(html).toContain('<link rel="canonical" href="http://candle.test/fr/pays/mexique"/>');
    // The English page is untouched.
    const en = await get('/countries/mexico');
    expect(en.body).toContain('<h1>Mexico</h1>');
    expect(en.body).toContain('<a href="/regions/americas">Americas</a>');
  });

  it('moves the English address word under /fr/ to the French one, keeping the page; an unknown word is a 404', async () => {
    const moved = await get('/fr/pays/mexico');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/fr/pays/mexique');
    const second = await get('/fr/pays/mexico?page=2');
    expect(second.statusCode).toBe(301);
    expect(second.headers.location).toBe('/fr/pays/mexique?page=2');
    const region = await get('/fr/regions/americas');
    expect(region.statusCode).toBe(301);
    expect(region.headers.location).toBe('/fr/regions/ameriques');
    const topic = await get('/fr/sujets/enforced-disappearances');
    expect(topic.statusCode).toBe(301);
    expect(topic.headers.location).toBe('/fr/sujets/disparitions-forcees');
    for (const missing of ['/fr/pays/nulle-part', '/fr/regions/nulle-part', '/fr/sujets/nulle-part']) {
      expect((await get(missing)).statusCode, missing).toBe(404);
    }
    // A French word is no English address.
    expect((await get('/countries/mexique')).statusCode).toBe(404);
  });

  it('names French regions and topics on their pages and in the indexes', async () => {
    const region = await get('/fr/regions/ameriques');
    expect(region.statusCode).toBe(200);
    expect(region.body).toContain('<h1>Amériques</h1>');
    expect(region.body).toContain('<a href="/fr/pays/mexique">Mexique</a>');
    const topic = await get('/fr/sujets/disparitions-forcees');
    expect(topic.statusCode).toBe(200);
    expect(topic.body).toContain('<h1>Disparitions forcées</h1>');
    const countries = await get('/fr/pays');
    expect(countries.body).toContain('<a href="/fr/pays/mexique">Mexique</a>');
    expect(countries.body).toContain('<a href="/fr/regions/ameriques">Amériques</a>');
    // In French alphabetical order: Équateur among the E's, before États-Unis.
    const equateur = countries.body.indexOf('>Équateur<');
    expect(equateur).toBeGreaterThan(countries.body.indexOf('>Costa Rica<'));
    expect(equateur).toBeLessThan(countries.body.indexOf('>États-Unis<'));
    const topics = await get('/fr/sujets');
    expect(topics.body).toContain('<a href="/fr/sujets/disparitions-forcees">Disparitions forcées</a>');
  });

  it('pairs each language’s own address word in hreflang, both ways, and in the language switch', async () => {
    for (const [en, fr] of [
      ['/countries/mexico', '/fr/pays/mexique'],
      ['/countries/mexico?page=2', '/fr/pays/mexique?page=2'],
      ['/regions/americas', '/fr/regions/ameriques'],
      ['/topics/enforced-disappearances', '/fr/sujets/disparitions-forcees'],
    ] as const) {
      const english = await get(en);
      expect(english.statusCode, en).toBe(200);
      expect(alternates(english.body), en).toEqual({ en, fr, 'x-default': en });
      const french = await get(fr);
      expect(french.statusCode, fr).toBe(200);
      expect(alternates(french.body), fr).toEqual({ en, fr, 'x-default': en });
    }
    // The switch goes through /language with the other language's page, which it then opens.
    const fr = await get('/fr/pays/mexique');
    expect(fr.body).toContain('href="/language?to=en&amp;from=%2Fcountries%2Fmexico"');
    expect((await get('/language?to=en&from=%2Fcountries%2Fmexico')).headers.location).toBe(
      '/countries/mexico',
    );
    const en = await get('/countries/mexico');
    expect(en.body).toContain('href="/language?to=fr&amp;from=%2Fcountries%2Fmexique"');
    expect((await get('/language?to=fr&from=%2Fcountries%2Fmexique')).headers.location).toBe(
      '/fr/pays/mexique',
    );
  });

  it('lists the French address words in the sitemap, each pair naming the other', async () => {
    const res = await get('/sitemaps/pages.xml');
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const urls = parser.parse(res.body).urlset.url as Array<{
      loc: string;
      'xhtml:link': Array<{ hreflang: string; href: string }>;
    }>;
    const fr = urls.find((u) => u.loc === `${TEST_PUBLIC_URL}/fr/pays/mexique`);
    expect(fr).toBeDefined();
    expect(fr!['xhtml:link'].find((l) => l.hreflang === 'en')?.href).toBe(
      `${TEST_PUBLIC_URL}/countries/mexico`,
    );
    const en = urls.find((u) => u.loc === `${TEST_PUBLIC_URL}/countries/mexico`);
    expect(en!['xhtml:link'].find((l) => l.hreflang === 'fr')?.href).toBe(
      `${TEST_PUBLIC_URL}/fr/pays/mexique`,
    );
    expect(urls.some((u) => u.loc === `${TEST_PUBLIC_URL}/fr/pays/mexico`)).toBe(false);
    expect(urls.some((u) => u.loc === `${TEST_PUBLIC_URL}/fr/sujets/disparitions-forcees`)).toBe(true);
  });

  it('names countries in French in French feeds and on French article pages', async () => {
    const feed = await get('/fr/pays/mexique/feed.json');
    expect(feed.statusCode).toBe(200);
    expect(feed.json().title).toBe('Mexique');
    expect(feed.json().home_page_url).toBe(`${TEST_PUBLIC_URL}/fr/pays/mexique`);
    const article = /href="(\/fr\/articles\/[a-z0-9-]+)"/.exec((await get('/fr/pays/mexique')).body)?.[1];
    expect(article).toBeDefined();
    const page = await get(article!);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/fr/pays/mexique">Mexique</a>');
  });

  it('serves a country with no French name at its English word and name, in both languages', async () => {
    const kenya = await t.db
      .selectFrom('countries')
      .select('id')
      .where('slug', '=', 'kenya')
      .executeTakeFirstOrThrow();
    await t.db
      .deleteFrom('taxonomy_names')
      .where('kind', '=', 'country')
      .where('target_id', '=', kenya.id)
      .execute();
    t.cache.clear();
    const fr = await get('/fr/pays/kenya');
    expect(fr.statusCode).toBe(200);
    // The English name, marked as English on the French page.
    expect(fr.body).toContain('<h1 lang="en">Kenya</h1>');
    expect(alternates(fr.body)).toEqual({
      en: '/countries/kenya',
      fr: '/fr/pays/kenya',
      'x-default': '/countries/kenya',
    });
    expect(alternates((await get('/countries/kenya')).body).fr).toBe('/fr/pays/kenya');
  });

  it('purges both languages’ pages of a country by its content key, without naming their addresses', async () => {
    t.cache.clear();
    const fr = '/fr/pays/mexique';
    const en = '/countries/mexico';
    for (const url of [fr, en]) expect((await get(url)).headers['x-cache'], url).toBe('MISS');
    for (const url of [fr, en]) expect((await get(url)).headers['x-cache'], url).toBe('HIT');
    // Both name the same key: one purge drops both.
    expect((await get(fr)).headers['surrogate-key']).toContain(keys.country('MX'));
    t.cache.purge([keys.country('MX')]);
    for (const url of [fr, en]) expect((await get(url)).headers['x-cache'], url).toBe('MISS');
    // A page that names Mexico only on its items: cached before the rename below.
    const topic = '/fr/sujets/disparitions-forcees';
    expect((await get(topic)).body).toContain('>Mexique<');
    expect((await get(topic)).headers['x-cache']).toBe('HIT');

    // An editor renames Mexico in French: both languages' pages render again, the French one at
    // its new word, and the old one moves there (french-renames.test.ts).
    const form = await editor.get(`/admin/countries/${mexico.id}`);
    expect(form.statusCode).toBe(200);
    const saved = await editor.post(
      `/admin/countries/${mexico.id}`,
      mexicoForm(mexico, { name_fr: 'États-Unis du Mexique', slug_fr: 'etats-unis-du-mexique' }),
    );
    expect(saved.statusCode).toBe(303);
    const english = await get(en);
    expect(english.headers['x-cache']).toBe('MISS');
    expect(alternates(english.body).fr).toBe('/fr/pays/etats-unis-du-mexique');
    const renamed = await get('/fr/pays/etats-unis-du-mexique');
    expect(renamed.statusCode).toBe(200);
    expect(renamed.body).toContain('<h1>États-Unis du Mexique</h1>');
    const old = await get(fr);
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/fr/pays/etats-unis-du-mexique');
    expect((await get('/fr/pays/mexico')).headers.location).toBe('/fr/pays/etats-unis-du-mexique');
    // Other pages naming Mexico (the region's, a topic's items) show the new name too.
    expect((await get('/fr/regions/ameriques')).body).toContain('>États-Unis du Mexique<');
    const renamedTopic = await get(topic);
    expect(renamedTopic.headers['x-cache']).toBe('MISS');
    expect(renamedTopic.body).toContain('>États-Unis du Mexique<');
    expect(renamedTopic.body).not.toContain('>Mexique<');
  });
});
