import type { Kysely } from 'kysely';
import { z } from 'zod';
import { newToken, sha256 } from '../accounts/index.js';
import { inTransaction, uniqueViolation } from '../platform/db/errors.js';
import type { Database, Db, SubscriberFrequency } from '../platform/db/index.js';
import { type MessageKey, t } from '../platform/i18n/index.js';
import { enqueue } from '../platform/jobs/index.js';
import { queueMail } from '../platform/mail/index.js';
import * as q from './queries.js';
import { CONFIRM_DAYS, DAY_MS, type Follow, type SubscribeForm, type Wording } from './rules.js';
import { isHard, liftSoft, suppressionOf } from './suppression.js';

export interface SubscriptionsDeps {
  db: Db;
  now: () => Date;
  siteName: string;
  publicUrl: string;
  /** CONSENT_RECORD_IP: keep the client's address with each consent event (off by default). */
  recordIp: boolean;
  /** The suppression list's salt (suppression.ts), generated once and kept in the database. */
  salt: string;
  /**
   * Told of each confirmation inside its transaction (app.ts gives the webhooks' here): what it
   * writes exists exactly when the confirmation does. This room knows nothing of who listens.
   */
  onConfirmed?: ConfirmedHook;
}

/** A subscriber who has just confirmed, with what they now follow. */
export interface ConfirmedSubscriber {
  subscriberId: number;
  email: string;
  follows: Follow[];
  confirmedAt: string;
}

export type ConfirmedHook = (
  trx: Kysely<Database>,
  confirmed: ConfirmedSubscriber,
  now: Date,
) => Promise<void>;

/** Where a consent event came from, as the request tells it. */
export interface Source {
  page: string;
  form: string;
  ip: string;
}

const HOUR_MS = 60 * 60_000;
/** Confirmation or manage mails one address may be sent in an hour. */
export const LINKS_PER_HOUR = 3;

/** What a 'requested' event keeps of the request: what the person asked for, to apply on confirmation. */
const requestedDetails = z.object({
  name: z.string().nullable(),
  language: z.string(),
  frequency: z.enum(['each', 'daily', 'weekly']),
  follows: z.array(
    z.object({ kind: z.enum(['country', 'region', 'topic', 'case', 'everything']), targetId: z.number() }),
  ),
});
type RequestedDetails = z.infer<typeof requestedDetails>;

/**
 * What happened to a request. The page shown is the same for every outcome (no one learns whether
 * an address is subscribed); the outcome is for tests and logs.
 */
export type RequestOutcome = { ok: true; sent: 'confirm' | 'manage' | 'nothing' };

export const REQUEST_JOB = 'subscriptions.request';

/** A request as its job carries it: what the person asked for, and where it came from. */
const requestPayload = z.object({
  email: z.string(),
  name: z.string().nullable(),
  language: z.string(),
  frequency: z.enum(['each', 'daily', 'weekly']),
  follow: requestedDetails.shape.follows,
  wording: z.string(),
  source: z.object({ page: z.string(), form: z.string(), ip: z.string() }),
});
type RequestPayload = z.infer<typeof requestPayload>;

/**
 * Accepts a sign-up from the form, doing the same work whatever the address's state (new, pending,
 * confirmed, suppressed), so that neither the answer nor its timing tells anyone whether an address
 * is subscribed: the wording is checked (and kept the first time it is used) and one job is queued,
 * in one transaction; what differs by address (which mail, or none) is the job's (`runRequest`).
 * The client's address goes into the job only when CONSENT_RECORD_IP keeps it.
 */
export async function acceptRequest(
  deps: SubscriptionsDeps,
  form: Pick<SubscribeForm, 'email' | 'name' | 'language' | 'frequency' | 'follow' | 'wording'>,
  source: Source,
  current: Wording,
): Promise<{ ok: true } | { ok: false; reason: 'unknown-wording' }> {
  const payload: Omit<RequestPayload, 'source'> = {
    email: form.email,
    name: form.name,
    language: form.language,
    frequency: form.frequency,
    follow: form.follow,
    wording: form.wording,
  };
  return acceptForm(deps, form.wording, current, source, { kind: REQUEST_JOB, payload });
}

