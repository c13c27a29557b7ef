import { enqueue, type JobHandler } from '../platform/jobs/index.js';
import { forgetOldImports } from './import.js';
import { forgetSpentProofs } from './proof-of-work.js';
import { expireRequests, REQUEST_JOB, runRequest, type SubscriptionsDeps } from './service.js';

export const EXPIRE_JOB = 'subscriptions.expire';
const HOUR_MS = 60 * 60_000;

/**
 * Queues the next hourly sweep of expired requests. The job is keyed by its hour, so the worker
 * starting (which calls this) and the sweep queuing its successor never make two for one hour;
 * a sweep that runs late (the worker was down) queues the next from when it ran.
 */
export async function scheduleExpiry(deps: Pick<SubscriptionsDeps, 'db' | 'now'>): Promise<void> {
  const now = deps.now();
  const next = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
  await enqueue(
    deps.db,
    { kind: EXPIRE_JOB, payload: {}, runAt: next, idempotencyKey: `${EXPIRE_JOB}:${next.toISOString()}` },
    now,
  );
}

/** The room's jobs, for the worker's table in app.ts. */
export function subscriptionJobs(deps: SubscriptionsDeps): Record<string, JobHandler> {
  return {
    [EXPIRE_JOB]: async () => {
      await expireRequests(deps);
      // An import previewed and never confirmed holds addresses: gone after its hour.
      await forgetOldImports(deps.db, deps.now());
      await forgetSpentProofs(deps.db, deps.now());
      await scheduleExpiry(deps);
    },
    // A request from the form, accepted the same way whatever the address (service.ts).
    [REQUEST_JOB]: async (payload) => {
      await runRequest(deps, payload);
    },
  };
}
