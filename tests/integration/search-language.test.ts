import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { addArticle } from './search-support.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

const find = async (q: string) =>
  (await t.app.inject({ url: `/api/search?q=${encodeURIComponent(q)}` }))
    .json()
    .results.map((r: { url: string }) => r.url.replace('/articles/', ''));

describe(`one language per item on ${dialectUnderTest}`, () => {
  it('stores the language an item is written in, and finds it by the forms of that language', async () => {
    const id = await addArticle(t.db, {
      slug: 'fr-liberees',
      title: 'Les défenseures sont enfin libérées',
      summary: 'Elles étaient détenues depuis des mois.',
    });
    await t.db.updateTable('articles').set({ language: 'fr' }).where('id', '=', id).execute();
    const row = await t.db
      .selectFrom('articles')
      .select('language')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.language).toBe('fr');
    expect(await find('libérée')).toContain('fr-liberees');
    expect(await find('defenseure')).toContain('fr-liberees');
    // A name is found as written, never stemmed away.
    expect(await find('Vásquez Lagunes')).not.toEqual([]);
  });

  it.skipIf(dialectUnderTest !== 'postgres')(
    'stems an item in its stated language, or the one its words show, English when unsure',
    async () => {
      const config = async (language: string | null, text: string) =>
        (
          await sql<{ cfg: string }>`select candle_search_config(${language}, ${text})::text as cfg`.execute(
            t.db,
          )
        ).rows[0]?.cfg;
      expect(await config(null, 'Las familias de los desaparecidos exigen justicia por sus hijos')).toBe(
        'candle_es',
      );
      expect(await config(null, 'Les défenseurs sont détenus dans des conditions inhumaines')).toBe(
        'candle_fr',
      );
      expect(await config(null, 'The families of the disappeared demand justice')).toBe('candle_en');
      expect(await config(null, 'Ayotzinapa 43')).toBe('candle_en');
      expect(await config('fr', 'The families of the disappeared')).toBe('candle_fr');
      // A language Candle has no stemmer for is folded, never stemmed.
      expect(await config('de', 'Die Familien der Verschwundenen')).toBe('candle_simple');

      // The stated language decides the stems: Spanish "detenciones" and "detención" meet only in
      // Spanish (English leaves "detencion" and "detencion" apart from the plural's stem).
      const id = await addArticle(t.db, {
        slug: 'es-stated',
        title: 'Zapotlán: detenciones arbitrarias',
        summary: 'Sin información.',
      });
      await t.db.updateTable('articles').set({ language: 'es' }).where('id', '=', id).execute();
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from search_documents
        where article_id = ${id} and document @@ to_tsquery('candle_es', 'detención')`.execute(t.db);
      expect(rows[0]?.n).toBe(1);
    },
  );

  it('suggests a name whose second and third letters were swapped', async () => {
    const body = (await t.app.inject({ url: '/api/search?q=Aoytzinapa' })).json();
    expect(body.didYouMean).toBe('ayotzinapa');
    expect(body.approximate).toBe(true);
  });
});
