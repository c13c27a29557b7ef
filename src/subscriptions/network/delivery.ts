import type { Kysely } from 'kysely';
import { z } from 'zod';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database, NetworkMessageKind } from '../../platform/db/index.js';
import { enqueue } from '../../platform/jobs/index.js';
import type { QueuedMail } from '../../platform/mail/index.js';
import type { AlertContent } from '../delivery/content.js';
import { type Notice, noticeMessage, speechOf } from '../delivery/message.js';
import * as alerts from '../delivery/queries.js';
import { BATCH_SIZE, OUTAGE_WAIT_MS, type PublicItems, SEND_BUDGET_MS } from '../delivery/rules.js';
import { type Due, type SendLog, type SendLoopDeps, sendAll } from '../delivery/send-loop.js';
import { groupOf, publishedVersions, type Version, versionFor } from '../delivery/versions.js';
import { type LinkKeys, listUnsubscribeHeaders, type SubscriberLinksFn } from '../links.js';
import { STOP_PATH, signStopLink } from './links.js';
import * as q from './queries.js';
import {
  audienceOf,
  CHANNEL_ANCHORS,
  type ChannelName,
  capReason,
  type NetworkFollow,
  WEEK_MS,
  withinCap,
} from './rules.js';

export const NETWORK_FANOUT_JOB = 'network.fanout';
export const NETWORK_SEND_JOB = 'network.send';
export const NETWORK_EVENTS_JOB = 'network.events';

export interface NetworkDeliveryDeps extends SendLoopDeps {
  siteName: string;
  publicUrl: string;
  items: PublicItems;
  /** A member's preference and leave-the-network links (the subscribers' own, links.ts), and the mailbox. */
  subscriberLinks: SubscriberLinksFn;
  /** The keys that sign a supporter's "stop hearing about this" link. */
  linkKeys: LinkKeys;
  /** Real time, for a send job's budget (tests move `now` but not this). */
  elapsed?: () => number;
}

async function queueFanOut(db: Kysely<Database>, messageId: number, after: number, now: Date) {
  await enqueue(
    db,
    {
      kind: NETWORK_FANOUT_JOB,
      payload: { messageId, after },
      idempotencyKey: `${NETWORK_FANOUT_JOB}:${messageId}:${after}`,
    },
    now,
  );
}

async function queueSend(db: Kysely<Database>, range: q.Range, now: Date, runAt?: Date) {
  await enqueue(
    db,
    {
      kind: NETWORK_SEND_JOB,
      payload: range,
      runAt,
      idempotencyKey: `${NETWORK_SEND_JOB}:${range.messageId}:${range.from}:${runAt ? runAt.toISOString() : 'first'}`,
    },
    now,
  );
}

function referenceOf(place: { year: number | null; number: number | null }): string {
  if (place.year === null || place.number === null) return '';
  return `UA ${place.number}/${String(place.year % 100).padStart(2, '0')}`;
}

const alertFollowSchema = z.array(z.object({ kind: z.string(), targetId: z.number() }));

/** The network's follows among those an alert answers (cases are not the network's). */
function networkFollows(alertFollows: string): NetworkFollow[] {
  return alertFollowSchema
    .parse(JSON.parse(alertFollows))
    .filter((f): f is NetworkFollow => ['country', 'region', 'topic', 'everything'].includes(f.kind));
}

/** Events read in one transaction; a run reads pages until none is left. */
const EVENTS_PAGE = 200;

/**
 * What happened to urgent actions, as the actions room records it (`ua_events`, written in the
 * transaction that publishes, closes or marks a success), becomes the network's messages: a first
 * publication (`opened`, ordinal 0) a message to the members; an update's publication, a closing
 * or a success a message to those who acted on its series. What the message says is the alert
 * this room wrote in the same publishing transaction, and the event's note. The cursor moves in
 * the transaction that writes the messages, so none is told twice and none is lost. Runs each
 * minute (the actions room has no hook for closings, and one path serves all four).
 */
export async function readEvents(deps: Pick<NetworkDeliveryDeps, 'db' | 'now'>): Promise<number> {
  let written = 0;
  for (let page = 0; page < 50; page++) {
    const read = await readEventsPage(deps);
    written += read.written;
    if (read.events < EVENTS_PAGE) break;
  }
  return written;
}

