import { type ColumnDefinitionBuilder, type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Delivery of alerts to subscribers (issue 12, item 3). Frozen copy of the column helpers, as in 017.
 *
 * - `alerts`: one row per published article, written in the publishing transaction (so a publish
 *   that rolls back alerts nobody), with what the message says (title, summary, address) and the
 *   follows that match it, as they were when it was published. `article_id` is unique: an item
 *   alerts once, whatever is done to it later.
 * - `alert_deliveries`: the send log, one row per (alert, subscriber). A row is claimed
 *   (`sending`, with a lease) before its message goes to SMTP and marked `sent` after, so a worker
 *   that restarts resumes without sending again what was marked sent.
 * - `digest_entries`: an alert waiting for a daily or weekly subscriber's digest.
 * - `delivery_rate`: messages sent to each recipient domain in each minute (the per-domain limit,
 *   counted in the database so every worker counts the same messages).
 */
function columns(db: AnyDb) {
  const postgres = isPostgres(db);
  return {
    id: 'integer' as const,
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
    .createTable('alerts')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('article_id', 'integer', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('follows', 'text', (col) => col.notNull())
    .addColumn('published_at', c.timestamp, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('fanned_out_at', c.timestamp)
    .addColumn('withdrawn_at', c.timestamp)
    .execute();

  await db.schema
    .createTable('alert_deliveries')
    .addColumn('alert_id', 'integer', (col) => col.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'integer', (col) =>
      col.notNull().references('subscribers.id').onDelete('cascade'),
    )
    .addColumn('status', 'text', (col) =>
      col.notNull().check(c.oneOf('status', ['queued', 'sending', 'sent', 'failed', 'dead', 'cancelled'])),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', c.timestamp, (col) => col.notNull())
    .addColumn('claimed_until', c.timestamp)
    .addColumn('sent_at', c.timestamp)
    .addColumn('last_error', 'text')
    .addPrimaryKeyConstraint('alert_deliveries_pk', ['alert_id', 'subscriber_id'])
    .execute();
  // Erasing a subscriber deletes their rows (cascade): the foreign key needs its own index.
  await db.schema
    .createIndex('alert_deliveries_by_subscriber')
    .on('alert_deliveries')
    .column('subscriber_id')
    .execute();

  await db.schema
    .createTable('digest_entries')
    .addColumn('subscriber_id', 'integer', (col) =>
      col.notNull().references('subscribers.id').onDelete('cascade'),
    )
    .addColumn('alert_id', 'integer', (col) => col.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('digest_entries_pk', ['subscriber_id', 'alert_id'])
    .execute();
  await db.schema.createIndex('digest_entries_by_alert').on('digest_entries').column('alert_id').execute();

  await db.schema
    .createTable('delivery_rate')
    .addColumn('domain', 'text', (col) => col.notNull())
    .addColumn('window_start', c.timestamp, (col) => col.notNull())
    .addColumn('sent', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('delivery_rate_pk', ['domain', 'window_start'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('delivery_rate').execute();
  await db.schema.dropTable('digest_entries').execute();
  await db.schema.dropTable('alert_deliveries').execute();
  await db.schema.dropTable('alerts').execute();
}
