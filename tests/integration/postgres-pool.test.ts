import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, type TestDb, testDatabase, testDatabaseUrl } from '../support/app.js';

describe.skipIf(dialectUnderTest !== 'postgres')('PostgreSQL connections ended by the server', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await testDatabase();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('are replaced without ending the process', async () => {
    // Open a few pooled connections, learn their server processes, and leave them idle.
    const pids = await t.db.transaction().execute(async (outer) => {
      const inner = await Promise.all(
        Array.from({ length: 2 }, () => sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(t.db)),
      );
      const own = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(outer);
      return [...inner, own].map((r) => Number(r.rows[0]?.pid));
    });
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    // Ends them, as a server restart or an administrator would.
    const ended = await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [pids]);
    await admin.end();
    expect(ended.rowCount).toBe(pids.length);
    await new Promise((r) => setTimeout(r, 300));
    // Still alive (an unheard pool error would have failed this test run), and queries work again.
    const rows = await t.db.selectFrom('users').select('id').execute();
    expect(rows).toEqual([]);
  });
});
