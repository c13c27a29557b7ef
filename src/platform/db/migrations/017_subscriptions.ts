import { type ColumnDefinitionBuilder, type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Supporters who follow countries, regions, topics or cases by email, and the proof of their
 * consent (issue 12). Frozen copy of the column helpers, as in 003.
 *
 * - `subscribers`: one row per normalised address. `pending` until the first confirmation; a
 *   pending row older than seven days is deleted with everything below it.
 * - `subscriber_follows`: what a subscriber follows. `target_id` is the newsroom's id of the
 *   country, region, topic or case (ids survive a slug change), 0 for `everything`; no foreign key,
 *   since one column points into four tables: a follow of something deleted simply never matches.
 * - `subscriber_tokens`: confirmation and manage links, stored as SHA-256 of the token only.
 * - `consent_wordings`: each wording a person was shown, stored once under its SHA-256.
 * - `consent_events`: the ledger. The IP address is filled only when the operator turns it on.
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
    .createTable('subscribers')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('email', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text')
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('frequency', 'text', (col) =>
      col.notNull().check(c.oneOf('frequency', ['each', 'daily', 'weekly'])),
    )
    .addColumn('status', 'text', (col) =>
      col.notNull().check(c.oneOf('status', ['pending', 'confirmed', 'unsubscribed', 'suppressed'])),
    )
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('confirmed_at', c.timestamp)
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('subscribers_by_status')
    .on('subscribers')
    .columns(['status', 'created_at'])
    .execute();

  await db.schema
    .createTable('subscriber_follows')
    .addColumn('subscriber_id', 'integer', (col) =>
      col.notNull().references('subscribers.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(c.oneOf('kind', ['country', 'region', 'topic', 'case', 'everything'])),
    )
    .addColumn('target_id', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('subscriber_follows_pk', ['subscriber_id', 'kind', 'target_id'])
    .execute();
  await db.schema
    .createIndex('subscriber_follows_by_target')
    .on('subscriber_follows')
    .columns(['kind', 'target_id'])
    .execute();

  await db.schema
    .createTable('subscriber_tokens')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('subscriber_id', 'integer', (col) =>
      col.notNull().references('subscribers.id').onDelete('cascade'),
    )
    .addColumn('purpose', 'text', (col) => col.notNull().check(c.oneOf('purpose', ['confirm', 'manage'])))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('expires_at', c.timestamp, (col) => col.notNull())
    .addColumn('used_at', c.timestamp)
    .execute();
  await db.schema
    .createIndex('subscriber_tokens_by_subscriber')
    .on('subscriber_tokens')
    .column('subscriber_id')
    .execute();

  await db.schema
    .createTable('consent_wordings')
    .addColumn('hash', 'text', (col) => col.primaryKey())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('consent_events')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('subscriber_id', 'integer', (col) =>
      col.notNull().references('subscribers.id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (col) =>
      col
        .notNull()
        .check(
          c.oneOf('kind', ['requested', 'confirmed', 'changed', 'unsubscribed', 'suppressed', 'imported']),
        ),
    )
    .addColumn('occurred_at', c.timestamp, (col) => col.notNull())
    .addColumn('source_page', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('source_form', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('wording_hash', 'text', (col) => col.references('consent_wordings.hash'))
    .addColumn('token_hash', 'text')
    .addColumn('ip', 'text')
    .addColumn('details', 'text')
    .execute();
  await db.schema
    .createIndex('consent_events_by_subscriber')
    .on('consent_events')
    .columns(['subscriber_id', 'id'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('consent_events').execute();
  await db.schema.dropTable('consent_wordings').execute();
  await db.schema.dropTable('subscriber_tokens').execute();
  await db.schema.dropTable('subscriber_follows').execute();
  await db.schema.dropTable('subscribers').execute();
}
