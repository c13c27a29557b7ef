import { enqueue, type JobHandler } from '../../platform/jobs/index.js';
import { forgetOldCounts } from './client-limits.js';
import type { TakingDeps } from './deps.js';
import { type DispatchDeps, dispatchLetters, scheduleDispatch } from './letters.js';
import { HOUR_MS } from './rules.js';
import { DISPATCH_JOB, expireSupporters } from './supporters.js';

/** The hourly sweep of supporters who never confirmed, and of old counts per client. */
export const SUPPORTERS_EXPIRE_JOB = 'actions.supporters.expire';

export async function scheduleSupporterExpiry(deps: Pick<TakingDeps, 'db' | 'now'>): Promise<void> {
  const now = deps.now();
  const next = new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS);
  await enqueue(
    deps.db,
    {
      kind: SUPPORTERS_EXPIRE_JOB,
      payload: {},
      runAt: next,
      idempotencyKey: `${SUPPORTERS_EXPIRE_JOB}:${next.toISOString()}`,
    },
    now,
  );
}

/** The recurring jobs of taking action: queued where the worker starts (app.ts). */
export async function scheduleTakingJobs(deps: Pick<TakingDeps, 'db' | 'now'>): Promise<void> {
  await scheduleSupporterExpiry(deps);
  await scheduleDispatch(deps);
}

/** Taking action's jobs, for the worker's table in app.ts. */
export function takingJobs(deps: TakingDeps & DispatchDeps): Record<string, JobHandler> {
  return {
    [SUPPORTERS_EXPIRE_JOB]: async () => {
      await expireSupporters(deps);
      await forgetOldCounts(deps.db, deps.now());
      await scheduleSupporterExpiry(deps);
    },
    // The minute's run queues the next; a kick (letters released) runs once.
    [DISPATCH_JOB]: async (payload) => {
      await dispatchLetters(deps);
      const recurring = (payload as { recurring?: unknown } | null)?.recurring === true;
      if (recurring) await scheduleDispatch(deps);
    },
  };
}
