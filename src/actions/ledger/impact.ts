import { OUTCOME_KINDS, REPLY_CHANNELS } from '../../platform/db/index.js';
import { t } from '../../platform/i18n/index.js';
import { authorityName } from '../channels.js';
import { daySpan } from '../impact-rules.js';
import type { ImpactSection, ImpactSources } from '../impact-slots.js';
import type { ImpactRow, ImpactTable } from '../impact-tables.js';
import type { ActionsDeps } from '../service.js';
import { outcomeKindText } from './rules.js';
import { type OutcomeRow, outcomesOf, type ReplyRow, repliesOf, seriesMembers } from './store.js';

/*
 * The ledger's parts of the impact pages (the `replies` and `outcomes` slots, impact-slots.ts):
 * replies received per target and over time, and the outcomes for the people at risk. Public and
 * internal entries alike: the pages are the campaigner's. On one urgent action, its series' ledger
 * (a reply to an update is a reply to the urgent action, as its page shows); on the page of all,
 * every entry. The ledger is a few entries per urgent action: read whole, counted here.
 */

/** How many days the replies' chart shows at most, up to the last day with a reply. */
const CHART_DAYS = 92;
/** The latest outcomes listed on the page of every urgent action. */
const LATEST_OUTCOMES = 100;

type Channel = (typeof REPLY_CHANNELS)[number];

const channelColumns = () => [
  ...REPLY_CHANNELS.map((c) => ({ label: t(`impactSlots.replies.channel.${c}`), kind: 'count' as const })),
  { label: t('impactSlots.all'), kind: 'count' as const },
];

const byChannel = (rows: readonly ReplyRow[]): number[] => [
  ...REPLY_CHANNELS.map((c) => rows.filter((r) => r.channel === c).length),
  rows.length,
];

// YYYY-MM-DD sorts as text.
const latestDay = (days: readonly string[]) => [...days].sort().at(-1) ?? '';

/** Replies per target, by how they came, the most first; the foot adds them up. */
export function targetsTable(replies: readonly ReplyRow[]): ImpactTable {
  const byTarget = new Map<number, ReplyRow[]>();
  for (const r of replies) byTarget.set(r.target_id, [...(byTarget.get(r.target_id) ?? []), r]);
  const rows = [...byTarget.values()]
    .map((own) => ({ name: authorityName(own[0]!), own }))
    .sort((a, b) => b.own.length - a.own.length || a.name.localeCompare(b.name));
  const row = (head: string, own: readonly ReplyRow[]): ImpactRow => [
    head,
    ...byChannel(own),
    own.filter((r) => r.visibility === 'public').length,
    latestDay(own.map((r) => r.received_on)),
  ];
  return {
    name: 'targets',
    caption: t('impactSlots.replies.targetsCaption'),
    columns: [
      { label: t('impactSlots.replies.target'), kind: 'text' },
      ...channelColumns(),
      { label: t('impactSlots.public'), kind: 'count' },
      { label: t('impactSlots.replies.latest'), kind: 'day' },
    ],
    rows: rows.map((r) => row(r.name, r.own)),
    foot: row(t('impactSlots.replies.everyTarget'), replies),
  };
}

/** Replies received per day and how they came, every day of the span (a chart's gaps are true). */
export function repliesByDay(replies: readonly ReplyRow[]) {
  const days = daySpan(
    replies.map((r) => r.received_on),
    CHART_DAYS,
  );
  const count = (day: string, channel: Channel) =>
    replies.filter((r) => r.received_on === day && r.channel === channel).length;
  const table: ImpactTable = {
    name: 'days',
    caption: t('impactSlots.replies.daysCaption', { days: days.length }),
    columns: [{ label: t('impactSlots.day'), kind: 'day' }, ...channelColumns()],
    rows: days.map((day) => [
      day,
      ...REPLY_CHANNELS.map((c) => count(day, c)),
      replies.filter((r) => r.received_on === day).length,
    ]),
  };
  const chart = {
    days,
    series: REPLY_CHANNELS.map((c) => ({
      label: t(`impactSlots.replies.channel.${c}`),
      values: days.map((day) => count(day, c)),
    })),
  };
  return { table, chart };
}

function repliesSection(replies: readonly ReplyRow[], scope: 'one' | 'all'): ImpactSection {
  const heading = t('impactSlots.replies.heading');
  if (replies.length === 0) return { heading, intro: t('impactSlots.replies.none'), tables: [] };
  const targets = new Set(replies.map((r) => r.target_id)).size;
  const { table, chart } = repliesByDay(replies);
  return {
    heading,
    intro: t(scope === 'one' ? 'impactSlots.replies.introOne' : 'impactSlots.replies.introAll', {
      replies: replies.length,
      targets,
    }),
    chart: {
      title: t('impactSlots.replies.chartTitle'),
      kind: 'bars',
      unit: t('impactSlots.replies.unit'),
      data: chart,
    },
    tables: [targetsTable(replies), table],
  };
}

