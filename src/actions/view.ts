import { type Db, preparedQuery, type Slots } from '../platform/db/index.js';
import { DEFAULT_LANGUAGE } from '../platform/i18n/index.js';
import type { SafeHtml } from '../platform/text/markdown.js';
import type { LetterTemplate } from './letter-pdf.js';
import { type CaseRef, isPublished, keys } from './newsroom.js';
import {
  describeOfficeHours,
  numbering,
  ordinal,
  parseOfficeHours,
  statusOf,
  stringList,
  telHref,
  type UaStatus,
} from './rules.js';
import {
  type ActionsDeps,
  type EventRow,
  eventsOf,
  findAction,
  lettersOfAction,
  seriesOf,
  type TargetRow,
} from './service.js';

/** A target as an urgent action's page shows it: all official contact details, nothing else. */
export interface TargetView {
  id: number;
  honorific: string;
  name: string;
  title: string;
  body: string;
  jurisdiction: string;
  /** ISO 3166-1 alpha-2 of the office: the postage hint of a letter to it. */
  countryCode: string;
  postalAddress: string;
  email: string;
  phone: string;
  tel: string;
  social: string[];
  salutation: string;
  language: string;
  timeZone: string;
  officeHours: string[];
}

export interface SeriesEntry {
  articleId: number;
  title: string;
  path: string;
  /** "UA 58/20" or "1st update". */
  label: string;
  /** The language its title is written in. */
  language: string;
  publishedAt: string | null;
  current: boolean;
}

export interface UaView {
  articleId: number;
  /** The article's own page ("/articles/…"), for the posts' text. */
  path: string;
  /**
   * The language its details (people, asks, background) are written in: its article's. A
   * translation's page shows its original's details, marked where they are in another language.
   */
  language: string;
  reference: string | null;
  /** 0 for the first of a series. */
  update: number;
  updateLabel: string | null;
  documentIndex: string;
  issuedOn: string | null;
  actBefore: string | null;
  status: UaStatus;
  /** The note of the closing or good-news event, when there is one. */
  outcome: { kind: 'closed' | 'success'; note: string } | null;
  /** The latest published update after this one, for an action no longer open. */
  since: { title: string; path: string; language: string } | null;
  people: Array<{ name: string; pronouns: string; case: CaseRef | null }>;
  asks: string[];
  languages: string[];
  backgroundMd: string;
  backgroundHtml: SafeHtml;
  /** Actions aimed at, all channels together; 0: no goal. */
  goal: number;
  /** Letters one target is emailed an hour, at most. */
  hourlyCap: number;
  /** The sample letters, one per language. */
  letters: LetterTemplate[];
  targets: TargetView[];
  copies: TargetView[];
  series: SeriesEntry[];
  events: EventRow[];
  followsId: number | null;
  contentKeys: string[];
}

export function targetView(t: TargetRow): TargetView {
  const hours = parseOfficeHours(t.office_hours);
  return {
    id: t.id,
    honorific: t.honorific,
    name: t.name,
    title: t.title,
    body: t.body,
    jurisdiction: [t.state, t.country_code].filter(Boolean).join(', '),
    countryCode: t.country_code,
    postalAddress: t.postal_address,
    email: t.email,
    phone: t.phone,
    tel: t.phone ? telHref(t.phone) : '',
    social: stringList(t.social),
    salutation: t.salutation,
    language: t.language,
    timeZone: t.time_zone,
    officeHours: hours.ok ? describeOfficeHours(hours.ranges) : [],
  };
}

const peopleOf = preparedQuery((db: Db, v: Slots<{ articleId: number }>) =>
  db.selectFrom('ua_people').selectAll().where('article_id', '=', v.articleId).orderBy('position'),
);

const targetsOf = preparedQuery((db: Db, v: Slots<{ articleId: number }>) =>
  db
    .selectFrom('ua_action_targets as at')
    .innerJoin('ua_targets as t', 't.id', 'at.target_id')
    .selectAll('t')
    .select(['at.role', 'at.position'])
    .where('at.article_id', '=', v.articleId)
    .orderBy('at.role', 'desc')
    .orderBy('at.position'),
);

