import { type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * A supporter's rights (issue 12, items 4, 5 and 8).
 *
 * - `site_secrets`: secrets Candle makes for itself on first use (the key that signs subscribers'
 *   links, the salt of the suppression list), kept in the database so every instance shares them.
 * - `suppressions`: addresses never to be mailed again, held only as a salted hash, so the list
 *   outlives an erasure without keeping the address itself.
 */
export async function up(db: AnyDb): Promise<void> {
  const timestamp = isPostgres(db) ? ('timestamptz' as const) : ('text' as const);
  const oneOf = (column: string, values: readonly string[]): Expression<unknown> =>
    sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await db.schema
    .createTable('site_secrets')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('value', 'text', (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('suppressions')
    .addColumn('email_hash', 'text', (col) => col.primaryKey())
    .addColumn('reason', 'text', (col) =>
      col.notNull().check(oneOf('reason', ['bounce', 'complaint', 'manual', 'unsubscribed', 'erased'])),
    )
    .addColumn('source', 'text', (col) =>
      col.notNull().check(oneOf('source', ['webhook', 'admin', 'link', 'erasure'])),
    )
    .addColumn('note', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('occurred_at', timestamp, (col) => col.notNull())
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('suppressions_by_time').on('suppressions').column('created_at').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('suppressions').execute();
  await db.schema.dropTable('site_secrets').execute();
}
