import { type Kysely, type SqlBool, sql } from 'kysely';
import type { Database, DeliveryStatus } from '../../platform/db/index.js';
import type { Follow } from '../rules.js';
import { heldUntil, leaseFrom, leaseRanOut } from './lease.js';
import { MAX_ATTEMPTS, rateWindow, retryAt, SUPPRESSED_PREFIX, suppressedReasonOf } from './rules.js';

type Executor = Kysely<Database>;

/**
 * A send-log row (alerts' or the network's, `alias` naming its table in the query) skipped because
 * its address is on the suppression list: cancelled with the list's reason (`suppressedWhy`), as
 * opposed to one cancelled because its person left or the item was withdrawn. The admin counts
 * the two apart.
 */
export function suppressedRow(alias?: string) {
  const col = (name: string) => sql.ref(alias ? `${alias}.${name}` : name);
  return sql<SqlBool>`(${col('status')} = 'cancelled' and ${col('last_error')} like ${`${SUPPRESSED_PREFIX}%`})`;
}

export async function findAlert(db: Executor, id: number) {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Who a member of a translation group may still reach: nobody already alerted by another alert of
 * the group (`alerted`), and, for a member published after the group was first announced, only
 * those reading its language (`language`; null: everyone). CONTEXT.md, "One alert per group".
 */
export interface GroupAudience {
  alerted: readonly number[];
  language: string | null;
}

/**
 * The other alerts of the translation group an article belongs to (its original and every
 * translation, `articles.translation_of`), oldest first: one statement, on the group's index.
 */
export async function otherGroupAlerts(db: Executor, alertId: number, articleId: number): Promise<number[]> {
  const group = db
    .selectFrom('articles as o')
    .select((eb) => eb.fn.coalesce('o.translation_of', 'o.id').as('g'))
    .where('o.id', '=', articleId);
  const rows = await db
    .selectFrom('alerts as a')
    .innerJoin('articles as ar', 'ar.id', 'a.article_id')
    .select('a.id')
    .where((eb) => eb.or([eb('ar.id', 'in', group), eb('ar.translation_of', 'in', group)]))
    .where('a.id', '!=', alertId)
    .orderBy('a.id')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Holds the group's first alert's row until the caller's transaction ends (a write that changes
 * nothing): on PostgreSQL two fan-outs of one group (an original and its translation published
 * together) then run one after the other, so the second sees whom the first alerted. SQLite has
 * one writer already.
 */
export async function lockGroup(trx: Executor, firstAlertId: number): Promise<void> {
  await trx
    .updateTable('alerts')
    .set((eb) => ({ fanned_out_at: eb.ref('fanned_out_at') }))
    .where('id', '=', firstAlertId)
    .execute();
}

/**
 * The next confirmed subscribers after `after` (by id) who follow any of `follows`: each once,
 * however many of their follows match, because the match is a condition on the subscriber.
 */
export async function matchingSubscribers(
  db: Executor,
  follows: readonly Follow[],
  after: number,
  limit: number,
  group: GroupAudience = { alerted: [], language: null },
) {
  const { alerted, language } = group;
  return db
    .selectFrom('subscribers as s')
    .select(['s.id', 's.frequency'])
    .where('s.status', '=', 'confirmed')
    .where('s.id', '>', after)
    .$if(language !== null, (qb) => qb.where('s.language', '=', language as string))
    .$if(alerted.length > 0, (qb) =>
      qb.where(({ not, or, exists, selectFrom }) =>
        not(
          or([
            exists(
              selectFrom('alert_deliveries as d')
                .select('d.subscriber_id')
                .whereRef('d.subscriber_id', '=', 's.id')
                .where('d.alert_id', 'in', alerted),
            ),
            exists(
              selectFrom('digest_entries as e')
                .select('e.subscriber_id')
                .whereRef('e.subscriber_id', '=', 's.id')
                .where('e.alert_id', 'in', alerted),
            ),
          ]),
        ),
      ),
    )
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('subscriber_follows as f')
          .select('f.subscriber_id')
          .whereRef('f.subscriber_id', '=', 's.id')
          .where((eb) =>
            eb.or(
              follows.map((x) => eb.and([eb('f.kind', '=', x.kind), eb('f.target_id', '=', x.targetId)])),
            ),
          ),
      ),
    )
    .orderBy('s.id')
    .limit(limit)
    .execute();
}

