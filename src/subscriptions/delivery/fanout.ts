import type { Kysely } from 'kysely';
import { z } from 'zod';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database, Db } from '../../platform/db/index.js';
import { enqueue } from '../../platform/jobs/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { SubscriberLinksFn } from '../links.js';
import type { Follow } from '../rules.js';
import { suppressedAmong } from '../suppression.js';
import { type AlertContent, alertContent } from './content.js';
import { alertMessage } from './message.js';
import * as q from './queries.js';
import {
  type AlertItem,
  BATCH_SIZE,
  domainOf,
  failureOf,
  followsMatching,
  OUTAGE_WAIT_MS,
  type PublicItems,
  SEND_BUDGET_MS,
} from './rules.js';

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
  await inTransaction(deps.db, async (trx) => {
    const page = await q.matchingSubscribers(trx, follows, payload.after, BATCH_SIZE);
    const each = page.filter((s) => s.frequency === 'each').map((s) => s.id);
    const digest = page.filter((s) => s.frequency !== 'each').map((s) => s.id);
    await q.logDeliveries(trx, alert.id, each, now);
    await q.keepForDigest(trx, alert.id, digest, now);
    const first = each[0];
    const last = each[each.length - 1];
    if (first !== undefined && last !== undefined)
      await queueSend(trx, { alertId: alert.id, from: first, to: last }, now);
    const end = page[page.length - 1];
    if (page.length === BATCH_SIZE && end) await queueFanOut(trx, alert.id, end.id, now);
    else await q.markFannedOut(trx, alert.id, now);
  });
}

type Recipient = Awaited<ReturnType<typeof q.dueInRange>>[number];

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
  const stopped = await sendAll(deps, alertContent(alert), range, inTime);
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

/** Recipients claimed together, as many as a few seconds of sending: one claim, one lease. */
const CLAIM_CHUNK = 100;
/** The next chunk is claimed when this few claimed recipients are left to start. */
const REFILL_BELOW = 20;
/** Accepted messages marked sent in one statement (or all those of the last second). */
const MARK_TOGETHER = 5;

/**
 * Of a claimed chunk, those that may be mailed now: an address suppressed meanwhile is never
 * mailed, whatever its row says (cancelled); one over its domain's limit waits for the next window.
 */
async function admit(
  deps: DeliveryDeps,
  alertId: number,
  until: string,
  claimed: readonly Recipient[],
  now: Date,
): Promise<Recipient[]> {
  const suppressed = await suppressedAmong(
    deps.db,
    deps.salt,
    claimed.map((r) => r.email),
  );
  const ids = (rs: readonly Recipient[]) => rs.map((r) => r.subscriber_id);
  await q.markCancelled(deps.db, alertId, until, ids(claimed.filter((r) => suppressed.has(r.email))));
  const mailable = claimed.filter((r) => !suppressed.has(r.email));
  if (deps.perDomainPerMinute <= 0) return mailable;
  const byDomain = new Map<string, Recipient[]>();
  for (const r of mailable) {
    const domain = domainOf(r.email);
    const group = byDomain.get(domain);
    if (group) group.push(r);
    else byDomain.set(domain, [r]);
  }
  const ready: Recipient[] = [];
  for (const [domain, rs] of byDomain) {
    let allowed = rs.length;
    let wait: Date | null = null;
    // The whole group in one go, or (near the limit) one at a time until it is reached.
    const all = await q.takeAllowance(deps.db, domain, rs.length, deps.perDomainPerMinute, now);
    if (!all.ok) {
      allowed = 0;
      wait = all.until;
      while (allowed < rs.length) {
        const one = await q.takeAllowance(deps.db, domain, 1, deps.perDomainPerMinute, now);
        if (!one.ok) break;
        allowed++;
      }
    }
    ready.push(...rs.slice(0, allowed));
    if (wait) await q.release(deps.db, alertId, until, ids(rs.slice(allowed)), wait);
  }
  return ready;
}

/** A recipient claimed for sending, with the end of its claim's lease. */
type Claimed = Recipient & { until: string };

/**
 * Sends a batch's due recipients over the mailer's connections side by side, marking each as its
 * message is accepted or refused. Recipients are claimed a chunk at a time, the next chunk while
 * the last of the one before are still being sent, so the connections never wait on the
 * database. Stops starting new ones when the budget is spent or the server cannot be reached;
 * those claimed and not started wait again (at once, or after the outage wait).
 */
