import { type Kysely, PostgresAdapter, sql } from 'kysely';

/*
 * Frozen, like the migrations that use it: an applied migration must make the same schema on a
 * fresh database as it did when it ran, so nothing here changes and nothing here writes SQL for
 * more than one migration. A helper that would is copied into each migration as literal SQL.
 */

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export type AnyDb = Kysely<any>;

/** Whether the migration runs on PostgreSQL (a frozen copy of platform/db's dialectOf). */
export function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Runs one fixed DDL statement (no user text ever reaches a migration). */
export async function run(db: AnyDb, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/**
 * Read by 007 only, which is left as it was until its table goes (issue 11); 008 and 010 spell it
 * out. For PostgreSQL trigger functions: their statements are planned once and the plan kept; planned
 * while the tables looked small (before ANALYZE, or in the middle of a bulk publish), they scan
 * whole tables for every row. Inside such a function only, the planner uses the indexes.
 */
export const PG_BY_INDEX = 'set enable_seqscan = off';
