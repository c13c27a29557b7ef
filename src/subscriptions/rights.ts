import type { Kysely } from 'kysely';
import { sha256 } from '../accounts/index.js';
import { inTransaction } from '../platform/db/errors.js';
import type { Database } from '../platform/db/index.js';
import { t } from '../platform/i18n/index.js';
import { forgetMailTo } from '../platform/mail/forget.js';
import { queueMail } from '../platform/mail/index.js';
import { erasePerson, exportPerson, type PersonalDataHolder } from '../platform/personal-data.js';
import {
  LINK_DAYS,
  type LinkCheck,
  type LinkKeys,
  type LinkPurpose,
  linkSubjectId,
  type SubscriberLinksFn,
  verifyLink,
} from './links.js';
import { eraseFromNetwork, type NetworkExport, networkExport } from './network/membership.js';
import * as q from './queries.js';
import { DAY_MS, type FollowTarget, normaliseEmail } from './rules.js';
import type { Source, SubscriptionsDeps } from './service.js';
import { forgetRequestsOf, LINKS_PER_HOUR } from './service.js';
import { suppress } from './suppression.js';

/**
 * What a supporter can do from the links in every mail, with no account and no password:
 * unsubscribe in one step, download what Candle holds about them, and erase it.
 */
export interface RightsDeps extends SubscriptionsDeps {
  linkKeys: LinkKeys;
  subscriberLinks: SubscriberLinksFn;
  /** What other rooms hold about a person: in their download, and erased with them. */
  otherPersonalData: readonly PersonalDataHolder[];
}

export type OpenedLink =
  | { ok: true; subscriber: q.SubscriberRow }
  | { ok: false; reason: Extract<LinkCheck, { ok: false }>['reason'] };

/** The subscriber a signed link opens, or why it opens nothing (the same for forged and unknown). */
export async function openLink(deps: RightsDeps, purpose: LinkPurpose, link: string): Promise<OpenedLink> {
  const id = linkSubjectId(link);
  const subscriber = id === null ? undefined : await q.findSubscriber(deps.db, id);
  const checked = verifyLink(deps.linkKeys, purpose, link, subscriber, deps.now());
  if (!checked.ok) return checked;
  return { ok: true, subscriber: subscriber as q.SubscriberRow };
}

/**
 * Unsubscribes in one step: the status, an 'unsubscribed' event with the link's hash, and the
 * address on the suppression list, in one transaction. Pressing again changes nothing more.
 */
export async function unsubscribe(
  deps: RightsDeps,
  subscriber: q.SubscriberRow,
  link: string,
  source: Source,
): Promise<{ changed: boolean }> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const current = await q.findSubscriber(trx, subscriber.id);
    if (!current || current.status === 'unsubscribed' || current.status === 'suppressed')
      return { changed: false };
    await suppress(
      trx,
      deps.salt,
      { email: current.email, reason: 'unsubscribed', source: 'link', note: '', at: now },
      now,
    );
    await trx
      .updateTable('subscribers')
      .set({ status: 'unsubscribed', updated_at: now.toISOString() })
      .where('id', '=', current.id)
      .execute();
    await q.recordConsent(
      trx,
      {
        subscriberId: current.id,
        kind: 'unsubscribed',
        sourcePage: source.page,
        sourceForm: source.form,
        wordingHash: null,
        tokenHash: sha256(link),
        ip: deps.recordIp ? source.ip : null,
        details: undefined,
      },
      now,
    );
    return { changed: true };
  });
}

/** What the subscriptions room holds about a subscriber (Articles 15 and 20 GDPR). */
export interface SubscriptionExport {
  subscriber: Pick<
    q.SubscriberRow,
    'email' | 'name' | 'language' | 'frequency' | 'status' | 'created_at' | 'confirmed_at' | 'updated_at'
  >;
  /** `name`: as the newsroom names it today; null for something since deleted. */
  follows: Array<{ kind: string; id: number; name: string | null }>;
  /** Their Urgent Action Network membership, when they joined or asked to (network/). */
  network?: NetworkExport;
  consent_events: Array<{
    time: string;
    event: string;
    source_page: string;
    source_form: string;
    /** The exact sentence the person was shown, beside its hash. */
    wording: string | null;
    wording_hash: string | null;
    ip: string | null;
    details: unknown;
  }>;
}

/** Everything Candle holds about a subscriber, as they download it: this room's and the others'. */
export type SubscriberExport = SubscriptionExport & {
  generated_at: string;
  site: string;
  /** Other rooms' sections ("urgent_actions": what they did, the letters sent in their name). */
  [section: string]: unknown;
};

