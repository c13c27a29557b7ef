import { z } from 'zod';
import type { Db } from '../../platform/db/index.js';
import { enqueue } from '../../platform/jobs/index.js';
import { isSuppressed } from '../suppression.js';
import { alertContent } from './content.js';
import * as dq from './digest-queries.js';
import type { DeliveryDeps } from './fanout.js';
import { digestMessage } from './message.js';
import { takeAllowance } from './queries.js';
import { BATCH_SIZE, domainOf, failureOf, OUTAGE_WAIT_MS, SEND_BUDGET_MS } from './rules.js';
import { type DigestSchedule, digestsDue, nextDigestAt } from './schedule.js';
import { groupOf, publishedVersions, versionFor } from './versions.js';

export const DIGEST_JOB = 'subscriptions.digest';

export type DigestDeps = DeliveryDeps & { schedule: DigestSchedule };

/**
 * `at`: the digest hour this run belongs to (its periods are named by it, however late it runs);
 * `frequency` and `after`: where a continuation picks up.
 */
export const digestPayload = z.object({
  at: z.iso.datetime(),
  frequency: z.enum(['daily', 'weekly']).optional(),
  after: z.number().int().default(0),
});
type DigestPayload = z.infer<typeof digestPayload>;

/**
 * Queues the next digest run at the next digest hour, keyed by that hour: the worker starting
 * (which calls this) and a run queuing its successor never make two.
 */
export async function scheduleDigest(deps: { db: Db; now: () => Date; schedule: DigestSchedule }) {
  const now = deps.now();
  const next = nextDigestAt(deps.schedule, now);
  await queueDigest(deps.db, { at: next.toISOString(), after: 0 }, now, next);
}

async function queueDigest(db: Db, payload: DigestPayload, now: Date, runAt: Date) {
  const key = `${DIGEST_JOB}:${payload.at}:${payload.frequency ?? 'start'}:${payload.after}:${runAt.toISOString()}`;
  await enqueue(db, { kind: DIGEST_JOB, payload, runAt, idempotencyKey: key }, now);
}

/**
 * One run of the digests: for each frequency due at `at`, each confirmed subscriber with waiting
 * entries gets one message listing those still published. Each digest is claimed (with its items)
 * before its message goes and marked after, so a run repeated or overlapping sends it once; the
 * one window of the send log (CONTEXT.md) is the same here. A run out of time or facing an
 * outage queues its continuation; the first run of an hour also queues the next hour's.
 */
export async function sendDigests(deps: DigestDeps, payload: DigestPayload): Promise<void> {
  const elapsed = deps.elapsed ?? (() => performance.now());
  const started = elapsed();
  const at = new Date(payload.at);
  if (!payload.frequency) await scheduleDigest({ ...deps, now: () => (deps.now() > at ? deps.now() : at) });
  const ctx = { siteName: deps.siteName, publicUrl: deps.publicUrl };
  const due = digestsDue(deps.schedule, at);
  const start = payload.frequency ? due.findIndex((d) => d.frequency === payload.frequency) : 0;
  // The earliest moment this run has more to do: a recipient held back by their domain's limit
  // (the next window), or a refused digest's next try.
  let comeBack: Date | null = null;
  for (const { frequency, period } of due.slice(Math.max(start, 0))) {
    let after = payload.frequency === frequency ? payload.after : 0;
    for (;;) {
      const page = await dq.digestRecipients(deps.db, frequency, period, after, BATCH_SIZE, deps.now());
      if (page.length === 0) break;
      for (const recipient of page) {
        const stop = async (runAt: Date) =>
          queueDigest(deps.db, { at: payload.at, frequency, after }, deps.now(), runAt);
        if (elapsed() - started > SEND_BUDGET_MS) return stop(deps.now());
        after = recipient.id;
        // Bounced, complained or unsubscribed, whatever the row says: never mailed; entries wait.
        if (await isSuppressed(deps.db, deps.salt, recipient.email)) continue;
        const now = deps.now();
        const claim = await dq.claimDigest(deps.db, recipient.id, period, now);
        if (!claim) continue;
        // Each translation group once, in the recipient's language: its members public now, read
        // in one statement for the whole digest (versions.ts). An item no longer public is left out.
        const entries = await dq.digestItems(deps.db, claim);
        const versions = await publishedVersions(
          deps.db,
          entries.map((e) => e.article_id),
          now,
        );
        const items = [];
        const listed = new Set<number>();
        for (const entry of entries) {
          const group = groupOf(versions, entry.article_id);
          const own = group?.find((v) => v.articleId === entry.article_id);
          if (!group || !own || listed.has(own.group)) continue;
          listed.add(own.group);
          items.push(versionFor(alertContent(entry), group, recipient.language));
        }
        if (items.length === 0) {
          await dq.markDigest(deps.db, claim, 'empty', now);
          continue;
        }
        if (deps.perDomainPerMinute > 0) {
          const allowance = await takeAllowance(
            deps.db,
            domainOf(recipient.email),
            1,
            deps.perDomainPerMinute,
            now,
          );
          if (!allowance.ok) {
            // Over the limit: the items wait, and this run comes back for them in the next window.
            await dq.releaseDigest(deps.db, claim);
            if (!comeBack || allowance.until < comeBack) comeBack = allowance.until;
            continue;
          }
        }
        const to = { id: recipient.id, email: recipient.email, language: recipient.language };
        const message = digestMessage(ctx, { period, frequency, items }, to, deps.subscriberLinks(to, now));
        try {
          await deps.mailer.send(message);
        } catch (err) {
          const error = err instanceof Error ? err.message : String(err);
          if (failureOf(err) === 'server') {
            await dq.releaseDigest(deps.db, claim);
            deps.log?.warn({ period, err: error }, 'mail server unreachable: digests wait');
            after = recipient.id - 1;
            return stop(new Date(deps.now().getTime() + OUTAGE_WAIT_MS));
          }
          // Refused by the recipient's server: tried again later in this run's continuation.
          deps.log?.warn({ period, subscriber: recipient.id, err: error }, 'digest refused');
          const retry = await dq.failDigest(deps.db, claim, error, deps.now());
          if (retry && (!comeBack || retry < comeBack)) comeBack = retry;
          continue;
        }
        // The one window: a crash here sends this digest again when the lease runs out.
        await dq.markDigest(deps.db, claim, 'sent', deps.now());
      }
    }
  }
  // Those held back have waiting entries again and refused ones a retry due, so a run from the
  // start then finds only them.
  const first = due[0];
  if (comeBack && first)
    await queueDigest(
      deps.db,
      { at: payload.at, frequency: first.frequency, after: 0 },
      deps.now(),
      comeBack,
    );
}
