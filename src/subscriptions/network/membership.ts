import type { Kysely } from 'kysely';
import { z } from 'zod';
import { sha256 } from '../../accounts/index.js';
import { inTransaction, uniqueViolation } from '../../platform/db/errors.js';
import type { Database } from '../../platform/db/index.js';
import { t } from '../../platform/i18n/index.js';
import * as sq from '../queries.js';
import { CONFIRM_DAYS, DAY_MS, type Wording } from '../rules.js';
import {
  acceptForm,
  knownWording,
  LINKS_PER_HOUR,
  newLink,
  queueLinkMail,
  type Source,
  type SubscriptionsDeps,
} from '../service.js';
import { isHard, suppressionOf } from '../suppression.js';
import type { NetworkChoices, NetworkFollow } from './rules.js';

/*
 * Joining the Urgent Action Network: a member is a subscriber (the same address, confirmation,
 * preference centre, consent ledger, suppression list and erasure) with a `network_members` row.
 * Double opt-in as for subscriptions: the form queues a job and answers the same for any address;
 * the job mails a confirmation link (new, pending or unsubscribed address) or a link to the
 * preference centre (an address already confirmed, where one press joins).
 */

export const NETWORK_JOIN_JOB = 'network.join';
const HOUR_MS = 60 * 60_000;

const followSchema = z.array(
  z.object({ kind: z.enum(['country', 'region', 'topic', 'everything']), targetId: z.number() }),
);
const joinPayload = z.object({
  email: z.string(),
  language: z.string(),
  cap: z.number().int(),
  follow: followSchema,
  wording: z.string(),
  source: z.object({ page: z.string(), form: z.string(), ip: z.string() }),
});
type JoinPayload = z.infer<typeof joinPayload>;

/**
 * The join form's work, the same whatever the address's state (no enumeration, as
 * `service.acceptRequest`): the wording checked (kept the first time), one job queued.
 */
export async function acceptJoin(
  deps: SubscriptionsDeps,
  form: NetworkChoices & { email: string; wording: string },
  source: Source,
  current: Wording,
): Promise<{ ok: true } | { ok: false; reason: 'unknown-wording' }> {
  const payload: Omit<JoinPayload, 'source'> = {
    email: form.email,
    language: form.language,
    cap: form.cap,
    follow: form.follow,
    wording: form.wording,
  };
  return acceptForm(deps, form.wording, current, source, { kind: NETWORK_JOIN_JOB, payload });
}

export type JoinOutcome = 'confirm' | 'manage' | 'nothing';

/** The join job: which mail, or none, and the membership waiting for its confirmation. */
export async function runJoin(deps: SubscriptionsDeps, payload: unknown): Promise<JoinOutcome> {
  const request = joinPayload.parse(payload);
  try {
    return await joinOnce(deps, request);
  } catch (err) {
    if (uniqueViolation(err)) return joinOnce(deps, request);
    throw err;
  }
}

