import { type Kysely, sql } from 'kysely';
import { type Database, type JobRow, skippingLockedRows } from '../db/index.js';

type Executor = Kysely<Database>;

export interface NewJob {
  kind: string;
  payload: unknown;
  runAt?: Date;
  /** A second enqueue with the same key is ignored: retries of a request never double a side effect. */
  idempotencyKey?: string;
  maxAttempts?: number;
}

/** Writes a job in the caller's transaction, so it exists exactly when the change that caused it does. */
export async function enqueue(db: Executor, job: NewJob, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      status: 'queued',
      run_at: (job.runAt ?? now).toISOString(),
      max_attempts: job.maxAttempts ?? 8,
      idempotency_key: job.idempotencyKey ?? null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

/** Cancels queued jobs of a kind with this key prefix (a rescheduled article drops its old publish job). */
export async function cancelQueued(db: Executor, kind: string, keyPrefix: string, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'cancelled', updated_at: now.toISOString() })
    .where('kind', '=', kind)
    .where('status', '=', 'queued')
    .where('idempotency_key', 'like', `${keyPrefix}%`)
    .execute();
}

/**
 * How long a claimed job is its worker's: renewed while its handler runs (`renewLease`), so a
 * long job keeps it, and a worker that dies loses it within this time, not after minutes.
 */
export const LEASE_MS = 60_000;

/**
 * Takes the next due job, or one whose worker died mid-run (its lease ran out). Many workers may
 * claim side by side: the due row is picked skipping rows another worker is claiming.
 */
export async function claimNext(db: Executor, now: Date): Promise<JobRow | undefined> {
  const at = now.toISOString();
  const due = db
    .selectFrom('jobs')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', at)]),
        eb.and([eb('status', '=', 'running'), eb('locked_until', '<', at)]),
      ]),
    )
    .orderBy('run_at')
    .orderBy('id')
    .limit(1);
  const picked = skippingLockedRows(db, due);
  return db
    .updateTable('jobs')
    .set({
      status: 'running',
      attempts: sql`attempts + 1`,
      locked_until: new Date(now.getTime() + LEASE_MS).toISOString(),
      updated_at: at,
    })
    .where('id', '=', (eb) => eb.selectFrom(picked.as('due')).select('due.id'))
    .returningAll()
    .executeTakeFirst();
}

/** The worker still runs this job: its lease starts again from now. */
export async function renewLease(db: Executor, id: number, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ locked_until: new Date(now.getTime() + LEASE_MS).toISOString() })
    .where('id', '=', id)
    .where('status', '=', 'running')
    .execute();
}

export function backoffMs(attempts: number): number {
  return Math.min(60 * 60_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

export async function finish(db: Executor, id: number, now: Date): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', locked_until: null, updated_at: now.toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function fail(db: Executor, job: JobRow, error: string, now: Date): Promise<'retry' | 'dead'> {
  const dead = job.attempts >= job.max_attempts;
  await db
    .updateTable('jobs')
    .set({
      status: dead ? 'dead' : 'queued',
      run_at: dead ? job.run_at : new Date(now.getTime() + backoffMs(job.attempts)).toISOString(),
      last_error: error.slice(0, 2000),
      locked_until: null,
      updated_at: now.toISOString(),
    })
    .where('id', '=', job.id)
    .execute();
  return dead ? 'dead' : 'retry';
}
