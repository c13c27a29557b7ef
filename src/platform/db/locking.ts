import { type Kysely, type SelectQueryBuilder, sql, type Transaction } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Database } from './schema.js';

/**
 * A select of rows to claim, for work that many processes take side by side (the job queue): on
 * PostgreSQL the rows it picks are locked for the transaction and rows another transaction holds
 * are passed over (FOR UPDATE SKIP LOCKED), so two workers never wait for, or take, the same row.
 * SQLite has one writer at a time, so the select needs nothing: the write that follows is atomic.
 */
export function skippingLockedRows<DB, TB extends keyof DB, O>(
  db: Kysely<DB>,
  query: SelectQueryBuilder<DB, TB, O>,
): SelectQueryBuilder<DB, TB, O> {
  return dialectOf(db) === 'postgres' ? query.forUpdate().skipLocked() : query;
}

/**
 * Makes the transactions that take the same named lock run one after another, from its call to
 * their commit, so that a check they make before writing still holds when they write (two editors
 * giving two rows the same address word in two languages, which no unique index can refuse). On
 * PostgreSQL a transaction-level advisory lock keyed by the name's hash; SQLite has one writer at a
 * time, and Candle one connection to it, on which Kysely runs one transaction at a time.
 */
export async function serializeTransactions(trx: Transaction<Database>, name: string): Promise<void> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(trx);
}
