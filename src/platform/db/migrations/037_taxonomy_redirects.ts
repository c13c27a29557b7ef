import { sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * The old address words of countries, regions, topics and cases (issue 15): when an editor
 * renames one, in English (the row's `slug`) or in another language (`taxonomy_names.slug`), its
 * old word answers with a 301 to the new one in that language, as an article's old slug does
 * (`slug_redirects`). One row per (kind, language, old word): the latest rename of that word wins.
 * No foreign key: four tables are named by `kind`, and a removed row's words name nothing.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('taxonomy_redirects')
    .addColumn('kind', 'text', (col) =>
      col.notNull().check(sql`kind in ('country', 'region', 'topic', 'case')`),
    )
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('old_slug', 'text', (col) => col.notNull())
    .addColumn('target_id', 'integer', (col) => col.notNull())
    .addColumn('created_at', isPostgres(db) ? 'timestamptz' : 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('taxonomy_redirects_pk', ['kind', 'language', 'old_slug'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('taxonomy_redirects').execute();
}
