import { sql } from 'kysely';
import type { Db } from './connect.js';
import { dialectOf } from './dialect.js';

/**
 * A reader's place in the purge log (`cache_purges`): each call to next() returns the purges
 * committed since the last, each exactly once, whichever order their transactions commit in.
 *
 * SQLite has one writer at a time and a purge takes its id inside that write transaction, so ids
 * are in commit order: a cursor on the last id read misses nothing.
 *
 * On PostgreSQL ids are taken at insert, not at commit: a transaction can hold id 7 while id 8
 * commits and is read, and a cursor on "id > 8" would skip 7 for good. So each row also records
 * the transaction that wrote it (`txid`, migration 014), and the cursor is a transaction id: the
 * xmin of the snapshot the last read used, below which every transaction had finished. A row
 * whose transaction was still running at that read has a txid at or above that xmin (one that had
 * no id yet gets a larger one), so the next read, of every row at or above it, finds the row once
 * it commits. Rows at or above the xmin that were already returned are read again while an older
 * transaction runs; their ids are remembered so each is returned once, and forgotten as soon as
 * the xmin passes them, so the memory and the re-reading last only as long as the oldest
 * transaction still running. (A purge applied twice would only cost a needless miss; the memory
 * keeps a long transaction from purging hot pages at every poll.)
 *
 * Chosen over a look-back window of recent ids or times because no window is long enough for
 * every transaction, and over commit timestamps because those need track_commit_timestamp, a
 * server setting an operator may not have turned on.
 */
export class PurgeLogCursor {
  /** SQLite: the last id returned. */
  private lastId = 0;
  /** PostgreSQL: every transaction below this had finished when the last read ran. */
  private xmin = 0n;
  /** PostgreSQL: ids returned whose transactions are at or above `xmin`, and so are read again. */
  private readonly returned = new Map<number, bigint>();

  constructor(private readonly db: Db) {}

  /** Moves past every purge already committed, returning none of them. */
  async skipToNow(): Promise<void> {
    if (dialectOf(this.db) === 'postgres') {
      const { xmin, rows } = await this.readPostgres();
      for (const row of rows) this.returned.set(row.id, row.txid);
      this.advance(xmin);
      return;
    }
    const newest = await this.db
      .selectFrom('cache_purges')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    this.lastId = Number(newest?.id ?? 0);
  }

  /** The keys of each purge committed since the last call (space-separated, as recorded). */
  async next(): Promise<string[]> {
    if (dialectOf(this.db) === 'postgres') {
      const { xmin, rows } = await this.readPostgres();
      const fresh: string[] = [];
      for (const row of rows) {
        if (this.returned.has(row.id)) continue;
        this.returned.set(row.id, row.txid);
        fresh.push(row.keys);
      }
      this.advance(xmin);
      return fresh;
    }
    const rows = await this.db
      .selectFrom('cache_purges')
      .select(['id', 'keys'])
      .where('id', '>', this.lastId)
      .orderBy('id')
      .limit(1000)
      .execute();
    const last = rows.at(-1);
    if (last) this.lastId = last.id;
    return rows.map((r) => r.keys);
  }

  /**
   * Every row whose transaction is at or above the cursor, and the xmin of the snapshot they were
   * read with: one statement, so both come from the same snapshot (pg_current_snapshot() is the
   * statement's own).
   */
  private async readPostgres(): Promise<{
    xmin: bigint;
    rows: Array<{ id: number; keys: string; txid: bigint }>;
  }> {
    const { rows } = await sql<{ xmin: string; id: number | null; keys: string | null; txid: string | null }>`
      select s.xmin::text as xmin, p.id, p.keys, p.txid::text as txid
      from (select pg_snapshot_xmin(pg_current_snapshot()) as xmin) s
      left join cache_purges p on p.txid >= ${this.xmin.toString()}::xid8
      order by p.id`.execute(this.db);
    const purges: Array<{ id: number; keys: string; txid: bigint }> = [];
    for (const row of rows) {
      if (row.id !== null && row.keys !== null && row.txid !== null)
        purges.push({ id: row.id, keys: row.keys, txid: BigInt(row.txid) });
    }
    return { xmin: BigInt(rows[0]?.xmin ?? '0'), rows: purges };
  }

  /** Moves the cursor up to `xmin` and forgets the rows below it, which are never read again. */
  private advance(xmin: bigint): void {
    if (xmin > this.xmin) this.xmin = xmin;
    for (const [id, txid] of this.returned) if (txid < this.xmin) this.returned.delete(id);
  }
}
