import { type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Importing subscribers (issue 12, item 7).
 *
 * - `subscriber_imports`: an uploaded CSV between its preview and its confirmation, so the
 *   administrator confirms exactly the file they previewed. `imported_at` is set in the import's
 *   own transaction, so a second press of the button (or a retry after a crash) adds nobody twice;
 *   the file's text is emptied then, and a preview left unconfirmed is deleted after an hour.
 */
export async function up(db: AnyDb): Promise<void> {
  const postgres = isPostgres(db);
  const timestamp = postgres ? ('timestamptz' as const) : ('text' as const);
  const oneOf = (column: string, values: readonly string[]): Expression<unknown> =>
    sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await db.schema
    .createTable('subscriber_imports')
    .addColumn('id', 'integer', (col) =>
      postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
    )
    .addColumn('user_id', 'integer', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', ['previewed', 'imported'])))
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('added', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('refused', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addColumn('imported_at', timestamp)
    .execute();
  await db.schema
    .createIndex('subscriber_imports_by_time')
    .on('subscriber_imports')
    .column('created_at')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('subscriber_imports').execute();
}
