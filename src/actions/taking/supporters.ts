import type { Kysely } from 'kysely';
import { newToken, sha256 } from '../../accounts/index.js';
import { inTransaction } from '../../platform/db/errors.js';
import type { ActionChannel, Database } from '../../platform/db/index.js';
import { t } from '../../platform/i18n/index.js';
import { enqueue } from '../../platform/jobs/index.js';
import { queueMail } from '../../platform/mail/index.js';
import { numbering } from '../rules.js';
import { supporterBounce } from './bounces.js';
import { counted, type TakingDeps } from './deps.js';
import { CONFIRM_DAYS, DAY_MS, HOUR_MS, LINKS_PER_HOUR } from './rules.js';

/*
 * Supporters and the link that confirms their address. Nothing is counted and no letter goes in
 * the name of an address before its owner pressed the button behind that link.
 */

type Executor = Kysely<Database>;

/** The job that sends queued letters; kicked when letters are released, and every minute. */
export const DISPATCH_JOB = 'actions.letters.dispatch';

/** Per database handle (one app), the last second this process kicked the dispatcher for. */
const kicked = new WeakMap<object, number>();

/**
 * Asks the dispatcher to run now: at most one such job a second across processes (keyed by the
 * second), and one insert a second from this process however many letters it queues. Remembered
 * only once the transaction that wrote it committed; until then a later kick writes it again.
 */
export async function kickDispatcher(trx: Executor, now: Date, db?: object): Promise<void> {
  const second = Math.floor(now.getTime() / 1000);
  if (db && kicked.get(db) === second) return;
  await enqueue(
    trx,
    {
      kind: DISPATCH_JOB,
      payload: {},
      idempotencyKey: `${DISPATCH_JOB}:kick:${new Date(second * 1000).toISOString()}`,
    },
    now,
  );
}

/** After the commit: this process need not kick again this second. */
export function kicksDone(db: object, now: Date): void {
  kicked.set(db, Math.floor(now.getTime() / 1000));
}

export interface Person {
  email: string;
  name: string;
  city: string;
  country: string;
}

/**
 * The supporter of an address, made the first time it is used. An unconfirmed one takes the
 * latest name, city and country given (their letters are signed with them once they confirm); a
 * confirmed one keeps theirs.
 */
export async function supporterFor(trx: Executor, person: Person, now: Date) {
  const at = now.toISOString();
  // Most actions come from an address already known: one read, no write, for them.
  let row = await trx
    .selectFrom('ua_supporters')
    .select(['id', 'confirmed_at'])
    .where('email', '=', person.email)
    .executeTakeFirst();
  if (!row) {
    const inserted = await trx
      .insertInto('ua_supporters')
      .values({
        email: person.email,
        name: person.name,
        city: person.city,
        country: person.country,
        confirmed_at: null,
        created_at: at,
        updated_at: at,
      })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning(['id', 'confirmed_at'])
      .executeTakeFirst();
    if (inserted) return { id: inserted.id, confirmed: false, isNew: true };
    // Another request made it a moment ago.
    row = await trx
      .selectFrom('ua_supporters')
      .select(['id', 'confirmed_at'])
      .where('email', '=', person.email)
      .executeTakeFirstOrThrow();
  }
  if (row.confirmed_at === null) {
    await trx
      .updateTable('ua_supporters')
      .set({
        name: person.name,
        ...(person.city ? { city: person.city } : {}),
        ...(person.country ? { country: person.country } : {}),
        updated_at: at,
      })
      .where('id', '=', row.id)
      .execute();
  }
  return { id: row.id, confirmed: row.confirmed_at !== null, isNew: false };
}

/**
 * Mails a supporter a confirmation link (a new or unconfirmed address, or a confirmed one acting
 * from a browser it never confirmed from), at most LINKS_PER_HOUR an hour: nobody can bury an
 * inbox in our mail by acting in its name, whether or not the address is known. The count keeps
 * the limit within a transaction; the mail's `once` key (the supporter, the clock hour, which of
 * its mails this is) keeps it across transactions at the same moment (two processes, two groups),
 * which the count alone cannot see. Only the token's hash is stored.
 */
