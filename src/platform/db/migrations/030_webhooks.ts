import { type ColumnDefinitionBuilder, type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Webhooks (issue 14, item 5): signed POSTs to other tools when something happens.
 *
 * - `webhook_endpoints`: an address, its signing secret, the event kinds it is sent (JSON array),
 *   whether `subscriber.confirmed` carries the email address (off unless ticked), active or not.
 * - `webhook_deliveries`: one row per (event, endpoint), the exact body sent, and its send log:
 *   queued → sending (leased) → sent; failed (retried on a backoff) → dead.
 */
function columns(db: AnyDb) {
  const postgres = isPostgres(db);
  return {
    primaryKey: (col: ColumnDefinitionBuilder) =>
      postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement(),
    timestamp: postgres ? ('timestamptz' as const) : ('text' as const),
    oneOf: (column: string, values: readonly string[]): Expression<unknown> =>
      sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`,
  };
}

export async function up(db: AnyDb): Promise<void> {
  const c = columns(db);
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('events', 'text', (col) => col.notNull())
    .addColumn('include_emails', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(0)
        .check(c.oneOf('include_emails', ['0', '1'])),
    )
    .addColumn('active', 'integer', (col) =>
      col
        .notNull()
        .defaultTo(1)
        .check(c.oneOf('active', ['0', '1'])),
    )
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('endpoint_id', 'integer', (col) =>
      col.notNull().references('webhook_endpoints.id').onDelete('cascade'),
    )
    .addColumn('event', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(c.oneOf('status', ['queued', 'sending', 'sent', 'failed', 'dead'])),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', c.timestamp, (col) => col.notNull())
    .addColumn('claimed_until', c.timestamp)
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('sent_at', c.timestamp)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();
  // An endpoint's log, newest first.
  await db.schema
    .createIndex('webhook_deliveries_by_endpoint')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
