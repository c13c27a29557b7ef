import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, preparedQuery, readRows, type Slots } from '../../src/platform/db/index.js';

/*
 * The reads of one turn of the event loop share one read transaction on SQLite
 * (platform/db/sqlite-statements.ts); writes, transactions and pragmas run as they always did.
 * Another process is played by a second connection to the same file.
 */
describe("SQLite: a turn's reads in one snapshot", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-snapshot-'));
  const file = path.join(dir, 'db.sqlite');
  const db = (await openDatabase({ dialect: 'sqlite', file })) as unknown as Kysely<{
    t: { id: number; n: number };
  }>;
  await sql`create table t (id integer primary key, n integer not null)`.execute(db);
  await sql`insert into t (id, n) values (1, 1)`.execute(db);
  const other = new BetterSqlite(file);
  other.pragma('busy_timeout = 2000');
  afterAll(async () => {
    other.close();
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const read = async () =>
    (await db.selectFrom('t').select('n').where('id', '=', 1).executeTakeFirstOrThrow()).n;
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it("sees one snapshot within a turn, and the other process's commit in the next", async () => {
    other.prepare('update t set n = 2 where id = 1').run();
    const first = await read();
    // Committed by another process between two reads of the same turn: not seen by the second.
    other.prepare('update t set n = 3 where id = 1').run();
    const second = await read();
    expect([first, second]).toEqual([2, 2]);
    await nextTurn();
    expect(await read()).toBe(3);
  });

  it("lets another process write while a turn's snapshot is open, and frees it at the turn's end", async () => {
    await read();
    other.prepare('update t set n = 4 where id = 1').run();
    await nextTurn();
    // The snapshot is gone: a checkpoint of the whole log is not held back by it.
    const [checkpoint] = other.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    expect(checkpoint?.busy).toBe(0);
    expect(await read()).toBe(4);
  });

  it('writes after reads in the same turn, and reads its own write at once', async () => {
    expect(await read()).toBe(4);
    await db.updateTable('t').set({ n: 5 }).where('id', '=', 1).execute();
    expect(await read()).toBe(5);
    // Committed, not left in a transaction the turn's end would have to close.
    expect(other.prepare('select n from t where id = 1').get()).toEqual({ n: 5 });
  });

  it("opens a caller's transaction after reads in the same turn, and reads inside it as usual", async () => {
    expect(await read()).toBe(5);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ n: 6 }).where('id', '=', 1).execute();
      expect((await trx.selectFrom('t').select('n').executeTakeFirstOrThrow()).n).toBe(6);
    });
    expect(other.prepare('select n from t where id = 1').get()).toEqual({ n: 6 });
  });

  it('runs a pragma after reads in the same turn outside any transaction (where it takes effect)', async () => {
    await read();
    await sql`pragma foreign_keys = off`.execute(db);
    expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(
      0,
    );
    await sql`pragma foreign_keys = on`.execute(db);
    expect((await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys).toBe(
      1,
    );
  });

  it("answers a read that fails without spoiling the turn's other reads", async () => {
    await expect(sql`select * from no_such_table`.execute(db)).rejects.toThrow(/no such table/);
    expect(await read()).toBe(6);
  });

  // The reads that skip Kysely's executor (readRows, preparedQuery) run at once on the connection:
  // never inside a transaction that another flow holds open across its awaits.
  const direct = preparedQuery((d: typeof db, v: Slots<{ id: number }>) =>
    d.selectFrom('t').select('n').where('id', '=', v.id),
  );

  it("runs a read at once, in the turn's snapshot, and its failure as a rejection", async () => {
    await nextTurn();
    other.prepare('update t set n = 7 where id = 1').run();
    const pending = direct(db, { id: 1 });
    other.prepare('update t set n = 8 where id = 1').run();
    expect(await pending).toEqual([{ n: 7 }]);
    expect(await readRows(db, sql<{ n: number }>`select n from t where id = ${1}`.compile(db))).toEqual([
      { n: 7 },
    ]);
    await expect(readRows(db, sql`select * from no_such_table`.compile(db))).rejects.toThrow(/no such table/);
    await nextTurn();
    expect(await direct(db, { id: 1 })).toEqual([{ n: 8 }]);
  });

  it("waits for another flow's transaction rather than read its uncommitted rows", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let written = () => {};
    const wrote = new Promise<void>((resolve) => {
      written = resolve;
    });
    const transaction = db.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ n: 9 }).where('id', '=', 1).execute();
      written();
      await held;
    });
    await wrote;
    let seen: unknown;
    const reading = direct(db, { id: 1 }).then((rows) => {
      seen = rows;
    });
    await nextTurn();
    expect(seen).toBeUndefined();
    release();
    await transaction;
    await reading;
    expect(seen).toEqual([{ n: 9 }]);
  });

  it('reads inside a transaction through its own connection, seeing its writes', async () => {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('t').set({ n: 10 }).where('id', '=', 1).execute();
      expect(await direct(trx, { id: 1 })).toEqual([{ n: 10 }]);
    });
  });
});