async function readEventsPage(deps: Pick<NetworkDeliveryDeps, 'db' | 'now'>) {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const { after, events } = await q.eventsSince(trx, EVENTS_PAGE);
    const last = events[events.length - 1];
    if (!last || !(await q.moveCursor(trx, after, last.id))) return { events: 0, written: 0 };
    let written = 0;
    // Older news is not news: a backdated publication or an imported past (the demo's, a
    // reseed) is announced to nobody.
    const since = new Date(now.getTime() - WEEK_MS).toISOString();
    for (const e of events) {
      if (e.kind === 'updated' || e.occurred_at < since) continue;
      const place = await q.seriesPlace(trx, e.article_id);
      const alert = await trx
        .selectFrom('alerts')
        .select(['title', 'summary', 'path', 'item_language', 'follows', 'published_at'])
        .where('article_id', '=', e.article_id)
        .executeTakeFirst();
      if (!place || place.series_id === null || place.update_ordinal === null || !alert) continue;
      if (e.kind === 'opened' && alert.published_at < since) continue;
      const kind: NetworkMessageKind =
        e.kind === 'opened' ? (place.update_ordinal === 0 ? 'action' : 'update') : e.kind;
      // A translation published after its original (or before it) is the same news: one message
      // per group, each recipient reading the member in their language when it is sent.
      if (await q.groupAlreadyTold(trx, e.article_id, kind)) continue;
      const id = await q.insertMessage(
        trx,
        {
          kind,
          articleId: e.article_id,
          seriesId: place.series_id,
          title: alert.title,
          summary: alert.summary,
          path: alert.path,
          reference: referenceOf(place),
          note: e.note,
          language: alert.item_language,
          follows: kind === 'action' ? networkFollows(alert.follows) : [],
          channels: e.kind === 'opened' ? await q.channelsOf(trx, e.article_id) : [],
          publishedAt: e.kind === 'opened' ? alert.published_at : e.occurred_at,
        },
        now,
      );
      if (id !== undefined) {
        await queueFanOut(trx, id, 0, now);
        written++;
      }
    }
    return { events: events.length, written };
  });
}

export async function scheduleEvents(deps: Pick<NetworkDeliveryDeps, 'db' | 'now'>): Promise<void> {
  const now = deps.now();
  const next = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
  await enqueue(
    deps.db,
    {
      kind: NETWORK_EVENTS_JOB,
      payload: {},
      runAt: next,
      idempotencyKey: `${NETWORK_EVENTS_JOB}:${next.toISOString()}`,
    },
    now,
  );
}

const followSchema = z.array(
  z.object({ kind: z.enum(['country', 'region', 'topic', 'everything']), targetId: z.number() }),
);
const channelSchema = z.array(z.enum(['letter', 'post', 'call']));
export const fanOutPayload = z.object({ messageId: z.number().int(), after: z.number().int() });
export const sendPayload = z.object({
  messageId: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
});

/** Whose actions a supporters' message is about: the whole series, or (an update) the members before it. */
async function scopeOf(db: Kysely<Database>, message: q.MessageRow): Promise<q.Scope | null> {
  if (audienceOf(message.kind) === 'members') return null;
  if (message.kind !== 'update') return { seriesId: message.series_id, beforeOrdinal: null };
  const place = await q.seriesPlace(db, message.article_id);
  return { seriesId: message.series_id, beforeOrdinal: place?.update_ordinal ?? 0 };
}

/**
 * One page of a message's fan-out, in one transaction: the next BATCH_SIZE recipients (members
 * who asked for what the urgent action is about; or supporters who acted on the series and
 * asked to hear back, confirmed), a send-log row each and a send job for the batch, then the
 * next page's job. Run twice, it writes nothing new.
 */
export async function fanOut(
  deps: NetworkDeliveryDeps,
  payload: z.infer<typeof fanOutPayload>,
): Promise<void> {
  const now = deps.now();
  const message = await q.findMessage(deps.db, payload.messageId);
  if (!message || message.withdrawn_at) return;
  if (!(await deps.items.isPublic(message.article_id, now))) {
    await q.withdrawMessage(deps.db, message.id, now);
    return;
  }
  const audience = audienceOf(message.kind);
  const scope = await scopeOf(deps.db, message);
  const follows: NetworkFollow[] = followSchema.parse(JSON.parse(message.follows));
  await inTransaction(deps.db, async (trx) => {
    const page =
      audience === 'members'
        ? await q.membersToTell(trx, follows, payload.after, BATCH_SIZE)
        : await q.supportersToTell(trx, scope as q.Scope, payload.after, BATCH_SIZE);
    await q.logDeliveries(trx, message.id, audience, page, now);
    const first = page[0];
    const last = page[page.length - 1];
    if (first !== undefined && last !== undefined)
      await queueSend(trx, { messageId: message.id, from: first, to: last }, now);
    if (page.length === BATCH_SIZE && last !== undefined) await queueFanOut(trx, message.id, last, now);
    else await q.markFannedOut(trx, message.id, now);
  });
}

