import type { Kysely } from 'kysely';
import { z } from 'zod';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database, Db } from '../../platform/db/index.js';
import { enqueue } from '../../platform/jobs/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import type { SubscriberLinksFn } from '../links.js';
import type { Follow } from '../rules.js';
import { isSuppressed } from '../suppression.js';
import { batchContent } from './content.js';
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

/**
 * Sends a batch's due messages, each exactly once: a row is claimed before its message goes to
 * the SMTP server and marked sent after. A failure is retried after a backoff, dead after the last
 * try; a recipient over its domain's limit waits for the next window (never dropped). What is left
 * (retries, waits, rows another worker holds) gets a continuation job at its time.
 */
export async function sendBatch(deps: DeliveryDeps, payload: z.infer<typeof sendPayload>): Promise<void> {
  const { db, mailer } = deps;
  const elapsed = deps.elapsed ?? (() => performance.now());
  const started = elapsed();
  const range: q.Range = { alertId: payload.alertId, from: payload.from, to: payload.to };
  const alert = await q.findAlert(db, range.alertId);
  if (!alert || alert.withdrawn_at) return;
  if (!(await deps.items.isPublic(alert.article_id, deps.now()))) {
    await q.cancelAlert(db, alert.id, deps.now());
    return;
  }
  await q.cancelUnconfirmed(db, range);
  await q.forgetOldWindows(db, deps.now());
  const ctx = { siteName: deps.siteName, publicUrl: deps.publicUrl };
  const content = await batchContent(db, alert, range);
  let outOfTime = false;
  let outage = false;
  for (;;) {
    const due = await q.dueInRange(db, range, deps.now(), 100);
    if (due.length === 0) break;
    for (const recipient of due) {
      if (elapsed() - started > SEND_BUDGET_MS) {
        outOfTime = true;
        break;
      }
      const now = deps.now();
      const claim = await q.claim(db, alert.id, recipient.subscriber_id, now);
      if (!claim) continue;
      if (deps.perDomainPerMinute > 0) {
        const allowance = await q.takeAllowance(db, domainOf(recipient.email), deps.perDomainPerMinute, now);
        if (!allowance.ok) {
          await q.release(db, claim, allowance.until);
          continue;
        }
      }
      const to = { id: recipient.subscriber_id, email: recipient.email };
      // Bounced, complained or unsubscribed meanwhile: never mailed again, whatever the row says.
      if (await isSuppressed(db, deps.salt, to.email)) {
        await q.markCancelled(db, claim);
        continue;
      }
      const message = alertMessage(ctx, content, to, deps.subscriberLinks(to, now));
      try {
        await mailer.send(message);
      } catch (err) {
        if (failureOf(err) === 'server') {
          // The server is down or unreachable: nobody's fault, nobody's try; the batch waits.
          await q.release(db, claim, new Date(deps.now().getTime() + OUTAGE_WAIT_MS));
          deps.log?.warn(
            { alert: alert.id, err: err instanceof Error ? err.message : String(err) },
            'mail server unreachable: alert messages wait',
          );
          outage = true;
          break;
        }
        const error = err instanceof Error ? err.message : String(err);
        await q.markFailed(db, claim, recipient.attempts, error, deps.now());
        continue;
      }
      // The one window: a crash here, after the server accepted the message and before this
      // mark, leaves the row claimed; when the lease runs out it is sent again (CONTEXT.md).
      await q.markSent(db, claim, deps.now());
    }
    if (outOfTime || outage) break;
  }
  const next = outOfTime
    ? deps.now()
    : outage
      ? new Date(deps.now().getTime() + OUTAGE_WAIT_MS)
      : await q.nextInRange(db, range);
  if (next) {
    const now = deps.now();
    await queueSend(db, range, now, new Date(Math.max(next.getTime(), now.getTime())));
  }
}