export async function sendConfirmation(
  deps: Pick<TakingDeps, 'publicUrl' | 'siteName' | 'mayMail'>,
  trx: Executor,
  /** `confirmed`: an address confirmed before, acting from another browser (its own wording). */
  supporter: { id: number; email: string; confirmed?: boolean },
  now: Date,
): Promise<boolean> {
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  // One read: the links of the last hour, and whether the address bounced for good (no more mail).
  const recent = await trx
    .selectFrom('ua_supporters as s')
    .select((eb) => [
      's.bounced_at',
      eb
        .selectFrom('ua_supporter_links as k')
        .select((k) => k.fn.countAll<number>().as('n'))
        .whereRef('k.supporter_id', '=', 's.id')
        .where('k.created_at', '>', since)
        .as('n'),
    ])
    .where('s.id', '=', supporter.id)
    .executeTakeFirstOrThrow();
  if (recent.bounced_at !== null) return false;
  if (deps.mayMail && !(await deps.mayMail(trx, supporter.email))) return false;
  const sentThisHour = Number(recent.n);
  if (sentThisHour >= LINKS_PER_HOUR) return false;
  const token = newToken();
  await trx
    .insertInto('ua_supporter_links')
    .values({
      token_hash: sha256(token),
      supporter_id: supporter.id,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + CONFIRM_DAYS * DAY_MS).toISOString(),
      used_at: null,
    })
    .execute();
  const link = `${deps.publicUrl}/actions/confirm/${token}`;
  await queueMail(
    trx,
    {
      to: supporter.email,
      subject: t('take.mail.subject', { site: deps.siteName }),
      // To the address's owner alone: telling them it was confirmed before reveals nothing.
      text: t(supporter.confirmed ? 'take.mail.textConfirmed' : 'take.mail.text', {
        site: deps.siteName,
        link,
        days: CONFIRM_DAYS,
        dataPage: `${deps.publicUrl}/actions/your-data`,
      }),
      bounce: supporterBounce(supporter.id),
    },
    now,
    { once: `ua-link:${supporter.id}:${Math.floor(now.getTime() / HOUR_MS)}:${sentThisHour}` },
  );
  return true;
}

export type LinkRefusal = 'unknown' | 'expired' | 'used';

