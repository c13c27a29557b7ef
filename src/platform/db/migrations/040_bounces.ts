import { type ColumnDefinitionBuilder, sql } from 'kysely';
import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * Bounces that come back after the relay took a message (issue 13: "a supporter's email that
 * bounces"): a delivery status notification to the message's own envelope sender.
 *
 * - `ua_supporters.bounced_at`: the supporter's address bounced for good (5.x.x): nothing more is
 *   mailed to it (no confirmation link, no data link).
 * - `ua_bounces`: each report as received, hard or soft, about a letter to an official
 *   (`letter_id`) or a mail to a supporter (`supporter_id`), with the status code and the
 *   remote server's words. Goes with the letter or the supporter (their erasure takes it).
 */
export async function up(db: AnyDb): Promise<void> {
  const postgres = isPostgres(db);
  const timestamp = postgres ? ('timestamptz' as const) : ('text' as const);
  const primaryKey = (col: ColumnDefinitionBuilder) =>
    postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement();
  await db.schema.alterTable('ua_supporters').addColumn('bounced_at', timestamp).execute();
  await db.schema
    .createTable('ua_bounces')
    .addColumn('id', 'integer', primaryKey)
    .addColumn('letter_id', 'integer', (col) => col.references('ua_letters.id').onDelete('cascade'))
    .addColumn('supporter_id', 'integer', (col) => col.references('ua_supporters.id').onDelete('cascade'))
    .addColumn('severity', 'text', (col) => col.notNull().check(sql`severity in ('hard', 'soft')`))
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('diagnostic', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('report_id', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('received_at', timestamp, (col) => col.notNull())
    .addCheckConstraint('ua_bounces_one_subject', sql`(letter_id is null) <> (supporter_id is null)`)
    .execute();
  await run(db, 'create index ua_bounces_by_letter on ua_bounces (letter_id)');
  await run(db, 'create index ua_bounces_by_supporter on ua_bounces (supporter_id)');
}

export async function down(db: AnyDb): Promise<void> {
  await run(db, 'drop table ua_bounces');
  await db.schema.alterTable('ua_supporters').dropColumn('bounced_at').execute();
}