async function subscriptionExport(
  db: Kysely<Database>,
  s: q.SubscriberRow,
  targets: readonly FollowTarget[],
): Promise<SubscriptionExport> {
  const follows = await q.followsOf(db, s.id);
  const events = await q.consentEventsOf(db, s.id);
  return {
    subscriber: {
      email: s.email,
      name: s.name,
      language: s.language,
      frequency: s.frequency,
      status: s.status,
      created_at: s.created_at,
      confirmed_at: s.confirmed_at,
      updated_at: s.updated_at,
    },
    follows: follows.map((f) => ({
      kind: f.kind,
      id: f.targetId,
      name:
        f.kind === 'everything'
          ? t('subscribe.everything')
          : (targets.find((x) => x.kind === f.kind && x.id === f.targetId)?.name ?? null),
    })),
    ...(await networkExport(db, s.id, targets)),
    consent_events: events.map((e) => ({
      time: e.occurred_at,
      event: e.kind,
      source_page: e.source_page,
      source_form: e.source_form,
      wording: e.wording_text,
      wording_hash: e.wording_hash,
      ip: e.ip,
      details: e.details ? JSON.parse(e.details) : null,
    })),
  };
}

export async function exportData(
  deps: RightsDeps,
  subscriberId: number,
  targets: readonly FollowTarget[],
): Promise<SubscriberExport | undefined> {
  const s = await q.findSubscriber(deps.db, subscriberId);
  if (!s) return undefined;
  return {
    generated_at: deps.now().toISOString(),
    site: deps.siteName,
    ...(await subscriptionExport(deps.db, s, targets)),
    ...(await exportPerson(deps.otherPersonalData, deps.db, s.email)),
  };
}

/**
 * Erases a subscriber in the caller's transaction: the person, their follows, links and consent
 * events, and the mail to them kept in the outbox and the mail queue. Only a salted hash of the
 * address stays, on the suppression list (reason 'erased'), so an import cannot put them back
 * silently; they can subscribe again only by a new double opt-in that they confirm themselves.
 */
async function eraseSubscriber(
  trx: Kysely<Database>,
  salt: string,
  s: q.SubscriberRow,
  now: Date,
): Promise<void> {
  await suppress(trx, salt, { email: s.email, reason: 'erased', source: 'erasure', note: '', at: now }, now);
  // Named one by one rather than trusting cascades: erasure must not depend on a pragma.
  await trx.deleteFrom('consent_events').where('subscriber_id', '=', s.id).execute();
  await trx.deleteFrom('subscriber_tokens').where('subscriber_id', '=', s.id).execute();
  await trx.deleteFrom('subscriber_follows').where('subscriber_id', '=', s.id).execute();
  await eraseFromNetwork(trx, s.id, s.email, now);
  await trx.deleteFrom('subscribers').where('id', '=', s.id).execute();
  await forgetMailTo(trx, s.email);
  await forgetRequestsOf(trx, s.email);
}

/** Erases a subscriber and what the other rooms hold under the same address, in one transaction. */
export async function erase(deps: RightsDeps, subscriberId: number): Promise<boolean> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const s = await q.findSubscriber(trx, subscriberId);
    if (!s) return false;
    await eraseSubscriber(trx, deps.salt, s, now);
    await erasePerson(deps.otherPersonalData, trx, s.email, now);
    return true;
  });
}

/** The subscriptions room as a holder of personal data, for the other rooms' downloads and erasures. */
export function subscriptionsPersonalData(
  deps: { salt: string },
  followables: { list(): Promise<readonly FollowTarget[]> },
): PersonalDataHolder {
  return {
    section: 'subscription',
    async exportOf(db, email) {
      const s = await q.findSubscriberByEmail(db, normaliseEmail(email));
      return s ? subscriptionExport(db, s, await followables.list()) : null;
    },
    async eraseOf(trx, email, now) {
      const s = await q.findSubscriberByEmail(trx, normaliseEmail(email));
      if (!s) return false;
      await eraseSubscriber(trx, deps.salt, s, now);
      return true;
    },
  };
}

/**
 * Mails a fresh preference link to an address that is on record (confirmed, unsubscribed or
 * suppressed by a link it asked for); nothing otherwise, and the page says the same either way.
 * Each link sent is counted (its hash kept as a 'manage' token) against the same hourly limit
 * as the sign-up form's mail.
 */
export async function sendFreshLink(deps: RightsDeps, rawEmail: string): Promise<'sent' | 'nothing'> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const s = await q.findSubscriberByEmail(trx, normaliseEmail(rawEmail));
    if (!s || s.status === 'pending' || s.status === 'suppressed') return 'nothing';
    if ((await q.linksSince(trx, s.id, new Date(now.getTime() - 60 * 60_000))) >= LINKS_PER_HOUR)
      return 'nothing';
    const links = deps.subscriberLinks(s, now);
    await trx
      .insertInto('subscriber_tokens')
      .values({
        token_hash: sha256(links.manageUrl),
        subscriber_id: s.id,
        purpose: 'manage',
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + LINK_DAYS.manage * DAY_MS).toISOString(),
        used_at: null,
      })
      .execute();
    await queueMail(
      trx,
      {
        to: s.email,
        subject: t('rights.mail.link.subject', { site: deps.siteName }),
        text: t('rights.mail.link.text', { site: deps.siteName, link: links.manageUrl }),
      },
      now,
    );
    return 'sent';
  });
}
