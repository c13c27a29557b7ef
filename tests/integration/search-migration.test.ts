import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as m002 from '../../src/platform/db/migrations/002_search.js';
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

describe('migration 002_search', () => {
  it('goes down cleanly, triggers included, and up again with the index rebuilt', async () => {
    const t = await testApp();
    try {
      expect((await searchObjects(t.db)).length).toBeGreaterThan(5);
      await m002.down(t.db);
      expect(await searchObjects(t.db)).toEqual([]);
      // Content still saves without the index.
      await t.db
        .updateTable('articles')
        .set({ title: 'Ayotzinapa renamed' })
        .where('slug', '=', 'mexico-ayotzinapa-five-years')
        .execute();
      await m002.up(t.db);
      const res = await t.app.inject({ url: '/api/search?q=Ayotzinapa%20renamed' });
      expect(res.json().results[0].url).toBe('/articles/mexico-ayotzinapa-five-years');
    } finally {
      await t.close();
    }
  });
});
