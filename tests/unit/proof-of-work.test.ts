import { solveChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { describe, expect, it } from 'vitest';
import {
  checkProof,
  clientHash,
  counterRange,
  newChallenge,
  PROOF,
  parseProof,
  proofKeys,
} from '../../src/platform/http/proof-of-work.js';
import { SIGNUP_LIMITS, signupWindow } from '../../src/subscriptions/proof-of-work.js';

/** The rules of the sign-up form's proof of work, without a database (issue 12). */

const keys = proofKeys('a secret kept in site_secrets');
const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

describe('the keys', () => {
  it('are one for each purpose, all from the one secret', () => {
    expect(new Set(Object.values(keys)).size).toBe(3);
    expect(proofKeys('a secret kept in site_secrets')).toEqual(keys);
    expect(proofKeys('another').challenge).not.toBe(keys.challenge);
  });

  it('hash a client address so the count names nobody, the same address the same way', () => {
    const hash = clientHash(keys, '203.0.113.7');
    expect(hash).not.toContain('203');
    expect(hash).toBe(clientHash(keys, '203.0.113.7'));
    expect(hash).not.toBe(clientHash(keys, '203.0.113.8'));
    expect(clientHash(proofKeys('another'), '203.0.113.7')).not.toBe(hash);
  });
});

describe('the limits', () => {
  it('are much tighter without a solution than with one', () => {
    const perHour = (l: { count: number; windowMs: number }) => (l.count * 3_600_000) / l.windowMs;
    expect(perHour(SIGNUP_LIMITS.unsolved)).toBe(3);
    expect(perHour(SIGNUP_LIMITS.solved)).toBeGreaterThanOrEqual(40 * perHour(SIGNUP_LIMITS.unsolved));
  });

  it('count by fixed windows', () => {
    const hour = 60 * 60_000;
    expect(signupWindow(new Date('2026-12-01T10:59:59Z'), hour).toISOString()).toBe(
      '2026-12-01T10:00:00.000Z',
    );
    expect(signupWindow(new Date('2026-12-01T11:00:00Z'), hour).toISOString()).toBe(
      '2026-12-01T11:00:00.000Z',
    );
    expect(signupWindow(new Date('2026-12-01T10:19:00Z'), 10 * 60_000).toISOString()).toBe(
      '2026-12-01T10:10:00.000Z',
    );
  });
});

describe('reading what the widget posts', () => {
  it('takes an absent or empty field for no solution, anything broken for a bad one', () => {
    expect(parseProof(undefined)).toBe('none');
    expect(parseProof('')).toBe('none');
    for (const bad of [
      ['a', 'b'],
      42,
      'x'.repeat(5000),
      'not base64!',
      encode({ challenge: 1 }),
      encode(null),
    ])
      expect(parseProof(bad)).toBe('malformed');
  });
});

describe('checking a solution', () => {
  const now = new Date();

  it('takes as many attempts as PROOF_OF_WORK_STEPS says, on average, and is checked the same', async () => {
    expect(counterRange(4_000)).toEqual({ min: 2_000, max: 6_000 });
    expect(counterRange(40)).toEqual({ min: 20, max: 60 });
    const challenge = await newChallenge(keys, now, 40);
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution!.counter).toBeGreaterThanOrEqual(20);
    expect(solution!.counter).toBeLessThanOrEqual(60);
    expect((await checkProof(keys, encode({ challenge, solution }), now)).kind).toBe('valid');
  });

  it('accepts the answer to its own challenge until the challenge expires', async () => {
    const challenge = await newChallenge(keys, now);
    expect(challenge.parameters.algorithm).toBe(PROOF.algorithm);
    expect(challenge.parameters.cost).toBe(PROOF.cost);
    expect(challenge.parameters.expiresAt).toBe(Math.floor((now.getTime() + PROOF.ttlMs) / 1000));
    const solution = await solveChallenge({ challenge, deriveKey });
    expect(solution!.counter).toBeGreaterThanOrEqual(counterRange(PROOF.steps).min);
    expect(solution!.counter).toBeLessThanOrEqual(counterRange(PROOF.steps).max);
    const payload = encode({ challenge, solution });
    expect(await checkProof(keys, payload, now)).toEqual({
      kind: 'valid',
      id: challenge.parameters.nonce,
      expiresAt: new Date(challenge.parameters.expiresAt! * 1000),
    });
    const later = new Date(now.getTime() + PROOF.ttlMs + 1000);
    expect(await checkProof(keys, payload, later)).toEqual({ kind: 'invalid', reason: 'expired' });
    // Signed by another secret, or answered wrongly: forged.
    expect(await checkProof(proofKeys('another'), payload, now)).toEqual({
      kind: 'invalid',
      reason: 'forged',
    });
    // The key is what proves the work (the challenge signs the answer's key): another one fails.
    const key = solution!.derivedKey;
    const wrong = encode({
      challenge,
      solution: { ...solution, derivedKey: `${key[0] === '0' ? '1' : '0'}${key.slice(1)}` },
    });
    expect(await checkProof(keys, wrong, now)).toEqual({ kind: 'invalid', reason: 'forged' });
  });

  it('gives altcha-lib’s own verdict (checked here with node:crypto, synchronously)', async () => {
    const challenge = await newChallenge(keys, now, 40);
    const solution = (await solveChallenge({ challenge, deriveKey }))!;
    const flip = (hex: string) => `${hex[0] === '0' ? '1' : '0'}${hex.slice(1)}`;
    const cases = [
      { challenge, solution },
      { challenge, solution: { ...solution, derivedKey: flip(solution.derivedKey) } },
      { challenge, solution: { ...solution, derivedKey: solution.derivedKey.toUpperCase() } },
      { challenge: { ...challenge, signature: flip(challenge.signature!) }, solution },
      {
        challenge: {
          ...challenge,
          parameters: { ...challenge.parameters, salt: flip(challenge.parameters.salt) },
        },
        solution,
      },
      {
        challenge: {
          ...challenge,
          parameters: { ...challenge.parameters, keySignature: flip(challenge.parameters.keySignature!) },
        },
        solution,
      },
    ];
    const verdicts = [];
    for (const c of cases) {
      const theirs = await verifySolution({
        challenge: c.challenge,
        solution: c.solution,
        deriveKey,
        hmacSignatureSecret: keys.challenge,
        hmacKeySignatureSecret: keys.answer,
      });
      const ours = checkProof(keys, encode(c), now);
      expect(ours.kind === 'valid').toBe(theirs.verified);
      verdicts.push(theirs.verified);
    }
    // The cases cover both answers.
    expect(verdicts).toEqual([true, false, false, false, false, false]);
  });

  it('refuses a challenge of another cost without deriving anything', async () => {
    const challenge = await newChallenge(keys, now);
    const cheaper = { ...challenge, parameters: { ...challenge.parameters, cost: 1 } };
    const payload = encode({ challenge: cheaper, solution: { counter: 1, derivedKey: '00' } });
    expect(await checkProof(keys, payload, now)).toEqual({ kind: 'invalid', reason: 'forged' });
  });

  it('tells no solution from a broken one', async () => {
    expect(await checkProof(keys, undefined, now)).toEqual({ kind: 'none' });
    expect(await checkProof(keys, 'garbage', now)).toEqual({ kind: 'invalid', reason: 'malformed' });
  });
});
