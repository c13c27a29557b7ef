import type { Kysely } from 'kysely';
import { z } from 'zod';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database, Db } from '../../platform/db/index.js';
import { DEFAULT_LANGUAGE } from '../../platform/i18n/index.js';
import { enqueue } from '../../platform/jobs/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { SubscriberLinksFn } from '../links.js';
import type { Follow } from '../rules.js';
import { type AlertContent, alertContent } from './content.js';
import { alertMessage } from './message.js';
import * as q from './queries.js';
import {
  type AlertItem,
  BATCH_SIZE,
  followsMatching,
  OUTAGE_WAIT_MS,
  type PublicItems,
  SEND_BUDGET_MS,
} from './rules.js';
import { type Due, type SendLog, sendAll } from './send-loop.js';
import { groupOf, publishedVersions, type Version, versionFor } from './versions.js';

export const FANOUT_JOB = 'subscriptions.alert.fanout';
export const SEND_JOB = 'subscriptions.alert.send';

export interface DeliveryDeps {
  db: Db;
  now: () => Date;
  siteName: string;
  publicUrl: string;
  mailer: Mailer;
  items: PublicItems;
  /** Messages a minute to one recipient domain (MAIL_RATE_PER_DOMAIN); 0: no limit. */
  perDomainPerMinute: number;
  /** Where an unreachable mail server is reported (it costs no try, so nothing else says so). */
  log?: { warn: (details: object, message: string) => void };
  /** Real time, for a send job's budget (tests move `now` but not this). */
  elapsed?: () => number;
  /** The signed preference and unsubscribe links of a message, and its List-Unsubscribe headers. */
  subscriberLinks: SubscriberLinksFn;
  /** The suppression list's salt: a suppressed address is never mailed (suppression.ts). */
  salt: string;
}

/**
 * The newsroom's publishing hook (given in app.ts): records the item's alert and queues its
 * fan-out, in the publishing transaction. An item alerts once: publishing it again later (after
 * an unpublish) finds its alert and adds nothing.
 */
