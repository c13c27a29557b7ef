import type { Kysely } from 'kysely';
import type { Database } from '../db/index.js';
import { MAIL_JOB } from './index.js';

/**
 * Deletes every trace of mail to one address that Candle keeps: the embedded outbox's copies and
 * the mail jobs (queued, sent or dead), whose payload holds the address and the message. For an
 * erasure: a person who asked to be forgotten is not remembered by the mail queue either.
 */
export async function forgetMailTo(db: Kysely<Database>, address: string): Promise<void> {
  await db.deleteFrom('mail_outbox').where('to_address', '=', address).execute();
  // A LIKE narrows the rows (its wildcards only ever widen the match); the parsed payload decides.
  const candidates = await db
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('kind', '=', MAIL_JOB)
    .where('payload', 'like', `%${address}%`)
    .execute();
  const ids = candidates
    .filter((job) => {
      try {
        return (JSON.parse(job.payload) as { to?: unknown }).to === address;
      } catch {
        return false;
      }
    })
    .map((job) => job.id);
  if (ids.length > 0) await db.deleteFrom('jobs').where('id', 'in', ids).execute();
}
