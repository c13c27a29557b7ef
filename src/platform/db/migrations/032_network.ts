import { type ColumnDefinitionBuilder, type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * The Urgent Action Network and updates to those who acted (issue 14, items 1 and 2).
 *
 * - `network_members`: a subscriber who joined the network, with their weekly cap; a member
 *   counts once `confirmed_at` is set (by the confirmation link named in `token_hash`, or from
 *   the preference centre). Deleted with the subscriber (erasure).
 * - `network_follows`: what a member wants urgent actions about (country, region, topic or
 *   everything), by the newsroom's id.
 * - `network_messages`: one message to send about an urgent action: `action` (its first
 *   publication, to members), `update`, `closed`, `success` (to the supporters who acted on its
 *   series and asked to hear back). One per (kind, article).
 * - `network_deliveries`: their send log, one row per (message, recipient), the recipient a
 *   supporter (`supporter_id`) or a member (`subscriber_id`), deleted with them. As the alerts':
 *   queued → sending (leased) → sent; failed → retried → dead; cancelled; and `capped`: a
 *   member over their weekly cap, not mailed, with the reason in `last_error`.
 * - `hear_back_events`: the ledger of supporters' consent to hear back that is not an action:
 *   a withdrawal from one series, with the wording of the button pressed.
 * - `network_event_cursor`: the last `ua_events` row the network read (closings, successes).
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
    .createTable('network_members')
    .addColumn('subscriber_id', 'integer', (col) =>
      col.primaryKey().references('subscribers.id').onDelete('cascade'),
    )
    .addColumn('weekly_cap', 'integer', (col) => col.notNull())
    .addColumn('wording_hash', 'text', (col) => col.references('consent_wordings.hash'))
    .addColumn('token_hash', 'text')
    .addColumn('requested_at', c.timestamp, (col) => col.notNull())
    .addColumn('confirmed_at', c.timestamp)
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('network_follows')
    .addColumn('subscriber_id', 'integer', (col) =>
      col.notNull().references('network_members.subscriber_id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(c.oneOf('kind', ['country', 'region', 'topic', 'everything'])),
    )
    .addColumn('target_id', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('network_follows_pk', ['subscriber_id', 'kind', 'target_id'])
    .execute();
  await db.schema
    .createIndex('network_follows_by_target')
    .on('network_follows')
    .columns(['kind', 'target_id', 'subscriber_id'])
    .execute();

  await db.schema
    .createTable('network_messages')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(c.oneOf('kind', ['action', 'update', 'closed', 'success'])),
    )
    .addColumn('article_id', 'integer', (col) => col.notNull())
    .addColumn('series_id', 'integer', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('path', 'text', (col) => col.notNull())
    .addColumn('reference', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('note', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('item_language', 'text')
    .addColumn('follows', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('channels', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('published_at', c.timestamp, (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('fanned_out_at', c.timestamp)
    .addColumn('withdrawn_at', c.timestamp)
    .addUniqueConstraint('network_messages_once', ['kind', 'article_id'])
    .execute();

  await db.schema
    .createTable('network_deliveries')
    .addColumn('message_id', 'integer', (col) =>
      col.notNull().references('network_messages.id').onDelete('cascade'),
    )
    .addColumn('supporter_id', 'integer', (col) => col.references('ua_supporters.id').onDelete('cascade'))
    .addColumn('subscriber_id', 'integer', (col) => col.references('subscribers.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .check(c.oneOf('status', ['queued', 'sending', 'sent', 'failed', 'dead', 'cancelled', 'capped'])),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', c.timestamp, (col) => col.notNull())
    .addColumn('claimed_until', c.timestamp)
    .addColumn('sent_at', c.timestamp)
    .addColumn('last_error', 'text')
    .addCheckConstraint(
      'network_deliveries_one_recipient',
      sql`(supporter_id is null) <> (subscriber_id is null)`,
    )
    .execute();
  await db.schema
    .createIndex('network_deliveries_supporter')
    .on('network_deliveries')
    .columns(['message_id', 'supporter_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('network_deliveries_subscriber')
    .on('network_deliveries')
    .columns(['message_id', 'subscriber_id'])
    .unique()
    .execute();
  // The weekly cap counts a member's sent messages of the last seven days.
  await db.schema
    .createIndex('network_deliveries_by_member')
    .on('network_deliveries')
    .columns(['subscriber_id', 'status', 'sent_at'])
    .execute();
  await db.schema
    .createIndex('network_deliveries_by_supporter')
    .on('network_deliveries')
    .column('supporter_id')
    .execute();

  await db.schema
    .createTable('hear_back_events')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('supporter_id', 'integer', (col) =>
      col.notNull().references('ua_supporters.id').onDelete('cascade'),
    )
    .addColumn('series_id', 'integer', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(c.oneOf('kind', ['withdrawn'])))
    .addColumn('wording_hash', 'text', (col) => col.references('consent_wordings.hash'))
    .addColumn('source_page', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('occurred_at', c.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('network_event_cursor')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('last_event_id', 'integer', (col) => col.notNull())
    .execute();
  // Closings and successes recorded before the network existed were told to nobody: start after them.
  await sql`insert into network_event_cursor (id, last_event_id) select 1, coalesce(max(id), 0) from ua_events`.execute(
    db,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('network_event_cursor').execute();
  await db.schema.dropTable('hear_back_events').execute();
  await db.schema.dropTable('network_deliveries').execute();
  await db.schema.dropTable('network_messages').execute();
  await db.schema.dropTable('network_follows').execute();
  await db.schema.dropTable('network_members').execute();
}
