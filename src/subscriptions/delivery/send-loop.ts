import type { Db } from '../../platform/db/index.js';
import type { Mailer, QueuedMail } from '../../platform/mail/index.js';
import { isHard, type ListedAs, suppressedAmong } from '../suppression.js';
import * as q from './queries.js';
import { domainOf, failureOf, OUTAGE_WAIT_MS, suppressedWhy } from './rules.js';

/**
 * The send loop every send log shares (alerts, network messages): claims, the suppression list,
 * the per-domain limit, lanes over the mailer's connections, marks a few at a time, retries and
 * outages. What differs between logs (which table, which recipients, which message) is a `SendLog`.
 */

/** A recipient due in a send log: its key there (the subscriber's or supporter's id), address and tries. */
export interface Due {
  key: number;
  email: string;
  attempts: number;
}

/** One batch of one send log, as the loop needs it: every mark is conditional on the claim's lease. */
export interface SendLog<R extends Due> {
  /** Named in the log when the server cannot be reached. */
  label: object;
  due(now: Date, limit: number): Promise<R[]>;
  claim(keys: readonly number[], now: Date): Promise<{ until: string; keys: Set<number> }>;
  markAllSent(until: string, keys: readonly number[], now: Date): Promise<void>;
  markFailed(until: string, key: number, attempts: number, error: string, now: Date): Promise<void>;
  /** Not sent, ever; `why` (the suppression list's reason, `suppressedWhy`) kept where the log has room. */
  markCancelled(until: string, keys: readonly number[], why?: string): Promise<void>;
  /** Waiting again until `at`, no try counted. */
  release(until: string, keys: readonly number[], at: Date): Promise<void>;
  /**
   * Whether this recipient asked for this mail after their address went on the list for a soft
   * reason (an unsubscription, an erasure): a supporter's "keep me informed" given since. Never
   * asked for a hard reason (bounce, complaint, manual): those are never mailed. Absent: never.
   */
  askedSince?(recipient: R, listed: ListedAs): boolean;
  /** A further rule before sending (the network's weekly cap): those it keeps may be mailed. */
  admit?(claimed: readonly R[], until: string, now: Date): Promise<R[]>;
  message(recipient: R, now: Date): QueuedMail;
}

export interface SendLoopDeps {
  db: Db;
  now: () => Date;
  mailer: Mailer;
  /** Messages a minute to one recipient domain (MAIL_RATE_PER_DOMAIN); 0: no limit. */
  perDomainPerMinute: number;
  log?: { warn: (details: object, message: string) => void };
  /** The suppression list's salt: a suppressed address is never mailed. */
  salt: string;
}

/** Recipients claimed together, as many as a few seconds of sending: one claim, one lease. */
const CLAIM_CHUNK = 100;
/** The next chunk is claimed when this few claimed recipients are left to start. */
const REFILL_BELOW = 20;
/** Accepted messages marked sent in one statement (or all those of the last second). */
const MARK_TOGETHER = 5;

/**
 * Of a claimed chunk, those that may be mailed now: an address on the suppression list is never
 * mailed, whatever its row says (cancelled, with the list's reason kept), unless the reason is
 * soft and the person asked for this very mail since (`askedSince`: the latest wish wins); one
 * over its domain's limit waits for the next window.
 */
async function admit<R extends Due>(
  deps: SendLoopDeps,
  log: SendLog<R>,
  until: string,
  claimed: readonly R[],
  now: Date,
): Promise<R[]> {
  const listed = await suppressedAmong(
    deps.db,
    deps.salt,
    claimed.map((r) => r.email),
  );
  const skipped = new Map<R, ListedAs>();
  for (const r of claimed) {
    const entry = listed.get(r.email);
    if (entry && (isHard(entry.reason) || !log.askedSince?.(r, entry))) skipped.set(r, entry);
  }
  const keys = (rs: readonly R[]) => rs.map((r) => r.key);
  for (const reason of new Set([...skipped.values()].map((s) => s.reason)))
    await log.markCancelled(
      until,
      keys([...skipped].filter(([, s]) => s.reason === reason).map(([r]) => r)),
      suppressedWhy(reason),
    );
  let mailable = claimed.filter((r) => !skipped.has(r));
  if (log.admit) mailable = await log.admit(mailable, until, now);
  if (deps.perDomainPerMinute <= 0) return mailable;
  const byDomain = new Map<string, R[]>();
  for (const r of mailable) {
    const domain = domainOf(r.email);
    const group = byDomain.get(domain);
    if (group) group.push(r);
    else byDomain.set(domain, [r]);
  }
  const ready: R[] = [];
  for (const [domain, rs] of byDomain) {
    let allowed = rs.length;
    let wait: Date | null = null;
    // The whole group in one go, or (near the limit) one at a time until it is reached.
    const all = await q.takeAllowance(deps.db, domain, rs.length, deps.perDomainPerMinute, now);
    if (!all.ok) {
      allowed = 0;
      wait = all.until;
      while (allowed < rs.length) {
        const one = await q.takeAllowance(deps.db, domain, 1, deps.perDomainPerMinute, now);
        if (!one.ok) break;
        allowed++;
      }
    }
    ready.push(...rs.slice(0, allowed));
    if (wait) await log.release(until, keys(rs.slice(allowed)), wait);
  }
  return ready;
}

