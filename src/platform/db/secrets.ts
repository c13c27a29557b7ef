import { randomBytes } from 'node:crypto';
import type { Db } from './index.js';

/**
 * A secret Candle makes for itself the first time it needs one, kept in the database so that every
 * instance and worker reads the same value (a file under DATA_DIR would differ per machine). The
 * first writer wins: two instances starting at once both read the row the first one inserted.
 */
export async function storedSecret(db: Db, name: string, now: Date): Promise<string> {
  await db
    .insertInto('site_secrets')
    .values({ name, value: randomBytes(32).toString('base64url'), created_at: now.toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('site_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.value;
}
