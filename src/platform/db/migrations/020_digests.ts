import { type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Digests (issue 12): the daily and weekly messages that list a subscriber's waiting items.
 *
 * - `digests`: one row per (subscriber, period), claimed with a lease before its message goes and
 *   marked sent after, so a digest is sent once however often the job runs (the send log's idea).
 * - `digest_entries.period`: the digest an entry was gathered into (null: still waiting), written
 *   in the claim's transaction, so a digest retried after a crash lists the same items.
 */
export async function up(db: AnyDb): Promise<void> {
  const timestamp = isPostgres(db) ? ('timestamptz' as const) : ('text' as const);
  const oneOf = (column: string, values: readonly string[]): Expression<unknown> =>
    sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await db.schema
    .createTable('digests')
    .addColumn('subscriber_id', 'integer', (col) =>
      col.notNull().references('subscribers.id').onDelete('cascade'),
    )
    .addColumn('period', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull().check(oneOf('status', ['sending', 'sent', 'empty'])))
    .addColumn('claimed_until', timestamp)
    .addColumn('sent_at', timestamp)
    .addColumn('created_at', timestamp, (col) => col.notNull())
    .addPrimaryKeyConstraint('digests_pk', ['subscriber_id', 'period'])
    .execute();
  await db.schema.alterTable('digest_entries').addColumn('period', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('digest_entries').dropColumn('period').execute();
  await db.schema.dropTable('digests').execute();
}