/** Sends a batch's due messages, each exactly once, through the shared send loop (send-loop.ts). */
export async function sendBatch(
  deps: NetworkDeliveryDeps,
  payload: z.infer<typeof sendPayload>,
): Promise<void> {
  const { db } = deps;
  const elapsed = deps.elapsed ?? (() => performance.now());
  const started = elapsed();
  const inTime = () => elapsed() - started <= SEND_BUDGET_MS;
  const range: q.Range = payload;
  const message = await q.findMessage(db, range.messageId);
  if (!message || message.withdrawn_at) return;
  if (!(await deps.items.isPublic(message.article_id, deps.now()))) {
    await q.withdrawMessage(db, message.id, deps.now());
    return;
  }
  const audience = audienceOf(message.kind);
  const scope = await scopeOf(db, message);
  await q.cancelIneligible(db, message, scope, range);
  await alerts.forgetOldWindows(db, deps.now());
  // The group's members in each language, read once for the batch (delivery/versions.ts).
  const group = groupOf(await publishedVersions(db, [message.article_id], deps.now()), message.article_id);
  const log =
    audience === 'members'
      ? memberLog(deps, message, group, range)
      : supporterLog(deps, message, group, range);
  const stopped = await sendAll(deps, log as SendLog<Due>, inTime);
  const next =
    stopped === 'time'
      ? deps.now()
      : stopped === 'outage'
        ? new Date(deps.now().getTime() + OUTAGE_WAIT_MS)
        : await q.nextInRange(db, audience, range);
  if (next) {
    const now = deps.now();
    await queueSend(db, range, now, new Date(Math.max(next.getTime(), now.getTime())));
  }
}

/** A network message's words as a message shows an item, to choose the member each person reads. */
function contentOf(message: q.MessageRow): AlertContent {
  return {
    id: message.id,
    title: message.title,
    summary: message.summary,
    path: message.path,
    publishedAt: message.published_at,
    type: 'urgent-action',
    language: message.item_language,
    picture: null,
  };
}

/** The Message-ID of a network message to one recipient: the same on every try. */
export function networkMessageId(messageId: number, audience: 'members' | 'supporters', key: number) {
  return `network-${messageId}-${audience === 'members' ? 'm' : 's'}${key}@candle`;
}

/** The marks every send log of one message shares, for its audience. */
function marks(deps: NetworkDeliveryDeps, messageId: number, audience: 'members' | 'supporters') {
  const { db } = deps;
  return {
    label: { networkMessage: messageId },
    claim: (keys: readonly number[], now: Date) => q.claim(db, messageId, audience, keys, now),
    markAllSent: (until: string, keys: readonly number[], now: Date) =>
      q.markAllSent(db, messageId, audience, until, keys, now),
    markFailed: (until: string, key: number, attempts: number, error: string, now: Date) =>
      q.markFailed(db, messageId, audience, until, key, attempts, error, now),
    markCancelled: (until: string, keys: readonly number[], why?: string) =>
      q.markCancelled(db, messageId, audience, until, keys, why),
    release: (until: string, keys: readonly number[], at: Date) =>
      q.release(db, messageId, audience, until, keys, at),
  };
}

type Member = Awaited<ReturnType<typeof q.dueMembers>>[number];

/** A new urgent action to members: their weekly cap decides, the most recent first. */
function memberLog(
  deps: NetworkDeliveryDeps,
  message: q.MessageRow,
  group: readonly Version[] | undefined,
  range: q.Range,
): SendLog<Member> {
  const ctx = { siteName: deps.siteName, publicUrl: deps.publicUrl };
  const channels = channelSchema.parse(JSON.parse(message.channels));
  return {
    ...marks(deps, message.id, 'members'),
    due: (now, limit) => q.dueMembers(deps.db, range, now, limit),
    admit: async (claimed, until, now) => {
      const counts = await q.capCounts(
        deps.db,
        message,
        claimed.map((r) => r.key),
        new Date(now.getTime() - WEEK_MS),
      );
      const kept: Member[] = [];
      for (const r of claimed) {
        const c = counts.get(r.key) ?? { sent: 0, newer: 0 };
        if (withinCap(r.weekly_cap, c.sent, c.newer)) kept.push(r);
        else await q.markCapped(deps.db, message.id, until, r.key, capReason(r.weekly_cap, c.sent, c.newer));
      }
      return kept;
    },
    message: (r, now): QueuedMail => {
      const { t } = speechOf(r.language);
      const shown = versionFor(contentOf(message), group, r.language);
      const url = `${deps.publicUrl}${shown.path}`;
      // Its one-click leaves the network, not every subscription: what the member asks of this mail.
      const links = deps.subscriberLinks({ id: r.key, email: r.email }, now, 'leave-network');
      const notice: Notice = {
        messageId: networkMessageId(message.id, 'members', r.key),
        kicker: t('network.action.kicker', { reference: message.reference }),
        title: shown.title,
        itemLanguage: shown.language,
        summary: shown.summary,
        url,
        paragraphs: [],
        links: [
          ...channels.map((c: ChannelName) => ({
            label: t(`network.channel.${c}`),
            url: `${url}#${CHANNEL_ANCHORS[c]}`,
          })),
          { label: t('network.channel.act'), url: `${url}#ua-act` },
        ],
        foot: {
          text: t('network.foot.member', { site: deps.siteName }),
          label: t('network.foot.manage'),
          url: links.manageUrl,
        },
        listHeaders: links.listUnsubscribeHeaders,
      };
      return noticeMessage(ctx, notice, { id: r.key, email: r.email, language: r.language });
    },
  };
}