/**
 * Whether the wording a form says the person saw may be recorded: the current one (kept the first
 * time it is used), or an earlier version already on record (the page was opened before a
 * change). Anything else is refused.
 */
export async function knownWording(
  trx: Kysely<Database>,
  shown: string,
  current: Wording,
  now: Date,
): Promise<boolean> {
  if (shown === current.hash) {
    await q.keepWording(trx, current, now);
    return true;
  }
  return q.wordingExists(trx, shown);
}

/**
 * The work of a public form of this room (subscribing, joining the network) whatever the address:
 * the wording checked and one job queued with the form and where it came from, in one
 * transaction (the client's address only when CONSENT_RECORD_IP keeps it). What differs by
 * address is the job's.
 */
export async function acceptForm(
  deps: SubscriptionsDeps,
  wording: string,
  current: Wording,
  source: Source,
  job: { kind: string; payload: object },
): Promise<{ ok: true } | { ok: false; reason: 'unknown-wording' }> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    if (!(await knownWording(trx, wording, current, now)))
      return { ok: false as const, reason: 'unknown-wording' as const };
    const from = { page: source.page, form: source.form, ip: deps.recordIp ? source.ip : '' };
    await enqueue(trx, { kind: job.kind, payload: { ...job.payload, source: from } }, now);
    return { ok: true as const };
  });
}

/**
 * Deletes the request jobs for one address, run or waiting: for an erasure, so that neither the
 * queue remembers the person nor a request sent just before re-creates them just after.
 */
export async function forgetRequestsOf(db: Kysely<Database>, email: string): Promise<void> {
  // A LIKE narrows the rows (its wildcards only ever widen the match); the parsed payload decides.
  const candidates = await db
    .selectFrom('jobs')
    .select(['id', 'payload'])
    .where('kind', '=', REQUEST_JOB)
    .where('payload', 'like', `%${email}%`)
    .execute();
  const ids = candidates
    .filter((job) => requestPayload.safeParse(JSON.parse(job.payload)).data?.email === email)
    .map((job) => job.id);
  if (ids.length > 0) await db.deleteFrom('jobs').where('id', 'in', ids).execute();
}

/** The job of an accepted request (jobs.ts). */
export async function runRequest(deps: SubscriptionsDeps, payload: unknown): Promise<RequestOutcome> {
  const request = requestPayload.parse(payload);
  return requestSubscription(deps, request, request.source);
}

/**
 * A sign-up from the form: double opt-in. A new or not-yet-confirmed address gets a 'requested'
 * event with the wording it was shown and one mail, the confirmation; an address already confirmed
 * gets a mail with a link to its subscription instead, and nothing about it changes; a suppressed
 * address gets nothing at all. Everything, the mail included, is written in one transaction. Runs
 * in the request's job, after `acceptRequest` checked the wording.
 */
export async function requestSubscription(
  deps: SubscriptionsDeps,
  form: RequestForm,
  source: Source,
): Promise<RequestOutcome> {
  try {
    return await requestOnce(deps, form, source);
  } catch (err) {
    // Two requests for a new address at the same moment: the second finds the first's row.
    if (uniqueViolation(err)) return requestOnce(deps, form, source);
    throw err;
  }
}

type RequestForm = Pick<RequestPayload, 'email' | 'name' | 'language' | 'frequency' | 'follow' | 'wording'>;

