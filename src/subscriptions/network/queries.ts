import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database, NetworkDeliveryStatus, NetworkMessageKind } from '../../platform/db/index.js';
import { heldUntil, leaseFrom, leaseRanOut } from '../delivery/lease.js';
import { type SendLogTables, withdrawSends } from '../delivery/queries.js';
import { MAX_ATTEMPTS, retryAt } from '../delivery/rules.js';
import type { NetworkFollow } from './rules.js';

/*
 * The network's queries. Those that read who acted on an urgent action (`ua_supporters`,
 * `ua_actions_taken`, `urgent_actions`, `ua_events`) read the actions room's tables and never
 * write them, except `withdrawHearBack`, which does what the supporter's own button asks.
 */

type Executor = Kysely<Database>;
type Audience = 'members' | 'supporters';

export async function findMessage(db: Executor, id: number) {
  return db.selectFrom('network_messages').selectAll().where('id', '=', id).executeTakeFirst();
}
export type MessageRow = NonNullable<Awaited<ReturnType<typeof findMessage>>>;

export interface NewMessage {
  kind: NetworkMessageKind;
  articleId: number;
  seriesId: number;
  title: string;
  summary: string;
  path: string;
  reference: string;
  note: string;
  language: string | null;
  follows: readonly NetworkFollow[];
  channels: readonly string[];
  publishedAt: string;
}

/** A message about an urgent action, once per (kind, article): its id, or undefined if it was written before. */
/**
 * Whether another member of the article's translation group (`articles.translation_of`) already
 * has a message of this kind: a group is announced once, each person reading it in their language.
 */