async function sendAll(
  deps: DeliveryDeps,
  content: AlertContent,
  range: q.Range,
  inTime: () => boolean,
): Promise<'time' | 'outage' | null> {
  const { db } = deps;
  const ctx = { siteName: deps.siteName, publicUrl: deps.publicUrl };
  const queue: Claimed[] = [];
  let exhausted = false;
  let refilling: Promise<void> | null = null;
  let stopped: 'time' | 'outage' | null = null;

  const refill = async () => {
    const now = deps.now();
    const due = await q.dueInRange(db, range, now, CLAIM_CHUNK);
    if (due.length === 0) {
      exhausted = true;
      return;
    }
    const claim = await q.claim(
      db,
      content.id,
      due.map((r) => r.subscriber_id),
      now,
    );
    const mine = due.filter((r) => claim.subscriberIds.has(r.subscriber_id));
    for (const r of await admit(deps, content.id, claim.until, mine, now))
      queue.push({ ...r, until: claim.until });
  };
  const take = async (): Promise<Claimed | undefined> => {
    for (;;) {
      if (queue.length <= REFILL_BELOW && !exhausted && !refilling)
        refilling = refill().finally(() => {
          refilling = null;
        });
      const next = queue.shift();
      if (next) return next;
      if (refilling) await refilling;
      else if (exhausted) return undefined;
    }
  };

  // Accepted messages are marked sent a few at a time in one statement: a crash leaves at most
  // those and the ones in flight unmarked, to be sent again with the same Message-ID (the one
  // window, CONTEXT.md), at most MARK_TOGETHER or a second's worth of them.
  let accepted: Claimed[] = [];
  let firstAcceptedAt = 0;
  const markAccepted = async () => {
    const batch = accepted;
    accepted = [];
    const now = deps.now();
    for (const [until, ids] of idsByClaim(batch)) await q.markAllSent(db, content.id, until, ids, now);
  };

  const lane = async () => {
    for (;;) {
      if (
        accepted.length >= MARK_TOGETHER ||
        (accepted.length > 0 && performance.now() - firstAcceptedAt > 1000)
      )
        await markAccepted();
      if (stopped) return;
      if (!inTime()) {
        stopped = 'time';
        return;
      }
      const recipient = await take();
      if (!recipient) return;
      if (stopped) {
        queue.unshift(recipient);
        return;
      }
      const now = deps.now();
      const to = { id: recipient.subscriber_id, email: recipient.email, language: recipient.language };
      const c = { alertId: content.id, subscriberId: to.id, until: recipient.until };
      try {
        await deps.mailer.send(alertMessage(ctx, content, to, deps.subscriberLinks(to, now)));
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        if (failureOf(err) === 'server') {
          // The server is down or unreachable: nobody's fault, nobody's try; the batch waits.
          const wait = new Date(deps.now().getTime() + OUTAGE_WAIT_MS);
          await q.release(db, content.id, recipient.until, [to.id], wait);
          if (stopped !== 'outage')
            deps.log?.warn({ alert: content.id, err: error }, 'mail server unreachable: alert messages wait');
          stopped = 'outage';
          return;
        }
        await q.markFailed(db, c, recipient.attempts, error, deps.now());
        continue;
      }
      // The one window: a crash after the server accepted the message and before its mark
      // leaves the row claimed; when the lease runs out it is sent again (CONTEXT.md).
      if (accepted.length === 0) firstAcceptedAt = performance.now();
      accepted.push(recipient);
    }
  };
  // A lane that ends marks what was accepted, so no mark waits on a lane still held by a slow send.
  const laneThenMark = () => lane().finally(markAccepted);
  try {
    await Promise.all(Array.from({ length: Math.max(1, deps.mailer.concurrency) }, laneThenMark));
    await refilling;
  } finally {
    await markAccepted();
  }
  // Claimed and not started: waiting again, each under the claim that holds it.
  const at = stopped === 'outage' ? new Date(deps.now().getTime() + OUTAGE_WAIT_MS) : deps.now();
  for (const [until, ids] of idsByClaim(queue)) await q.release(db, content.id, until, ids, at);
  return stopped;
}

/** Recipients' ids grouped by the claim that holds them (its lease's end). */
function idsByClaim(recipients: readonly Claimed[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of recipients) {
    const ids = out.get(r.until);
    if (ids) ids.push(r.subscriber_id);
    else out.set(r.until, [r.subscriber_id]);
  }
  return out;
}
