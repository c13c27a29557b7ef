import type { Kysely } from 'kysely';
import { columns } from '../columns.js';

// biome-ignore lint/suspicious/noExplicitAny: migrations run before the typed schema exists
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const c = columns(db);
  await db.schema
    .createTable('cache_purges')
    .addColumn('id', c.id, c.primaryKey)
    .addColumn('keys', 'text', (col) => col.notNull())
    .addColumn('created_at', c.timestamp, (col) => col.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('cache_purges').execute();
}
