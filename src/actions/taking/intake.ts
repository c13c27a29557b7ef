import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction, uniqueViolation } from '../../platform/db/errors.js';
import type { ActionChannel, Database } from '../../platform/db/index.js';
import type { Newsroom } from '../newsroom.js';
import { numbering, statusOf, stringList } from '../rules.js';
import { eventsOf, findAction } from '../service.js';
import { counted, type TakingDeps } from './deps.js';
import type { LetterTemplate, Wording } from './rules.js';
import { kickDispatcher, kicksDone, type Person, sendConfirmation, supporterFor } from './supporters.js';

/*
 * The intake: an action is recorded at once, so what a supporter was told was received is never
 * lost; it counts when their address is confirmed. One per (urgent action, channel, supporter).
 */

type Executor = Kysely<Database>;

export interface OfficialOnAction {
  id: number;
  role: 'target' | 'copy';
  email: string;
  language: string;
  salutation: string;
  /** As the page names them ("Ing. Jaime Bonilla Valdez"). */
  name: string;
}

/** An urgent action as the intake needs it: whether it takes actions now, and whom letters go to. */
export interface ActionForIntake {
  articleId: number;
  title: string;
  path: string;
  reference: string | null;
  asks: string[];
  open: boolean;
  officials: OfficialOnAction[];
}

/** The officials a letter goes to: the targets and copies that have an email address. */
export const emailed = (a: ActionForIntake) => a.officials.filter((o) => o.email !== '');
/** The email channel is offered only when a target (not just a copy) can be written to. */
export const emailOffered = (a: ActionForIntake) => a.officials.some((o) => o.role === 'target' && o.email);

/** The urgent action behind a public form, or null when there is none to show (unknown, unpublished). */
export async function actionForIntake(
  deps: Pick<TakingDeps, 'db' | 'now'> & { newsroom: Pick<Newsroom, 'articles'> },
  articleId: number,
): Promise<ActionForIntake | null> {
  const now = deps.now();
  const [row, article] = await Promise.all([
    findAction(deps.db, articleId),
    deps.newsroom.articles([articleId]).then((a) => a[0]),
  ]);
  if (!row || !article || article.type !== 'urgent-action') return null;
  if (article.status !== 'published' || !article.publishedAt || article.publishedAt > now.toISOString())
    return null;
  const [events, officials] = await Promise.all([
    eventsOf(deps.db, [articleId]),
    deps.db
      .selectFrom('ua_action_targets as at')
      .innerJoin('ua_targets as t', 't.id', 'at.target_id')
      .select(['t.id', 'at.role', 't.email', 't.language', 't.salutation', 't.honorific', 't.name'])
      .where('at.article_id', '=', articleId)
      .orderBy('at.role', 'desc')
      .orderBy('at.position')
      .execute(),
  ]);
  return {
    articleId,
    title: article.title,
    path: article.path,
    reference: numbering(row)?.reference ?? null,
    asks: stringList(row.asks),
    open: statusOf(events, row.act_before, now).open,
    officials: officials.map((o) => ({
      id: o.id,
      role: o.role,
      email: o.email,
      language: o.language,
      salutation: o.salutation,
      name: [o.honorific, o.name].filter(Boolean).join(' '),
    })),
  };
}

/** The sample letters of an urgent action, one per language. */
export async function templatesOf(db: Executor, articleId: number): Promise<LetterTemplate[]> {
  return db
    .selectFrom('ua_letter_templates')
    .select(['language', 'subject', 'body'])
    .where('article_id', '=', articleId)
    .execute();
}

export interface NewAction {
  action: ActionForIntake;
  channel: ActionChannel;
  detail: string;
  person: Person;
  /** "Keep me informed", with the wording the supporter saw (checked by `keepWording`). */
  hearBack: { wording: Wording } | null;
  sourcePage: string;
  /** The email channel's letter, as the supporter left it. */
  letter?: { subject: string; body: string };
}

