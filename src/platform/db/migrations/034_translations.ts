import { sql } from 'kysely';
import type { AnyDb } from './ddl.js';

/**
 * Content in many languages (issue 15). An article may be the translation of another
 * (`translation_of`: always the group's source, the article first written), and is marked
 * `translation_outdated` when its source's words change after it; the editor clears the mark when
 * they bring it up to date. Countries, regions and topics get a name and an address word per
 * language (`taxonomy_names`; English stays in their own rows).
 */
export async function up(db: AnyDb): Promise<void> {
  // No foreign key: SQLite cannot drop a column that has one, so the down step could not run.
  // Articles are archived, never deleted, and a reload of the demo clears every article at once.
  await db.schema.alterTable('articles').addColumn('translation_of', 'integer').execute();
  await db.schema
    .alterTable('articles')
    .addColumn('translation_outdated', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('articles_translation_of').on('articles').column('translation_of').execute();
  await db.schema
    .createTable('taxonomy_names')
    .addColumn('kind', 'text', (col) => col.notNull().check(sql`kind in ('country', 'region', 'topic')`))
    .addColumn('target_id', 'integer', (col) => col.notNull())
    .addColumn('language', 'text', (col) => col.notNull())
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('slug', 'text', (col) => col.notNull())
    .addPrimaryKeyConstraint('taxonomy_names_pk', ['kind', 'target_id', 'language'])
    .addUniqueConstraint('taxonomy_names_slug', ['kind', 'language', 'slug'])
    .execute();
  // One translation per language in a group: two editors pressing "translate" at once get one.
  await sql`create unique index articles_one_translation_per_language on articles (translation_of, language)
    where translation_of is not null`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('taxonomy_names').execute();
  await sql`drop index articles_one_translation_per_language`.execute(db);
  await db.schema.dropIndex('articles_translation_of').execute();
  await db.schema.alterTable('articles').dropColumn('translation_outdated').execute();
  await db.schema.alterTable('articles').dropColumn('translation_of').execute();
}
