import { type RawBuilder, sql } from 'kysely';
import type { ArticleType, Db } from '../platform/db/index.js';
import { extend } from '../platform/extend.js';
import type { ParsedQuery } from './query.js';
import { highlight } from './snippet.js';

/** What the results may be narrowed to (ids resolved from the slugs in the address). */
export interface SearchFilters {
  type?: ArticleType;
  countryId?: number;
  regionId?: number;
  topicId?: number;
  caseId?: number;
  /** ISO timestamp, inclusive. */
  from?: string;
  /** ISO timestamp, exclusive. */
  before?: string;
}

export type SearchSort = 'relevance' | 'newest';

export interface SearchHit {
  id: number;
  type: ArticleType;
  slug: string;
  title: string;
  summary: string;
  reference: string;
  publishedAt: string;
  /** The language it is written in, when stated. */
  language: string | null;
  /** A stretch of the item with each match between MARK_START and MARK_END. */
  snippet: string;
}

export const FACETS = ['type', 'year', 'country', 'region', 'topic', 'case'] as const;
export type Facet = (typeof FACETS)[number];

export interface FacetCount {
  facet: Facet | 'total';
  value: string;
  count: number;
}

/**
 * Counts per filter value are taken over at most this many matches: the most recently added, or
 * the newest by date when sorting newest first (the date index gives those for free). A
 * word found in a fifth of a large archive would otherwise make every search visit every match
 * and its links; the total is always exact, and a page says when its counts are sampled.
 */
export const FACET_SAMPLE = 1000;

/**
 * Relevance ranking scores every match it is given (bm25 on SQLite, ts_rank on PostgreSQL), and a
 * word found in tens of thousands of items would take tens of milliseconds: when there are more
 * matches than this, the best are taken among the most recently added this many. A news
 * archive's readers want recent items first among equals, and names and rarer words (the searches
 * where relevance matters most) stay under the window. Beyond the window, results follow newest
 * additions first.
 */
export const RANK_WINDOW = 1000;

export function hasFilters(f: SearchFilters): boolean {
  return Object.values(f).some((v) => v !== undefined);
}

/** How much work one search may do; tests shrink them to see the bounds at work on little data. */
export interface SearchBounds {
  facetSample: number;
  rankWindow: number;
}

export const DEFAULT_BOUNDS: SearchBounds = { facetSample: FACET_SAMPLE, rankWindow: RANK_WINDOW };

export interface FacetCounts {
  /** Every match, exactly. */
  total: number;
  counts: FacetCount[];
  /** When there were more matches than the sample: the counts cover only this many, the newest. */
  sampledFrom: number | null;
}

/** One search's answer from an engine: the count, the counts per filter value and a page. */
export interface EngineResult extends FacetCounts {
  hits: SearchHit[];
}

export interface ReindexProgress {
  done: number;
  total: number;
}

/** One search engine per dialect, behind this interface; nothing else knows which one runs. */
export interface SearchEngine {
  readonly name: 'sqlite-fts5' | 'postgres-tsvector';
  /**
   * Everything a results page needs, sharing the work: the matches are found once for the total,
   * the sampled counts and the ranking window.
   */
  search(
    q: ParsedQuery,
    filters: SearchFilters,
    sort: SearchSort,
    limit: number,
    offset: number,
    /**
     * The page's language: its stems are tried too, and, by relevance, its items come first
     * (within the ranking window). English, the default, changes nothing.
     */
    language?: string,
  ): Promise<EngineResult>;
  /** One page of matches, best first or newest first. */
  hits(
    q: ParsedQuery,
    filters: SearchFilters,
    sort: SearchSort,
    limit: number,
    offset: number,
  ): Promise<SearchHit[]>;
  /** The number of matches, and the number per filter value (see FACET_SAMPLE). */
  facets(q: ParsedQuery, filters: SearchFilters): Promise<FacetCounts>;
  /** Titles and names that look like the query's words, for "did you mean". */
  candidates(q: ParsedQuery): Promise<string[]>;
  /**
   * Stems the items whose words changed since the last search (stems.ts `catchUpStems`); `search`
   * does it first. The number of changes taken.
   */
  catchUp(): Promise<number>;
  /** Rebuilds the whole index in small transactions, so the site can keep serving. */
  reindex(onProgress?: (p: ReindexProgress) => void): Promise<ReindexProgress>;
}

/**
 * Told when stemming the queue before a search fails (a database locked by another writer too
 * long, a read-only replica, a full disk). The search still answers, from the index as it is: an
 * item changed since the last stemming is found by its unstemmed words until the next search.
 */
export type StemFailure = (err: unknown) => void;

