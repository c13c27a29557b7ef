import { randomUUID } from 'node:crypto';
import { type Insertable, type Kysely, sql } from 'kysely';
import { inTransaction } from '../../platform/db/errors.js';
import type { ActionChannel, Database } from '../../platform/db/index.js';
import { spendProofs } from '../../platform/http/proof-of-work.js';
import { isPublicAction, type Newsroom } from '../newsroom.js';
import { numbering, statusOf, stringList } from '../rules.js';
import { eventsOf, findAction } from '../service.js';
import { takeClientActions } from './client-limits.js';
import { counted, type TakenAction, type TakingDeps } from './deps.js';
import { type LetterTemplate, letterFor, sampleLetter, type Wording } from './rules.js';
import { kickDispatcher, kicksDone, type Person, sendConfirmation, supporterFor } from './supporters.js';

/*
 * The intake: an action is recorded at once, so what a supporter was told was received is never
 * lost; it counts when their address is confirmed from the browser it came from (a trust cookie,
 * `trusted-browser.ts`), else once they press a mailed link's button. One per (urgent action,
 * channel, supporter).
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
  /** The sample letters, one per language, as they are now (read with the version). */
  letters: LetterTemplate[];
  /**
   * The letter the email form offers a reader of the page in this language, and its translation
   * beside it: made once a group and language, and the intake tells an unedited letter by this
   * same offer (`letterFor`).
   */
  offeredIn: (readerLanguage: string) => Offer;
}

type Offer = { letter: LetterTemplate; translation: LetterTemplate | null };

/** The officials a letter goes to: the targets and copies that have an email address. */
export const emailed = (a: Pick<ActionForIntake, 'officials'>) => a.officials.filter((o) => o.email !== '');
/** The email channel is offered only when a target (not just a copy) can be written to. */
export const emailOffered = (a: ActionForIntake) => a.officials.some((o) => o.role === 'target' && o.email);

/**
 * The letters the email form offers (and their translations), by the reader's language: in the
 * first emailed target's language. Kept with the urgent action as a group read it, so the site's
 * languages bound them.
 */
function offers(a: Omit<ActionForIntake, 'offeredIn'>): ActionForIntake['offeredIn'] {
  const main = emailed(a).find((o) => o.role === 'target') ?? emailed(a)[0];
  const made = new Map<string, Offer>();
  return (readerLanguage) => {
    let offer = made.get(readerLanguage);
    if (!offer) {
      offer = sampleLetter(a.letters, main?.language ?? readerLanguage, readerLanguage, a);
      made.set(readerLanguage, offer);
    }
    return offer;
  };
}

/**
 * The version of what the intake reads of an urgent action in this room's tables: raised by the
 * database (migration 040's triggers) when its details, events, targets or their addresses
 * change. One integer where the rows took three statements. With it, in the same statement, the
 * sample letters: no trigger watches them, so they are read each time, not kept under the version
 * (a few rows, one per language).
 */
async function intakeVersion(
  db: Executor,
  articleId: number,
): Promise<{ version: number; letters: LetterTemplate[] } | null> {
  const rows = await db
    .selectFrom('urgent_actions as ua')
    .leftJoin('ua_letter_templates as l', 'l.article_id', 'ua.article_id')
    .select(['ua.version', 'l.language', 'l.subject', 'l.body'])
    .where('ua.article_id', '=', articleId)
    .execute();
  const first = rows[0];
  if (!first) return null;
  const letters = rows.flatMap((r) =>
    r.language === null ? [] : [{ language: r.language, subject: r.subject ?? '', body: r.body ?? '' }],
  );
  return { version: Number(first.version), letters };
}

async function intakeRows(db: Executor, articleId: number) {
  const [row, events, officials] = await Promise.all([
    findAction(db, articleId),
    eventsOf(db, [articleId]),
    db
      .selectFrom('ua_action_targets as at')
      .innerJoin('ua_targets as t', 't.id', 'at.target_id')
      .select(['t.id', 'at.role', 't.email', 't.language', 't.salutation', 't.honorific', 't.name'])
      .where('at.article_id', '=', articleId)
      .orderBy('at.role', 'desc')
      .orderBy('at.position')
      .execute(),
  ]);
  return row ? { row, events, officials } : null;
}

