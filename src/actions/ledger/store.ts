import type { Expression, Kysely } from 'kysely';
import {
  ACTION_CHANNELS,
  type Database,
  type LedgerVisibility,
  type OutcomeKind,
  preparedQuery,
  type ReplyChannel,
  type Slots,
} from '../../platform/db/index.js';

/* The ledger's reads: its own tables, and the urgent actions' series and people they hang on. */

type Executor = Kysely<Database>;

export interface ReplyRow {
  id: number;
  article_id: number;
  target_id: number;
  received_on: string;
  channel: ReplyChannel;
  summary: string;
  attachment_id: number | null;
  visibility: LedgerVisibility;
  /** The target as the directory names them now. */
  honorific: string;
  name: string;
  title: string;
  body: string;
  /** The language the directory's entry is written in (the office's). */
  language: string;
}

export type OutcomeRow = Awaited<ReturnType<typeof outcomesOf>>[number];

/** The replies recorded on these urgent actions (null: on every one), in the order they came. */
export async function repliesOf(db: Executor, articleIds: readonly number[] | null, publicOnly: boolean) {
  if (articleIds?.length === 0) return [] as ReplyRow[];
  let query = db
    .selectFrom('ua_replies as r')
    .innerJoin('ua_targets as t', 't.id', 'r.target_id')
    .select([
      'r.id',
      'r.article_id',
      'r.target_id',
      'r.received_on',
      'r.channel',
      'r.summary',
      'r.attachment_id',
      'r.visibility',
      't.honorific',
      't.name',
      't.title',
      't.body',
      't.language',
    ])
    .$if(articleIds !== null, (q) => q.where('r.article_id', 'in', [...new Set(articleIds)]));
  if (publicOnly) query = query.where('r.visibility', '=', 'public');
  return (await query.orderBy('r.received_on').orderBy('r.id').execute()) as ReplyRow[];
}

/** The outcomes recorded on these urgent actions (null: on every one), in the order they happened. */
export async function outcomesOf(db: Executor, articleIds: readonly number[] | null, publicOnly: boolean) {
  if (articleIds?.length === 0) return [];
  let query = db
    .selectFrom('ua_outcomes')
    .selectAll()
    .$if(articleIds !== null, (q) => q.where('article_id', 'in', [...new Set(articleIds)]));
  if (publicOnly) query = query.where('visibility', '=', 'public');
  return query.orderBy('occurred_on').orderBy('id').execute();
}

export async function findReply(db: Executor, articleId: number, id: number) {
  return db
    .selectFrom('ua_replies')
    .selectAll()
    .where('id', '=', id)
    .where('article_id', '=', articleId)
    .executeTakeFirst();
}

export async function findOutcome(db: Executor, articleId: number, id: number) {
  return db
    .selectFrom('ua_outcomes')
    .selectAll()
    .where('id', '=', id)
    .where('article_id', '=', articleId)
    .executeTakeFirst();
}

/** The targets and copies an urgent action names: the only authorities a reply may come from. */
export async function repliersOf(db: Executor, articleId: number) {
  return db
    .selectFrom('ua_action_targets as at')
    .innerJoin('ua_targets as t', 't.id', 'at.target_id')
    .select(['t.id', 't.honorific', 't.name', 't.title', 't.body', 'at.role'])
    .where('at.article_id', '=', articleId)
    .orderBy('at.role', 'desc')
    .orderBy('at.position')
    .execute();
}

/**
 * Every member of the series of each of these urgent actions (an urgent action and its updates),
 * themselves included: a reply to one is a reply to the series.
 */
export async function seriesMembers(db: Executor, articleIds: readonly number[]): Promise<number[]> {
  if (articleIds.length === 0) return [];
  const rows = await membersOfSeries(db, { ids: [...new Set(articleIds)] });
  return rows.map((r) => r.article_id);
}

