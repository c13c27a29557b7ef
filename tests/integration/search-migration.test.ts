import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as m002 from '../../src/platform/db/migrations/002_search.js';
import * as m006 from '../../src/platform/db/migrations/006_search_speed.js';
// Builds on 006's `language` column (a translation per language): it goes down first, up after.
import * as m034 from '../../src/platform/db/migrations/034_translations.js';
// Makes 006's index again with French stems: it goes down first, up last.
import * as m038 from '../../src/platform/db/migrations/038_french_stems.js';
import { dialectUnderTest, testApp } from '../support/app.js';

async function searchObjects(db: Parameters<typeof m002.down>[0]): Promise<string[]> {
  const { rows } =
    dialectUnderTest === 'postgres'
      ? await sql<{ name: string }>`
          select tgname as name from pg_trigger g join pg_class c on c.oid = g.tgrelid
          where not g.tgisinternal and g.tgname like 'search%'
            and c.relnamespace = current_schema()::regnamespace
          union all select tablename from pg_tables where schemaname = current_schema() and tablename like 'search%'
          union all select proname from pg_proc where proname like 'candle_search%'
            and pronamespace = current_schema()::regnamespace`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where name like 'search%'`.execute(db);
  return rows.map((r) => r.name).sort();
}

describe('search migrations 002_search and 006_search_speed', () => {
  it('go down cleanly, triggers included, and up again with the index rebuilt', async () => {
    const t = await testApp();
    try {
      expect((await searchObjects(t.db)).length).toBeGreaterThan(5);
      await m038.down(t.db);
      await m034.down(t.db);
      await m006.down(t.db);
      await m002.down(t.db);
      expect(await searchObjects(t.db)).toEqual([]);
      // Content still saves without the index.
      await t.db
        .updateTable('articles')
        .set({ title: 'Ayotzinapa renamed' })
        .where('slug', '=', 'mexico-ayotzinapa-five-years')
        .execute();
      await m002.up(t.db);
      await m006.up(t.db);
      await m034.up(t.db);
      await m038.up(t.db);
      const res = await t.app.inject({ url: '/api/search?q=Ayotzinapa%20renamed' });
      expect(res.json().results[0].url).toBe('/articles/mexico-ayotzinapa-five-years');
    } finally {
      await t.close();
    }
  });

  it('006 runs on a database that already has content, and its down step restores 002', async () => {
    const t = await testApp();
    try {
      const before = (await t.app.inject({ url: '/api/search?q=Nasieku' })).json();
      expect(before.total).toBeGreaterThan(0);
      await m038.down(t.db);
      await m034.down(t.db);
      await m006.down(t.db);
      // 002's own objects after the down step (the engine of today needs 006's)…
      const objects = await searchObjects(t.db);
      expect(objects.some((name) => name.startsWith('search_words'))).toBe(false);
      expect(objects).toContain(dialectUnderTest === 'postgres' ? 'search_documents' : 'search_trigram');
      // …and 006 rebuilds its own from the content already there.
      await m006.up(t.db);
      await m034.up(t.db);
      await m038.up(t.db);
      const after = (await t.app.inject({ url: '/api/search?q=Nasieku' })).json();
      expect(after.total).toBe(before.total);
      expect(after.results.map((r: { url: string }) => r.url)).toEqual(
        before.results.map((r: { url: string }) => r.url),
      );
      expect((await t.app.inject({ url: '/api/search?q=Nasiku' })).json().didYouMean).toBe('nasieku');
    } finally {
      await t.close();
    }
  });

  it('038 goes down to 006’s index and up again, the French items stemmed at the next search', async () => {
    const t = await testApp();
    try {
      const french = async () =>
        (await t.app.inject({ url: '/fr/recherche?q=d%C3%A9tenu+' })).body.match(/item__title/g)?.length ?? 0;
      const before = await french();
      // The demo’s French items say "détenues", never "détenu": found by their stems.
      expect(before).toBeGreaterThan(0);
      await m038.down(t.db);
      expect((await searchObjects(t.db)).filter((n) => n.includes('stem'))).toEqual([]);
      await m038.up(t.db);
      const { rows } = await sql<{ n: number }>`select count(*) as n from search_stem_queue`.execute(t.db);
      expect(Number(rows[0]?.n)).toBeGreaterThan(0);
      expect(await french()).toBe(before);
      const { rows: after } = await sql<{ n: number }>`select count(*) as n from search_stem_queue`.execute(
        t.db,
      );
      expect(Number(after[0]?.n)).toBe(0);
    } finally {
      await t.close();
    }
  });
});
