import type { VNode } from 'preact';
import { t } from '../../platform/i18n/index.js';
import { authorityName } from '../channels.js';
import { actionCounts } from '../counts.js';
import { type ArticleRef, isPublicAction, keys } from '../newsroom.js';
import type { ActionsDeps } from '../service.js';
import type { LedgerMedia } from './deps.js';
import { actionsText, chronological, impactOf, outcomeText, repliesHeading, repliesText } from './rules.js';
import {
  actionsOfCase,
  type ImpactSummary,
  outcomesOf,
  repliesOf,
  seriesFigures,
  seriesMembers,
} from './store.js';
import {
  ImpactBlock,
  LedgerTimeline,
  type TimelineEntry,
  type TimelineView,
  Together,
} from './views/timeline.js';

/*
 * The ledger on public pages: the timeline of an urgent action's series on its page (after the
 * actions room's section), and on a case's page with the impact block, which a country's page
 * shows alone. Public entries only. Each names `ua:<id>` of every urgent action it reads, the key
 * a recorded reply or outcome purges, and the media keys of the attachments it links.
 */

type PublicDeps = Pick<ActionsDeps, 'db' | 'newsroom' | 'now'> & {
  /** Handed over in app.ts; without it, attachments are not linked. */
  ledgerMedia?: LedgerMedia;
};

type Section = { node: VNode; contentKeys: string[] };

async function timelineOf(
  deps: PublicDeps,
  articleIds: readonly number[],
): Promise<{
  view: TimelineView | null;
  replies: number;
  latest: TimelineEntry | null;
  contentKeys: string[];
}> {
  const [replies, outcomes] = await Promise.all([
    repliesOf(deps.db, articleIds, true),
    outcomesOf(deps.db, articleIds, true),
  ]);
  const attachmentIds = [...replies, ...outcomes].flatMap((e) =>
    e.attachment_id === null ? [] : [e.attachment_id],
  );
  const attachments =
    deps.ledgerMedia && attachmentIds.length > 0 ? await deps.ledgerMedia.describe(attachmentIds) : new Map();
  const found = (id: number | null) => (id === null ? null : (attachments.get(id) ?? null));
  const entries = chronological([
    ...replies.map((r) => ({
      order: r.id,
      entry: {
        kind: 'reply' as const,
        key: `reply-${r.id}`,
        day: r.received_on,
        who: authorityName(r),
        whoLanguage: r.language,
        channel: r.channel,
        summary: r.summary,
        attachment: found(r.attachment_id),
      },
      day: r.received_on,
    })),
    // After the replies of the same day: an outcome usually follows what was said.
    ...outcomes.map((o) => ({
      order: 1e12 + o.id,
      entry: {
        kind: 'outcome' as const,
        key: `outcome-${o.id}`,
        day: o.occurred_on,
        outcome: o.kind,
        source: o.source,
        summary: o.summary,
        attachment: found(o.attachment_id),
      },
      day: o.occurred_on,
    })),
  ]).map((x) => x.entry);
  const authorities = new Set(replies.map((r) => r.target_id)).size;
  const latest = [...entries].reverse().find((e) => e.kind === 'outcome') ?? null;
  return {
    view:
      entries.length === 0
        ? null
        : { heading: repliesHeading(authorities) ?? t('ledger.outcomesHeading'), entries },
    replies: replies.length,
    latest,
    contentKeys: [...attachments.values()].map((a) => a.contentKey),
  };
}

/**
 * The urgent action's page: its section, then the timeline of its whole series (an urgent action
 * and its updates), for actionSection (routes.ts).
 */
export async function ledgerAfter(
  deps: PublicDeps,
  view: { articleId: number },
  section: Section,
): Promise<Section> {
  const members = await seriesMembers(deps.db, [view.articleId]);
  const found = await timelineOf(deps, members);
  if (!found.view) return section;
  return {
    node: Together({
      parts: [section.node, LedgerTimeline({ view: found.view, level: 2, id: 'ledger-heading' })],
    }),
    contentKeys: [...section.contentKeys, ...members.map(keys.action), ...found.contentKeys],
  };
}

