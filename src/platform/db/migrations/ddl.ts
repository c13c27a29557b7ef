import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
export type AnyDb = Kysely<any>;

/** Runs one fixed DDL statement (no user text ever reaches a migration). */
export async function run(db: AnyDb, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/**
 * For PostgreSQL trigger functions: their statements are planned once and the plan kept; planned
 * while the tables looked small (before ANALYZE, or in the middle of a bulk publish), they scan
 * whole tables for every row. Inside such a function only, the planner uses the indexes.
 */
export const PG_BY_INDEX = 'set enable_seqscan = off';
