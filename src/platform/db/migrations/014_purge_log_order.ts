import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * The purge log in commit order on PostgreSQL (issue 11): each purge records the transaction that
 * wrote it, so the PurgeListener can read every purge whose transaction has committed since its
 * last poll, not only those with a larger id (ids are taken at insert, and a transaction holding a
 * smaller id may commit after a larger one was read). Rows already in the log take this
 * migration's transaction, which finishes before any later poll.
 *
 * SQLite has one writer at a time: a purge's id is taken inside the only write transaction, so ids
 * are already in commit order and nothing is added there.
 */
export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await run(db, 'alter table cache_purges add column txid xid8 not null default pg_current_xact_id()');
  await run(db, 'create index cache_purges_by_txid on cache_purges (txid)');
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await run(db, 'drop index cache_purges_by_txid');
  await run(db, 'alter table cache_purges drop column txid');
}