export const STEM_FAILURE_MESSAGE =
  'search: stemming the changed items failed; answered from the index as it is';

/** The default report: one JSON line on stderr, as the server's log lines are. */
export const reportStemFailure: StemFailure = (err) => {
  process.stderr.write(
    `${JSON.stringify({ level: 40, time: Date.now(), msg: STEM_FAILURE_MESSAGE, err: err instanceof Error ? err.message : String(err) })}\n`,
  );
};

export const MARK_START = '\ue000';
export const MARK_END = '\ue001';

/**
 * Filter conditions on `a`, a row with the article's id, type and published_at (the articles table,
 * or an index table that holds published items only); values are always bound parameters. `id`
 * names the article id to test links against (SQLite passes `+search_fts.rowid`, so the test runs
 * before the narrow row is looked up, and the plus keeps FTS5 from taking it as a constraint).
 */
export function filterConditions(
  f: SearchFilters,
  options: {
    publishedOnly: boolean;
    id?: RawBuilder<unknown>;
    /** Leaves out these items (the dialect's form of `id not in <list>`): see `Shadowed`. */
    exclude?: Exclusion;
  },
): RawBuilder<unknown>[] {
  const id = options.id ?? sql`a.id`;
  const out: RawBuilder<unknown>[] = options.publishedOnly ? [] : [sql`a.status = 'published'`];
  if (out.length === 0) out.push(sql`1 = 1`);
  if (options.exclude) out.push(options.exclude(id));
  if (f.type) out.push(sql`a.type = ${f.type}`);
  if (f.countryId !== undefined)
    out.push(sql`${id} in (select article_id from article_countries where country_id = ${f.countryId})`);
  if (f.regionId !== undefined)
    out.push(
      sql`${id} in (select x.article_id from article_countries x join countries c on c.id = x.country_id where c.region_id = ${f.regionId})`,
    );
  if (f.topicId !== undefined)
    out.push(sql`${id} in (select article_id from article_topics where topic_id = ${f.topicId})`);
  if (f.caseId !== undefined)
    out.push(sql`${id} in (select article_id from article_cases where case_id = ${f.caseId})`);
  if (f.from) out.push(sql`a.published_at >= ${f.from}`);
  if (f.before) out.push(sql`a.published_at < ${f.before}`);
  return out;
}

/** A condition on an item's id that leaves out a list of items, in the dialect's own form. */
export type Exclusion = (id: RawBuilder<unknown>) => RawBuilder<unknown>;

/** A matching member of a translation group (an article and its translations). */
export interface GroupMember {
  id: number;
  /** The group: its source's id. */
  grp: number;
  /** Its language, English when not stated. */
  lang: string;
}

/**
 * The matching members of translation groups, with the filters applied: `matching` selects the
 * ids of every match (the dialect's own statement). Groups are found from the translations'
 * index alone (`translation_of`; no status: only published items match), so an archive without
 * translations costs one empty index read; a member's row is read only when it matches. The
 * members lead the join (CROSS JOIN keeps SQLite's order): SQLite had walked every published
 * article through the status index instead (20 ms at 5,000 articles).
 */
export function groupMembers(filters: SearchFilters, matching: RawBuilder<unknown>): RawBuilder<GroupMember> {
  return sql<GroupMember>`
    with translations as materialized (
      select id, translation_of from articles where translation_of is not null),
    members as (select id from translations union select translation_of from translations)
    select a.id, coalesce(a.translation_of, a.id) as grp, coalesce(a.language, 'en') as lang
    from members m cross join articles a
    where m.id in (${matching}) and a.id = m.id
      and ${sql.join(filterConditions(filters, { publishedOnly: false }), sql` and `)}`;
}

/**
 * A search shows one result per translation group: of its members that match, the one in the
 * page's language, else the source, else the first made; the others are shadowed, left out of the
 * results, their count and the counts per filter value alike. SQLite reads the members
 * (`groupMembers`) and leaves these out; PostgreSQL orders them the same way inside its one
 * statement (postgres-engine.ts `groupsOf`). Either reads every translation's id per search:
 * about 1 ms for 300 translations; carrying `translation_of` in the narrow rows would make it
 * depend on the matches only.
 */
export function shadowed(members: GroupMember[], language: string): number[] {
  const order = (m: GroupMember) => [m.lang === language ? 0 : 1, m.id === m.grp ? 0 : 1, m.id] as const;
  const before = (a: GroupMember, b: GroupMember) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  };
  const shown = new Map<number, GroupMember>();
  for (const m of members) {
    const best = shown.get(Number(m.grp));
    if (!best || before(m, best) < 0) shown.set(Number(m.grp), m);
  }
  return members.filter((m) => shown.get(Number(m.grp)) !== m).map((m) => Number(m.id));
}