/** The articles of these urgent actions, asking the newsroom only for those not known already. */
async function articlesOf(
  deps: PublicDeps,
  ids: readonly number[],
  known: readonly ArticleRef[],
): Promise<ArticleRef[]> {
  const byId = new Map(known.map((a) => [a.id, a]));
  const missing = ids.filter((id) => !byId.has(id));
  const fetched = missing.length > 0 ? await deps.newsroom.articles(missing) : [];
  for (const a of fetched) byId.set(a.id, a);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** "2,140 actions, 3 replies, released on 12 March", or nothing when there is nothing to say. */
function impactLine(kind: 'country' | 'case', summary: ImpactSummary) {
  const parts: string[] = [];
  if (summary.actions > 0) parts.push(actionsText(summary.actions));
  if (summary.replies > 0) parts.push(repliesText(summary.replies));
  if (summary.outcome) parts.push(outcomeText(summary.outcome.kind, summary.outcome.day));
  return parts.length > 0 ? ImpactBlock({ parts, id: `ledger-impact-${kind}` }) : null;
}

/**
 * A country's page shows the impact line alone. Its urgent actions come with their articles, which
 * are nearly always all the members of their series: only the members filed elsewhere are asked
 * for. The members and their figures are one statement.
 */
async function countrySection(deps: PublicDeps, countryId: number): Promise<Section | null> {
  const known = await deps.newsroom.urgentActionsOfCountry(countryId);
  const figures = await seriesFigures(
    deps.db,
    known.map((a) => a.id),
  );
  if (figures.length === 0) return null;
  const members = figures.map((f) => f.articleId);
  const articles = await articlesOf(deps, members, known);
  const now = deps.now();
  const published = new Set(articles.filter((a) => isPublicAction(a, now)).map((a) => a.id));
  const contentKeys = [...members.map(keys.action), ...articles.map((a) => a.contentKey)];
  const counted = figures.filter((f) => published.has(f.articleId));
  return {
    node: Together({ parts: counted.length === 0 ? [] : [impactLine('country', impactOf(counted))] }),
    contentKeys,
  };
}

/**
 * A case's or a country's page (the newsroom's SubjectSection, handed over in app.ts): the impact
 * of the published urgent actions about it ("2,140 actions, 3 replies, released on …") and, on a
 * case's page, their timeline.
 */
export function ledgerSubjectSection(deps: PublicDeps) {
  return async (subject: { kind: 'country' | 'case'; id: number }): Promise<Section | null> => {
    if (subject.kind === 'country') return countrySection(deps, subject.id);
    const members = await seriesMembers(deps.db, await actionsOfCase(deps.db, subject.id));
    if (members.length === 0) return null;
    const articles = await articlesOf(deps, members, []);
    const now = deps.now();
    const published = articles.filter((a) => isPublicAction(a, now)).map((a) => a.id);
    const contentKeys = [...members.map(keys.action), ...articles.map((a) => a.contentKey)];
    if (published.length === 0) return { node: Together({ parts: [] }), contentKeys };
    const [counted, found] = await Promise.all([
      actionCounts(deps.db, published),
      timelineOf(deps, published),
    ]);
    let actions = 0;
    for (const c of counted.values()) actions += c.counts.total;
    const latest = found.latest?.kind === 'outcome' ? found.latest : null;
    const impact = impactLine(subject.kind, {
      actions,
      replies: found.replies,
      outcome: latest && { kind: latest.outcome, day: latest.day },
    });
    const timeline = found.view ? LedgerTimeline({ view: found.view, level: 2, id: 'ledger-heading' }) : null;
    return {
      node: Together({ parts: [impact, timeline] }),
      contentKeys: [...contentKeys, ...found.contentKeys],
    };
  };
}
