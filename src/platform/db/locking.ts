import type { Kysely, SelectQueryBuilder } from 'kysely';
import { dialectOf } from './dialect.js';

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