type IntakeRows = NonNullable<Awaited<ReturnType<typeof intakeRows>>>;

/** Per database handle (one app): each urgent action's rows as last read, under their version. */
const intakeCache = new WeakMap<object, Map<number, { version: number; rows: IntakeRows }>>();
/** Urgent actions taking forms at once are few; past this many the memory starts again. */
const INTAKE_CACHE_SIZE = 500;

/**
 * The urgent action behind a public form, or null when there is none to show (unknown,
 * unpublished). Per group of forms: the article (the newsroom's, always read) and this room's
 * version of it, at once; its rows are read again only when that version changed, and in that
 * order (version, then rows), so rows are never kept under an older version than theirs.
 */
export async function actionForIntake(
  deps: Pick<TakingDeps, 'db' | 'now'> & { newsroom: Pick<Newsroom, 'articles'> },
  articleId: number,
): Promise<ActionForIntake | null> {
  const now = deps.now();
  const [article, current] = await Promise.all([
    deps.newsroom.articles([articleId]).then((a) => a[0]),
    intakeVersion(deps.db, articleId),
  ]);
  if (current === null || !isPublicAction(article, now)) return null;
  const { version } = current;
  let cache = intakeCache.get(deps.db);
  if (!cache) {
    cache = new Map();
    intakeCache.set(deps.db, cache);
  }
  let cached = cache.get(articleId);
  if (cached?.version !== version) {
    const rows = await intakeRows(deps.db, articleId);
    if (!rows) return null;
    if (cache.size >= INTAKE_CACHE_SIZE) cache.clear();
    cached = { version, rows };
    cache.set(articleId, cached);
  }
  const { row, events, officials } = cached.rows;
  const action = {
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
    letters: current.letters,
  };
  return { ...action, offeredIn: offers(action) };
}

export interface NewAction {
  action: ActionForIntake;
  channel: ActionChannel;
  detail: string;
  person: Person;
  /** "Keep me informed", with the wording the supporter saw (checked by `keepWording`). */
  hearBack: { wording: Wording } | null;
  sourcePage: string;
  /**
   * The email channel's letter, as the supporter left it, and the language of the page it was
   * offered on (which letter and translation the form held).
   */
  letter?: { subject: string; body: string; readerLanguage: string };
  /**
   * The supporter whose trust cookie this browser carries, signed for the address typed
   * (`trusted-browser.ts`, checked before the group: pure HMAC); null when none holds. Only that
   * supporter's action counts at once, and only if their address is confirmed.
   */
  trustedBy: number | null;
}

/**
 * What happened: `counted` (the address was confirmed already, from this browser), `pending` (a
 * confirmation link was mailed, or had been lately: a new or unconfirmed address, or a confirmed
 * one from a browser its owner never confirmed from), `repeat` (this supporter took this action on
 * this channel before: thanked, not counted again). The page says the same for all three, so it
 * never tells a stranger whether an address is known.
 */
export type Intake = { outcome: 'counted' | 'pending' | 'repeat'; actionId: number | null };

/** What the intake needs: taking action's tools and the newsroom (the urgent action's article). */
export type IntakeDeps = TakingDeps & { newsroom: Pick<Newsroom, 'articles'> };

/**
 * One public form as the group commit takes it, everything that needs no database already read
 * from the request: the client's count, the solution to spend, and what to record if the gate
 * lets it through (null when the form is refused anyway: a bad proof, the honeypot, bad fields).
 */
export interface IntakeRequest {
  articleId: number;
  channel: ActionChannel;
  /** The client address's keyed hash, and whether the form came with a valid solution. */
  client: string;
  kind: 'solved' | 'unsolved';
  proof: { id: string; expiresAt: Date } | null;
  record: Omit<NewAction, 'action'> | null;
}

/**
 * What became of one form: the urgent action (null: unknown or unpublished; not open: nothing was
 * counted), whether the client's limit was reached (then nothing else was done), whether its
 * solution had been spent before, and what was recorded.
 */
export interface IntakeAnswer {
  action: ActionForIntake | null;
  limited: boolean;
  spent: boolean;
  intake: Intake | null;
}

/**
 * The gate and the record of many forms in one transaction (the group commit's write): each
 * form's client count, its solution spent, and its action, as each form alone would have had
 * them in their order. The urgent actions are read once for the group. Returns after the commit.
 */