/**
 * An urgent action as its page (`publicOnly`) or the admin shows it, with the content keys of all
 * it names: its series' members, their articles, its targets and its people's cases.
 */
export async function actionView(
  deps: Pick<ActionsDeps, 'db' | 'newsroom' | 'now'>,
  articleId: number,
  publicOnly: boolean,
): Promise<UaView | null> {
  const { db } = deps;
  const now = deps.now();
  const row = await findAction(db, articleId);
  if (!row) return null;
  const [members, people, named, letters] = await Promise.all([
    row.series_id === null ? Promise.resolve([row]) : seriesOf(db, row.series_id),
    peopleOf(db, { articleId }),
    targetsOf(db, { articleId }),
    lettersOfAction(db, articleId),
  ]);
  const caseIds = people.flatMap((p) => (p.case_id === null ? [] : [p.case_id]));
  const [articles, cases, events] = await Promise.all([
    deps.newsroom.articles(members.map((m) => m.article_id)),
    deps.newsroom.cases(caseIds),
    eventsOf(db, [articleId]),
  ]);
  const articleOf = new Map(articles.map((a) => [a.id, a]));
  const caseOf = new Map(cases.map((c) => [c.id, c]));
  const num = numbering(row);
  const shown = members.filter(
    (m) => !publicOnly || m.article_id === articleId || isPublished(articleOf.get(m.article_id), now),
  );
  const series: SeriesEntry[] = shown.flatMap((m) => {
    const a = articleOf.get(m.article_id);
    const n = numbering(m);
    if (!a) return [];
    return [
      {
        articleId: m.article_id,
        title: a.title,
        path: a.path,
        label: n ? (n.update === 0 ? n.reference : `${ordinal(n.update)}`) : '',
        language: a.language ?? DEFAULT_LANGUAGE,
        publishedAt: a.publishedAt,
        current: m.article_id === articleId,
      },
    ];
  });
  const laterUpdate = shown.find(
    (m) =>
      m.article_id !== articleId &&
      (m.update_ordinal ?? 0) > (row.update_ordinal ?? 0) &&
      isPublished(articleOf.get(m.article_id), now),
  );
  const since = laterUpdate ? articleOf.get(laterUpdate.article_id) : undefined;
  const last = events.at(-1);
  const status = statusOf(events, row.act_before, now);
  return {
    articleId,
    path: articleOf.get(articleId)?.path ?? '',
    language: articleOf.get(articleId)?.language ?? DEFAULT_LANGUAGE,
    reference: num?.reference ?? null,
    update: num?.update ?? 0,
    updateLabel: num && num.update > 0 ? ordinal(num.update) : null,
    documentIndex: row.document_index,
    issuedOn: row.issued_on,
    actBefore: row.act_before,
    status,
    outcome:
      last &&
      (last.kind === 'closed' || last.kind === 'success') &&
      (status.state === 'closed' || status.state === 'success')
        ? { kind: last.kind, note: last.note }
        : null,
    since: since
      ? { title: since.title, path: since.path, language: since.language ?? DEFAULT_LANGUAGE }
      : null,
    people: people.map((p) => ({
      name: p.name,
      pronouns: p.pronouns,
      case: p.case_id === null ? null : (caseOf.get(p.case_id) ?? null),
    })),
    asks: stringList(row.asks),
    languages: stringList(row.languages),
    backgroundMd: row.background_md,
    backgroundHtml: row.background_html as SafeHtml,
    goal: row.goal,
    hourlyCap: row.hourly_cap,
    letters,
    targets: named.filter((t) => t.role === 'target').map(targetView),
    copies: named.filter((t) => t.role === 'copy').map(targetView),
    series,
    events,
    followsId: row.follows_id,
    contentKeys: [
      ...members.map((m) => keys.action(m.article_id)),
      ...articles.map((a) => a.contentKey),
      ...named.map((t) => keys.target(t.id)),
      ...cases.map((c) => c.contentKey),
    ],
  };
}
