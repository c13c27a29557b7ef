import type { AnyDb } from './ddl.js';

/**
 * Wrong two-factor codes, counted per account like wrong passwords (users.failed_logins), so that
 * someone who has the password cannot try codes without end by opening one half-signed-in session
 * after another, or from one address after another. A column of its own: a correct password must
 * not wipe the count of wrong codes, or each new login would buy a fresh set of guesses.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('failed_codes', 'integer', (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('users').dropColumn('failed_codes').execute();
}
