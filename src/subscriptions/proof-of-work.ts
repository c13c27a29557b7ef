import { sql } from 'kysely';
import type { Db, SignupKind } from '../platform/db/index.js';
import { forgetExpiredProofs } from '../platform/http/proof-of-work.js';

/**
 * Sign-ups one client address may make: with a solved proof, as many as a household or an office
 * behind one address needs; without, a few an hour (the form still works without JavaScript).
 * The limit per address (a few links an hour, service.ts) holds in both cases.
 */
export const SIGNUP_LIMITS: Readonly<Record<SignupKind, { count: number; windowMs: number }>> = {
  solved: { count: 20, windowMs: 10 * 60_000 },
  unsolved: { count: 3, windowMs: 60 * 60_000 },
};

/** The fixed window a moment falls in, for a limit of this length. */
export function signupWindow(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

/**
 * Counts one sign-up from a client address: false when its window is used up (nothing counted
 * then). One upsert, in the database, so every instance counts the same sign-ups.
 */
export async function takeSignup(db: Db, client: string, kind: SignupKind, now: Date): Promise<boolean> {
  const limit = SIGNUP_LIMITS[kind];
  const row = await db
    .insertInto('signup_counts')
    .values({
      client_hash: client,
      kind,
      window_start: signupWindow(now, limit.windowMs).toISOString(),
      count: 1,
    })
    .onConflict((oc) =>
      oc
        .columns(['client_hash', 'kind', 'window_start'])
        .doUpdateSet({ count: sql<number>`signup_counts.count + 1` })
        .where('signup_counts.count', '<', limit.count),
    )
    .returning('count')
    .executeTakeFirst();
  return row !== undefined;
}

/** Spent solutions past their expiry and windows past their end: for the hourly sweep (jobs.ts). */
export async function forgetSpentProofs(db: Db, now: Date): Promise<void> {
  await forgetExpiredProofs(db, now);
  const longest = Math.max(...Object.values(SIGNUP_LIMITS).map((l) => l.windowMs));
  await db
    .deleteFrom('signup_counts')
    .where('window_start', '<', new Date(now.getTime() - longest).toISOString())
    .execute();
}
