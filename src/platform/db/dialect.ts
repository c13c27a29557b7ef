import { type Kysely, PostgresAdapter } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/** Only platform/db and the search engines may branch on this. */
export function dialectOf<T>(db: Kysely<T>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * How many write transactions of one kind (the action intake's group commits) are worth running
 * at once from one process: one on SQLite, whose one connection writes one at a time anyway;
 * three on PostgreSQL, where a group spends most of its time waiting on round trips and its
 * commit's flush, which the next group's can overlap (the pool holds ten connections).
 */
export function writersAtOnce<T>(db: Kysely<T>): number {
  return dialectOf(db) === 'postgres' ? 3 : 1;
}
