import { type ColumnDefinitionBuilder, type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Urgent actions (issue 13, first increment): the details of an article of type urgent action,
 * its series, the events its status follows from, and the directory of targets.
 *
 * - `ua_numbers`: one row per year holding the last number handed out, raised in the publishing
 *   transaction, so a number is never given twice, even after its urgent action is deleted.
 * - `urgent_actions`: one row per urgent-action article (its id). `series_id` is the article id of
 *   the first urgent action of the series (its own id for a first one, once numbered); an update
 *   takes the series' year and number and the next of the series' `updates_given` as its ordinal.
 * - `ua_people`: the people at risk, in order, each optionally the newsroom's case (by id: no
 *   foreign key across rooms; a case deleted is simply no longer linked).
 * - `ua_events`: opened, updated, closed, success: the status is the latest of them.
 * - `ua_targets` and `ua_action_targets`: the directory, and who each urgent action writes to
 *   ('target') or copies ('copy').
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
    .createTable('ua_numbers')
    .addColumn('year', 'integer', (col) => col.primaryKey())
    .addColumn('last_number', 'integer', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('urgent_actions')
    .addColumn('article_id', 'integer', (col) =>
      col.primaryKey().references('articles.id').onDelete('cascade'),
    )
    .addColumn('follows_id', 'integer')
    .addColumn('series_id', 'integer')
    .addColumn('year', 'integer')
    .addColumn('number', 'integer')
    .addColumn('update_ordinal', 'integer')
    .addColumn('updates_given', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('document_index', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('issued_on', 'text')
    .addColumn('act_before', 'text')
    .addColumn('languages', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('asks', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('background_md', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('background_html', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('urgent_actions_by_series')
    .on('urgent_actions')
    .columns(['series_id', 'update_ordinal'])
    .execute();
  await db.schema
    .createIndex('urgent_actions_by_number')
    .on('urgent_actions')
    .columns(['year', 'number', 'update_ordinal'])
    .unique()
    .execute();

  await db.schema
    .createTable('ua_people')
    .addColumn('article_id', 'integer', (col) =>
      col.notNull().references('urgent_actions.article_id').onDelete('cascade'),
    )
    .addColumn('position', 'integer', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('pronouns', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('case_id', 'integer')
    .addPrimaryKeyConstraint('ua_people_pk', ['article_id', 'position'])
    .execute();

  await db.schema
    .createTable('ua_events')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('article_id', 'integer', (col) =>
      col.notNull().references('urgent_actions.article_id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(c.oneOf('kind', ['opened', 'updated', 'closed', 'success'])),
    )
    .addColumn('note', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('related_article_id', 'integer')
    .addColumn('user_id', 'integer')
    .addColumn('actor', 'text', (col) => col.notNull())
    .addColumn('occurred_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('ua_events_by_action').on('ua_events').columns(['article_id', 'id']).execute();

  await db.schema
    .createTable('ua_targets')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('honorific', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('body', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('country_code', 'text', (col) => col.notNull())
    .addColumn('state', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('postal_address', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('email', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('phone', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('social', 'text', (col) => col.notNull().defaultTo('[]'))
    .addColumn('salutation', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('office_hours', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('ua_action_targets')
    .addColumn('article_id', 'integer', (col) =>
      col.notNull().references('urgent_actions.article_id').onDelete('cascade'),
    )
    .addColumn('target_id', 'integer', (col) => col.notNull().references('ua_targets.id').onDelete('cascade'))
    .addColumn('role', 'text', (col) => col.notNull().check(c.oneOf('role', ['target', 'copy'])))
    .addColumn('position', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('ua_action_targets_pk', ['article_id', 'target_id'])
    .execute();
  await db.schema
    .createIndex('ua_action_targets_by_target')
    .on('ua_action_targets')
    .column('target_id')
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('ua_action_targets').execute();
  await db.schema.dropTable('ua_targets').execute();
  await db.schema.dropTable('ua_events').execute();
  await db.schema.dropTable('ua_people').execute();
  await db.schema.dropTable('urgent_actions').execute();
  await db.schema.dropTable('ua_numbers').execute();
}
