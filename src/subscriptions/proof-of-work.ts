import { sql } from 'kysely';
import type { Db, SignupKind } from '../platform/db/index.js';
import {
  checkProof,
  clientHash,
  forgetExpiredProofs,
  type ProofKeys,
  spendProof,
} from '../platform/http/proof-of-work.js';
import { t } from '../platform/i18n/index.js';

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

export type SignupGuard =
  | { ok: true }
  | { ok: false; status: 429; alert: string }
  | { ok: false; status: 400 };

/**
 * The guard of every sign-up form of this room (subscribing, joining the network), before its
 * fields are read: the client's count (the tight limit without a valid proof: no JavaScript, an
 * old browser, or a bad one), then the solution spent, once, before anything else is done with
 * the form. 429 with the words to show, or 400 (the proof refused: the widget's error).
 */
export async function guardSignup(
  deps: { db: Db; proofKeys: ProofKeys },
  body: unknown,
  ip: string,
  now: Date,
): Promise<SignupGuard> {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).altcha : undefined;
  const proof = await checkProof(deps.proofKeys, raw, now);
  const kind = proof.kind === 'valid' ? 'solved' : 'unsolved';
  if (!(await takeSignup(deps.db, clientHash(deps.proofKeys, ip), kind, now)))
    return {
      ok: false,
      status: 429,
      alert: t(kind === 'solved' ? 'subscribe.throttled' : 'proof.throttled'),
    };
  const fresh = proof.kind === 'valid' && (await spendProof(deps.db, proof.id, proof.expiresAt));
  if (proof.kind === 'invalid' || (proof.kind === 'valid' && !fresh)) return { ok: false, status: 400 };
  return { ok: true };
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