export async function takeActions(
  deps: IntakeDeps,
  requests: readonly IntakeRequest[],
): Promise<IntakeAnswer[]> {
  const now = deps.now();
  const views = new Map<number, ActionForIntake | null>();
  for (const id of new Set(requests.map((r) => r.articleId))) views.set(id, await actionForIntake(deps, id));
  const answers: IntakeAnswer[] = requests.map((r) => ({
    action: views.get(r.articleId) ?? null,
    limited: false,
    spent: false,
    intake: null,
  }));
  const open = requests.flatMap((_, i) => (answers[i]!.action?.open ? [i] : []));
  if (open.length === 0) return answers;
  const recorded = await inTransaction(deps.db, async (trx) => {
    const allowed = await takeClientActions(
      trx,
      open.map((i) => requests[i]!),
      now,
    );
    const passed = open.filter((i, k) => {
      answers[i]!.limited = !allowed[k];
      return allowed[k];
    });
    // A solution counts once: spent before anything else is done with the form.
    const withProof = passed.filter((i) => requests[i]!.proof !== null);
    const fresh = await spendProofs(
      trx,
      withProof.map((i) => requests[i]!.proof!),
    );
    withProof.forEach((i, k) => {
      answers[i]!.spent = !fresh[k];
    });
    const toRecord = passed.filter((i) => {
      const { record, channel } = requests[i]!;
      const { action, spent } = answers[i]!;
      return record !== null && !spent && (channel !== 'email' || emailOffered(action!));
    });
    const result = await recordActions(
      deps,
      trx,
      toRecord.map((i) => ({ ...requests[i]!.record!, action: answers[i]!.action! })),
      now,
    );
    toRecord.forEach((i, k) => {
      answers[i]!.intake = result.intakes[k]!;
    });
    return result;
  });
  // Only now, committed, is any of it told.
  if (recorded.kicked) kicksDone(deps.db, now);
  await counted(deps, recorded.countedArticles);
  return answers;
}

interface Recorded {
  intakes: Intake[];
  countedArticles: number[];
  /** Whether the dispatcher was asked to run (letters queued). */
  kicked: boolean;
}

/**
 * Records actions in the caller's transaction. Confirmed supporters' from a browser they confirmed
 * from (nearly all of them, once a campaign runs) with a statement per table for the whole group;
 * any other (a new or unconfirmed address, or a confirmed one from another browser) one by one,
 * since each may need its supporter made and its link mailed.
 */
async function recordActions(
  deps: TakingDeps,
  trx: Executor,
  inputs: readonly NewAction[],
  now: Date,
): Promise<Recorded> {
  const at = now.toISOString();
  const intakes: Intake[] = [];
  const taken: TakenAction[] = [];
  const letters: LetterRow[] = [];
  if (inputs.length === 0) return { intakes, countedArticles: [], kicked: false };
  const wordings = new Map(
    inputs.flatMap((x) => (x.hearBack ? [[x.hearBack.wording.hash, x.hearBack.wording]] : [])),
  );
  await keepWordings(trx, [...wordings.values()], now);
  // One per (urgent action, channel, supporter): a second in the group waits for the first.
  const keyOf = (articleId: number, channel: string, supporterId: number) =>
    `${articleId} ${channel} ${supporterId}`;
  const first = new Map<string, number>();
  const later: number[] = [];
  inputs.forEach((x, i) => {
    if (x.trustedBy === null) return;
    const key = keyOf(x.action.articleId, x.channel, x.trustedBy);
    if (first.has(key)) later.push(i);
    else first.set(key, i);
  });
  if (first.size > 0) {
    const rows = await insertCounted(
      trx,
      [...first.values()].map((i) => inputs[i]!),
      at,
    );
    const inserted = new Map(rows.map((r) => [keyOf(r.article_id, r.channel, r.supporter_id), r.id]));
    for (const [key, i] of first) {
      const id = inserted.get(key);
      // Not inserted (a repeat, the same action waiting from an untrusted browser, an address not
      // confirmed): left for `recordOne` below, which tells them apart.
      if (id === undefined) continue;
      const input = inputs[i]!;
      intakes[i] = { outcome: 'counted', actionId: id };
      taken.push(takenOf(input, id));
      letters.push(...letterRows(input, id, true, at));
    }
    // A second of the same in the group after the first counted: a repeat, as it would be after it.
    for (const i of later) {
      const x = inputs[i]!;
      if (inserted.has(keyOf(x.action.articleId, x.channel, x.trustedBy!)))
        intakes[i] = { outcome: 'repeat', actionId: null };
    }
  }
  let kicked = false;
  if (letters.length > 0) {
    // In the letter tallies' order (urgent action, target), for the same reason as insertCounted's.
    letters.sort((a, b) => a.article_id - b.article_id || a.target_id - b.target_id);
    await trx.insertInto('ua_letters').values(letters).execute();
    await kickDispatcher(trx, now, deps.db);
    kicked = true;
  }
  for (let i = 0; i < inputs.length; i++) {
    if (intakes[i]) continue;
    const one = await recordOne(deps, trx, inputs[i]!, now);
    intakes[i] = one.intake;
    if (one.taken) taken.push(one.taken);
    kicked ||= one.kicked;
  }
  if (taken.length > 0) await deps.onTaken?.(trx, taken, now);
  return { intakes, countedArticles: [...new Set(taken.map((x) => x.articleId))], kicked };
}

