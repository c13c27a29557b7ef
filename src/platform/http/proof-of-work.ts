import { createHmac, timingSafeEqual } from 'node:crypto';
import { type Challenge, createChallenge, randomInt } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, Db } from '../db/index.js';

type Executor = Kysely<Database>;

/**
 * The public forms' proof of work (altcha, served by Candle itself: no third party sees anyone),
 * shared by the sign-up form and the urgent actions' forms: one challenge address
 * (`GET /subscribe/challenge`), one set of keys, one table of spent solutions. The widget solves a
 * challenge in the background and posts its solution with the form; a valid, unexpired, unused
 * solution earns the usual limit per client address, a form without one (no JavaScript, an old
 * browser) a much tighter one, which each room sets (`SIGNUP_LIMITS` for sign-ups).
 *
 * Difficulty: PBKDF2/SHA-256 at 250 rounds an attempt, the answer a random counter between 2,000
 * and 6,000, so 4,000 attempts (a million rounds) on average. Measured: about 0.5 s in Node on one
 * core of the (shared, busy) 2-core test machine, and 0.7 s for the widget in headless Chromium
 * there (Web Crypto, its workers on both cores). A cheap phone is some four times slower a core
 * with four or more cores for the widget's workers: about a second. Checking a solution costs the
 * server one HMAC (the challenge carries a signature of its answer's key); making a challenge, one
 * derivation of 250 rounds.
 */
export const PROOF = {
  algorithm: 'PBKDF2/SHA-256',
  cost: 250,
  /**
   * Attempts a solution takes on average: the answer is a random counter between half and one and
   * a half times this. PROOF_OF_WORK_STEPS sets it (a lighter proof for an audience of old phones,
   * or a load test that must solve tens of thousands); checking costs the same at any setting.
   */
  steps: 4_000,
  /** A challenge is good for five minutes; the widget solves a fresh one when it runs out. */
  ttlMs: 5 * 60_000,
} as const;

/** The secrets of one purpose each, made from the one kept in `site_secrets` (keys.ts). */
export interface ProofKeys {
  /** Signs a challenge's parameters (its expiry among them). */
  challenge: string;
  /** Signs the key its answer derives, so checking a solution needs no derivation. */
  answer: string;
  /** Keys the hash of client addresses in `signup_counts`: no address is stored. */
  clients: string;
}

export function proofKeys(secret: string): ProofKeys {
  const derive = (purpose: string) => createHmac('sha256', secret).update(purpose).digest('hex');
  return { challenge: derive('challenge'), answer: derive('answer'), clients: derive('clients') };
}

/** A fresh challenge for the widget to solve (GET /subscribe/challenge). */
export function newChallenge(keys: ProofKeys, now: Date, steps: number = PROOF.steps): Promise<Challenge> {
  const { min, max } = counterRange(steps);
  return createChallenge({
    algorithm: PROOF.algorithm,
    cost: PROOF.cost,
    counter: randomInt(max, min),
    deriveKey,
    expiresAt: new Date(now.getTime() + PROOF.ttlMs),
    hmacSignatureSecret: keys.challenge,
    hmacKeySignatureSecret: keys.answer,
  });
}

/** The range a challenge's answer is drawn from, for this many attempts on average. */
export function counterRange(steps: number): { min: number; max: number } {
  return { min: Math.max(1, Math.round(steps / 2)), max: Math.max(2, Math.round(steps * 1.5)) };
}

/** What the widget posts (the `altcha` field): base64 of `{ challenge, solution }`. */
const payloadSchema = z.object({
  challenge: z.object({
    parameters: z
      .object({
        algorithm: z.string(),
        nonce: z.string().regex(/^[0-9a-f]{32}$/),
        salt: z.string(),
        cost: z.number(),
        keyLength: z.number(),
        keyPrefix: z.string(),
        expiresAt: z.number(),
      })
      .loose(),
    signature: z.string(),
  }),
  solution: z.object({ counter: z.number(), derivedKey: z.string() }).loose(),
});

export type ProofCheck =
  | { kind: 'none' }
  | { kind: 'invalid'; reason: 'malformed' | 'forged' | 'expired' | 'used' }
  | { kind: 'valid'; id: string; expiresAt: Date };

/** Reads the field the widget fills: absent or empty is no proof; anything else must be whole. */
export function parseProof(raw: unknown): z.infer<typeof payloadSchema> | 'none' | 'malformed' {
  if (raw === undefined || raw === '') return 'none';
  if (typeof raw !== 'string' || raw.length > 4096) return 'malformed';
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    return 'malformed';
  }
  const parsed = payloadSchema.safeParse(json);
  return parsed.success ? parsed.data : 'malformed';
}