async function joinOnce(deps: SubscriptionsDeps, r: JoinPayload): Promise<JoinOutcome> {
  const now = deps.now();
  const at = now.toISOString();
  return inTransaction(deps.db, async (trx) => {
    const existing = await sq.findSubscriberByEmail(trx, r.email);
    if (existing?.status === 'suppressed') return 'nothing';
    const suppressed = await suppressionOf(trx, deps.salt, r.email);
    if (suppressed && isHard(suppressed.reason)) return 'nothing';
    if (
      existing &&
      (await sq.linksSince(trx, existing.id, new Date(now.getTime() - HOUR_MS))) >= LINKS_PER_HOUR
    )
      return 'nothing';
    if (existing?.status === 'confirmed') {
      const member = await memberOf(trx, existing.id);
      // A member already: the link to their choices, which stay as they are.
      if (!member?.confirmed_at) await saveChoices(trx, existing.id, r, null, r.wording, now);
      const token = await newLink(trx, existing.id, 'manage', now);
      await queueLinkMail(deps, trx, r.email, MAIL_WORDS.manage, `/subscribe/manage/${token}`, now);
      return 'manage';
    }
    let subscriberId: number;
    // What confirming this link gives, as the subscriptions room reads it (`requestedDetails`):
    // a pending request keeps its follows; a new or unsubscribed address follows nothing by mail.
    let follows: Array<{ kind: string; targetId: number }> = [];
    if (existing) {
      subscriberId = existing.id;
      if (existing.status === 'pending') follows = await sq.followsOf(trx, existing.id);
    } else {
      const row = await trx
        .insertInto('subscribers')
        .values({
          email: r.email,
          name: null,
          language: r.language,
          frequency: 'each',
          status: 'pending',
          created_at: at,
          confirmed_at: null,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      subscriberId = row.id;
    }
    const token = await newLink(trx, subscriberId, 'confirm', now);
    const tokenHash = sha256(token);
    await saveChoices(trx, subscriberId, r, tokenHash, r.wording, now);
    await sq.recordConsent(
      trx,
      {
        subscriberId,
        kind: 'requested',
        sourcePage: r.source.page,
        sourceForm: r.source.form,
        wordingHash: r.wording,
        tokenHash,
        ip: deps.recordIp ? r.source.ip : null,
        details: {
          name: existing?.name ?? null,
          language: r.language,
          frequency: existing?.frequency ?? 'each',
          follows,
          network: { weeklyCap: r.cap, follows: r.follow },
        },
      },
      now,
    );
    await queueLinkMail(deps, trx, r.email, MAIL_WORDS.confirm, `/subscribe/confirm/${token}`, now);
    return 'confirm';
  });
}

/** The network's words for a confirmation link and for a link to the preference centre. */
const MAIL_WORDS = {
  confirm: { subject: 'network.mail.subject', text: 'network.mail.text' },
  manage: { subject: 'network.mail.manageSubject', text: 'network.mail.manageText' },
} as const;

export async function memberOf(db: Kysely<Database>, subscriberId: number) {
  return db
    .selectFrom('network_members')
    .selectAll()
    .where('subscriber_id', '=', subscriberId)
    .executeTakeFirst();
}

/** What a member asked the network for: the subscriptions' follows, in the network's table. */
export const networkFollowsOf = (db: Kysely<Database>, subscriberId: number) =>
  sq.followsOf<NetworkFollow>(db, subscriberId, 'network_follows');

/**
 * Writes a membership's choices: waiting for the link `tokenHash` names (or, null, for a press in
 * the preference centre), or confirmed now (`confirmNow`). Its follows are replaced.
 */
async function saveChoices(
  trx: Kysely<Database>,
  subscriberId: number,
  choices: { cap: number; follow: readonly NetworkFollow[] },
  tokenHash: string | null,
  wordingHash: string,
  now: Date,
  confirmNow = false,
) {
  const at = now.toISOString();
  const values = {
    weekly_cap: choices.cap,
    wording_hash: wordingHash,
    token_hash: tokenHash,
    updated_at: at,
    ...(confirmNow ? { confirmed_at: at } : {}),
  };
  await trx
    .insertInto('network_members')
    .values({
      subscriber_id: subscriberId,
      requested_at: at,
      confirmed_at: confirmNow ? at : null,
      ...values,
    })
    .onConflict((oc) => oc.column('subscriber_id').doUpdateSet(values))
    .execute();
  await sq.replaceFollows(trx, subscriberId, choices.follow, 'network_follows');
}

/**
 * The subscriptions room's confirmation hook (app.ts): a membership waiting for the very link
 * just pressed is confirmed in the same transaction. A subscription's own link confirms no
 * membership: joining is consented to by its own link.
 */
export async function confirmMembership(
  trx: Kysely<Database>,
  subscriberId: number,
  now: Date,
): Promise<void> {
  const pressed = await trx
    .selectFrom('consent_events')
    .select('token_hash')
    .where('subscriber_id', '=', subscriberId)
    .where('kind', '=', 'confirmed')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!pressed?.token_hash) return;
  const confirmed = await trx
    .updateTable('network_members')
    .set({ confirmed_at: now.toISOString(), updated_at: now.toISOString() })
    .where('subscriber_id', '=', subscriberId)
    .where('token_hash', '=', pressed.token_hash)
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  if (Number(confirmed.numUpdatedRows) > 0) await tally(trx, now, { joins: 1 });
}

/**
 * Counts a membership confirmed or ended today (UTC) in `network_tallies` (migration 036), in
 * the transaction that does it: the network's size and growth on the impact pages read these.
 */
async function tally(trx: Kysely<Database>, now: Date, change: { joins?: number; leaves?: number }) {
  await trx
    .insertInto('network_tallies')
    .values({ day: now.toISOString().slice(0, 10), joins: change.joins ?? 0, leaves: change.leaves ?? 0 })
    .onConflict((oc) =>
      oc.column('day').doUpdateSet((eb) => ({
        joins: eb('network_tallies.joins', '+', eb.ref('excluded.joins')),
        leaves: eb('network_tallies.leaves', '+', eb.ref('excluded.leaves')),
      })),
    )
    .execute();
}

/**
 * A confirmed subscriber's network choices from the preference centre (the signed link is the
 * authority): joining (or staying) with these choices at once, recorded as 'changed' with the
 * wording beside the form; or leaving, recorded as 'changed' too (`details.network: null`).
 */
export async function changeMembership(
  deps: SubscriptionsDeps,
  subscriberId: number,
  change: { leave: true } | { leave: false; cap: number; follow: readonly NetworkFollow[]; wording: string },
  source: Source,
  current: Wording,
  linkHash: string,
): Promise<{ ok: true } | { ok: false; reason: 'unknown' | 'unknown-wording' }> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const s = await sq.findSubscriber(trx, subscriberId);
    if (s?.status !== 'confirmed') return { ok: false as const, reason: 'unknown' as const };
    // Leaving twice (the one-click pressed again, a second mail client) records nothing more.
    if (change.leave && !(await memberOf(trx, s.id))) return { ok: true as const };
    let wording: string | null = null;
    if (!change.leave) {
      if (!(await knownWording(trx, change.wording, current, now)))
        return { ok: false as const, reason: 'unknown-wording' as const };
      wording = change.wording;
      const joins = (await memberOf(trx, s.id))?.confirmed_at ? 0 : 1;
      await saveChoices(trx, s.id, change, null, change.wording, now, true);
      if (joins) await tally(trx, now, { joins });
    } else {
      await forgetMembership(trx, s.id, now);
    }
    await sq.recordConsent(
      trx,
      {
        subscriberId: s.id,
        kind: 'changed',
        sourcePage: source.page,
        sourceForm: source.form,
        wordingHash: wording,
        tokenHash: linkHash,
        ip: deps.recordIp ? source.ip : null,
        details: { network: change.leave ? null : { weeklyCap: change.cap, follows: change.follow } },
      },
      now,
    );
    return { ok: true as const };
  });
}