/**
 * The actions of supporters whose browser is trusted, counted at once where that supporter is
 * confirmed under the address typed: one statement that checks and inserts (no read of the
 * supporters first), the others left out. Returns the rows inserted; one already there (a repeat)
 * is not. Integers are cast in the list of values: PostgreSQL reads its parameters as text there.
 */
async function insertCounted(trx: Executor, inputs: readonly NewAction[], at: string) {
  const values = inputs.map(
    (x) =>
      sql`(cast(${x.action.articleId} as integer), cast(${x.trustedBy} as integer), ${x.person.email}, ${x.channel}, ${x.detail}, cast(${x.hearBack ? 1 : 0} as integer), ${x.hearBack?.wording.hash ?? null}, ${x.sourcePage})`,
  );
  const result = await sql<{ id: number; article_id: number; channel: ActionChannel; supporter_id: number }>`
    with v (article_id, supporter_id, email, channel, detail, hear_back, wording_hash, source_page)
      as (values ${sql.join(values)})
    insert into ua_actions_taken
      (article_id, supporter_id, channel, state, detail, hear_back, wording_hash, source_page, created_at, counted_at)
    select v.article_id, s.id, v.channel, 'counted', v.detail, v.hear_back, v.wording_hash, v.source_page, ${at}, ${at}
    from v inner join ua_supporters s on s.id = v.supporter_id and s.email = v.email
    where s.confirmed_at is not null
    -- In one order everywhere (the tallies' key): two groups counting on the same tally rows
    -- (one per urgent action, day, channel and detail) wait for each other, never deadlock.
    order by v.article_id, v.channel, v.detail, v.supporter_id
    on conflict (article_id, channel, supporter_id) do nothing
    returning id, article_id, channel, supporter_id`.execute(trx);
  return result.rows.map((r) => ({
    ...r,
    id: Number(r.id),
    article_id: Number(r.article_id),
    supporter_id: Number(r.supporter_id),
  }));
}

type LetterRow = Insertable<Database['ua_letters']>;

function actionRow(input: NewAction, supporterId: number, counts: boolean, at: string) {
  return {
    article_id: input.action.articleId,
    supporter_id: supporterId,
    channel: input.channel,
    state: counts ? ('counted' as const) : ('pending' as const),
    detail: input.detail,
    hear_back: input.hearBack ? 1 : 0,
    wording_hash: input.hearBack?.wording.hash ?? null,
    source_page: input.sourcePage,
    created_at: at,
    counted_at: counts ? at : null,
  };
}

/**
 * The email channel's letters of an action: one per target or copy with an email address, each
 * in the language `letterFor` gives it (the sample in the official's own, if the supporter left
 * the letter as offered; else the supporter's words as written).
 */
function letterRows(input: NewAction, actionId: number, counts: boolean, at: string): LetterRow[] {
  const sent = input.letter;
  if (input.channel !== 'email' || !sent) return [];
  const offered = input.action.offeredIn(sent.readerLanguage).letter;
  return emailed(input.action).map((o) => ({
    action_id: actionId,
    article_id: input.action.articleId,
    target_id: o.id,
    role: o.role,
    ...letterFor(sent, offered, input.action.letters, o.language),
    status: counts ? ('queued' as const) : ('waiting' as const),
    message_id: `ua-letter-${randomUUID()}@candle`,
    created_at: at,
  }));
}