export async function groupAlreadyTold(
  db: Executor,
  articleId: number,
  kind: NetworkMessageKind,
): Promise<boolean> {
  const group = db
    .selectFrom('articles as o')
    .select((eb) => eb.fn.coalesce('o.translation_of', 'o.id').as('g'))
    .where('o.id', '=', articleId);
  const row = await db
    .selectFrom('network_messages as m')
    .innerJoin('articles as ar', 'ar.id', 'm.article_id')
    .select('m.id')
    .where('m.kind', '=', kind)
    .where('m.article_id', '!=', articleId)
    .where((eb) => eb.or([eb('ar.id', 'in', group), eb('ar.translation_of', 'in', group)]))
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertMessage(db: Executor, m: NewMessage, now: Date): Promise<number | undefined> {
  const row = await db
    .insertInto('network_messages')
    .values({
      kind: m.kind,
      article_id: m.articleId,
      series_id: m.seriesId,
      title: m.title,
      summary: m.summary,
      path: m.path,
      reference: m.reference,
      note: m.note,
      item_language: m.language,
      follows: JSON.stringify(m.follows),
      channels: JSON.stringify(m.channels),
      published_at: m.publishedAt,
      created_at: now.toISOString(),
      fanned_out_at: null,
      withdrawn_at: null,
    })
    .onConflict((oc) => oc.columns(['kind', 'article_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** An urgent action's place in its series, as the actions room numbered it (null: not numbered). */
export async function seriesPlace(db: Executor, articleId: number) {
  return db
    .selectFrom('urgent_actions')
    .select(['series_id', 'update_ordinal', 'year', 'number'])
    .where('article_id', '=', articleId)
    .executeTakeFirst();
}

/** The channels an urgent action's page offers, from its targets' contact details. */
export async function channelsOf(db: Executor, articleId: number): Promise<string[]> {
  const targets = await db
    .selectFrom('ua_action_targets as x')
    .innerJoin('ua_targets as t', 't.id', 'x.target_id')
    .select(['t.email', 't.phone', 't.social'])
    .where('x.article_id', '=', articleId)
    .execute();
  const out: string[] = [];
  if (targets.some((x) => x.email)) out.push('letter');
  if (targets.some((x) => x.social && x.social !== '[]')) out.push('post');
  if (targets.some((x) => x.phone)) out.push('call');
  return out;
}

/** Which members of the series a message's supporters acted on: all, or (an update) those before it. */
export interface Scope {
  seriesId: number;
  /** For an update: only actions on members numbered before it. */
  beforeOrdinal: number | null;
}

/**
 * The supporter `ref` acted on the scope's series and asked to hear back, on one counted action at
 * least (consent is given per action: one "keep me informed" is enough, a later withdrawal clears
 * all). A pending action is not yet its address's owner's (anyone may type an address; its
 * owner's confirmation counts it), so its "keep me informed" is not theirs yet either.
 */
function heardBack(eb: ExpressionBuilder<Database, never>, ref: string, scope: Scope) {
  let q = eb
    .selectFrom('ua_actions_taken as a')
    .innerJoin('urgent_actions as u', 'u.article_id', 'a.article_id')
    .select('a.id')
    .where('a.hear_back', '=', 1)
    .where('a.state', '=', 'counted')
    .where('u.series_id', '=', scope.seriesId)
    .where(sql.ref('a.supporter_id'), '=', sql.ref(ref));
  if (scope.beforeOrdinal !== null) q = q.where('u.update_ordinal', '<', scope.beforeOrdinal);
  return eb.exists(q);
}

/** The next confirmed supporters after `after` who acted on the series and asked to hear back. */
export async function supportersToTell(db: Executor, scope: Scope, after: number, limit: number) {
  const rows = await db
    .selectFrom('ua_supporters as s')
    .select('s.id')
    .where('s.confirmed_at', 'is not', null)
    .where('s.id', '>', after)
    .where((eb) => heardBack(eb as unknown as ExpressionBuilder<Database, never>, 's.id', scope))
    .orderBy('s.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The next confirmed members after `after` who asked for any of `follows`: each once. */
export async function membersToTell(
  db: Executor,
  follows: readonly NetworkFollow[],
  after: number,
  limit: number,
) {
  const rows = await db
    .selectFrom('network_members as m')
    .innerJoin('subscribers as s', 's.id', 'm.subscriber_id')
    .select('s.id')
    .where('s.status', '=', 'confirmed')
    .where('m.confirmed_at', 'is not', null)
    .where('s.id', '>', after)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('network_follows as f')
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
  return rows.map((r) => r.id);
}

const keyColumn = (audience: Audience) => (audience === 'members' ? 'subscriber_id' : 'supporter_id');

/** Writes the send log's rows for a batch; rows already there (a job run twice) stay as they are. */
export async function logDeliveries(
  db: Executor,
  messageId: number,
  audience: Audience,
  ids: readonly number[],
  now: Date,
) {
  if (ids.length === 0) return;
  const col = keyColumn(audience);
  await db
    .insertInto('network_deliveries')
    .values(
      ids.map((id) => ({
        message_id: messageId,
        supporter_id: audience === 'supporters' ? id : null,
        subscriber_id: audience === 'members' ? id : null,
        status: 'queued' as const,
        next_attempt_at: now.toISOString(),
        claimed_until: null,
        sent_at: null,
        last_error: null,
      })),
    )
    .onConflict((oc) => oc.columns(['message_id', col]).doNothing())
    .execute();
}

export async function markFannedOut(db: Executor, messageId: number, now: Date) {
  await db
    .updateTable('network_messages')
    .set({ fanned_out_at: now.toISOString() })
    .where('id', '=', messageId)
    .execute();
}

export interface Range {
  messageId: number;
  from: number;
  to: number;
}

const WAITING: readonly NetworkDeliveryStatus[] = ['queued', 'failed'];

function inRange(audience: Audience, range: Range) {
  const col = `d.${keyColumn(audience)}` as const;
  return (eb: ExpressionBuilder<Database & { d: Database['network_deliveries'] }, 'd'>) =>
    eb.and([eb('d.message_id', '=', range.messageId), eb(col, '>=', range.from), eb(col, '<=', range.to)]);
}

function dueNow(at: string) {
  return (eb: ExpressionBuilder<Database & { d: Database['network_deliveries'] }, 'd'>) =>
    eb.or([eb.and([eb('d.status', 'in', WAITING), eb('d.next_attempt_at', '<=', at)]), leaseRanOut(at, 'd')]);
}

/**
 * A batch's due supporters, with their address, language and when they last asked to hear back
 * on the series (the latest of their counted actions with "keep me informed" ticked): weighed
 * against a soft suppression by the send loop. Only counted ones: a pending action is not yet
 * the address's owner's (anyone may type an address), so its wish cannot lift their
 * unsubscription.
 */
export async function dueSupporters(db: Executor, range: Range, seriesId: number, now: Date, limit: number) {
  const at = now.toISOString();
  return db
    .selectFrom('network_deliveries as d')
    .innerJoin('ua_supporters as s', 's.id', 'd.supporter_id')
    .select((eb) => [
      's.id as key',
      's.email',
      's.language',
      'd.attempts',
      eb
        .selectFrom('ua_actions_taken as a')
        .innerJoin('urgent_actions as u', 'u.article_id', 'a.article_id')
        .select((x) => x.fn.max('a.created_at').as('at'))
        .whereRef('a.supporter_id', '=', 's.id')
        .where('a.hear_back', '=', 1)
        .where('a.state', '=', 'counted')
        .where('u.series_id', '=', seriesId)
        .as('asked_at'),
    ])
    .where(inRange('supporters', range))
    .where(dueNow(at))
    .orderBy('d.supporter_id')
    .limit(limit)
    .execute();
}

/** A batch's due members, with their address, language and weekly cap. */
export async function dueMembers(db: Executor, range: Range, now: Date, limit: number) {
  const at = now.toISOString();
  return db
    .selectFrom('network_deliveries as d')
    .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
    .innerJoin('network_members as m', 'm.subscriber_id', 'd.subscriber_id')
    .select(['s.id as key', 's.email', 's.language', 'd.attempts', 'm.weekly_cap'])
    .where('s.status', '=', 'confirmed')
    .where(inRange('members', range))
    .where(dueNow(at))
    .orderBy('d.subscriber_id')
    .limit(limit)
    .execute();
}

/**
 * Nobody is mailed who no longer wants it: a supporter who withdrew (or whose actions were
 * deleted), a member who left, unsubscribed or is no longer confirmed. Their rows are cancelled.
 */
export async function cancelIneligible(db: Executor, message: MessageRow, scope: Scope | null, range: Range) {
  const audience: Audience = message.kind === 'action' ? 'members' : 'supporters';
  await db
    .updateTable('network_deliveries as d')
    .set({ status: 'cancelled', claimed_until: null })
    .where(inRange(audience, range))
    .where('d.status', 'in', [...WAITING, 'sending'])
    .where((eb) => {
      if (audience === 'supporters' && scope)
        return eb.not(
          heardBack(eb as unknown as ExpressionBuilder<Database, never>, 'd.supporter_id', scope),
        );
      return eb.not(
        eb.exists(
          eb
            .selectFrom('network_members as m')
            .innerJoin('subscribers as s', 's.id', 'm.subscriber_id')
            .select('m.subscriber_id')
            .whereRef('m.subscriber_id', '=', 'd.subscriber_id')
            .where('m.confirmed_at', 'is not', null)
            .where('s.status', '=', 'confirmed'),
        ),
      );
    })
    .execute();
}

/** The network's send log, for the send logs' shared statements (`delivery/queries.ts`). */
export const NETWORK_LOG: SendLogTables = {
  log: 'network_deliveries',
  of: 'network_messages',
  by: 'message_id',
};

/** A message withdrawn (its urgent action unpublished): what was not sent is not sent. */
export const withdrawMessage = (db: Executor, messageId: number, now: Date) =>
  withdrawSends(db, NETWORK_LOG, messageId, now);

/** Rows of one message by recipient key (subscriber or supporter id). */
function rows(db: Executor, messageId: number, audience: Audience, keys: readonly number[]) {
  return db
    .updateTable('network_deliveries')
    .where('message_id', '=', messageId)
    .where(keyColumn(audience), 'in', [...keys]);
}

/** Takes recipients for sending, with one lease (the alerts' claim: conditional, so never twice). */
export async function claim(
  db: Executor,
  messageId: number,
  audience: Audience,
  keys: readonly number[],
  now: Date,
): Promise<{ until: string; keys: Set<number> }> {
  const { at, until } = leaseFrom(now);
  if (keys.length === 0) return { until, keys: new Set() };
  const col = keyColumn(audience);
  const taken = await rows(db, messageId, audience, keys)
    .set({ status: 'sending', claimed_until: until })
    .where((eb) =>
      eb.or([eb.and([eb('status', 'in', WAITING), eb('next_attempt_at', '<=', at)]), leaseRanOut(at)]),
    )
    .returning(col)
    .execute();
  return { until, keys: new Set(taken.map((r) => Number((r as Record<string, unknown>)[col]))) };
}

const held = (db: Executor, messageId: number, audience: Audience, until: string, keys: readonly number[]) =>
  rows(db, messageId, audience, keys).where(heldUntil(until));

export async function markAllSent(
  db: Executor,
  messageId: number,
  audience: Audience,
  until: string,
  keys: readonly number[],
  now: Date,
) {
  if (keys.length === 0) return;
  await held(db, messageId, audience, until, keys)
    .set({ status: 'sent', sent_at: now.toISOString(), claimed_until: null, last_error: null })
    .execute();
}

export async function markFailed(
  db: Executor,
  messageId: number,
  audience: Audience,
  until: string,
  key: number,
  attempts: number,
  error: string,
  now: Date,
) {
  const tried = attempts + 1;
  await held(db, messageId, audience, until, [key])
    .set({
      status: tried >= MAX_ATTEMPTS ? 'dead' : 'failed',
      attempts: tried,
      next_attempt_at: retryAt(tried, now).toISOString(),
      claimed_until: null,
      last_error: error.slice(0, 1000),
    })
    .execute();
}

/** Never sent (the address is on the suppression list): `why` says so (`suppressedWhy`). */
export async function markCancelled(
  db: Executor,
  messageId: number,
  audience: Audience,
  until: string,
  keys: readonly number[],
  why?: string,
) {
  if (keys.length === 0) return;
  await held(db, messageId, audience, until, keys)
    .set({ status: 'cancelled', claimed_until: null, ...(why ? { last_error: why } : {}) })
    .execute();
}

/** A member over their weekly cap: not mailed, and the row says why. Final for this message. */
export async function markCapped(
  db: Executor,
  messageId: number,
  until: string,
  key: number,
  reason: string,
) {
  await held(db, messageId, 'members', until, [key])
    .set({ status: 'capped', claimed_until: null, last_error: reason })
    .execute();
}

export async function release(
  db: Executor,
  messageId: number,
  audience: Audience,
  until: string,
  keys: readonly number[],
  at: Date,
) {
  if (keys.length === 0) return;
  await held(db, messageId, audience, until, keys)
    .set({ status: 'queued', claimed_until: null, next_attempt_at: at.toISOString() })
    .execute();
}

/** When a batch next has something to do: its earliest retry or lease end; null when all is final. */
export async function nextInRange(db: Executor, audience: Audience, range: Range): Promise<Date | null> {
  const row = await db
    .selectFrom('network_deliveries as d')
    .select((eb) => [
      eb.fn.min('d.next_attempt_at').filterWhere('d.status', 'in', WAITING).as('retry'),
      eb.fn.min('d.claimed_until').filterWhere('d.status', '=', 'sending').as('lease'),
    ])
    .where(inRange(audience, range))
    .executeTakeFirst();
  const times = [row?.retry, row?.lease].filter((v): v is string => typeof v === 'string');
  if (times.length === 0) return null;
  return new Date(times.sort()[0] as string);
}

/**
 * For the weekly cap, per member: the new urgent actions they were sent (or are being sent) in
 * the last seven days, other than this one, and those newer than this one still waiting for them.
 */
export async function capCounts(
  db: Executor,
  message: { id: number; published_at: string },
  subscriberIds: readonly number[],
  since: Date,
): Promise<Map<number, { sent: number; newer: number }>> {
  const out = new Map<number, { sent: number; newer: number }>();
  if (subscriberIds.length === 0) return out;
  for (const id of subscriberIds) out.set(id, { sent: 0, newer: 0 });
  const found = await db
    .selectFrom('network_deliveries as d')
    .innerJoin('network_messages as m', 'm.id', 'd.message_id')
    .select((eb) => [
      'd.subscriber_id',
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.or([
            w.and([w('d.status', '=', 'sent'), w('d.sent_at', '>=', since.toISOString())]),
            w('d.status', '=', 'sending'),
          ]),
        )
        .as('sent'),
      eb.fn
        .countAll<number>()
        .filterWhere((w) =>
          w.and([
            w('d.status', 'in', WAITING),
            w('m.published_at', '>', message.published_at),
            w('m.withdrawn_at', 'is', null),
          ]),
        )
        .as('newer'),
    ])
    .where('d.subscriber_id', 'in', [...subscriberIds])
    .where('m.kind', '=', 'action')
    .where('d.message_id', '<>', message.id)
    .groupBy('d.subscriber_id')
    .execute();
  for (const r of found)
    if (r.subscriber_id !== null) out.set(r.subscriber_id, { sent: Number(r.sent), newer: Number(r.newer) });
  return out;
}

/** What each supporter did on a series: counted actions per channel, and letters delivered. */
export async function actionsOnSeries(db: Executor, seriesId: number, supporterIds: readonly number[]) {
  const out = new Map<number, { channels: Map<string, number>; lettersSent: number }>();
  if (supporterIds.length === 0) return out;
  const entry = (id: number) => {
    let e = out.get(id);
    if (!e) {
      e = { channels: new Map(), lettersSent: 0 };
      out.set(id, e);
    }
    return e;
  };
  const taken = await db
    .selectFrom('ua_actions_taken as a')
    .innerJoin('urgent_actions as u', 'u.article_id', 'a.article_id')
    .select((eb) => ['a.supporter_id', 'a.channel', eb.fn.countAll<number>().as('n')])
    .where('u.series_id', '=', seriesId)
    .where('a.state', '=', 'counted')
    .where('a.supporter_id', 'in', [...supporterIds])
    .groupBy(['a.supporter_id', 'a.channel'])
    .execute();
  for (const r of taken) entry(r.supporter_id).channels.set(r.channel, Number(r.n));
  const letters = await db
    .selectFrom('ua_letters as l')
    .innerJoin('ua_actions_taken as a', 'a.id', 'l.action_id')
    .innerJoin('urgent_actions as u', 'u.article_id', 'a.article_id')
    .select((eb) => ['a.supporter_id', eb.fn.countAll<number>().as('n')])
    .where('u.series_id', '=', seriesId)
    .where('l.status', '=', 'sent')
    .where('a.supporter_id', 'in', [...supporterIds])
    .groupBy('a.supporter_id')
    .execute();
  for (const r of letters) entry(r.supporter_id).lettersSent = Number(r.n);
  return out;
}

/** The closings and successes recorded since the network last looked, oldest first. */
export async function eventsSince(db: Executor, limit: number) {
  const cursor = await db
    .selectFrom('network_event_cursor')
    .select('last_event_id')
    .where('id', '=', 1)
    .executeTakeFirst();
  const after = cursor?.last_event_id ?? 0;
  const events = await db
    .selectFrom('ua_events')
    .select(['id', 'article_id', 'kind', 'note', 'occurred_at'])
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  return { after, events };
}

/** Moves the cursor on, only from where it was read (two runs at once: one moves it). */
export async function moveCursor(db: Executor, from: number, to: number): Promise<boolean> {
  const r = await db
    .updateTable('network_event_cursor')
    .set({ last_event_id: to })
    .where('id', '=', 1)
    .where('last_event_id', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A supporter stops hearing about one urgent action's series: every "keep me informed" of
 * theirs on it is cleared, and the withdrawal is kept with the words of the button they pressed.
 */
export async function withdrawHearBack(
  db: Executor,
  supporterId: number,
  seriesId: number,
  wordingHash: string,
  sourcePage: string,
  now: Date,
) {
  const members = db.selectFrom('urgent_actions').select('article_id').where('series_id', '=', seriesId);
  await db
    .updateTable('ua_actions_taken')
    .set({ hear_back: 0 })
    .where('supporter_id', '=', supporterId)
    .where('article_id', 'in', members)
    .execute();
  await db
    .insertInto('hear_back_events')
    .values({
      supporter_id: supporterId,
      series_id: seriesId,
      kind: 'withdrawn',
      wording_hash: wordingHash,
      source_page: sourcePage,
      occurred_at: now.toISOString(),
    })
    .execute();
}
