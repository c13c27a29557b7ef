import { type ColumnDefinitionBuilder, type Expression, type Kysely, sql } from 'kysely';
import { dialectOf } from './dialect.js';

/** Column types and constraints that differ between SQLite and PostgreSQL, for migrations. */
export function columns<T>(db: Kysely<T>) {
  const postgres = dialectOf(db) === 'postgres';
  return {
    id: 'integer' as const,
    primaryKey: (col: ColumnDefinitionBuilder) =>
      postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
    timestamp: postgres ? ('timestamptz' as const) : ('text' as const),
    oneOf: (column: string, values: readonly string[]): Expression<unknown> =>
      sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`,
  };
}