/** Writes the send log's rows for a batch; rows already there (a job run twice) stay as they are. */
export async function logDeliveries(
  db: Executor,
  alertId: number,
  subscriberIds: readonly number[],
  now: Date,
) {
  if (subscriberIds.length === 0) return;
  await db
    .insertInto('alert_deliveries')
    .values(
      subscriberIds.map((id) => ({
        alert_id: alertId,
        subscriber_id: id,
        status: 'queued' as const,
        next_attempt_at: now.toISOString(),
        claimed_until: null,
        sent_at: null,
        last_error: null,
      })),
    )
    .onConflict((oc) => oc.columns(['alert_id', 'subscriber_id']).doNothing())
    .execute();
}

export async function keepForDigest(
  db: Executor,
  alertId: number,
  subscriberIds: readonly number[],
  now: Date,
) {
  if (subscriberIds.length === 0) return;
  await db
    .insertInto('digest_entries')
    .values(
      subscriberIds.map((id) => ({
        subscriber_id: id,
        alert_id: alertId,
        created_at: now.toISOString(),
        period: null,
      })),
    )
    .onConflict((oc) => oc.columns(['subscriber_id', 'alert_id']).doNothing())
    .execute();
}

export interface Range {
  alertId: number;
  from: number;
  to: number;
}

const WAITING: readonly DeliveryStatus[] = ['queued', 'failed'];

/**
 * Rows of a batch that are due: waiting and due, or claimed by a worker whose lease ran out (it
 * died; see `claim`). With the address of a subscriber still confirmed; the others are cancelled
 * by `cancelUnconfirmed` first.
 */
export async function dueInRange(db: Executor, range: Range, now: Date, limit: number) {
  const at = now.toISOString();
  return db
    .selectFrom('alert_deliveries as d')
    .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .select(['d.subscriber_id', 'd.attempts', 's.email', 's.name', 's.language'])
    .where('d.alert_id', '=', range.alertId)
    .where('d.subscriber_id', '>=', range.from)
    .where('d.subscriber_id', '<=', range.to)
    .where('s.status', '=', 'confirmed')
    .where((eb) =>
      eb.or([
        eb.and([eb('d.status', 'in', WAITING), eb('d.next_attempt_at', '<=', at)]),
        leaseRanOut(at, 'd'),
      ]),
    )
    .orderBy('d.subscriber_id')
    .limit(limit)
    .execute();
}

/** Nobody is mailed who is no longer confirmed (unsubscribed, suppressed since the fan-out). */
export async function cancelUnconfirmed(db: Executor, range: Range) {
  await db
    .updateTable('alert_deliveries')
    .set({ status: 'cancelled', claimed_until: null })
    .where('alert_id', '=', range.alertId)
    .where('subscriber_id', '>=', range.from)
    .where('subscriber_id', '<=', range.to)
    .where('status', 'in', [...WAITING, 'sending'])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('subscribers as s')
            .select('s.id')
            .whereRef('s.id', '=', 'alert_deliveries.subscriber_id')
            .where('s.status', '=', 'confirmed'),
        ),
      ),
    )
    .execute();
}

/** A send log: its table, the table of what it sends (with `withdrawn_at`) and the column naming it. */
export type SendLogTables =
  | { log: 'alert_deliveries'; of: 'alerts'; by: 'alert_id' }
  | { log: 'network_deliveries'; of: 'network_messages'; by: 'message_id' };

export const ALERT_LOG: SendLogTables = { log: 'alert_deliveries', of: 'alerts', by: 'alert_id' };

/**
 * What a send log sends withdrawn (an item unpublished before all its messages went, an alert or
 * a network message): marked withdrawn once, and its rows not sent are not sent.
 */
export async function withdrawSends(db: Executor, tables: SendLogTables, id: number, now: Date) {
  await db
    .updateTable(tables.of)
    .set({ withdrawn_at: now.toISOString() })
    .where('id', '=', id)
    .where('withdrawn_at', 'is', null)
    .execute();
  await db
    .updateTable(tables.log)
    .set({ status: 'cancelled', claimed_until: null })
    .where(tables.by, '=', id)
    .where('status', 'in', [...WAITING, 'sending'])
    .execute();
}

/** An item withdrawn before all its messages went: those not sent are not sent. */
export const cancelAlert = (db: Executor, alertId: number, now: Date) =>
  withdrawSends(db, ALERT_LOG, alertId, now);

/**
 * Takes recipients for sending, with one lease for all of them. Only one worker can take a row
 * (the update is conditional on what it found), so two runs of the same batch never send one
 * message twice; the rows another worker took meanwhile are simply not returned. A lease that runs
 * out means the worker died: the row may be taken again (see CONTEXT.md for the one window where
 * that sends a second copy).
 */
