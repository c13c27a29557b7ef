import { z } from 'zod';
import { inTransaction } from '../platform/db/errors.js';
import type { Db } from '../platform/db/index.js';
import { DELIVER_JOB, loggedBody, scheduleTry } from './events.js';
import { nextTryAt, signature } from './rules.js';
import { DEFAULT_TIMEOUT_MS, postOnce, type TryResult } from './send.js';

export interface DeliverDeps {
  db: Db;
  now: () => Date;
  /** How long one try may take, the whole exchange (10 s; tests shorten it). */
  timeoutMs?: number;
  /** The site's name, in the User-Agent. */
  siteName: string;
}

/** How long a claimed delivery is its worker's: longer than a try can take. */
const CLAIM_MS = 60_000;

/**
 * One try of one delivery: claimed (conditionally, so two workers never both send it), signed
 * with the time of this try, posted, and marked `sent`, `failed` with the next try queued, or
 * `dead` after the last. Marks carry the claim's end: a worker that comes back after its claim ran
 * out changes nothing.
 */
export async function deliverOnce(deps: DeliverDeps, deliveryId: number): Promise<void> {
  const now = deps.now();
  const at = now.toISOString();
  const claimedUntil = new Date(now.getTime() + CLAIM_MS).toISOString();
  const claimed = await deps.db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      claimed_until: claimedUntil,
      updated_at: at,
    }))
    .where('id', '=', deliveryId)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', 'in', ['queued', 'failed']), eb('next_attempt_at', '<=', at)]),
        eb.and([eb('status', '=', 'sending'), eb('claimed_until', '<', at)]),
      ]),
    )
    .returning(['id', 'endpoint_id', 'event', 'body', 'attempts'])
    .executeTakeFirst();
  if (!claimed) {
    await rescueLater(deps, deliveryId, now);
    return;
  }
  const endpoint = await deps.db
    .selectFrom('webhook_endpoints')
    .select(['url', 'secret', 'active'])
    .where('id', '=', claimed.endpoint_id)
    .executeTakeFirst();
  let result: TryResult;
  if (endpoint?.active !== 1) {
    result = { ok: false, status: null, error: 'endpoint disabled' };
  } else {
    const timestamp = Math.floor(now.getTime() / 1000);
    result = await postOnce(
      endpoint.url,
      {
        'Content-Type': 'application/json',
        'User-Agent': `Candle-Webhooks (${deps.siteName})`,
        'X-Candle-Event': claimed.event,
        'X-Candle-Delivery': String(claimed.id),
        'X-Candle-Timestamp': String(timestamp),
        'X-Candle-Signature': signature(endpoint.secret, timestamp, claimed.body),
      },
      claimed.body,
      deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
  }
  const after = deps.now();
  const next = result.ok || endpoint?.active !== 1 ? null : nextTryAt(claimed.attempts, after);
  await inTransaction(deps.db, async (trx) => {
    const marked = await trx
      .updateTable('webhook_deliveries')
      .set({
        status: result.ok ? 'sent' : next ? 'failed' : 'dead',
        ...(result.ok ? { body: loggedBody(claimed.event, claimed.body) } : {}),
        claimed_until: null,
        last_status: result.status,
        last_error: result.error,
        sent_at: result.ok ? after.toISOString() : null,
        next_attempt_at: next ? next.toISOString() : at,
        updated_at: after.toISOString(),
      })
      .where('id', '=', claimed.id)
      .where('status', '=', 'sending')
      .where('claimed_until', '=', claimedUntil)
      .executeTakeFirst();
    if (next && Number(marked.numUpdatedRows) === 1)
      await scheduleTry(trx, claimed.id, claimed.attempts + 1, next, after);
  });
}

/**
 * A try found its delivery claimed by another (a worker that died mid-try, its job run again
 * before the claim ran out): a try is queued for when the claim ends, so the delivery is never
 * left `sending` with no job to take it up.
 */
async function rescueLater(deps: DeliverDeps, deliveryId: number, now: Date): Promise<void> {
  const row = await deps.db
    .selectFrom('webhook_deliveries')
    .select(['status', 'attempts', 'claimed_until'])
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  if (row?.status !== 'sending' || !row.claimed_until) return;
  // A second after the claim ends: the claim is taken over only once it has ended.
  const at = new Date(new Date(row.claimed_until).getTime() + 1000);
  await scheduleTry(deps.db, deliveryId, row.attempts + 1, at, now);
}

const payload = z.object({ deliveryId: z.number().int() });

/** The room's background job, for the worker. */
export function webhookJobs(deps: DeliverDeps) {
  return {
    [DELIVER_JOB]: (job: unknown) => deliverOnce(deps, payload.parse(job).deliveryId),
  };
}