/** Whether a link can be used, without using it (the page with the button). */
export async function checkLink(
  deps: Pick<TakingDeps, 'db' | 'now'>,
  token: string,
): Promise<{ ok: true; email: string; supporterId: number } | { ok: false; reason: LinkRefusal }> {
  const row = await deps.db
    .selectFrom('ua_supporter_links as k')
    .innerJoin('ua_supporters as s', 's.id', 'k.supporter_id')
    .select(['k.expires_at', 'k.used_at', 's.email', 's.id'])
    .where('k.token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used_at) return { ok: false, reason: 'used' };
  if (row.expires_at < deps.now().toISOString()) return { ok: false, reason: 'expired' };
  return { ok: true, email: row.email, supporterId: row.id };
}

/** An action waiting for its supporter's confirmation, as the confirmation page lists it. */
export interface PendingAction {
  id: number;
  articleId: number;
  channel: ActionChannel;
  createdAt: string;
  /** The email channel's letter as written (the one to the first target): what would be sent. */
  letter: { subject: string; body: string } | null;
}

/**
 * What pressing a supporter's confirmation button would count and send: their pending actions,
 * oldest first, each with its letter. Someone else may have typed the address (the owner's mail
 * says so): the page lists them so that the owner confirms what they did, and only that.
 */
export async function pendingActionsOf(db: Executor, supporterId: number): Promise<PendingAction[]> {
  const actions = await db
    .selectFrom('ua_actions_taken')
    .select(['id', 'article_id', 'channel', 'created_at'])
    .where('supporter_id', '=', supporterId)
    .where('state', '=', 'pending')
    .orderBy('id')
    .limit(MAX_LISTED_PENDING)
    .execute();
  const letters =
    actions.length === 0
      ? []
      : await db
          .selectFrom('ua_letters')
          .select(['action_id', 'subject', 'body'])
          .where(
            'action_id',
            'in',
            actions.map((a) => a.id),
          )
          .orderBy('id')
          .execute();
  const first = new Map<number, { subject: string; body: string }>();
  for (const l of letters)
    if (!first.has(l.action_id)) first.set(l.action_id, { subject: l.subject, body: l.body });
  return actions.map((a) => ({
    id: a.id,
    articleId: a.article_id,
    channel: a.channel,
    createdAt: a.created_at,
    letter: first.get(a.id) ?? null,
  }));
}

/** The most pending actions a confirmation page lists (one per urgent action and channel: a few). */
const MAX_LISTED_PENDING = 50;

/** What the owner chose on the confirmation page: of the actions it listed, those that are theirs. */
export interface ConfirmChoice {
  listed: readonly number[];
  chosen: readonly number[];
}

/**
 * The button behind a link: the address is confirmed, the supporter's pending actions are counted
 * and their waiting letters queued for the dispatcher. A link confirms once: of two presses at the
 * same moment, one finds it already used.
 */
export async function confirmSupporter(
  deps: TakingDeps,
  token: string,
  /** Without it (a press from a page that listed nothing), every pending action counts. */
  choice?: ConfirmChoice,
): Promise<
  | { ok: true; supporterId: number; email: string; counted: number; deleted: number }
  | { ok: false; reason: LinkRefusal }
> {
  const checked = await checkLink(deps, token);
  if (!checked.ok) return checked;
  const now = deps.now();
  const at = now.toISOString();
  const hash = sha256(token);
  const articles: number[] = [];
  const outcome = await inTransaction(deps.db, async (trx) => {
    const link = await trx
      .updateTable('ua_supporter_links')
      .set({ used_at: at })
      .where('token_hash', '=', hash)
      .where('used_at', 'is', null)
      .where('expires_at', '>=', at)
      .returning('supporter_id')
      .executeTakeFirst();
    if (!link) return { ok: false as const, reason: 'used' as const };
    const supporterId = link.supporter_id;
    await trx
      .updateTable('ua_supporters')
      .set({ confirmed_at: at, updated_at: at })
      .where('id', '=', supporterId)
      .where('confirmed_at', 'is', null)
      .execute();
    // Listed but unticked: not theirs. Deleted with their waiting letters, nothing sent or counted.
    const refused = choice ? choice.listed.filter((id) => !choice.chosen.includes(id)) : [];
    let deleted = 0;
    if (refused.length > 0) {
      const gone = await trx
        .selectFrom('ua_actions_taken')
        .select('id')
        .where('supporter_id', '=', supporterId)
        .where('state', '=', 'pending')
        .where('id', 'in', refused)
        .execute();
      const ids = gone.map((g) => g.id);
      if (ids.length > 0) {
        await trx
          .deleteFrom('ua_letters')
          .where('action_id', 'in', ids)
          .where('status', '=', 'waiting')
          .execute();
        await trx.deleteFrom('ua_actions_taken').where('id', 'in', ids).execute();
      }
      deleted = ids.length;
    }
    const chosen = choice ? choice.chosen.filter((id) => choice.listed.includes(id)) : null;
    const nowCounted =
      chosen !== null && chosen.length === 0
        ? []
        : await trx
            .updateTable('ua_actions_taken')
            .set({ state: 'counted', counted_at: at })
            .where('supporter_id', '=', supporterId)
            .where('state', '=', 'pending')
            .$if(chosen !== null, (q) => q.where('id', 'in', chosen ?? []))
            .returning(['id', 'article_id', 'channel'])
            .execute();
    if (nowCounted.length > 0 && deps.onTaken) {
      const numbered = await trx
        .selectFrom('urgent_actions')
        .select(['article_id', 'year', 'number', 'update_ordinal', 'series_id'])
        .where('article_id', 'in', [...new Set(nowCounted.map((c) => c.article_id))])
        .execute();
      const reference = new Map(numbered.map((r) => [r.article_id, numbering(r)?.reference ?? null]));
      await deps.onTaken(
        trx,
        nowCounted.map((c) => ({
          actionId: c.id,
          articleId: c.article_id,
          reference: reference.get(c.article_id) ?? null,
          channel: c.channel,
        })),
        now,
      );
    }
    if (nowCounted.length > 0) {
      const released = await trx
        .updateTable('ua_letters')
        .set({ status: 'queued' })
        .where('status', '=', 'waiting')
        .where(
          'action_id',
          'in',
          nowCounted.map((c) => c.id),
        )
        .executeTakeFirst();
      if (Number(released.numUpdatedRows) > 0) await kickDispatcher(trx, now, deps.db);
      articles.push(...new Set(nowCounted.map((c) => c.article_id)));
    }
    return { ok: true as const, supporterId, email: checked.email, counted: nowCounted.length, deleted };
  });
  if (outcome.ok && outcome.counted > 0) kicksDone(deps.db, now);
  if (outcome.ok) await counted(deps, articles);
  return outcome;
}

/**
 * "Send me a fresh link": an address with something to confirm (unconfirmed, or confirmed with
 * actions waiting, sent from a browser not trusted yet) gets one, within the hourly limit; any
 * other address, nothing. The answer is the same either way.
 */
export async function freshLink(deps: TakingDeps, email: string): Promise<void> {
  const now = deps.now();
  await inTransaction(deps.db, async (trx) => {
    const row = await trx
      .selectFrom('ua_supporters as s')
      .select(['s.id', 's.email', 's.confirmed_at'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('ua_actions_taken as a')
              .select('a.id')
              .whereRef('a.supporter_id', '=', 's.id')
              .where('a.state', '=', 'pending'),
          )
          .as('waiting'),
      )
      .where('s.email', '=', email)
      .executeTakeFirst();
    if (row && (row.confirmed_at === null || Boolean(row.waiting)))
      await sendConfirmation(
        deps,
        trx,
        { id: row.id, email: row.email, confirmed: row.confirmed_at !== null },
        now,
      );
  });
}

/**
 * The hourly sweep: a supporter who never confirmed within 7 days (and holds no link still good)
 * is deleted with their pending actions and waiting letters: they never consented, so nothing of
 * them is kept. So are a confirmed supporter's actions sent from a browser they never confirmed
 * from and left pending 7 days (no link still good): their owner never said they were theirs.
 * Used and expired links go too.
 */
export async function expireSupporters(deps: Pick<TakingDeps, 'db' | 'now'>): Promise<number> {
  const now = deps.now();
  const at = now.toISOString();
  const cutoff = new Date(now.getTime() - CONFIRM_DAYS * DAY_MS).toISOString();
  return inTransaction(deps.db, async (trx) => {
    const stale = trx
      .selectFrom('ua_supporters as s')
      .select('s.id')
      .where('s.confirmed_at', 'is', null)
      .where('s.created_at', '<', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ua_supporter_links as k')
              .select('k.token_hash')
              .whereRef('k.supporter_id', '=', 's.id')
              .where('k.expires_at', '>=', at),
          ),
        ),
      );
    // A confirmed supporter's actions from an untrusted browser, never confirmed: those alone go.
    const unclaimed = trx
      .selectFrom('ua_actions_taken as a')
      .innerJoin('ua_supporters as s', 's.id', 'a.supporter_id')
      .select('a.id')
      .where('a.state', '=', 'pending')
      .where('s.confirmed_at', 'is not', null)
      .where('a.created_at', '<', cutoff)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('ua_supporter_links as k')
              .select('k.token_hash')
              .whereRef('k.supporter_id', '=', 's.id')
              .where('k.expires_at', '>=', at),
          ),
        ),
      );
    const unclaimedIds = (await unclaimed.execute()).map((r) => r.id);
    if (unclaimedIds.length > 0) {
      await trx.deleteFrom('ua_letters').where('action_id', 'in', unclaimedIds).execute();
      await trx.deleteFrom('ua_actions_taken').where('id', 'in', unclaimedIds).execute();
    }
    const ids = (await stale.execute()).map((r) => r.id);
    if (ids.length === 0) return 0;
    // Children first: the foreign keys cascade, but saying it here reads the same on both databases.
    const actions = trx.selectFrom('ua_actions_taken').select('id').where('supporter_id', 'in', ids);
    await trx.deleteFrom('ua_letters').where('action_id', 'in', actions).execute();
    await trx.deleteFrom('ua_actions_taken').where('supporter_id', 'in', ids).execute();
    await trx.deleteFrom('ua_supporter_links').where('supporter_id', 'in', ids).execute();
    await trx.deleteFrom('ua_supporters').where('id', 'in', ids).execute();
    return ids.length;
  });
}
