import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { literalLimit, openDatabase } from '../../src/platform/db/index.js';

/*
 * SQLite compiles a statement again on every run when its LIMIT is a bound parameter (the value
 * steers its planner), so Candle writes limits into the SQL text: see platform/db/literal-limit.ts.
 */
describe('limits written into the SQL text on SQLite', async () => {
  const db = await openDatabase({ dialect: 'sqlite', file: ':memory:' });
  await sql`create table t (id integer primary key)`.execute(db);
  await sql`insert into t (id) values (1), (2), (3), (4), (5)`.execute(db);
  afterAll(() => db.destroy());
  const table = db as unknown as import('kysely').Kysely<{ t: { id: number } }>;

  it("writes Kysely's .limit(n) as text and keeps the offset a parameter", async () => {
    const query = table.selectFrom('t').select('id').orderBy('id').limit(2).offset(1);
    const compiled = query.compile();
    expect(compiled.sql).toMatch(/limit 2 offset \?$/);
    expect(compiled.parameters).toEqual([1]);
    expect((await query.execute()).map((r) => r.id)).toEqual([2, 3]);
  });

  it('writes literalLimit(n) as text in hand-written statements', async () => {
    const query = sql<{ id: number }>`select id from t order by id limit ${literalLimit(3)} offset ${2}`;
    const compiled = query.compile(db);
    expect(compiled.sql).toContain('limit 3 offset ?');
    expect((await query.execute(db)).rows.map((r) => r.id)).toEqual([3, 4, 5]);
  });

  it('refuses a limit that is not a whole number ≥ 0', () => {
    expect(() => literalLimit(1.5)).toThrow(RangeError);
    expect(() => literalLimit(-1)).toThrow(RangeError);
    expect(() => literalLimit(Number.NaN)).toThrow(RangeError);
    expect(literalLimit(0).compile(db).sql).toBe('0');
  });
});
