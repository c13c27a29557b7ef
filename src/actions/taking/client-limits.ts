import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.js';

/**
 * Actions one client address may send: with a solved proof of work, what a household, an office
 * or a school's classroom behind one address needs; without (no JavaScript), a few an hour. Counted
 * in `action_client_counts` by a keyed hash of the address (never the address), fixed windows.
 */
export const ACTION_LIMITS: Readonly<Record<'solved' | 'unsolved', { count: number; windowMs: number }>> = {
  solved: { count: 60, windowMs: 10 * 60_000 },
  unsolved: { count: 6, windowMs: 60 * 60_000 },
};

export function windowOf(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/** Counts one action from a client: false when its window is used up (nothing counted then). */
export async function takeClientAction(
  db: Db,
  client: string,
  kind: 'solved' | 'unsolved',
  now: Date,
): Promise<boolean> {
  const limit = ACTION_LIMITS[kind];
  const row = await db
    .insertInto('action_client_counts')
    .values({
      client_hash: client,
      kind,
      window_start: windowOf(now, limit.windowMs).toISOString(),
      count: 1,
    })
    .onConflict((oc) =>
      oc
        .columns(['client_hash', 'kind', 'window_start'])
        .doUpdateSet({ count: sql<number>`action_client_counts.count + 1` })
        .where('action_client_counts.count', '<', limit.count),
    )
    .returning('count')
    .executeTakeFirst();
  return row !== undefined;
}

/** Windows past their end: for the hourly sweep. */
export async function forgetOldCounts(db: Db, now: Date): Promise<void> {
  const longest = Math.max(...Object.values(ACTION_LIMITS).map((l) => l.windowMs));
  await db
    .deleteFrom('action_client_counts')
    .where('window_start', '<', new Date(now.getTime() - longest).toISOString())
    .execute();
}
