import type { Kysely } from 'kysely';
import { inTransaction } from '../../platform/db/errors.js';
import type { Database } from '../../platform/db/index.js';
import {
  type LinkCheck,
  type LinkKeys,
  personLinkId,
  signPersonLink,
  verifyPersonLink,
} from '../../platform/http/signed-link.js';
import { t } from '../../platform/i18n/index.js';
import { forgetMailTo } from '../../platform/mail/forget.js';
import { queueMail } from '../../platform/mail/index.js';
import { erasePerson, exportPerson, type PersonalDataHolder } from '../../platform/personal-data.js';
import type { ArticleRef, Newsroom } from '../newsroom.js';
import { supporterBounce } from './bounces.js';
import { HOUR_MS, normaliseEmail } from './rules.js';

/*
 * A supporter's own data, with no account: a link mailed to their address opens a page with what
 * Candle holds about them (who they are, each action, each letter written in their name), a
 * download of all of it, and its erasure. The other rooms' data under the same address (a
 * subscription) comes and goes with it, through the holders app.ts hands over.
 */

type Executor = Kysely<Database>;

export interface SupporterRightsDeps {
  db: Executor;
  now: () => Date;
  siteName: string;
  publicUrl: string;
  linkKeys: LinkKeys;
  newsroom: Pick<Newsroom, 'articles'>;
  /** What other rooms hold about a person: in their download, and erased with them. */
  otherPersonalData: readonly PersonalDataHolder[];
  /** Whether an address may be mailed at all (the suppression list, composed in app.ts). */
  mayMail?: (trx: Executor, email: string) => Promise<boolean>;
}

/** Signed for this purpose only: a subscriber's preference link never opens it, nor the reverse. */
const CONTEXT = 'candle-supporter-data-link';
/** The link opens the data of a person who asked for it; a month, like a preference link. */
export const DATA_LINK_DAYS = 30;
export const DATA_PATH = '/actions/your-data';

export interface SupporterRecord {
  supporter: {
    email: string;
    name: string;
    city: string;
    country: string;
    language: string;
    confirmed_at: string | null;
    created_at: string;
    updated_at: string;
  };
  actions: Array<{
    urgent_action: string | null;
    urgent_action_id: number;
    channel: string;
    state: string;
    detail: string;
    taken_at: string;
    counted_at: string | null;
    keep_me_informed: boolean;
    /** The exact sentence the person agreed to, beside its hash. */
    wording: string | null;
    wording_hash: string | null;
    source_page: string;
  }>;
  letters: Array<{
    urgent_action_id: number;
    to: string;
    role: string;
    language: string;
    subject: string;
    text: string;
    status: string;
    sent_at: string | null;
  }>;
}

async function supporterByEmail(db: Executor, email: string) {
  return db
    .selectFrom('ua_supporters')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
}

async function recordOf(deps: Pick<SupporterRightsDeps, 'newsroom'>, db: Executor, supporterId: number) {
  const s = await db.selectFrom('ua_supporters').selectAll().where('id', '=', supporterId).executeTakeFirst();
  if (!s) return null;
  const actions = await db
    .selectFrom('ua_actions_taken as a')
    .leftJoin('consent_wordings as w', 'w.hash', 'a.wording_hash')
    .select([
      'a.article_id',
      'a.channel',
      'a.state',
      'a.detail',
      'a.created_at',
      'a.counted_at',
      'a.hear_back',
      'a.wording_hash',
      'a.source_page',
      'w.text as wording',
    ])
    .where('a.supporter_id', '=', s.id)
    .orderBy('a.id')
    .execute();
  const letters = await db
    .selectFrom('ua_letters as l')
    .innerJoin('ua_actions_taken as a', 'a.id', 'l.action_id')
    .innerJoin('ua_targets as g', 'g.id', 'l.target_id')
    .select([
      'l.article_id',
      'g.name',
      'g.title',
      'l.role',
      'l.language',
      'l.subject',
      'l.body',
      'l.status',
      'l.sent_at',
    ])
    .where('a.supporter_id', '=', s.id)
    .orderBy('l.id')
    .execute();
  const articles = new Map<number, ArticleRef>(
    (await deps.newsroom.articles([...new Set(actions.map((a) => a.article_id))])).map((a) => [a.id, a]),
  );
  const record: SupporterRecord = {
    supporter: {
      email: s.email,
      name: s.name,
      city: s.city,
      country: s.country,
      language: s.language,
      confirmed_at: s.confirmed_at,
      created_at: s.created_at,
      updated_at: s.updated_at,
    },
    actions: actions.map((a) => ({
      urgent_action: articles.get(a.article_id)?.title ?? null,
      urgent_action_id: a.article_id,
      channel: a.channel,
      state: a.state,
      detail: a.detail,
      taken_at: a.created_at,
      counted_at: a.counted_at,
      keep_me_informed: a.hear_back === 1,
      wording: a.wording ?? null,
      wording_hash: a.wording_hash,
      source_page: a.source_page,
    })),
    letters: letters.map((l) => ({
      urgent_action_id: l.article_id,
      to: [l.name, l.title].filter(Boolean).join(', '),
      role: l.role,
      language: l.language,
      subject: l.subject,
      text: l.body,
      status: l.status,
      sent_at: l.sent_at,
    })),
  };
  return { id: s.id, email: s.email, record };
}

