import { type Kysely, sql } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
type AnyDb = Kysely<any>;

/**
 * What the media library learns about a file at upload and who brought it:
 * - `page_count` and `document_title`, read from a PDF when it is uploaded, for the admin and for
 *   the download links of articles (null and '' when unknown: a damaged or older document);
 * - `uploaded_by`, so an author may change an item nothing uses only if it is theirs. Existing rows
 *   take it from the audit log's upload entry; those without one (the demo's) stay null, which
 *   leaves them to editors.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('media').addColumn('page_count', 'integer').execute();
  await db.schema
    .alterTable('media')
    .addColumn('document_title', 'text', (col) => col.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('media')
    .addColumn('uploaded_by', 'integer', (col) => col.references('users.id').onDelete('set null'))
    .execute();
  await sql`
    update media set uploaded_by = (
      select a.user_id from audit_log a
      where a.action = 'media.upload' and a.entity_type = 'media' and a.entity_id = cast(media.id as text)
      order by a.id limit 1
    )
  `.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('media').dropColumn('uploaded_by').execute();
  await db.schema.alterTable('media').dropColumn('document_title').execute();
  await db.schema.alterTable('media').dropColumn('page_count').execute();
}