export async function claim(
  db: Executor,
  alertId: number,
  subscriberIds: readonly number[],
  now: Date,
): Promise<{ until: string; subscriberIds: Set<number> }> {
  const { at, until } = leaseFrom(now);
  if (subscriberIds.length === 0) return { until, subscriberIds: new Set() };
  const taken = await db
    .updateTable('alert_deliveries')
    .set({ status: 'sending', claimed_until: until })
    .where('alert_id', '=', alertId)
    .where('subscriber_id', 'in', subscriberIds)
    .where((eb) =>
      eb.or([eb.and([eb('status', 'in', WAITING), eb('next_attempt_at', '<=', at)]), leaseRanOut(at)]),
    )
    .returning('subscriber_id')
    .execute();
  return { until, subscriberIds: new Set(taken.map((r) => r.subscriber_id)) };
}

/**
 * A claim, told apart from a later one of the same row by its lease's end (a later claim is made
 * after this lease ran out, so its end is later). A worker whose lease ran out and who finishes
 * late changes nothing: the row is another's now.
 */
export interface Claim {
  alertId: number;
  subscriberId: number;
  until: string;
}

const held = (db: Executor, c: Claim) =>
  db
    .updateTable('alert_deliveries')
    .where('alert_id', '=', c.alertId)
    .where('subscriber_id', '=', c.subscriberId)
    .where(heldUntil(c.until));

export async function markSent(db: Executor, c: Claim, now: Date) {
  await markAllSent(db, c.alertId, c.until, [c.subscriberId], now);
}

/** Several recipients of one claim whose messages the server accepted, in one statement. */
export async function markAllSent(
  db: Executor,
  alertId: number,
  until: string,
  ids: readonly number[],
  now: Date,
) {
  if (ids.length === 0) return;
  await heldMany(db, alertId, until, ids)
    .set({ status: 'sent', sent_at: now.toISOString(), claimed_until: null, last_error: null })
    .execute();
}

/** A failed try: again after a backoff, or dead after the last. */
export async function markFailed(db: Executor, c: Claim, attempts: number, error: string, now: Date) {
  const tried = attempts + 1;
  await held(db, c)
    .set({
      status: tried >= MAX_ATTEMPTS ? 'dead' : 'failed',
      attempts: tried,
      next_attempt_at: retryAt(tried, now).toISOString(),
      claimed_until: null,
      last_error: error.slice(0, 1000),
    })
    .execute();
}

/** Several rows of one claim (they share its lease's end), for the marks that apply to a group. */
const heldMany = (db: Executor, alertId: number, until: string, subscriberIds: readonly number[]) =>
  db
    .updateTable('alert_deliveries')
    .where('alert_id', '=', alertId)
    .where('subscriber_id', 'in', subscriberIds)
    .where(heldUntil(until));

/** The addresses went on the suppression list after the rows were queued: never sent, and why. */
export async function markCancelled(
  db: Executor,
  alertId: number,
  until: string,
  ids: readonly number[],
  why?: string,
) {
  if (ids.length === 0) return;
  await heldMany(db, alertId, until, ids)
    .set({ status: 'cancelled', claimed_until: null, ...(why ? { last_error: why } : {}) })
    .execute();
}

/** Not sent by this claim (over the domain's limit, out of time, an outage): waiting again until `at`, no try counted. */
export async function release(
  db: Executor,
  alertId: number,
  until: string,
  ids: readonly number[],
  at: Date,
) {
  if (ids.length === 0) return;
  await heldMany(db, alertId, until, ids)
    .set({ status: 'queued', claimed_until: null, next_attempt_at: at.toISOString() })
    .execute();
}

/**
 * Takes `wanted` messages of a domain's allowance for the current window, all or none, or says
 * when the next window opens. One statement (an upsert that adds only while the count stays
 * within the limit), so workers side by side never take more than the limit between them.
 */
export async function takeAllowance(
  db: Executor,
  domain: string,
  wanted: number,
  perWindow: number,
  now: Date,
): Promise<{ ok: true } | { ok: false; until: Date }> {
  const window = rateWindow(now);
  if (wanted > perWindow) return { ok: false, until: window.end };
  const row = await db
    .insertInto('delivery_rate')
    .values({ domain, window_start: window.start.toISOString(), sent: wanted })
    .onConflict((oc) =>
      oc
        .columns(['domain', 'window_start'])
        .doUpdateSet({ sent: sql<number>`delivery_rate.sent + ${wanted}` })
        .where(sql<number>`delivery_rate.sent + ${wanted}`, '<=', perWindow),
    )
    .returning('sent')
    .executeTakeFirst();
  return row ? { ok: true } : { ok: false, until: window.end };
}