export async function alertOnPublish(trx: Kysely<Database>, item: AlertItem, now: Date): Promise<void> {
  const at = now.toISOString();
  const row = await trx
    .insertInto('alerts')
    .values({
      article_id: item.articleId,
      title: item.title,
      summary: item.summary,
      path: item.path,
      item_type: item.type ?? null,
      item_language: item.language ?? null,
      image_path: item.image?.share ?? null,
      image_alt: item.image?.alt ?? '',
      image_caption: item.image?.caption ?? '',
      image_credit: item.image?.credit ?? '',
      follows: JSON.stringify(followsMatching(item)),
      published_at: item.publishedAt,
      created_at: at,
      fanned_out_at: null,
      withdrawn_at: null,
    })
    .onConflict((oc) => oc.column('article_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (row) await queueFanOut(trx, row.id, 0, now);
}

async function queueFanOut(db: Kysely<Database>, alertId: number, after: number, now: Date) {
  await enqueue(
    db,
    { kind: FANOUT_JOB, payload: { alertId, after }, idempotencyKey: `${FANOUT_JOB}:${alertId}:${after}` },
    now,
  );
}

/**
 * A batch's send job: the first keyed by the batch, a continuation by its time. Two runs of a job
 * that leave the same work queue one continuation; runs that leave work at different times queue
 * one each, and the extra finds nothing to do (rows are claimed one by one), so no work is lost.
 */
async function queueSend(db: Kysely<Database>, range: q.Range, now: Date, runAt?: Date) {
  await enqueue(
    db,
    {
      kind: SEND_JOB,
      payload: range,
      runAt,
      idempotencyKey: `${SEND_JOB}:${range.alertId}:${range.from}:${runAt ? runAt.toISOString() : 'first'}`,
    },
    now,
  );
}

const followSchema = z.array(
  z.object({ kind: z.enum(['country', 'region', 'topic', 'case', 'everything']), targetId: z.number() }),
);
export const fanOutPayload = z.object({ alertId: z.number().int(), after: z.number().int() });
export const sendPayload = z.object({
  alertId: z.number().int(),
  from: z.number().int(),
  to: z.number().int(),
});

/**
 * One page of an alert's fan-out, in one transaction: the next BATCH_SIZE matching confirmed
 * subscribers; 'each item' ones get a send-log row and a send job for the batch, digest ones an
 * entry for their digest; then the next page's job. Run twice (a worker died before marking the
 * job done), it writes nothing new: rows and jobs are keyed.
 */
export async function fanOut(deps: DeliveryDeps, payload: z.infer<typeof fanOutPayload>): Promise<void> {
  const now = deps.now();
  const alert = await q.findAlert(deps.db, payload.alertId);
  if (!alert || alert.withdrawn_at) return;
  // Read before the transaction: on SQLite the one connection is the transaction's until it ends.
  if (!(await deps.items.isPublic(alert.article_id, now))) {
    await q.cancelAlert(deps.db, alert.id, now);
    return;
  }
  const follows: Follow[] = followSchema.parse(JSON.parse(alert.follows));
  // One alert per person per translation group (CONTEXT.md): a member published after the group
  // was first announced reaches only those reading its language, and nobody alerted already.
  const others = await q.otherGroupAlerts(deps.db, alert.id, alert.article_id);
  const first = Math.min(alert.id, ...others);
  const audience: q.GroupAudience = {
    alerted: others,
    language: first < alert.id ? (alert.item_language ?? DEFAULT_LANGUAGE) : null,
  };
  await inTransaction(deps.db, async (trx) => {
    if (others.length > 0) await q.lockGroup(trx, first);
    const page = await q.matchingSubscribers(trx, follows, payload.after, BATCH_SIZE, audience);
    const each = page.filter((s) => s.frequency === 'each').map((s) => s.id);
    const digest = page.filter((s) => s.frequency !== 'each').map((s) => s.id);
    await q.logDeliveries(trx, alert.id, each, now);
    await q.keepForDigest(trx, alert.id, digest, now);
    const from = each[0];
    const last = each[each.length - 1];
    if (from !== undefined && last !== undefined)
      await queueSend(trx, { alertId: alert.id, from, to: last }, now);
    const end = page[page.length - 1];
    if (page.length === BATCH_SIZE && end) await queueFanOut(trx, alert.id, end.id, now);
    else await q.markFannedOut(trx, alert.id, now);
  });
}

/** A recipient of an alert's batch, keyed in the send loop by their subscriber id. */
type Recipient = Awaited<ReturnType<typeof q.dueInRange>>[number] & Due;

/** An alert batch's send log, for the shared send loop (send-loop.ts). */
function alertSendLog(
  deps: DeliveryDeps,
  content: AlertContent,
  group: readonly Version[] | undefined,
  range: q.Range,
): SendLog<Recipient> {
  const { db } = deps;
  const ctx = { siteName: deps.siteName, publicUrl: deps.publicUrl };
  const alertId = content.id;
  return {
    label: { alert: alertId },
    due: async (now, limit) =>
      (await q.dueInRange(db, range, now, limit)).map((r) => Object.assign(r, { key: r.subscriber_id })),
    claim: async (keys, now) => {
      const c = await q.claim(db, alertId, keys, now);
      return { until: c.until, keys: c.subscriberIds };
    },
    markAllSent: (until, keys, now) => q.markAllSent(db, alertId, until, keys, now),
    markFailed: (until, key, attempts, error, now) =>
      q.markFailed(db, { alertId, subscriberId: key, until }, attempts, error, now),
    markCancelled: (until, keys, why) => q.markCancelled(db, alertId, until, keys, why),
    release: (until, keys, at) => q.release(db, alertId, until, keys, at),
    message: (r, now) => {
      const to = { id: r.subscriber_id, email: r.email, language: r.language };
      return alertMessage(ctx, versionFor(content, group, r.language), to, deps.subscriberLinks(to, now));
    },
  };
}

/**
 * Sends a batch's due messages, each exactly once: recipients are claimed a chunk at a time
 * before their messages go to the SMTP server, and each is marked sent as soon as the server
 * accepts it, so a crash leaves at most the messages in flight unmarked (the one window,
 * CONTEXT.md). A chunk is sent over the mailer's connections side by side. A failure is retried
 * after a backoff, dead after the last try; a recipient over its domain's limit waits for the next
 * window (never dropped). What is left (retries, waits, rows another worker holds) gets a
 * continuation job at its time.
 */
export async function sendBatch(deps: DeliveryDeps, payload: z.infer<typeof sendPayload>): Promise<void> {
  const { db } = deps;
  const elapsed = deps.elapsed ?? (() => performance.now());
  const started = elapsed();
  const inTime = () => elapsed() - started <= SEND_BUDGET_MS;
  const range: q.Range = { alertId: payload.alertId, from: payload.from, to: payload.to };
  const alert = await q.findAlert(db, range.alertId);
  if (!alert || alert.withdrawn_at) return;
  if (!(await deps.items.isPublic(alert.article_id, deps.now()))) {
    await q.cancelAlert(db, alert.id, deps.now());
    return;
  }
  await q.cancelUnconfirmed(db, range);
  await q.forgetOldWindows(db, deps.now());
  // The group's members in each language, read once for the whole batch.
  const group = groupOf(await publishedVersions(db, [alert.article_id], deps.now()), alert.article_id);
  const stopped = await sendAll(deps, alertSendLog(deps, alertContent(alert), group, range), inTime);
  const next =
    stopped === 'time'
      ? deps.now()
      : stopped === 'outage'
        ? new Date(deps.now().getTime() + OUTAGE_WAIT_MS)
        : await q.nextInRange(db, range);
  if (next) {
    const now = deps.now();
    await queueSend(db, range, now, new Date(Math.max(next.getTime(), now.getTime())));
  }
}