/** A recipient claimed for sending, with the end of its claim's lease. */
type Claimed<R> = R & { until: string };

/**
 * Sends a batch's due recipients over the mailer's connections side by side, marking each as its
 * message is accepted or refused. Recipients are claimed a chunk at a time, the next chunk while
 * the last of the one before are still being sent, so the connections never wait on the
 * database. Stops starting new ones when the budget is spent or the server cannot be reached;
 * those claimed and not started wait again (at once, or after the outage wait).
 */
export async function sendAll<R extends Due>(
  deps: SendLoopDeps,
  log: SendLog<R>,
  inTime: () => boolean,
): Promise<'time' | 'outage' | null> {
  const queue: Claimed<R>[] = [];
  let exhausted = false;
  let refilling: Promise<void> | null = null;
  let stopped: 'time' | 'outage' | null = null;

  const refill = async () => {
    const now = deps.now();
    const due = await log.due(now, CLAIM_CHUNK);
    if (due.length === 0) {
      exhausted = true;
      return;
    }
    const claim = await log.claim(
      due.map((r) => r.key),
      now,
    );
    const mine = due.filter((r) => claim.keys.has(r.key));
    // Object.assign, not a spread: the spread takes a slow path on Node 20 (STACK.md).
    for (const r of await admit(deps, log, claim.until, mine, now))
      queue.push(Object.assign(r, { until: claim.until }));
  };
  const take = async (): Promise<Claimed<R> | undefined> => {
    for (;;) {
      if (queue.length <= REFILL_BELOW && !exhausted && !refilling)
        refilling = refill().finally(() => {
          refilling = null;
        });
      const next = queue.shift();
      if (next) return next;
      if (refilling) await refilling;
      else if (exhausted) return undefined;
    }
  };

  // Accepted messages are marked sent a few at a time in one statement: a crash leaves at most
  // those and the ones in flight unmarked, to be sent again with the same Message-ID (the one
  // window, CONTEXT.md), at most MARK_TOGETHER or a second's worth of them.
  let accepted: Claimed<R>[] = [];
  let firstAcceptedAt = 0;
  const markAccepted = async () => {
    const batch = accepted;
    accepted = [];
    const now = deps.now();
    for (const [until, keys] of keysByClaim(batch)) await log.markAllSent(until, keys, now);
  };

  const lane = async () => {
    for (;;) {
      if (
        accepted.length >= MARK_TOGETHER ||
        (accepted.length > 0 && performance.now() - firstAcceptedAt > 1000)
      )
        await markAccepted();
      if (stopped) return;
      if (!inTime()) {
        stopped = 'time';
        return;
      }
      const recipient = await take();
      if (!recipient) return;
      if (stopped) {
        queue.unshift(recipient);
        return;
      }
      const now = deps.now();
      try {
        await deps.mailer.send(log.message(recipient, now));
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        if (failureOf(err) === 'server') {
          // The server is down or unreachable: nobody's fault, nobody's try; the batch waits.
          const wait = new Date(deps.now().getTime() + OUTAGE_WAIT_MS);
          await log.release(recipient.until, [recipient.key], wait);
          if (stopped !== 'outage')
            deps.log?.warn({ ...log.label, err: error }, 'mail server unreachable: messages wait');
          stopped = 'outage';
          return;
        }
        await log.markFailed(recipient.until, recipient.key, recipient.attempts, error, deps.now());
        continue;
      }
      // The one window: a crash after the server accepted the message and before its mark
      // leaves the row claimed; when the lease runs out it is sent again (CONTEXT.md).
      if (accepted.length === 0) firstAcceptedAt = performance.now();
      accepted.push(recipient);
    }
  };
  // A lane that ends marks what was accepted, so no mark waits on a lane still held by a slow send.
  const laneThenMark = () => lane().finally(markAccepted);
  try {
    await Promise.all(Array.from({ length: Math.max(1, deps.mailer.concurrency) }, laneThenMark));
    await refilling;
  } finally {
    await markAccepted();
  }
  // Claimed and not started: waiting again, each under the claim that holds it.
  const at = stopped === 'outage' ? new Date(deps.now().getTime() + OUTAGE_WAIT_MS) : deps.now();
  for (const [until, keys] of keysByClaim(queue)) await log.release(until, keys, at);
  return stopped;
}

/** Recipients' keys grouped by the claim that holds them (its lease's end). */
function keysByClaim<R extends Due>(recipients: readonly Claimed<R>[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const r of recipients) {
    const keys = out.get(r.until);
    if (keys) keys.push(r.key);
    else out.set(r.until, [r.key]);
  }
  return out;
}