async function requestOnce(
  deps: SubscriptionsDeps,
  form: RequestForm,
  source: Source,
): Promise<RequestOutcome> {
  const now = deps.now();
  const at = now.toISOString();
  return inTransaction(deps.db, async (trx) => {
    const existing = await q.findSubscriberByEmail(trx, form.email);
    if (existing?.status === 'suppressed') return { ok: true, sent: 'nothing' };
    // A bounced address, a complaint or staff's word: not even a confirmation (suppression.ts).
    const suppressed = await suppressionOf(trx, deps.salt, form.email);
    if (suppressed && isHard(suppressed.reason)) return { ok: true, sent: 'nothing' };
    // Nobody can bury an inbox in our mail: beyond a few links an hour, the same answer and no
    // mail. Counted in the database, so every instance counts the same links.
    if (
      existing &&
      (await q.linksSince(trx, existing.id, new Date(now.getTime() - HOUR_MS))) >= LINKS_PER_HOUR
    )
      return { ok: true, sent: 'nothing' };
    if (existing?.status === 'confirmed') {
      const token = await newLink(trx, existing.id, 'manage', now);
      await sendMail(deps, trx, form.email, 'manage', `/subscribe/manage/${token}`, now);
      return { ok: true, sent: 'manage' };
    }
    const details: RequestedDetails = {
      name: form.name,
      language: form.language,
      frequency: form.frequency,
      follows: form.follow,
    };
    let subscriberId: number;
    if (existing) {
      subscriberId = existing.id;
      // A pending request takes the latest choices; an unsubscribed person's stay as they were
      // until they confirm (the confirmation applies what its own request asked for).
      if (existing.status === 'pending') await applyChoices(trx, subscriberId, details, at);
    } else {
      const row = await trx
        .insertInto('subscribers')
        .values({
          email: form.email,
          name: form.name,
          language: form.language,
          frequency: form.frequency,
          status: 'pending',
          created_at: at,
          confirmed_at: null,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      subscriberId = row.id;
      await q.replaceFollows(trx, subscriberId, form.follow);
    }
    const token = await newLink(trx, subscriberId, 'confirm', now);
    await q.recordConsent(
      trx,
      {
        subscriberId,
        kind: 'requested',
        sourcePage: source.page,
        sourceForm: source.form,
        wordingHash: form.wording,
        tokenHash: sha256(token),
        ip: deps.recordIp ? source.ip : null,
        details,
      },
      now,
    );
    await sendMail(deps, trx, form.email, 'confirm', `/subscribe/confirm/${token}`, now);
    return { ok: true, sent: 'confirm' };
  });
}

async function applyChoices(trx: Kysely<Database>, id: number, choices: RequestedDetails, at: string) {
  await trx
    .updateTable('subscribers')
    .set({
      name: choices.name,
      language: choices.language,
      frequency: choices.frequency as SubscriberFrequency,
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
  await q.replaceFollows(trx, id, choices.follows as Follow[]);
}

/** A link's token: only its hash is stored, so a copy of the database opens no one's subscription. */
export async function newLink(
  trx: Kysely<Database>,
  subscriberId: number,
  purpose: 'confirm' | 'manage',
  now: Date,
) {
  const token = newToken();
  await trx
    .insertInto('subscriber_tokens')
    .values({
      token_hash: sha256(token),
      subscriber_id: subscriberId,
      purpose,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + CONFIRM_DAYS * DAY_MS).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** Queues the mail of a link (`path` on this site) in these words: a confirmation, a manage link. */
export async function queueLinkMail(
  deps: Pick<SubscriptionsDeps, 'publicUrl' | 'siteName'>,
  trx: Kysely<Database>,
  to: string,
  words: { subject: MessageKey; text: MessageKey },
  path: string,
  now: Date,
) {
  const link = `${deps.publicUrl}${path}`;
  await queueMail(
    trx,
    {
      to,
      subject: t(words.subject, { site: deps.siteName }),
      text: t(words.text, { site: deps.siteName, link }),
    },
    now,
  );
}

const sendMail = (
  deps: SubscriptionsDeps,
  trx: Kysely<Database>,
  to: string,
  kind: 'confirm' | 'manage',
  path: string,
  now: Date,
) =>
  queueLinkMail(
    deps,
    trx,
    to,
    { subject: `subscribe.mail.${kind}.subject`, text: `subscribe.mail.${kind}.text` },
    path,
    now,
  );

export type LinkRefusal = 'unknown' | 'expired' | 'used';

/** Whether a link can be used, without using it (the page with the button). */
export async function checkLink(
  deps: SubscriptionsDeps,
  token: string,
  purpose: 'confirm' | 'manage',
): Promise<{ ok: true; email: string; subscriberId: number } | { ok: false; reason: LinkRefusal }> {
  const row = await deps.db
    .selectFrom('subscriber_tokens as k')
    .innerJoin('subscribers as s', 's.id', 'k.subscriber_id')
    .select(['k.expires_at', 'k.used_at', 's.email', 's.id', 's.status'])
    .where('k.token_hash', '=', sha256(token))
    .where('k.purpose', '=', purpose)
    .executeTakeFirst();
  if (!row || row.status === 'suppressed') return { ok: false, reason: 'unknown' };
  if (row.used_at) return { ok: false, reason: 'used' };
  if (row.expires_at < deps.now().toISOString()) return { ok: false, reason: 'expired' };
  return { ok: true, email: row.email, subscriberId: row.id };
}

/**
 * Confirms the request a link was sent for: applies what that request asked for, records
 * 'confirmed' with the same wording, and uses the link up. A link confirms once: of two presses at
 * the same moment, one finds it already used.
 */
export async function confirmSubscription(
  deps: SubscriptionsDeps,
  token: string,
  source: Source,
): Promise<{ ok: true; email: string } | { ok: false; reason: LinkRefusal }> {
  const checked = await checkLink(deps, token, 'confirm');
  if (!checked.ok) return checked;
  const now = deps.now();
  const at = now.toISOString();
  const hash = sha256(token);
  return inTransaction(deps.db, async (trx) => {
    const taken = await trx
      .updateTable('subscriber_tokens')
      .set({ used_at: at })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>=', at)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) !== 1) return { ok: false as const, reason: 'used' as const };
    const requested = await q.requestedEventOf(trx, hash);
    const details = requestedDetails.safeParse(requested?.details ? JSON.parse(requested.details) : null);
    if (details.success) await applyChoices(trx, checked.subscriberId, details.data, at);
    await trx
      .updateTable('subscribers')
      .set({ status: 'confirmed', confirmed_at: at, updated_at: at })
      .where('id', '=', checked.subscriberId)
      .execute();
    // The person came back by a fresh opt-in: an unsubscription or erasure no longer stops mail.
    await liftSoft(trx, deps.salt, checked.email);
    // Older links of the same address would confirm older choices: they go.
    await trx
      .deleteFrom('subscriber_tokens')
      .where('subscriber_id', '=', checked.subscriberId)
      .where('purpose', '=', 'confirm')
      .where('used_at', 'is', null)
      .execute();
    await q.recordConsent(
      trx,
      {
        subscriberId: checked.subscriberId,
        kind: 'confirmed',
        sourcePage: source.page,
        sourceForm: source.form,
        wordingHash: requested?.wording_hash ?? null,
        tokenHash: hash,
        ip: deps.recordIp ? source.ip : null,
        details: undefined,
      },
      now,
    );
    if (deps.onConfirmed) {
      const follows = await trx
        .selectFrom('subscriber_follows')
        .select(['kind', 'target_id'])
        .where('subscriber_id', '=', checked.subscriberId)
        .orderBy('kind')
        .orderBy('target_id')
        .execute();
      await deps.onConfirmed(
        trx,
        {
          subscriberId: checked.subscriberId,
          email: checked.email,
          follows: follows.map((f) => ({ kind: f.kind, targetId: f.target_id })),
          confirmedAt: at,
        },
        now,
      );
    }
    return { ok: true as const, email: checked.email };
  });
}

/**
 * Deletes requests never confirmed within seven days, with their follows, links and consent events:
 * a person who never confirmed never consented, and keeping their address (or a record that it was
 * entered) would keep data about someone who did not agree to it. Each request has its seven
 * days: an address asked for again on day 6 is kept while that request's link still works.
 * Links expired a week ago go too (kept that long to answer "expired" rather than "unknown").
 * Returns how many requests were deleted.
 */
export async function expireRequests(deps: Pick<SubscriptionsDeps, 'db' | 'now'>): Promise<number> {
  const now = deps.now();
  const cutoff = new Date(now.getTime() - CONFIRM_DAYS * DAY_MS).toISOString();
  const deleted = await deps.db
    .deleteFrom('subscribers')
    .where('status', '=', 'pending')
    .where('created_at', '<', cutoff)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('subscriber_tokens as k')
            .select('k.token_hash')
            .whereRef('k.subscriber_id', '=', 'subscribers.id')
            .where('k.purpose', '=', 'confirm')
            .where('k.expires_at', '>=', now.toISOString()),
        ),
      ),
    )
    .executeTakeFirst();
  await deps.db.deleteFrom('subscriber_tokens').where('expires_at', '<', cutoff).execute();
  // A request's job holds the address and the choices: once run, nothing needs them there (the
  // subscriber's row and the ledger have what is kept). One that failed for good goes with the
  // request it was for.
  await deps.db
    .deleteFrom('jobs')
    .where('kind', '=', REQUEST_JOB)
    .where((eb) => eb.or([eb('status', 'in', ['done', 'cancelled']), eb('created_at', '<', cutoff)]))
    .execute();
  return Number(deleted.numDeletedRows);
}

export type ManageChoices = Pick<SubscribeForm, 'name' | 'language' | 'frequency' | 'follow' | 'wording'>;

/**
 * Applies a confirmed subscriber's new choices from the preference centre: at once, with a 'changed'
 * event recording them, the wording shown beside the form and the hash of the link that opened it.
 */
export async function changeChoices(
  deps: SubscriptionsDeps,
  subscriberId: number,
  choices: ManageChoices,
  source: Source,
  current: Wording,
  tokenHash: string,
): Promise<{ ok: true } | { ok: false; reason: 'unknown' | 'unknown-wording' }> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const subscriber = await q.findSubscriber(trx, subscriberId);
    if (subscriber?.status !== 'confirmed') return { ok: false as const, reason: 'unknown' as const };
    if (choices.wording === current.hash) await q.keepWording(trx, current, now);
    else if (!(await q.wordingExists(trx, choices.wording)))
      return { ok: false as const, reason: 'unknown-wording' as const };
    const details: RequestedDetails = {
      name: choices.name,
      language: choices.language,
      frequency: choices.frequency,
      follows: choices.follow,
    };
    await applyChoices(trx, subscriber.id, details, now.toISOString());
    await q.recordConsent(
      trx,
      {
        subscriberId: subscriber.id,
        kind: 'changed',
        sourcePage: source.page,
        sourceForm: source.form,
        wordingHash: choices.wording,
        tokenHash,
        ip: deps.recordIp ? source.ip : null,
        details,
      },
      now,
    );
    return { ok: true as const };
  });
}

