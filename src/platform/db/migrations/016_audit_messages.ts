import type { AnyDb } from './ddl.js';

/**
 * What an audit entry says, as data: the catalogue key of its sentence and the values that fill
 * it (JSON), rendered when the log is read. Entries written before keep only their English
 * summary, which is still shown for them.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('audit_log').addColumn('message', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('audit_log').dropColumn('message').execute();
}