/** Windows long past are of no use to anyone. */
export async function forgetOldWindows(db: Executor, now: Date) {
  await db
    .deleteFrom('delivery_rate')
    .where('window_start', '<', new Date(now.getTime() - 60 * 60_000).toISOString())
    .execute();
}

/** When a batch next has something to do: its earliest retry or lease end; null when all is final. */
export async function nextInRange(db: Executor, range: Range): Promise<Date | null> {
  const row = await db
    .selectFrom('alert_deliveries')
    .select((eb) => [
      eb.fn.min('next_attempt_at').filterWhere('status', 'in', WAITING).as('retry'),
      eb.fn.min('claimed_until').filterWhere('status', '=', 'sending').as('lease'),
    ])
    .where('alert_id', '=', range.alertId)
    .where('subscriber_id', '>=', range.from)
    .where('subscriber_id', '<=', range.to)
    .executeTakeFirst();
  const times = [row?.retry, row?.lease].filter((v): v is string => typeof v === 'string');
  if (times.length === 0) return null;
  return new Date(times.sort()[0] as string);
}

export async function markFannedOut(db: Executor, alertId: number, now: Date) {
  await db
    .updateTable('alerts')
    .set({ fanned_out_at: now.toISOString() })
    .where('id', '=', alertId)
    .execute();
}

/** Each alert's messages by status, newest alerts first, for the admin. */
export async function alertSummaries(db: Executor, limit: number) {
  const alerts = await db.selectFrom('alerts').selectAll().orderBy('id', 'desc').limit(limit).execute();
  const counts = await countsOf(
    db,
    alerts.map((a) => a.id),
  );
  return alerts.map((a) => ({ alert: a, counts: counts.get(a.id) ?? emptyCounts() }));
}

/**
 * An alert's send-log rows by status, `suppressed` (skipped: on the suppression list) apart from
 * `cancelled` (no longer confirmed, or the item withdrawn), and its digest entries.
 */
export type DeliveryCounts = Record<DeliveryStatus | 'suppressed', number> & { digest: number };
const emptyCounts = (): DeliveryCounts => ({
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  dead: 0,
  cancelled: 0,
  suppressed: 0,
  digest: 0,
});

export async function countsOf(db: Executor, alertIds: readonly number[]) {
  const out = new Map<number, DeliveryCounts>();
  if (alertIds.length === 0) return out;
  const rows = await db
    .selectFrom('alert_deliveries')
    .select((eb) => [
      'alert_id',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when(suppressedRow()).then(1).else(0).end()).as('suppressed'),
    ])
    .where('alert_id', 'in', alertIds)
    .groupBy(['alert_id', 'status'])
    .execute();
  const digests = await db
    .selectFrom('digest_entries')
    .select((eb) => ['alert_id', eb.fn.countAll<number>().as('n')])
    .where('alert_id', 'in', alertIds)
    .groupBy('alert_id')
    .execute();
  for (const id of alertIds) out.set(id, emptyCounts());
  for (const r of rows) {
    const counts = out.get(r.alert_id) as DeliveryCounts;
    const suppressed = Number(r.suppressed ?? 0);
    counts[r.status] = Number(r.n) - suppressed;
    counts.suppressed += suppressed;
  }
  for (const r of digests) (out.get(r.alert_id) as DeliveryCounts).digest = Number(r.n);
  return out;
}

/** The recipients whose message is dead, with the last error, for the admin to act on. */
export async function deadOf(db: Executor, alertId: number, limit: number) {
  return db
    .selectFrom('alert_deliveries as d')
    .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .select(['s.email', 'd.attempts', 'd.last_error', 'd.next_attempt_at'])
    .where('d.alert_id', '=', alertId)
    .where('d.status', '=', 'dead')
    .orderBy('d.subscriber_id')
    .limit(limit)
    .execute();
}

/**
 * The recipients skipped because their address is on the suppression list (their row may still
 * read 'confirmed'), with the list's reason as the send loop kept it.
 */
export async function suppressedOf(db: Executor, alertId: number, limit: number) {
  const rows = await db
    .selectFrom('alert_deliveries as d')
    .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .select(['s.email', 'd.last_error'])
    .where('d.alert_id', '=', alertId)
    .where(suppressedRow('d'))
    .orderBy('d.subscriber_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ email: r.email, reason: suppressedReasonOf(r.last_error) ?? '' }));
}