/**
 * Checks a posted solution without spending it: its expiry by Candle's clock, then the challenge's
 * signature and the answer's key signature. Synchronous, with node:crypto: altcha-lib's
 * `verifySolution` does the same two HMACs through WebCrypto, each a hop to the thread pool and
 * back, which under load cost more than the HMACs themselves (docs/benchmarks.md, "Action
 * intake"). The scheme is altcha-lib's v2 (the parameters signed as canonical JSON, the derived key
 * signed with the second key); tests/unit/proof-of-work.test.ts holds the two verdicts equal.
 */
export function checkProof(keys: ProofKeys, raw: unknown, now: Date): ProofCheck {
  const payload = parseProof(raw);
  if (payload === 'none') return { kind: 'none' };
  if (payload === 'malformed') return { kind: 'invalid', reason: 'malformed' };
  const parameters = payload.challenge.parameters;
  const expiresAt = new Date(parameters.expiresAt * 1000);
  if (!(expiresAt.getTime() > now.getTime())) return { kind: 'invalid', reason: 'expired' };
  // A challenge of another kind than ours would make the server derive at its cost.
  if (parameters.algorithm !== PROOF.algorithm || parameters.cost !== PROOF.cost)
    return { kind: 'invalid', reason: 'forged' };
  // Ours always carry the key's signature (so no derivation is needed to check an answer).
  if (typeof parameters.keySignature !== 'string') return { kind: 'invalid', reason: 'forged' };
  if (!sameHex(payload.challenge.signature, hmacHex(keys.challenge, canonicalJson(parameters))))
    return { kind: 'invalid', reason: 'forged' };
  const { derivedKey, counter } = payload.solution;
  if (
    !/^(?:[0-9a-f]{2})+$/.test(derivedKey) ||
    !Number.isInteger(counter) ||
    counter < 0 ||
    counter > 0xffffffff
  )
    return { kind: 'invalid', reason: 'forged' };
  if (!sameHex(parameters.keySignature, hmacHex(keys.answer, Buffer.from(derivedKey, 'hex'))))
    return { kind: 'invalid', reason: 'forged' };
  return { kind: 'valid', id: parameters.nonce, expiresAt };
}

const hmacHex = (key: string, data: string | Buffer) => createHmac('sha256', key).update(data).digest('hex');

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** JSON with every object's keys sorted, undefined members dropped: what altcha-lib signs. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .flatMap((key) => (record[key] === undefined ? [] : [[key, sortKeys(record[key])]])),
  );
}

/**
 * Spends a verified solution: true the first time, false ever after (until it expires, when it is
 * refused as expired anyway). One insert against the primary key, so of two instances given the
 * same solution at the same moment, one wins.
 */
export async function spendProof(db: Executor, id: string, expiresAt: Date): Promise<boolean> {
  const [fresh] = await spendProofs(db, [{ id, expiresAt }]);
  return fresh === true;
}

/**
 * Spends many solutions in one statement (a group commit's), each as `spendProof` would in their
 * order: the same solution twice in the list is fresh the first time only.
 */
export async function spendProofs(
  db: Executor,
  proofs: readonly { id: string; expiresAt: Date }[],
): Promise<boolean[]> {
  const first = new Map<string, number>();
  proofs.forEach((p, i) => {
    if (!first.has(p.id)) first.set(p.id, i);
  });
  if (first.size === 0) return [];
  const rows = await db
    .insertInto('proofs_spent')
    .values(
      [...first.values()].map((i) => ({
        challenge_id: proofs[i]!.id,
        expires_at: proofs[i]!.expiresAt.toISOString(),
      })),
    )
    .onConflict((oc) => oc.column('challenge_id').doNothing())
    .returning('challenge_id')
    .execute();
  const spent = new Set(rows.map((r) => r.challenge_id));
  return proofs.map((p, i) => first.get(p.id) === i && spent.has(p.id));
}

/** A client address as counted: a keyed hash, so the table names nobody's connection. */
export function clientHash(keys: ProofKeys, ip: string): string {
  return createHmac('sha256', keys.clients).update(ip).digest('base64url').slice(0, 32);
}

/** Spent solutions past their expiry: they would be refused as expired anyway. */
export async function forgetExpiredProofs(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('proofs_spent').where('expires_at', '<', now.toISOString()).execute();
}