const takenOf = (input: NewAction, actionId: number): TakenAction => ({
  actionId,
  articleId: input.action.articleId,
  reference: input.action.reference,
  channel: input.channel,
});

/**
 * One action of an address that may be new or unconfirmed, or confirmed but sent from a browser
 * its owner never confirmed from: its supporter made, its link mailed. Only the last case's owner
 * can tell it from the first two, by the mail; the page and the records say the same.
 */
async function recordOne(
  deps: TakingDeps,
  trx: Executor,
  input: NewAction,
  now: Date,
): Promise<{ intake: Intake; taken: TakenAction | null; kicked: boolean }> {
  const at = now.toISOString();
  const supporter = await supporterFor(trx, input.person, now);
  const counts = supporter.confirmed && input.trustedBy === supporter.id;
  const inserted = await trx
    .insertInto('ua_actions_taken')
    .values(actionRow(input, supporter.id, counts, at))
    .onConflict((oc) => oc.columns(['article_id', 'channel', 'supporter_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  const id = inserted?.id ?? (counts ? await takeOverPending(trx, input, supporter.id, at) : null);
  if (id === null) {
    // A repeat is not counted; from a browser not trusted, the link goes again (within its
    // limit) as it would for a first action, so a repeat looks like any other action to a stranger.
    if (!counts) await sendConfirmation(deps, trx, linkTo(supporter, input), now);
    return { intake: { outcome: 'repeat', actionId: null }, taken: null, kicked: false };
  }
  const letters = letterRows(input, id, counts, at);
  if (letters.length > 0) await trx.insertInto('ua_letters').values(letters).execute();
  if (counts) {
    if (letters.length > 0) await kickDispatcher(trx, now, deps.db);
    return {
      intake: { outcome: 'counted', actionId: id },
      taken: takenOf(input, id),
      kicked: letters.length > 0,
    };
  }
  await sendConfirmation(deps, trx, linkTo(supporter, input), now);
  return { intake: { outcome: 'pending', actionId: id }, taken: null, kicked: false };
}

/**
 * The supporter's own action, from their trusted browser, where the same action waits `pending`
 * from a browser they never confirmed from (anyone may type a known address): theirs replaces
 * it, counted, and the waiting letters (perhaps a stranger's words) go. Otherwise a stranger
 * could keep an owner's action from counting for a week. Returns the action's id, or null when
 * the action already counted (a repeat). Its new letters are the caller's to write.
 */
async function takeOverPending(
  trx: Executor,
  input: NewAction,
  supporterId: number,
  at: string,
): Promise<number | null> {
  const { article_id, channel, supporter_id, ...mine } = actionRow(input, supporterId, true, at);
  const row = await trx
    .updateTable('ua_actions_taken')
    .set(mine)
    .where('article_id', '=', article_id)
    .where('channel', '=', channel)
    .where('supporter_id', '=', supporter_id)
    .where('state', '=', 'pending')
    .returning('id')
    .executeTakeFirst();
  if (!row) return null;
  await trx
    .deleteFrom('ua_letters')
    .where('action_id', '=', row.id)
    .where('status', '=', 'waiting')
    .execute();
  return row.id;
}

/** Whom a confirmation link goes to, and whether their address was confirmed before. */
const linkTo = (supporter: { id: number; confirmed: boolean }, input: NewAction) => ({
  id: supporter.id,
  email: input.person.email,
  confirmed: supporter.confirmed,
});

/**
 * Keeps the "keep me informed" wordings in the consent ledger's table of wordings (by their
 * SHA-256, as the subscriptions room keeps its own), the first time each is used.
 */
async function keepWordings(trx: Executor, wordings: readonly Wording[], now: Date): Promise<void> {
  if (wordings.length === 0) return;
  await trx
    .insertInto('consent_wordings')
    .values(
      wordings.map((w) => ({
        hash: w.hash,
        language: w.language,
        text: w.text,
        created_at: now.toISOString(),
      })),
    )
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
