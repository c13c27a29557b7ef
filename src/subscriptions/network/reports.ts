import type { Kysely } from 'kysely';
import {
  type Database,
  NETWORK_DELIVERY_STATUSES,
  type NetworkDeliveryStatus,
} from '../../platform/db/index.js';
import { suppressedRow } from '../delivery/queries.js';
import { suppressedReasonOf } from '../delivery/rules.js';

/*
 * What the network's send logs and tallies say, for the campaigner: each message's sends by
 * status (sends, not opens: nothing reports back), who was capped and why, whose message failed
 * or died; and the network's size and growth (`network_tallies`, migration 036). Reads only.
 */

type Executor = Kysely<Database>;

/**
 * A message's send-log rows by status, with `suppressed` (skipped: the address is on the
 * suppression list) apart from `cancelled` (the rest: left, withdrew, the item withdrawn), though
 * both are `cancelled` rows in the log.
 */
export type SendCounts = Record<NetworkDeliveryStatus | 'suppressed', number>;

export const noSends = (): SendCounts =>
  Object.fromEntries([...NETWORK_DELIVERY_STATUSES, 'suppressed'].map((s) => [s, 0])) as SendCounts;

/** Each message's send-log rows by status (`SendCounts`). */
export async function sendCountsOf(db: Executor, messageIds: readonly number[]) {
  const out = new Map<number, SendCounts>(messageIds.map((id) => [id, noSends()]));
  if (messageIds.length === 0) return out;
  const rows = await db
    .selectFrom('network_deliveries')
    .select((eb) => [
      'message_id',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.sum<number>(eb.case().when(suppressedRow()).then(1).else(0).end()).as('suppressed'),
    ])
    .where('message_id', 'in', [...messageIds])
    .groupBy(['message_id', 'status'])
    .execute();
  for (const r of rows) {
    const counts = out.get(r.message_id);
    if (!counts) continue;
    const suppressed = Number(r.suppressed ?? 0);
    counts[r.status] = Number(r.n) - suppressed;
    counts.suppressed += suppressed;
  }
  return out;
}

/** The latest messages, newest first, with their sends by status. */
export async function messageSummaries(db: Executor, limit: number) {
  const messages = await db
    .selectFrom('network_messages')
    .select([
      'id',
      'kind',
      'article_id',
      'title',
      'reference',
      'published_at',
      'fanned_out_at',
      'withdrawn_at',
    ])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  const counts = await sendCountsOf(
    db,
    messages.map((m) => m.id),
  );
  return messages.map((message) => ({ message, counts: counts.get(message.id) ?? noSends() }));
}
export type MessageSummary = Awaited<ReturnType<typeof messageSummaries>>[number];

/** The messages about one urgent action, by id (an action, then its update, closing, success). */
export async function messagesOf(db: Executor, articleId: number) {
  const messages = await db
    .selectFrom('network_messages')
    .select(['id', 'kind'])
    .where('article_id', '=', articleId)
    .orderBy('id')
    .execute();
  const counts = await sendCountsOf(
    db,
    messages.map((m) => m.id),
  );
  return messages.map((m) => ({ kind: m.kind, counts: counts.get(m.id) ?? noSends() }));
}

/** Why members were capped: each reason (`capReason`'s words) and how many it held back. */
export async function cappedReasons(db: Executor, messageId: number) {
  const rows = await db
    .selectFrom('network_deliveries')
    .select((eb) => ['last_error', eb.fn.countAll<number>().as('n')])
    .where('message_id', '=', messageId)
    .where('status', '=', 'capped')
    .groupBy('last_error')
    .orderBy('last_error')
    .execute();
  return rows.map((r) => ({ reason: r.last_error ?? '', count: Number(r.n) }));
}

/** The recipients whose send is in one of these states, with its tries and last error. */
export async function recipientsIn(
  db: Executor,
  messageId: number,
  statuses: readonly NetworkDeliveryStatus[],
  limit: number,
) {
  const rows = await db
    .selectFrom('network_deliveries as d')
    .leftJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .leftJoin('ua_supporters as u', 'u.id', 'd.supporter_id')
    .select(['s.email as member', 'u.email as supporter', 'd.status', 'd.attempts', 'd.last_error'])
    .where('d.message_id', '=', messageId)
    .where('d.status', 'in', [...statuses])
    .orderBy('d.status')
    .orderBy('d.subscriber_id')
    .orderBy('d.supporter_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    email: r.member ?? r.supporter ?? '',
    status: r.status,
    attempts: r.attempts,
    error: r.last_error ?? '',
  }));
}
export type Recipient = Awaited<ReturnType<typeof recipientsIn>>[number];

/**
 * The recipients not mailed because their address is on the suppression list (a supporter who
 * asked to hear back included), with the list's reason: cancelled rows whose `last_error` the
 * send loop wrote (`suppressedRow`), not those cancelled for having left or withdrawn.
 */
export async function suppressedRecipients(db: Executor, messageId: number, limit: number) {
  const rows = await db
    .selectFrom('network_deliveries as d')
    .leftJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .leftJoin('ua_supporters as u', 'u.id', 'd.supporter_id')
    .select(['s.email as member', 'u.email as supporter', 'd.last_error'])
    .where('d.message_id', '=', messageId)
    .where(suppressedRow('d'))
    .orderBy('d.subscriber_id')
    .orderBy('d.supporter_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    email: r.member ?? r.supporter ?? '',
    reason: suppressedReasonOf(r.last_error) ?? '',
  }));
}

/** Memberships confirmed and ended per UTC day, in day order. */
export async function networkTallies(db: Executor) {
  const rows = await db
    .selectFrom('network_tallies')
    .select(['day', 'joins', 'leaves'])
    .orderBy('day')
    .execute();
  return rows.map((r) => ({ day: r.day, joins: Number(r.joins), leaves: Number(r.leaves) }));
}

/** Confirmed members now, by weekly cap. */
export async function membersByCap(db: Executor) {
  const rows = await db
    .selectFrom('network_members')
    .select((eb) => ['weekly_cap', eb.fn.countAll<number>().as('n')])
    .where('confirmed_at', 'is not', null)
    .groupBy('weekly_cap')
    .orderBy('weekly_cap')
    .execute();
  return rows.map((r) => ({ cap: r.weekly_cap, members: Number(r.n) }));
}
