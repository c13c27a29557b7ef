import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frenchStem } from '../../src/search/query.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { addArticle } from './search-support.js';

/**
 * Search on French pages (issue 15, item 4): a reader's French word finds the other forms of it in
 * French items (French stems, on both databases), and French items come before English ones.
 */

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  const french = await addArticle(t.db, {
    slug: 'fr-detention-merida',
    title: 'La détention arbitraire d’une défenseure à Zacatlanqui',
    summary: 'Sa détention dure depuis six mois.',
    body: 'La défenseure a été arrêtée par la police de l’État.',
    publishedAt: '2021-02-01T10:00:00.000Z',
  });
  await t.db.updateTable('articles').set({ language: 'fr' }).where('id', '=', french).execute();
  // An English item that names the same place in its title, where it weighs most.
  const english = await addArticle(t.db, {
    slug: 'en-zacatlanqui',
    title: 'Zacatlanqui: police violence against a community',
    summary: 'Zacatlanqui residents report police abuses.',
    publishedAt: '2021-03-01T10:00:00.000Z',
  });
  await t.db.updateTable('articles').set({ language: 'en' }).where('id', '=', english).execute();
});
afterAll(async () => {
  await t?.close();
});

/** The result addresses of a search page, in order. */
async function results(path: string): Promise<string[]> {
  const res = await t.app.inject({ url: path });
  expect(res.statusCode, path).toBe(200);
  return [...res.body.matchAll(/<h3 class="item__title"[^>]*><a href="([^"]+)"/g)].map((m) => m[1]!);
}

describe('French stems on a French page', () => {
  it('cuts a French word to what its other forms start with', () => {
    expect(frenchStem('détenus')).toBe('deten');
    expect(frenchStem('détenue')).toBe('deten');
    expect(frenchStem('détention')).toBe('detent');
    expect(frenchStem('défenseures')).toBe('defens');
    expect(frenchStem('défenseurs')).toBe('defens');
    expect(frenchStem('manifestations')).toBe('manifest');
    expect(frenchStem('journaux')).toBe('journa');
    // Short words, numbers and words with nothing to cut are left to the exact match.
    expect(frenchStem('droit')).toBeNull();
    expect(frenchStem('2020ab')).toBeNull();
    expect(frenchStem('police')).toBe('polic');
  });
});

describe(`search on the French pages, on ${dialectUnderTest}`, () => {
  it('finds a French item by another form of its words', async () => {
    // "détenus" is nowhere: the item says "détention"; "défenseures" meets "défenseure".
    expect(await results('/fr/recherche?q=d%C3%A9tenus')).toContain('/fr/articles/fr-detention-merida');
    expect(await results('/fr/recherche?q=d%C3%A9fenseures')).toContain('/fr/articles/fr-detention-merida');
    expect(await results('/fr/recherche?q=d%C3%A9tenue+d%C3%A9fenseurs')).toContain(
      '/fr/articles/fr-detention-merida',
    );
    // The English page does not stem in French: "détenus" there is not "détention".
    expect(await results('/search?q=d%C3%A9tenus')).not.toContain('/articles/fr-detention-merida');
  });

  it('lists French items first on the French page, English ones first nowhere', async () => {
    const fr = await results('/fr/recherche?q=zacatlanqui');
    expect(fr).toEqual(['/fr/articles/fr-detention-merida', '/fr/articles/en-zacatlanqui']);
    // On the English page relevance alone orders them: the name in the English title weighs most.
    // The English item's words are marked English on the French page, and the French one's not.
    const page = (await t.app.inject({ url: '/fr/recherche?q=zacatlanqui' })).body;
    expect(page).toContain('<h3 class="item__title" lang="en"><a href="/fr/articles/en-zacatlanqui"');
    expect(page).toContain('<h3 class="item__title"><a href="/fr/articles/fr-detention-merida"');
    const en = await results('/search?q=zacatlanqui');
    expect(en).toEqual(['/articles/en-zacatlanqui', '/articles/fr-detention-merida']);
    // Newest first stays the reader's order, in every language.
    expect(await results('/fr/recherche?q=zacatlanqui&sort=newest')).toEqual([
      '/fr/articles/en-zacatlanqui',
      '/fr/articles/fr-detention-merida',
    ]);
  });

  it('names countries in French on the French results page', async () => {
    const res = await t.app.inject({ url: '/fr/recherche?q=V%C3%A1squez' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/fr/pays/mexique">Mexique</a>');
    expect(res.body).not.toContain('>Mexico<');
  });
});
