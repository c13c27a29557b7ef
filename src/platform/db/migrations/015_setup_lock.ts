import type { AnyDb } from './ddl.js';

/**
 * One row that the first-administrator setup locks (updates) before it counts the accounts, so
 * two setups sent at the same moment run one after the other and the second finds the first's
 * administrator. PostgreSQL reads committed data afresh after the lock; SQLite has one writer.
 * A lock, not a flag: if every account is ever deleted, setup opens again as it always did.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('setup_lock')
    .addColumn('id', 'integer', (col) => col.primaryKey())
    .addColumn('taken', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
  await db.insertInto('setup_lock').values({ id: 1, taken: 0 }).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('setup_lock').execute();
}
