import { type ColumnDefinitionBuilder, type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Column types and constraints that differ between SQLite and PostgreSQL: a frozen copy of what
 * platform/db/columns.ts was when this migration ran, so a later edit there cannot change it.
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
    .createTable('regions')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('countries')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('code', 'text', (col) => col.notNull().unique())
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('region_id', 'integer', (col) => col.notNull().references('regions.id'))
    .addColumn('featured', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('topics')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('description', 'text', (col) => col.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('media')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('kind', 'text', (col) => col.notNull().check(c.oneOf('kind', ['image', 'document'])))
    .addColumn('storage_key', 'text', (col) => col.notNull().unique())
    .addColumn('original_name', 'text', (col) => col.notNull())
    .addColumn('mime', 'text', (col) => col.notNull())
    .addColumn('bytes', 'integer', (col) => col.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('variant_widths', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('alt', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('caption', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('credit', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('story_md', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('story_html', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('status', 'text', (col) => col.notNull().check(c.oneOf('status', ['ongoing', 'closed'])))
    .addColumn('country_id', 'integer', (col) => col.references('countries.id').onDelete('set null'))
    .addColumn('portrait_id', 'integer', (col) => col.references('media.id').onDelete('set null'))
    .addColumn('featured', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();

  const types = ['news', 'press-release', 'open-letter', 'report', 'blog', 'good-news', 'urgent-action'];
  await db.schema
    .createTable('articles')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('type', 'text', (col) => col.notNull().check(c.oneOf('type', types)))
    .addColumn('slug', 'text', (col) => col.notNull().unique())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('body_md', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('body_html', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('status', 'text', (col) =>
      col.notNull().check(c.oneOf('status', ['draft', 'scheduled', 'published', 'archived'])),
    )
    .addColumn('location', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('reference', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('lead_image_id', 'integer', (col) => col.references('media.id').onDelete('set null'))
    .addColumn('published_at', c.timestamp)
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .addColumn('updated_at', c.timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('articles_status_published')
    .on('articles')
    .columns(['status', 'published_at', 'id'])
    .execute();

  for (const [table, column, target] of [
    ['article_countries', 'country_id', 'countries'],
    ['article_topics', 'topic_id', 'topics'],
    ['article_cases', 'case_id', 'cases'],
    ['article_attachments', 'media_id', 'media'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('article_id', 'integer', (col) =>
        col.notNull().references('articles.id').onDelete('cascade'),
      )
      .addColumn(column, 'integer', (col) => col.notNull().references(`${target}.id`).onDelete('cascade'))
      .addColumn('position', 'integer', (col) => col.notNull().defaultTo(0))
      .addPrimaryKeyConstraint(`${table}_pk`, ['article_id', column])
      .execute();
    await db.schema.createIndex(`${table}_by_${column}`).on(table).columns([column, 'article_id']).execute();
  }
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of [
    'article_attachments',
    'article_cases',
    'article_topics',
    'article_countries',
    'articles',
    'cases',
    'media',
    'topics',
    'countries',
    'regions',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