const visibilityText = (v: OutcomeRow['visibility']) => t(`ledger.visibility.${v}`);

/** Each outcome in the order it happened: its day, what, the source, public or not, a good-news draft. */
export function outcomesTable(
  outcomes: readonly OutcomeRow[],
  titles?: ReadonlyMap<number, string>,
): ImpactTable {
  const ordered = [...outcomes].sort((a, b) =>
    a.occurred_on < b.occurred_on ? -1 : a.occurred_on > b.occurred_on ? 1 : a.id - b.id,
  );
  return {
    name: 'list',
    caption: titles
      ? t('impactSlots.outcomes.latestCaption', { count: ordered.length })
      : t('impactSlots.outcomes.listCaption'),
    columns: [
      { label: t('impactSlots.day'), kind: 'day' },
      ...(titles ? [{ label: t('impactSlots.outcomes.urgentAction'), kind: 'text' as const }] : []),
      { label: t('impactSlots.outcomes.outcome'), kind: 'text' },
      { label: t('impactSlots.outcomes.source'), kind: 'text' },
      { label: t('impactSlots.outcomes.visibility'), kind: 'text' },
      { label: t('impactSlots.outcomes.goodNews'), kind: 'text' },
    ],
    rows: ordered.map((o) => [
      o.occurred_on,
      ...(titles ? [titles.get(o.article_id) ?? t('uaImpactAll.untitled', { id: o.article_id })] : []),
      outcomeKindText(o.kind),
      o.source,
      visibilityText(o.visibility),
      o.good_news_id === null ? '' : t('impactSlots.outcomes.drafted'),
    ]),
    ...(titles ? { links: ordered.map((o) => `/admin/actions/${o.article_id}/ledger`) } : {}),
  };
}

/** How many outcomes of each kind, and the latest day of each. */
export function kindsTable(outcomes: readonly OutcomeRow[]): ImpactTable {
  return {
    name: 'kinds',
    caption: t('impactSlots.outcomes.kindsCaption'),
    columns: [
      { label: t('impactSlots.outcomes.outcome'), kind: 'text' },
      { label: t('impactSlots.outcomes.count'), kind: 'count' },
      { label: t('impactSlots.outcomes.latest'), kind: 'day' },
    ],
    // The kinds recorded at least once, in the ledger's order of kinds.
    rows: OUTCOME_KINDS.flatMap((kind) => {
      const own = outcomes.filter((o) => o.kind === kind);
      return own.length === 0
        ? []
        : [[outcomeKindText(kind), own.length, latestDay(own.map((o) => o.occurred_on))]];
    }),
    foot: [t('impactSlots.all'), outcomes.length, latestDay(outcomes.map((o) => o.occurred_on))],
  };
}

function outcomesSection(tables: ImpactTable[], count: number): ImpactSection {
  const heading = t('impactSlots.outcomes.heading');
  if (count === 0) return { heading, intro: t('impactSlots.outcomes.none'), tables: [] };
  return { heading, intro: t('impactSlots.outcomes.intro', { count }), tables };
}

/** The `replies` and `outcomes` slots, handed to the actions room's impact pages in app.ts. */
export function ledgerImpactSources(deps: ActionsDeps): Pick<ImpactSources, 'replies' | 'outcomes'> {
  return {
    replies: {
      forAction: async (articleId) =>
        repliesSection(await repliesOf(deps.db, await seriesMembers(deps.db, [articleId]), false), 'one'),
      overall: async () => repliesSection(await repliesOf(deps.db, null, false), 'all'),
    },
    outcomes: {
      forAction: async (articleId) => {
        const outcomes = await outcomesOf(deps.db, await seriesMembers(deps.db, [articleId]), false);
        return outcomesSection([outcomesTable(outcomes)], outcomes.length);
      },
      overall: async () => {
        const outcomes = await outcomesOf(deps.db, null, false);
        const latest = outcomes.slice(-LATEST_OUTCOMES);
        const ids = [...new Set(latest.map((o) => o.article_id))];
        const articles = ids.length === 0 ? [] : await deps.newsroom.articles(ids);
        const titles = new Map(articles.map((a) => [a.id, a.title]));
        return outcomesSection([kindsTable(outcomes), outcomesTable(latest, titles)], outcomes.length);
      },
    },
  };
}
