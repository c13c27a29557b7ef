import { type ColumnDefinitionBuilder, type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * The replies and outcomes ledger (issue 14, item 3): what authorities answered an urgent action,
 * and what changed for the people at risk.
 *
 * - `ua_replies`: one reply from a target or copy of the urgent action (`target_id`), the day it
 *   came, how (letter, email, call, public statement), a summary, an optional attachment from the
 *   media library, public or internal.
 * - `ua_outcomes`: one outcome for the people at risk (released, charges dropped, …), its day,
 *   source and summary, an optional attachment, public or internal, and the good-news draft made
 *   from it (`good_news_id`, the newsroom's article by id: no foreign key across rooms).
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
    .createTable('ua_replies')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('article_id', 'integer', (col) =>
      col.notNull().references('urgent_actions.article_id').onDelete('cascade'),
    )
    .addColumn('target_id', 'integer', (col) => col.notNull().references('ua_targets.id').onDelete('cascade'))
    .addColumn('received_on', 'text', (col) => col.notNull())
    .addColumn('channel', 'text', (col) =>
      col.notNull().check(c.oneOf('channel', ['letter', 'email', 'call', 'statement'])),
    )
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('attachment_id', 'integer', (col) => col.references('media.id').onDelete('set null'))
    .addColumn('visibility', 'text', (col) =>
      col.notNull().check(c.oneOf('visibility', ['public', 'internal'])),
    )
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('ua_replies_by_action')
    .on('ua_replies')
    .columns(['article_id', 'received_on'])
    .execute();

  await db.schema
    .createTable('ua_outcomes')
    .addColumn('id', 'integer', c.primaryKey)
    .addColumn('article_id', 'integer', (col) =>
      col.notNull().references('urgent_actions.article_id').onDelete('cascade'),
    )
    .addColumn('kind', 'text', (col) =>
      col
        .notNull()
        .check(
          c.oneOf('kind', [
            'released',
            'charges-dropped',
            'protection-granted',
            'investigation-opened',
            'transferred',
            'none',
          ]),
        ),
    )
    .addColumn('occurred_on', 'text', (col) => col.notNull())
    .addColumn('source', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('attachment_id', 'integer', (col) => col.references('media.id').onDelete('set null'))
    .addColumn('visibility', 'text', (col) =>
      col.notNull().check(c.oneOf('visibility', ['public', 'internal'])),
    )
    .addColumn('good_news_id', 'integer')
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('ua_outcomes_by_action')
    .on('ua_outcomes')
    .columns(['article_id', 'occurred_on'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('ua_outcomes').execute();
  await db.schema.dropTable('ua_replies').execute();
}
