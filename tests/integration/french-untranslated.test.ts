import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';
import { addArticle } from './search-support.js';

/**
 * A page that has no version in the other language (issue 15, item 2): the switch leads to that
 * language's home, which says so; hreflang names only the languages the page is in.
 */

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  const id = await addArticle(t.db, {
    slug: 'seulement-en-francais',
    title: 'Un article écrit en français seulement',
    summary: 'Personne ne l’a traduit en anglais.',
  });
  await t.db.updateTable('articles').set({ language: 'fr' }).where('id', '=', id).execute();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe(`a French page with no English version, on ${dialectUnderTest}`, () => {
  it('leads the switch to the English home, which says the page has no English version', async () => {
    const page = await get('/fr/articles/seulement-en-francais');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('href="/language?to=en&amp;from=%2F%3Funtranslated%3D1"');
    // hreflang: French only, and no x-default (there is no English page to default to).
    const head = page.body.slice(0, page.body.indexOf('</head>'));
    expect(head).toContain(
      `<link rel="alternate" hreflang="fr" href="${TEST_PUBLIC_URL}/fr/articles/seulement-en-francais"/>`,
    );
    expect(head).not.toContain('hreflang="en"');
    expect(head).not.toContain('hreflang="x-default"');

    const sw = await get('/language?to=en&from=%2F%3Funtranslated%3D1');
    expect(sw.statusCode).toBe(303);
    expect(sw.headers.location).toBe('/?untranslated=1');
    const home = await get('/?untranslated=1');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('The page you were reading has no English version.');
    expect(home.body).toContain(`<link rel="canonical" href="${TEST_PUBLIC_URL}/"/>`);
    // The plain home does not say it, cached or not, and another value is no page of its own.
    expect((await get('/')).body).not.toContain('has no English version');
    expect((await get('/?untranslated=1')).headers['x-cache']).toBe('HIT');
    expect((await get('/')).body).not.toContain('has no English version');
    const odd = await get('/?untranslated=yes');
    expect(odd.statusCode).toBe(301);
    expect(odd.headers.location).toBe('/');
    // And the other way: the French home says it in French.
    const fr = await get('/fr/?untranslated=1');
    expect(fr.body).toContain('La page que vous lisiez n’existe pas en français.');
    expect(fr.body).toContain(`<link rel="canonical" href="${TEST_PUBLIC_URL}/fr/"/>`);
  });

  it('lists it in the sitemap at its French page only, and a translated item with its translation', async () => {
    const res = await get('/sitemaps/articles-1.xml');
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    const urls = (
      parser.parse(res.body).urlset.url as Array<{
        loc: string;
        'xhtml:link': { hreflang: string; href: string } | Array<{ hreflang: string; href: string }>;
      }>
    ).map((u) => ({ loc: u.loc, links: [u['xhtml:link']].flat() }));
    const only = urls.find((u) => u.loc === `${TEST_PUBLIC_URL}/fr/articles/seulement-en-francais`);
    expect(only?.links.map((l) => l.hreflang)).toEqual(['fr']);
    expect(urls.some((u) => u.loc === `${TEST_PUBLIC_URL}/articles/seulement-en-francais`)).toBe(false);
    // A demo item and its French translation name each other; neither is listed under the other's prefix.
    const pair = await t.db
      .selectFrom('articles as f')
      .innerJoin('articles as o', 'o.id', 'f.translation_of')
      .select(['o.slug as original', 'f.slug as french'])
      .where('f.status', '=', 'published')
      .where('o.status', '=', 'published')
      .executeTakeFirstOrThrow();
    const en = urls.find((u) => u.loc === `${TEST_PUBLIC_URL}/articles/${pair.original}`);
    expect(en?.links).toEqual([
      { rel: 'alternate', hreflang: 'en', href: `${TEST_PUBLIC_URL}/articles/${pair.original}` },
      { rel: 'alternate', hreflang: 'fr', href: `${TEST_PUBLIC_URL}/fr/articles/${pair.french}` },
      { rel: 'alternate', hreflang: 'x-default', href: `${TEST_PUBLIC_URL}/articles/${pair.original}` },
    ]);
    expect(urls.some((u) => u.loc === `${TEST_PUBLIC_URL}/fr/articles/${pair.original}`)).toBe(false);
    expect(urls.some((u) => u.loc === `${TEST_PUBLIC_URL}/fr/articles/${pair.french}`)).toBe(true);
  });
});