type Supporter = Awaited<ReturnType<typeof q.dueSupporters>>[number] & {
  did?: { channels: Map<string, number>; lettersSent: number };
};

/** An update, a closing or a success to those who acted; the last two say what they did. */
function supporterLog(
  deps: NetworkDeliveryDeps,
  message: q.MessageRow,
  group: readonly Version[] | undefined,
  range: q.Range,
): SendLog<Supporter> {
  const ctx = { siteName: deps.siteName, publicUrl: deps.publicUrl };
  const tellsOutcome = message.kind === 'closed' || message.kind === 'success';
  const channels = channelSchema.parse(JSON.parse(message.channels));
  return {
    ...marks(deps, message.id, 'supporters'),
    due: async (now, limit) => {
      const due: Supporter[] = await q.dueSupporters(deps.db, range, message.series_id, now, limit);
      if (!tellsOutcome || due.length === 0) return due;
      const did = await q.actionsOnSeries(
        deps.db,
        message.series_id,
        due.map((r) => r.key),
      );
      for (const r of due) r.did = did.get(r.key);
      return due;
    },
    // Their "keep me informed" is a consent of its own, withdrawn by its own link: given after an
    // unsubscription from everything or an erasure (they acted again), it is the latest wish.
    askedSince: (r, listed) => r.asked_at !== null && Date.parse(r.asked_at) > Date.parse(listed.since),
    message: (r, now): QueuedMail => {
      const { t } = speechOf(r.language);
      const shown = versionFor(contentOf(message), group, r.language);
      const url = `${deps.publicUrl}${shown.path}`;
      const stopLink = signStopLink(deps.linkKeys, { id: r.key, email: r.email }, message.series_id, now);
      const stop = `${deps.publicUrl}${STOP_PATH}${stopLink}`;
      const kind = message.kind as Exclude<NetworkMessageKind, 'action'>;
      const notice: Notice = {
        messageId: networkMessageId(message.id, 'supporters', r.key),
        kicker: t(`network.${kind}.kicker`, { reference: message.reference }),
        title: shown.title,
        itemLanguage: shown.language,
        summary: shown.summary,
        url,
        paragraphs: tellsOutcome ? whatTheyDid(t, kind as 'closed' | 'success', message.note, r.did) : [],
        links: channels.map((c: ChannelName) => ({
          label: t(`network.channel.${c}`),
          url: `${url}#${CHANNEL_ANCHORS[c]}`,
        })),
        foot: { text: t('network.foot.supporter'), label: t('network.foot.stop'), url: stop },
        listHeaders: listUnsubscribeHeaders(stop, deps.subscriberLinks.mailto, `stop-hearing ${stopLink}`),
      };
      return noticeMessage(ctx, notice, { id: r.key, email: r.email, language: r.language });
    },
  };
}

/** "What you did: 1 letter(s) emailed, 1 call(s). 1 of your letters reached the officials." and the outcome. */
export function whatTheyDid(
  t: ReturnType<typeof speechOf>['t'],
  kind: 'closed' | 'success',
  note: string,
  did: { channels: Map<string, number>; lettersSent: number } | undefined,
): string[] {
  const parts: string[] = [];
  for (const channel of ['email', 'letter', 'post', 'call'] as const) {
    const n = did?.channels.get(channel) ?? 0;
    if (n > 0) parts.push(t(`network.did.${channel}`, { count: n }));
  }
  const out = [parts.length > 0 ? t('network.did.intro', { list: parts.join(', ') }) : t('network.did.none')];
  if (did && did.lettersSent > 0) out.push(t('network.did.delivered', { count: did.lettersSent }));
  out.push(t(kind === 'success' ? 'network.did.success' : 'network.did.closed', { note }).trim());
  return out;
}