/** A subscriber's current choices, for the page a manage link opens. */
export async function subscriptionOf(deps: SubscriptionsDeps, subscriberId: number) {
  const subscriber = await q.findSubscriber(deps.db, subscriberId);
  if (!subscriber) return undefined;
  return { subscriber, follows: await q.followsOf(deps.db, subscriberId) };
}

export interface ConsentProof {
  subscriber: { id: number; email: string; status: string; created_at: string; confirmed_at: string | null };
  events: Array<{
    time: string;
    event: string;
    source_page: string;
    source_form: string;
    wording_hash: string | null;
    wording_text: string | null;
    token_hash: string | null;
    ip: string | null;
    details: unknown;
  }>;
}

/** Everything that proves (or disproves) an address's consent, for the admin to show and export. */
export async function consentProof(deps: Pick<SubscriptionsDeps, 'db'>, rawEmail: string) {
  const subscriber = await q.findSubscriberByEmail(deps.db, rawEmail);
  if (!subscriber) return undefined;
  const events = await q.consentEventsOf(deps.db, subscriber.id);
  const proof: ConsentProof = {
    subscriber: {
      id: subscriber.id,
      email: subscriber.email,
      status: subscriber.status,
      created_at: subscriber.created_at,
      confirmed_at: subscriber.confirmed_at,
    },
    events: events.map((e) => ({
      time: e.occurred_at,
      event: e.kind,
      source_page: e.source_page,
      source_form: e.source_form,
      wording_hash: e.wording_hash,
      wording_text: e.wording_text,
      token_hash: e.token_hash,
      ip: e.ip,
      details: e.details ? JSON.parse(e.details) : null,
    })),
  };
  return proof;
}