/**
 * Counts per filter value over a relation `m(id, type, published_at)` that the caller has defined
 * (a materialized CTE of the sampled matches), as rows of one union. `year` is the dialect's
 * expression for the year of `m.published_at`. CROSS JOIN keeps SQLite walking the matches and
 * looking up their links, rather than scanning every link in the archive against them (20 ms at
 * 100,000 articles for a rare name).
 */
export function facetRows(year: RawBuilder<unknown>): RawBuilder<FacetCount> {
  return sql<FacetCount>`
    select 'type' as facet, m.type as value, count(*) as count from m group by m.type
    union all
    select 'year', ${year}, count(*) from m where m.published_at is not null group by ${year}
    union all
    select 'country', cast(x.country_id as text), count(*)
      from m cross join article_countries x where x.article_id = m.id group by x.country_id
    union all
    select 'region', cast(c.region_id as text), count(distinct m.id)
      from m cross join article_countries x cross join countries c
      where x.article_id = m.id and c.id = x.country_id
      group by c.region_id
    union all
    select 'topic', cast(x.topic_id as text), count(*)
      from m cross join article_topics x where x.article_id = m.id group by x.topic_id
    union all
    select 'case', cast(x.case_id as text), count(*)
      from m cross join article_cases x where x.article_id = m.id group by x.case_id`;
}

/** Facet counts from an engine's two statements: the exact total, and the sampled counts. */
export function facetCounts(total: number, rows: FacetCount[], sample: number): FacetCounts {
  return {
    total,
    counts: rows.filter((r) => r.facet !== 'total').map((r) => extend(r, { count: Number(r.count) })),
    sampledFrom: total > sample ? sample : null,
  };
}

/** A result's row before its snippet is made: the texts the snippet is cut from. */
export interface TextRow extends Omit<SearchHit, 'snippet'> {
  body: string;
}

/** A result with the highlighted stretch of its body or summary (snippet.ts). */
export function withSnippet(row: TextRow, q: ParsedQuery, language = 'en'): SearchHit {
  const { body, ...hit } = row;
  const marked = (text: string) => highlight(text, q, undefined, language);
  return extend(hit, { snippet: pickSnippet(marked(body), marked(hit.summary), hit.summary) });
}

/** The highlighted stretch worth showing: the body's if it has a match, else the summary's. */
export function pickSnippet(body: string | null, summary: string | null, plainSummary: string): string {
  if (body?.includes(MARK_START)) return tidySnippet(body);
  if (summary?.includes(MARK_START)) return tidySnippet(summary);
  return plainSummary;
}

/** Snippets come from Markdown: drop link targets and emphasis marks so they read as text. */
export function tidySnippet(text: string): string {
  return text
    .replace(/\]\([^)\s]*\)?/g, '')
    .replace(/(^|\s)[#>]+\s/g, '$1')
    .replace(/[*_`[\]]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Ids of all articles in batches, for reindexing. */
export async function articleIdBatches(db: Db, size: number): Promise<number[][]> {
  const rows = await db.selectFrom('articles').select('id').orderBy('id').execute();
  const out: number[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size).map((r) => r.id));
  return out;
}

/**
 * What an engine's window statement returns, one union: 'window' (the number of matches found
 * for the window, up to its size), 'page' (an id on the page, `count` its position) and the counts
 * per filter value.
 */
export interface WindowRow {
  facet: Facet | 'window' | 'page';
  value: string;
  count: number;
}

export function readWindow(rows: WindowRow[]): { found: number; page: number[]; counts: FacetCount[] } {
  let found = 0;
  const page: Array<{ id: number; at: number }> = [];
  const counts: FacetCount[] = [];
  for (const r of rows) {
    if (r.facet === 'window') found = Number(r.count);
    else if (r.facet === 'page') page.push({ id: Number(r.value), at: Number(r.count) });
    else counts.push({ facet: r.facet, value: String(r.value), count: Number(r.count) });
  }
  return { found, page: page.sort((a, b) => a.at - b.at).map((p) => p.id), counts };
}

/** The size of the one window of newest matches that ranking and the sampled counts share. */
export function windowSize(bounds: SearchBounds): number {
  return Math.max(bounds.facetSample, bounds.rankWindow);
}

/** Puts rows fetched by id back in the page's order, with their snippets. */
export function inPageOrder(ids: number[], rows: TextRow[], q: ParsedQuery, language = 'en'): SearchHit[] {
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [withSnippet(row, q, language)] : [];
  });
}
