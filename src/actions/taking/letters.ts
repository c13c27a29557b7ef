import { type ExpressionBuilder, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database, Db } from '../../platform/db/index.js';
import { enqueue } from '../../platform/jobs/index.js';
import type { Mailer } from '../../platform/mail/index.js';
import { letterBounce } from './bounces.js';
import { failureOf, hourOf, MAX_TRIES, officeOpen, retryAt, roomThisHour, signedLetter } from './rules.js';
import { DISPATCH_JOB } from './supporters.js';

/*
 * The dispatcher of emailed letters: each target's queued letters go within its office hours, in
 * its time zone, at most its urgent action's `hourly_cap` a clock hour; the rest wait, none are
 * dropped. A send log like the alerts': a letter is claimed (`sending`, with a lease), sent, then
 * marked `sent` by the claim that holds it; a claim whose worker died runs out and the letter is
 * taken again, with the same Message-ID. A temporary refusal (4xx) is retried with backoff, then
 * `dead`; a permanent one (5xx) bounces it; an unreachable server costs no try.
 */

type Executor = Kysely<Database>;

/** How long a claim is its worker's before another may take the letter again. */
export const LETTER_CLAIM_MS = 2 * 60_000;
/** A run stops taking letters after this long, well within the job queue's lease. */
export const DISPATCH_BUDGET_MS = 50_000;
/** Letters of one target claimed and sent at a time. */
const BATCH = 25;

export interface DispatchDeps {
  db: Db;
  now: () => Date;
  mailer: Mailer;
  log?: { warn(obj: object, msg: string): void };
}

const leaseRanOut = (at: string): RawBuilder<SqlBool> =>
  sql<SqlBool>`(${sql.ref('status')} = 'sending' and ${sql.ref('claimed_until')} < ${at})`;

/** Letters that may be claimed now: queued, failed and due, or held by a claim that ran out. */
function due(at: string) {
  return (eb: ExpressionBuilder<Database, 'ua_letters'>) =>
    eb.or([
      eb('status', '=', 'queued'),
      eb.and([eb('status', '=', 'failed'), eb('not_before', '<=', at)]),
      leaseRanOut(at),
    ]);
}

/** The targets with letters that may go now (by status first: `ua_letters_waiting`, migration 026). */
async function targetsWithLetters(db: Executor, at: string) {
  const waiting = db
    .selectFrom('ua_letters')
    .select('target_id')
    .distinct()
    .where('status', 'in', ['queued', 'failed', 'sending'])
    .where(due(at));
  return db
    .selectFrom('ua_targets as t')
    .select(['t.id', 't.email', 't.office_hours', 't.time_zone'])
    .where('t.id', 'in', waiting)
    .orderBy('t.id')
    .execute();
}

interface Claimed {
  id: number;
  subject: string;
  body: string;
  message_id: string;
  tries: number;
  until: string;
}

/**
 * Claims up to a batch of one target's letters, never more than its hour has room for. The
 * target's row is touched first, so two runs claiming for one target at once take turns (a row
 * lock on PostgreSQL, the write lock on SQLite) and cannot both fill the same hour.
 */
async function claimFor(db: Db, targetId: number, now: Date): Promise<Claimed[]> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + LETTER_CLAIM_MS).toISOString();
  const hour = hourOf(now);
  return inTransaction(db, async (trx) => {
    await trx
      .updateTable('ua_targets')
      .set({ updated_at: sql<string>`updated_at` })
      .where('id', '=', targetId)
      .execute();
    // Letters of different urgent actions may wait for one target: the smallest cap among them holds.
    const counts = await trx
      .selectFrom('ua_letters as l')
      .innerJoin('urgent_actions as u', 'u.article_id', 'l.article_id')
      .select((eb) => [
        eb.fn
          .sum<number>(
            sql`case when ${sql.ref('l.status')} = 'sent' and ${sql.ref('l.sent_at')} >= ${hour.start.toISOString()} then 1 else 0 end`,
          )
          .as('sent'),
        eb.fn
          .sum<number>(
            sql`case when ${sql.ref('l.status')} = 'sending' and ${sql.ref('l.claimed_until')} >= ${at} then 1 else 0 end`,
          )
          .as('flying'),
        eb.fn.min<number>('u.hourly_cap').as('cap'),
      ])
      .where('l.target_id', '=', targetId)
      .where((eb) =>
        eb.or([
          eb.and([eb('l.status', '=', 'sent'), eb('l.sent_at', '>=', hour.start.toISOString())]),
          eb('l.status', 'in', ['queued', 'failed', 'sending']),
        ]),
      )
      .executeTakeFirst();
    const room = Math.min(
      BATCH,
      roomThisHour(Number(counts?.cap ?? 0), Number(counts?.sent ?? 0), Number(counts?.flying ?? 0)),
    );
    if (room <= 0) return [];
    const ids = await trx
      .selectFrom('ua_letters')
      .select('id')
      .where('target_id', '=', targetId)
      .where(due(at))
      .orderBy('id')
      .limit(room)
      .execute();
    if (ids.length === 0) return [];
    const taken = await trx
      .updateTable('ua_letters')
      .set({ status: 'sending', claimed_at: at, claimed_until: until })
      .where(
        'id',
        'in',
        ids.map((r) => r.id),
      )
      .where(due(at))
      .returning(['id', 'subject', 'body', 'message_id', 'tries'])
      .execute();
    return taken.map((r) => ({ ...r, until }));
  });
}

