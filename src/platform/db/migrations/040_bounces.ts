import { type ColumnDefinitionBuilder, sql } from 'kysely';
import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * Two things, in one migration number:
 *
 * 1. `urgent_actions.version`: raised by the database whenever anything the public forms' intake
 *    reads of an urgent action changes (its asks, date, number; its events; the targets it names
 *    and their address, language, salutation and name), so the intake reads one integer per
 *    group of forms and its rows only when it moved (taking/intake.ts). Triggers, not the
 *    writers: every write counts, a script's or a test's too. The dispatcher's touch of a target
 *    (`updated_at`, to take turns) changes none of those columns, so it raises nothing.
 *
 * 2. Bounces that come back after the relay took a message (issue 13: "a supporter's email that
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

  await run(db, 'alter table urgent_actions add column version integer not null default 0');
  if (postgres) await versionTriggersPostgres(db);
  else await versionTriggersSqlite(db);
}

/** What the intake reads of the urgent action's own row, and of its targets'. */
const DETAIL_COLUMNS = 'year, number, update_ordinal, asks, act_before';
const TARGET_COLUMNS = 'email, language, salutation, honorific, name';

const raise = (articleId: string) =>
  `update urgent_actions set version = version + 1 where article_id = ${articleId};`;
const raiseNaming = (targetId: string) =>
  `update urgent_actions set version = version + 1
   where article_id in (select article_id from ua_action_targets where target_id = ${targetId});`;

async function versionTriggersSqlite(db: AnyDb): Promise<void> {
  await run(
    db,
    `create trigger ua_version_details after update of ${DETAIL_COLUMNS} on urgent_actions
     begin ${raise('new.article_id')} end`,
  );
  for (const table of ['ua_events', 'ua_action_targets']) {
    await run(
      db,
      `create trigger ${table}_version_insert after insert on ${table} begin ${raise('new.article_id')} end`,
    );
    await run(
      db,
      `create trigger ${table}_version_delete after delete on ${table} begin ${raise('old.article_id')} end`,
    );
    await run(
      db,
      `create trigger ${table}_version_update after update on ${table}
       begin ${raise('old.article_id')} ${raise('new.article_id')} end`,
    );
  }
  await run(
    db,
    `create trigger ua_targets_version after update of ${TARGET_COLUMNS} on ua_targets
     begin ${raiseNaming('new.id')} end`,
  );
}

async function versionTriggersPostgres(db: AnyDb): Promise<void> {
  await run(
    db,
    `create function candle_ua_version_details() returns trigger language plpgsql as $$
     begin new.version := old.version + 1; return new; end $$`,
  );
  await run(
    db,
    `create trigger ua_version_details before update of ${DETAIL_COLUMNS} on urgent_actions
     for each row execute function candle_ua_version_details()`,
  );
  await run(
    db,
    `create function candle_ua_version_rows() returns trigger language plpgsql as $$
     begin
       if tg_op <> 'INSERT' then ${raise('old.article_id')} end if;
       if tg_op <> 'DELETE' then ${raise('new.article_id')} end if;
       return null;
     end $$`,
  );
  for (const table of ['ua_events', 'ua_action_targets'])
    await run(
      db,
      `create trigger ${table}_version after insert or update or delete on ${table}
       for each row execute function candle_ua_version_rows()`,
    );
  await run(
    db,
    `create function candle_ua_version_target() returns trigger language plpgsql as $$
     begin ${raiseNaming('new.id')} return null; end $$`,
  );
  await run(
    db,
    `create trigger ua_targets_version after update of ${TARGET_COLUMNS} on ua_targets
     for each row execute function candle_ua_version_target()`,
  );
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await run(db, 'drop trigger ua_version_details on urgent_actions');
    await run(db, 'drop trigger ua_events_version on ua_events');
    await run(db, 'drop trigger ua_action_targets_version on ua_action_targets');
    await run(db, 'drop trigger ua_targets_version on ua_targets');
    await run(db, 'drop function candle_ua_version_details()');
    await run(db, 'drop function candle_ua_version_rows()');
    await run(db, 'drop function candle_ua_version_target()');
  } else {
    for (const name of [
      'ua_version_details',
      'ua_events_version_insert',
      'ua_events_version_delete',
      'ua_events_version_update',
      'ua_action_targets_version_insert',
      'ua_action_targets_version_delete',
      'ua_action_targets_version_update',
      'ua_targets_version',
    ])
      await run(db, `drop trigger ${name}`);
  }
  await db.schema.alterTable('urgent_actions').dropColumn('version').execute();
  await run(db, 'drop table ua_bounces');
  await db.schema.alterTable('ua_supporters').dropColumn('bounced_at').execute();
}
