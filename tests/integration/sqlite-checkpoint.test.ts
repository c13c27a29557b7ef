import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTOCHECKPOINT_PAGES } from '../../src/platform/db/checkpoint.js';
import { checkpointOnce, type Db, openDatabase, startCheckpoints } from '../../src/platform/db/index.js';
import { dialectUnderTest } from '../support/app.js';

/*
 * The server's commits do not checkpoint SQLite's log (a checkpoint in a commit stalls every
 * request behind it); the job worker's connection does, PASSIVE, every second.
 */
describe.skipIf(dialectUnderTest !== 'sqlite')('SQLite checkpoints, left to the worker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-checkpoint-'));
  const file = path.join(dir, 'candle.db');
  const wal = () => fs.statSync(`${file}-wal`).size;
  let server: Db;
  let worker: Db;

  afterAll(async () => {
    await server?.destroy();
    await worker?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** About `pages` pages of 4 KiB written in one commit each 50. */
  async function write(db: Db, pages: number) {
    for (let i = 0; i < pages; i += 50)
      await sql`insert into filler (blob) with recursive n(i) as (select 1 union all select i + 1 from n where i < 50) select randomblob(4000) from n`.execute(
        db,
      );
  }

  it('lets the log grow past SQLite’s 1,000 pages in the server, then the worker copies it all back', async () => {
    server = await openDatabase({ dialect: 'sqlite', file });
    worker = await openDatabase({ dialect: 'sqlite', file });
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(server);
    expect(rows[0]?.wal_autocheckpoint).toBe(AUTOCHECKPOINT_PAGES);
    await sql`create table filler (id integer primary key, blob blob)`.execute(server);
    await write(server, 1_500);
    // SQLite's default would have checkpointed and restarted the log by now.
    expect(wal()).toBeGreaterThan(1_200 * 4096);
    const done = await checkpointOnce(worker);
    expect(done?.busy).toBe(false);
    expect(done?.log).toBeGreaterThan(1_200);
    expect(done?.checkpointed).toBe(done?.log);
    // Everything is in the database file: a new connection reads it without the log.
    const count = await sql<{ n: number }>`select count(*) as n from filler`.execute(worker);
    expect(Number(count.rows[0]?.n)).toBeGreaterThanOrEqual(1_500);
  });

  it('checkpoints on a timer until stopped, reporting a failure rather than throwing', async () => {
    const failures: unknown[] = [];
    const stop = startCheckpoints(worker, (err) => failures.push(err), 10);
    await write(server, 300);
    // Once the worker has backfilled the log, the next commit starts it again from its beginning.
    await new Promise((r) => setTimeout(r, 100));
    const before = wal();
    await write(server, 50);
    expect(wal()).toBeLessThanOrEqual(before);
    stop();
    expect(failures).toEqual([]);
  });
});