/** These urgent actions and every member of their series (as `m`). */
const seriesOf = (db: Executor, ids: readonly Expression<number>[]) =>
  db
    .selectFrom('urgent_actions as m')
    .select('m.article_id')
    .where((eb) =>
      eb.or([
        eb('m.article_id', 'in', ids),
        eb(
          'm.series_id',
          'in',
          eb
            .selectFrom('urgent_actions as first')
            .select('first.series_id')
            .where('first.article_id', 'in', ids)
            .where('first.series_id', 'is not', null),
        ),
      ]),
    );

/** These urgent actions and every member of their series, in one statement. */
const membersOfSeries = preparedQuery((db: Executor, v: Slots<{ ids: number[] }>) =>
  seriesOf(db, v.ids).orderBy('m.article_id'),
);

/** What a country's impact line says of these urgent actions: public entries only. */
export interface ImpactSummary {
  /** Counted actions, from the tallies. */
  actions: number;
  replies: number;
  /** The latest public outcome (by its day, then as recorded), if any. */
  outcome: { kind: OutcomeKind; day: string } | null;
}

/** One member of a series with its share of the impact line: public entries only. */
export interface MemberFigures {
  articleId: number;
  actions: number;
  replies: number;
  /** Its latest public outcome (by its day, then as recorded), if any. */
  outcome: { kind: OutcomeKind; day: string; id: number } | null;
}

const figuresOfSeries = preparedQuery((db: Executor, v: Slots<{ ids: number[] }>) =>
  db
    .selectFrom('urgent_actions as u')
    .select((eb) => {
      const latest = (column: 'kind' | 'occurred_on' | 'id') =>
        eb
          .selectFrom('ua_outcomes as o')
          .select(`o.${column}`)
          .whereRef('o.article_id', '=', 'u.article_id')
          .where('o.visibility', '=', 'public')
          .orderBy('o.occurred_on', 'desc')
          .orderBy('o.id', 'desc')
          .limit(1);
      return [
        'u.article_id',
        eb
          .selectFrom('ua_action_tallies as t')
          .select((t) => t.fn.coalesce(t.fn.sum<number>('t.actions'), t.val(0)).as('n'))
          .whereRef('t.article_id', '=', 'u.article_id')
          .where('t.channel', 'in', ACTION_CHANNELS)
          .as('actions'),
        eb
          .selectFrom('ua_replies as r')
          .select((r) => r.fn.countAll<number>().as('n'))
          .whereRef('r.article_id', '=', 'u.article_id')
          .where('r.visibility', '=', 'public')
          .as('replies'),
        latest('kind').as('outcome_kind'),
        latest('occurred_on').as('outcome_day'),
        latest('id').as('outcome_id'),
      ];
    })
    .where('u.article_id', 'in', seriesOf(db, v.ids))
    .orderBy('u.article_id'),
);

/**
 * Every member of the series of each of these urgent actions (as seriesMembers) with its figures
 * for the impact line, in one statement: a country's page needs both, and which members count is
 * for the caller to say (the published ones).
 */
export async function seriesFigures(db: Executor, articleIds: readonly number[]): Promise<MemberFigures[]> {
  if (articleIds.length === 0) return [];
  const rows = await figuresOfSeries(db, { ids: [...new Set(articleIds)] });
  return rows.map((row) => ({
    articleId: row.article_id,
    actions: Number(row.actions ?? 0),
    replies: Number(row.replies ?? 0),
    outcome:
      row.outcome_kind && row.outcome_day && row.outcome_id !== null && row.outcome_id !== undefined
        ? { kind: row.outcome_kind as OutcomeKind, day: String(row.outcome_day), id: Number(row.outcome_id) }
        : null,
  }));
}

/** The urgent actions whose people at risk link this case. */
export async function actionsOfCase(db: Executor, caseId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('ua_people')
    .select('article_id')
    .distinct()
    .where('case_id', '=', caseId)
    .execute();
  return rows.map((r) => r.article_id);
}

export type { OutcomeKind };
