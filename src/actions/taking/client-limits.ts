import { type Kysely, sql } from 'kysely';
import type { Database, Db } from '../../platform/db/index.js';

type Executor = Kysely<Database>;

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
  db: Executor,
  client: string,
  kind: 'solved' | 'unsolved',
  now: Date,
): Promise<boolean> {
  const [taken] = await takeClientActions(db, [{ client, kind }], now);
  return taken === true;
}

/**
 * Counts the actions of many requests at once (a group commit's), each as `takeClientAction`
 * would have in their order: one statement per kind for requests from different clients, and as
 * many more as one client has requests in the group (a statement may not change a row twice).
 */
export async function takeClientActions(
  db: Executor,
  requests: readonly { client: string; kind: 'solved' | 'unsolved' }[],
  now: Date,
): Promise<boolean[]> {
  const taken = requests.map(() => false);
  // Round r holds each client's r-th request of a kind.
  const rounds = new Map<'solved' | 'unsolved', number[][]>();
  const seen = new Map<string, number>();
  requests.forEach((r, i) => {
    const key = `${r.kind} ${r.client}`;
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    const ofKind = rounds.get(r.kind) ?? [];
    rounds.set(r.kind, ofKind);
    const members = ofKind[round] ?? [];
    ofKind[round] = members;
    members.push(i);
  });
  for (const [kind, ofKind] of rounds) {
    const limit = ACTION_LIMITS[kind];
    const window_start = windowOf(now, limit.windowMs).toISOString();
    for (const round of ofKind) {
      // In one order everywhere: two processes' groups touching the same clients wait, never deadlock.
      round.sort((a, b) => (requests[a]!.client < requests[b]!.client ? -1 : 1));
      const rows = await db
        .insertInto('action_client_counts')
        .values(round.map((i) => ({ client_hash: requests[i]!.client, kind, window_start, count: 1 })))
        .onConflict((oc) =>
          oc
            .columns(['client_hash', 'kind', 'window_start'])
            .doUpdateSet({ count: sql<number>`action_client_counts.count + 1` })
            .where('action_client_counts.count', '<', limit.count),
        )
        .returning('client_hash')
        .execute();
      const counted = new Set(rows.map((r) => r.client_hash));
      for (const i of round) taken[i] = counted.has(requests[i]!.client);
    }
  }
  return taken;
}

/** Windows past their end: for the hourly sweep. */
export async function forgetOldCounts(db: Db, now: Date): Promise<void> {
  const longest = Math.max(...Object.values(ACTION_LIMITS).map((l) => l.windowMs));
  await db
    .deleteFrom('action_client_counts')
    .where('window_start', '<', new Date(now.getTime() - longest).toISOString())
    .execute();
}
