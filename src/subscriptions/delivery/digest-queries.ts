import { type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database } from '../../platform/db/index.js';
import { ALERT_CONTENT_COLUMNS } from './content.js';
import { heldUntil, leaseFrom, leaseRanOut } from './lease.js';
import { MAX_ATTEMPTS, retryAt } from './rules.js';

type Executor = Kysely<Database>;

/**
 * The next confirmed subscribers of a frequency after `after` (by id) with something for this
 * period: entries still waiting, or this period's digest claimed by a worker whose lease ran out.
 * The daily run also takes those who moved to 'each item' with entries still waiting from their
 * daily or weekly days: those items go in one last digest, at the next digest hour, and none is
 * lost (new items reach them one by one, and no entry is written for them any more).
 */
export async function digestRecipients(
  db: Executor,
  frequency: 'daily' | 'weekly',
  period: string,
  after: number,
  limit: number,
  now: Date,
) {
  return db
    .selectFrom('subscribers as s')
    .select(['s.id', 's.email', 's.language'])
    .where('s.status', '=', 'confirmed')
    .where('s.frequency', 'in', frequency === 'daily' ? ['daily', 'each'] : [frequency])
    .where('s.id', '>', after)
    .where(({ or, exists, selectFrom }) =>
      or([
        exists(
          selectFrom('digest_entries as e')
            .select('e.subscriber_id')
            .whereRef('e.subscriber_id', '=', 's.id')
            .where('e.period', 'is', null),
        ),
        exists(
          selectFrom('digests as d')
            .select('d.subscriber_id')
            .whereRef('d.subscriber_id', '=', 's.id')
            .where('d.period', '=', period)
            .where(takenAgain(now.toISOString(), 'd')),
        ),
      ]),
    )
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

/** A period's digest that may be claimed again: its worker died, or its retry is due. */
function takenAgain(at: string, table: string): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  return sql<SqlBool>`(${leaseRanOut(at, table)} or (${col('status')} = 'failed' and ${col('retry_at')} <= ${at}))`;
}

/** A claimed digest, told apart from a later claim of the same row by its lease's end (`lease.ts`). */
export interface DigestClaim {
  subscriberId: number;
  period: string;
  until: string;
}

/**
 * Takes a subscriber's digest for a period, with a lease, and ties their waiting entries to it, in
 * one transaction: the row exists only with its items, and a retry after a crash lists the same
 * ones. Conditional like the send log's claim: a digest sent, empty, or held by a live worker is
 * not taken.
 */
export async function claimDigest(
  db: Executor,
  subscriberId: number,
  period: string,
  now: Date,
): Promise<DigestClaim | null> {
  const { at, until } = leaseFrom(now);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('digests')
      .values({
        subscriber_id: subscriberId,
        period,
        status: 'sending',
        claimed_until: until,
        sent_at: null,
        created_at: at,
      })
      .onConflict((oc) =>
        oc
          .columns(['subscriber_id', 'period'])
          .doUpdateSet({ status: 'sending', claimed_until: until, retry_at: null })
          .where(takenAgain(at, 'digests')),
      )
      .returning('subscriber_id')
      .executeTakeFirst();
    if (!row) return null;
    await trx
      .updateTable('digest_entries')
      .set({ period })
      .where('subscriber_id', '=', subscriberId)
      .where('period', 'is', null)
      .execute();
    return { subscriberId, period, until };
  });
}

/** A digest's items whose alert was not withdrawn, in the order they were published. */
export async function digestItems(db: Executor, c: DigestClaim) {
  return db
    .selectFrom('digest_entries as e')
    .innerJoin('alerts as a', 'a.id', 'e.alert_id')
    .select([...ALERT_CONTENT_COLUMNS, 'a.article_id'])
    .where('e.subscriber_id', '=', c.subscriberId)
    .where('e.period', '=', c.period)
    .where('a.withdrawn_at', 'is', null)
    .orderBy('a.published_at')
    .orderBy('a.id')
    .execute();
}

const held = (db: Executor, c: DigestClaim) =>
  db
    .updateTable('digests')
    .where('subscriber_id', '=', c.subscriberId)
    .where('period', '=', c.period)
    .where(heldUntil(c.until));

/** Sent, or nothing left to send (every item withdrawn): either way final for the period. */
export async function markDigest(db: Executor, c: DigestClaim, status: 'sent' | 'empty', now: Date) {
  await held(db, c)
    .set({ status, claimed_until: null, sent_at: status === 'sent' ? now.toISOString() : null })
    .execute();
}

/**
 * Not sent (the server refused or was down, or the address went on the suppression list): the
 * entries wait again and the row goes, so the next digest (or this job's continuation) takes them.
 */
export async function releaseDigest(db: Executor, c: DigestClaim) {
  await inTransaction(db, async (trx) => {
    const gone = await trx
      .deleteFrom('digests')
      .where('subscriber_id', '=', c.subscriberId)
      .where('period', '=', c.period)
      .where(heldUntil(c.until))
      .executeTakeFirst();
    if (Number(gone.numDeletedRows) !== 1) return;
    await trx
      .updateTable('digest_entries')
      .set({ period: null })
      .where('subscriber_id', '=', c.subscriberId)
      .where('period', '=', c.period)
      .execute();
  });
}

/**
 * Refused by the recipient's server: tried again after the alerts' backoff, keeping its items (a
 * retry lists the same ones), until the last try; then `dead`, and its items wait for the next
 * digest, so none is lost. Returns when to come back, or null when it is dead.
 */
export async function failDigest(
  db: Executor,
  c: DigestClaim,
  error: string,
  now: Date,
): Promise<Date | null> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .updateTable('digests')
      .set((eb) => ({ tries: eb('tries', '+', 1), error: error.slice(0, 500), claimed_until: null }))
      .where('subscriber_id', '=', c.subscriberId)
      .where('period', '=', c.period)
      .where(heldUntil(c.until))
      .returning('tries')
      .executeTakeFirst();
    if (!row) return null;
    const tries = Number(row.tries);
    if (tries >= MAX_ATTEMPTS) {
      await trx
        .updateTable('digests')
        .set({ status: 'dead', retry_at: null })
        .where('subscriber_id', '=', c.subscriberId)
        .where('period', '=', c.period)
        .execute();
      await trx
        .updateTable('digest_entries')
        .set({ period: null })
        .where('subscriber_id', '=', c.subscriberId)
        .where('period', '=', c.period)
        .execute();
      return null;
    }
    const next = retryAt(tries, now);
    await trx
      .updateTable('digests')
      .set({ status: 'failed', retry_at: next.toISOString() })
      .where('subscriber_id', '=', c.subscriberId)
      .where('period', '=', c.period)
      .execute();
    return next;
  });
}

/** Digests refused and not yet sent (failed, to be tried again) or given up (dead), newest first. */
export async function undeliveredDigests(db: Executor, limit: number) {
  return db
    .selectFrom('digests as d')
    .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .select(['s.email', 'd.period', 'd.status', 'd.tries', 'd.retry_at', 'd.error', 'd.created_at'])
    .where('d.status', 'in', ['failed', 'dead'])
    .orderBy('d.created_at', 'desc')
    .limit(limit)
    .execute();
}
