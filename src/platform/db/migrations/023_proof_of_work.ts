import { type Expression, sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * The sign-up form's proof of work and its limits per client (issue 12), in the database so that
 * every instance agrees:
 *
 * - `proofs_spent`: a solved challenge, by its id, from the moment it is used until it expires
 *   (then swept by the subscriptions room's hourly job): a solution counts once.
 * - `signup_counts`: sign-ups per client address (a keyed hash of it, never the address) and per
 *   kind (`solved`: with a valid proof; `unsolved`: without), counted by fixed hours with one upsert.
 */
export async function up(db: AnyDb): Promise<void> {
  const timestamp = isPostgres(db) ? ('timestamptz' as const) : ('text' as const);
  const oneOf = (column: string, values: readonly string[]): Expression<unknown> =>
    sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

  await db.schema
    .createTable('proofs_spent')
    .addColumn('challenge_id', 'text', (col) => col.primaryKey())
    .addColumn('expires_at', timestamp, (col) => col.notNull())
    .execute();
  await db.schema
    .createTable('signup_counts')
    .addColumn('client_hash', 'text', (col) => col.notNull())
    .addColumn('kind', 'text', (col) => col.notNull().check(oneOf('kind', ['solved', 'unsolved'])))
    .addColumn('window_start', timestamp, (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('signup_counts_pk', ['client_hash', 'kind', 'window_start'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('signup_counts').execute();
  await db.schema.dropTable('proofs_spent').execute();
}