/**
 * A member leaves or is erased: their membership, follows and every send of theirs not yet made.
 * Named one by one (erasure does not trust cascades). A confirmed membership counts as a leave.
 */
export async function forgetMembership(
  trx: Kysely<Database>,
  subscriberId: number,
  now: Date,
): Promise<void> {
  if ((await memberOf(trx, subscriberId))?.confirmed_at) await tally(trx, now, { leaves: 1 });
  await trx
    .deleteFrom('network_deliveries')
    .where('subscriber_id', '=', subscriberId)
    .where('status', 'in', ['queued', 'failed', 'sending'])
    .execute();
  await trx.deleteFrom('network_follows').where('subscriber_id', '=', subscriberId).execute();
  await trx.deleteFrom('network_members').where('subscriber_id', '=', subscriberId).execute();
}

/** For an erasure: the membership, every network message row of theirs, and the join jobs holding the address. */
export async function eraseFromNetwork(
  trx: Kysely<Database>,
  subscriberId: number,
  email: string,
  now: Date,
): Promise<void> {
  await forgetMembership(trx, subscriberId, now);
  await trx.deleteFrom('network_deliveries').where('subscriber_id', '=', subscriberId).execute();
  const jobs = await trx
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('kind', '=', NETWORK_JOIN_JOB)
    .where('payload', 'like', `%${email}%`)
    .execute();
  const ids = jobs
    .filter((j) => joinPayload.safeParse(JSON.parse(j.payload)).data?.email === email)
    .map((j) => j.id);
  if (ids.length > 0) await trx.deleteFrom('jobs').where('id', 'in', ids).execute();
}

/** Join jobs run or failed for good hold an address for nothing: the hourly sweep deletes them. */
export async function forgetJoinJobs(db: Kysely<Database>, now: Date): Promise<void> {
  await db
    .deleteFrom('jobs')
    .where('kind', '=', NETWORK_JOIN_JOB)
    .where((eb) =>
      eb.or([
        eb('status', 'in', ['done', 'cancelled']),
        eb('created_at', '<', new Date(now.getTime() - CONFIRM_DAYS * DAY_MS).toISOString()),
      ]),
    )
    .execute();
}

export interface NetworkExport {
  weekly_cap: number;
  requested_at: string;
  confirmed_at: string | null;
  follows: Array<{ kind: string; id: number; name: string | null }>;
  /** Urgent actions mailed to them by the network, and those their cap held back. */
  messages: { sent: number; capped: number };
}

/** A member's part of their data download: `{ network }`, or nothing for someone who never joined. */
export async function networkExport(
  db: Kysely<Database>,
  subscriberId: number,
  targets: ReadonlyArray<{ kind: string; id: number; name: string }>,
): Promise<{ network?: NetworkExport }> {
  const m = await memberOf(db, subscriberId);
  if (!m) return {};
  const follows = await networkFollowsOf(db, subscriberId);
  const counts = await db
    .selectFrom('network_deliveries')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .where('subscriber_id', '=', subscriberId)
    .where('status', 'in', ['sent', 'capped'])
    .groupBy('status')
    .execute();
  const n = (status: string) => Number(counts.find((c) => c.status === status)?.n ?? 0);
  return {
    network: {
      weekly_cap: m.weekly_cap,
      requested_at: m.requested_at,
      confirmed_at: m.confirmed_at,
      follows: follows.map((f) => ({
        kind: f.kind,
        id: f.targetId,
        name:
          f.kind === 'everything'
            ? t('network.everything')
            : (targets.find((x) => x.kind === f.kind && x.id === f.targetId)?.name ?? null),
      })),
      messages: { sent: n('sent'), capped: n('capped') },
    },
  };
}