/**
 * Deletes a supporter with their actions, letters and links, and the mail to them still queued.
 * Letters already sent stay at the officials' offices: Candle keeps no copy. The counts on the
 * pages are figures without names; they follow the rows that remain.
 */
async function eraseSupporter(trx: Executor, supporterId: number, email: string): Promise<void> {
  const actionIds = trx.selectFrom('ua_actions_taken').select('id').where('supporter_id', '=', supporterId);
  await trx.deleteFrom('ua_letters').where('action_id', 'in', actionIds).execute();
  await trx.deleteFrom('ua_actions_taken').where('supporter_id', '=', supporterId).execute();
  await trx.deleteFrom('ua_supporter_links').where('supporter_id', '=', supporterId).execute();
  await trx.deleteFrom('ua_supporters').where('id', '=', supporterId).execute();
  await forgetMailTo(trx, email);
}

/** The actions room as a holder of personal data, for the other rooms' downloads and erasures. */
export function supportersPersonalData(deps: Pick<SupporterRightsDeps, 'newsroom'>): PersonalDataHolder {
  return {
    section: 'urgent_actions',
    async exportOf(db, email) {
      const s = await supporterByEmail(db, email);
      return s ? ((await recordOf(deps, db, s.id))?.record ?? null) : null;
    },
    async eraseOf(trx, email) {
      const s = await supporterByEmail(trx, email);
      if (!s) return false;
      await eraseSupporter(trx, s.id, s.email);
      return true;
    },
  };
}

export function dataLink(
  deps: Pick<SupporterRightsDeps, 'linkKeys'>,
  s: { id: number; email: string },
  now: Date,
) {
  return signPersonLink(deps.linkKeys, CONTEXT, s, DATA_LINK_DAYS, now);
}

export type OpenedRecord =
  | { ok: true; id: number; email: string; record: SupporterRecord }
  | { ok: false; reason: Extract<LinkCheck, { ok: false }>['reason'] };

/** What a data link opens: the supporter's record, or why it opens nothing (forged and unknown alike). */
export async function openRecord(deps: SupporterRightsDeps, link: string): Promise<OpenedRecord> {
  const id = personLinkId(link);
  const found = id === null ? null : await recordOf(deps, deps.db, id);
  const checked = verifyPersonLink(deps.linkKeys, CONTEXT, link, found ?? undefined, deps.now());
  if (!checked.ok) return checked;
  return { ok: true, ...(found as NonNullable<typeof found>) };
}

/** Everything held under the supporter's address, in every room, as they download it. */
export async function downloadOf(
  deps: SupporterRightsDeps,
  opened: { email: string; record: SupporterRecord },
) {
  return {
    generated_at: deps.now().toISOString(),
    site: deps.siteName,
    urgent_actions: opened.record,
    ...(await exportPerson(deps.otherPersonalData, deps.db, opened.email)),
  };
}

/** Erases the supporter and what the other rooms hold under the same address, in one transaction. */
export async function eraseRecord(deps: SupporterRightsDeps, supporterId: number): Promise<boolean> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const s = await trx
      .selectFrom('ua_supporters')
      .select(['id', 'email'])
      .where('id', '=', supporterId)
      .executeTakeFirst();
    if (!s) return false;
    await eraseSupporter(trx, s.id, s.email);
    await erasePerson(deps.otherPersonalData, trx, s.email, now);
    return true;
  });
}

/**
 * Mails a data link to an address that acted; nothing otherwise, and the page says the same
 * either way. At most one such mail an hour per address, however often it is asked for.
 */
export async function mailDataLink(deps: SupporterRightsDeps, rawEmail: string): Promise<void> {
  const now = deps.now();
  const s = await supporterByEmail(deps.db, rawEmail);
  // An address that bounced for good takes no more mail (the page says the same as ever).
  if (!s || s.bounced_at !== null) return;
  if (deps.mayMail && !(await deps.mayMail(deps.db, s.email))) return;
  const link = `${deps.publicUrl}${DATA_PATH}/${dataLink(deps, s, now)}`;
  const hour = Math.floor(now.getTime() / HOUR_MS);
  await queueMail(
    deps.db,
    {
      to: s.email,
      subject: t('yourData.mail.subject', { site: deps.siteName }),
      text: t('yourData.mail.text', { site: deps.siteName, link, days: DATA_LINK_DAYS }),
      bounce: supporterBounce(s.id),
    },
    now,
    { once: `supporter-data:${s.id}:${hour}` },
  );
}
