import type { CompiledQuery, Kysely } from 'kysely';
import { readNowOf } from './sqlite-statements.js';

/**
 * The rows of a compiled read. On SQLite, when no transaction holds the connection, the statement
 * runs at once (sqlite-statements.ts, `readNowOf`); otherwise, and on PostgreSQL, by Kysely's way.
 */
export async function readRows<DB, R>(db: Kysely<DB>, compiled: CompiledQuery<R>): Promise<R[]> {
  const rows = readNowOf(db)?.(compiled.sql, compiled.parameters);
  if (rows) return rows as R[];
  return (await db.executeQuery(compiled)).rows;
}