/**
 * What happened: `counted` (the address was confirmed already), `pending` (a confirmation link
 * was mailed, or had been lately), `repeat` (this supporter took this action on this channel
 * before: thanked, not counted again). The page says the same for all three.
 */
export type Intake = { outcome: 'counted' | 'pending' | 'repeat'; actionId: number | null };

export async function recordAction(deps: TakingDeps, input: NewAction): Promise<Intake> {
  const now = deps.now();
  let intake: Intake;
  try {
    intake = await recordOnce(deps, input, now);
  } catch (err) {
    // Two first actions of a new address at the same moment: the second finds the first's rows.
    if (!uniqueViolation(err)) throw err;
    intake = await recordOnce(deps, input, now);
  }
  if (intake.outcome === 'counted') {
    if (input.channel === 'email') kicksDone(deps.db, now);
    await counted(deps, [input.action.articleId]);
  }
  return intake;
}

async function recordOnce(deps: TakingDeps, input: NewAction, now: Date): Promise<Intake> {
  const at = now.toISOString();
  return inTransaction(deps.db, async (trx) => {
    const supporter = await supporterFor(trx, input.person, now);
    if (input.hearBack) await keepWording(trx, input.hearBack.wording, now);
    const state = supporter.confirmed ? 'counted' : 'pending';
    const inserted = await trx
      .insertInto('ua_actions_taken')
      .values({
        article_id: input.action.articleId,
        supporter_id: supporter.id,
        channel: input.channel,
        state,
        detail: input.detail,
        hear_back: input.hearBack ? 1 : 0,
        wording_hash: input.hearBack?.wording.hash ?? null,
        source_page: input.sourcePage,
        created_at: at,
        counted_at: supporter.confirmed ? at : null,
      })
      .onConflict((oc) => oc.columns(['article_id', 'channel', 'supporter_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) {
      // A repeat is not counted; an unconfirmed address may still want its link again.
      if (!supporter.confirmed)
        await sendConfirmation(deps, trx, { id: supporter.id, email: input.person.email }, now);
      return { outcome: 'repeat' as const, actionId: null };
    }
    if (input.channel === 'email' && input.letter) {
      const letters = emailed(input.action).map((o) => ({
        action_id: inserted.id,
        article_id: input.action.articleId,
        target_id: o.id,
        role: o.role,
        language: o.language,
        subject: input.letter!.subject,
        body: input.letter!.body,
        status: supporter.confirmed ? ('queued' as const) : ('waiting' as const),
        message_id: `ua-letter-${randomUUID()}@candle`,
        created_at: at,
      }));
      if (letters.length > 0) {
        await trx.insertInto('ua_letters').values(letters).execute();
        if (supporter.confirmed) await kickDispatcher(trx, now, deps.db);
      }
    }
    if (supporter.confirmed) {
      await deps.onTaken?.(
        trx,
        [
          {
            actionId: inserted.id,
            articleId: input.action.articleId,
            reference: input.action.reference,
            channel: input.channel,
          },
        ],
        now,
      );
      return { outcome: 'counted' as const, actionId: inserted.id };
    }
    await sendConfirmation(deps, trx, { id: supporter.id, email: input.person.email }, now);
    return { outcome: 'pending' as const, actionId: inserted.id };
  });
}

/**
 * Keeps the "keep me informed" wording in the consent ledger's table of wordings (by its SHA-256,
 * as the subscriptions room keeps its own), the first time it is used.
 */
async function keepWording(trx: Executor, wording: Wording, now: Date): Promise<void> {
  await trx
    .insertInto('consent_wordings')
    .values({
      hash: wording.hash,
      language: wording.language,
      text: wording.text,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

/** Whether a wording hash the form carried is one on record (a page opened before a change). */
export async function wordingOnRecord(db: Executor, hash: string): Promise<Wording | null> {
  const row = await db
    .selectFrom('consent_wordings')
    .select(['hash', 'language', 'text'])
    .where('hash', '=', hash)
    .executeTakeFirst();
  return row ?? null;
}