/** The letter's signature and the supporter's address, read when it goes (the latest confirmed). */
async function sendersOf(db: Executor, letterIds: readonly number[]) {
  return db
    .selectFrom('ua_letters as l')
    .innerJoin('ua_actions_taken as a', 'a.id', 'l.action_id')
    .innerJoin('ua_supporters as s', 's.id', 'a.supporter_id')
    .innerJoin('ua_targets as t', 't.id', 'l.target_id')
    .select(['l.id', 's.email', 's.name', 's.city', 's.country', 's.confirmed_at', 't.salutation'])
    .where('l.id', 'in', [...letterIds])
    .execute();
}

/** Only the claim that holds a letter may mark it: a worker back after its lease changes nothing. */
async function mark(
  db: Executor,
  letter: Claimed,
  set: Partial<{
    status: 'sent' | 'failed' | 'dead' | 'queued' | 'cancelled' | 'bounced';
    sent_at: string;
    tries: number;
    not_before: string | null;
    error: string;
  }>,
) {
  await db
    .updateTable('ua_letters')
    .set({ ...set, claimed_until: null })
    .where('id', '=', letter.id)
    .where('status', '=', 'sending')
    .where('claimed_until', '=', letter.until)
    .execute();
}

/**
 * One run: for each target whose office is open now, claim what its hour has room for and send.
 * Returns how many letters were sent. Stops early (the next run goes on) when the mail server
 * cannot be reached or the run's time is spent.
 */
export async function dispatchLetters(deps: DispatchDeps): Promise<number> {
  const started = Date.now();
  let sent = 0;
  const targets = await targetsWithLetters(deps.db, deps.now().toISOString());
  for (const target of targets) {
    if (!officeOpen(target.office_hours, target.time_zone, deps.now())) continue;
    if (!target.email) {
      // The target's address was removed since: its letters have nowhere to go.
      await deps.db
        .updateTable('ua_letters')
        .set({ status: 'cancelled', claimed_until: null, error: 'the official has no email address' })
        .where('target_id', '=', target.id)
        .where('status', 'in', ['queued', 'failed'])
        .execute();
      continue;
    }
    for (;;) {
      if (Date.now() - started > DISPATCH_BUDGET_MS) return sent;
      const claimed = await claimFor(deps.db, target.id, deps.now());
      if (claimed.length === 0) break;
      const senders = new Map(
        (
          await sendersOf(
            deps.db,
            claimed.map((c) => c.id),
          )
        ).map((s) => [s.id, s]),
      );
      for (const letter of claimed) {
        const from = senders.get(letter.id);
        if (!from || from.confirmed_at === null) {
          await mark(deps.db, letter, { status: 'cancelled', error: 'the supporter is not confirmed' });
          continue;
        }
        try {
          await deps.mailer.send({
            to: target.email,
            subject: letter.subject,
            text: signedLetter(letter.body, from.salutation, from),
            replyTo: from.email,
            messageId: letter.message_id,
            bounce: letterBounce(letter.id),
          });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (failureOf(err) === 'server') {
            // An outage loses nothing and costs no try: back in the queue, the next run goes on.
            for (const rest of claimed.slice(claimed.indexOf(letter)))
              await mark(deps.db, rest, { status: 'queued', error: message.slice(0, 500) });
            deps.log?.warn({ err: message }, 'letters: the mail server could not be reached');
            return sent;
          }
          const tries = letter.tries + 1;
          if (failureOf(err) === 'bounced') {
            // The official's server refused it for good: shown to the campaigner, not retried.
            await mark(deps.db, letter, { status: 'bounced', tries, error: message.slice(0, 500) });
            continue;
          }
          await mark(
            deps.db,
            letter,
            tries >= MAX_TRIES
              ? { status: 'dead', tries, error: message.slice(0, 500) }
              : {
                  status: 'failed',
                  tries,
                  not_before: retryAt(tries, deps.now()).toISOString(),
                  error: message.slice(0, 500),
                },
          );
          continue;
        }
        await mark(deps.db, letter, {
          status: 'sent',
          sent_at: deps.now().toISOString(),
          tries: letter.tries + 1,
          error: '',
        });
        sent++;
      }
    }
  }
  return sent;
}

/**
 * Queues the next minute's run, keyed by that minute: the worker starting and each run queuing
 * its successor never make two for one minute.
 */
export async function scheduleDispatch(deps: Pick<DispatchDeps, 'db' | 'now'>): Promise<void> {
  const now = deps.now();
  const next = new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
  await enqueue(
    deps.db,
    {
      kind: DISPATCH_JOB,
      payload: { recurring: true },
      runAt: next,
      idempotencyKey: `${DISPATCH_JOB}:${next.toISOString()}`,
    },
    now,
  );
}
