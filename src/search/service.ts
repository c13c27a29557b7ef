import { countryLinksOfArticles, namesFor, paths } from '../newsroom/index.js';
import { type ArticleType, type Db, dialectOf } from '../platform/db/index.js';
import { extend } from '../platform/extend.js';
import { currentLanguage } from '../platform/i18n/index.js';
import {
  type Facet,
  type FacetCount,
  MARK_END,
  MARK_START,
  type SearchBounds,
  type SearchEngine,
  type SearchFilters,
  type SearchSort,
  type StemFailure,
} from './engine.js';
import { postgresEngine } from './postgres-engine.js';
import { isEmptyQuery, parseQuery, suggestCorrection } from './query.js';
import { sqliteEngine } from './sqlite-engine.js';

export const PAGE_SIZE = 10;
/** Facet values shown per filter; the selected one is always shown too. */
const FACET_LIMIT = 15;

/** The engine for the database's dialect: the one place that chooses. */
export function searchEngine(db: Db, bounds?: SearchBounds, onStemFailure?: StemFailure): SearchEngine {
  return dialectOf(db) === 'postgres'
    ? postgresEngine(db, bounds, onStemFailure)
    : sqliteEngine(db, bounds, onStemFailure);
}

export interface SearchDeps {
  db: Db;
  engine: SearchEngine;
}

/** A search as the address states it (validated at the edge). */
export interface SearchRequest {
  q: string;
  type?: ArticleType;
  country?: string;
  region?: string;
  topic?: string;
  case?: string;
  /** YYYY-MM-DD, inclusive. */
  from?: string;
  /** YYYY-MM-DD, inclusive. */
  to?: string;
  sort: SearchSort;
  page: number;
}

/** Text with the stretches that matched the query marked. */
export interface Segment {
  text: string;
  match: boolean;
}

export interface Link {
  name: string;
  href: string;
}

export interface SearchResult {
  id: number;
  type: ArticleType;
  reference: string;
  title: string;
  href: string;
  publishedAt: string;
  countries: Link[];
  snippet: Segment[];
  /** The language it is written in, when stated: marked on a page in another language. */
  language: string | null;
}

export interface FacetValue {
  /** The value as it goes in the address: a slug, a type or a year. */
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface FacetGroup {
  facet: Facet;
  values: FacetValue[];
}

export interface SearchView {
  request: SearchRequest;
  /** The query as understood (cleaned), shown back to the reader. */
  query: string;
  /** Results are for `didYouMean` because the query as typed found nothing. */
  approximate: boolean;
  didYouMean: string | null;
  total: number;
  page: number;
  totalPages: number;
  results: SearchResult[];
  facets: FacetGroup[];
  /** When the matches outnumber the facet sample: the counts per filter value cover this many, the newest. */
  facetsSampled: number | null;
  /** Filters in force, each with the address that removes it. */
  active: Array<{ facet: Facet | 'from' | 'to'; label: string; removeHref: string }>;
  href: (changes: Partial<Record<keyof SearchRequest, string | number | undefined>>) => string;
}

export type SearchOutcome =
  | { ok: true; view: SearchView }
  | { ok: false; reason: 'unknown-filter'; facet: Facet; value: string }
  | { ok: false; reason: 'beyond-last-page'; lastPage: string };

/** The address of a search: only the parameters that differ from the defaults, in a fixed order. */
export function searchHref(
  base: string,
  r: Partial<Record<keyof SearchRequest, string | number | undefined>>,
) {
  const params = new URLSearchParams();
  for (const key of [
    'q',
    'type',
    'country',
    'region',
    'topic',
    'case',
    'from',
    'to',
    'sort',
    'page',
  ] as const) {
    const value = r[key];
    if (value === undefined || value === '') continue;
    if (key === 'sort' && value === 'relevance') continue;
    if (key === 'page' && Number(value) <= 1) continue;
    params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

export function segments(snippet: string): Segment[] {
  const out: Segment[] = [];
  for (const [i, part] of snippet.split(MARK_START).entries()) {
    if (i === 0) {
      if (part) out.push({ text: part, match: false });
      continue;
    }
    const [matched = '', rest = ''] = part.split(MARK_END, 2);
    if (matched) out.push({ text: matched, match: true });
    if (rest) out.push({ text: rest, match: false });
  }
  return out;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString();
}

/**
 * The names filters resolve and counts are shown with: ids, slugs and names only (the newsroom's
 * own listings also read summaries and pictures, a millisecond per search with 300 cases). Names
 * are the page's language's; slugs, which the search's address carries, stay the English ones.
 */
async function taxonomy(db: Db) {
  const [countries, regions, topics, cases, names] = await Promise.all([
    db.selectFrom('countries').select(['id', 'slug', 'name']).execute(),
    db.selectFrom('regions').select(['id', 'slug', 'name']).execute(),
    db.selectFrom('topics').select(['id', 'slug', 'name']).execute(),
    db.selectFrom('cases').select(['id', 'slug', 'name']).execute(),
    namesFor(db, currentLanguage()),
  ]);
  const named =
    (kind: 'country' | 'region' | 'topic') => (row: { id: number; slug: string; name: string }) => ({
      id: row.id,
      slug: row.slug,
      name: names.of(kind, row).name,
    });
  return {
    countries: countries.map(named('country')),
    regions: regions.map(named('region')),
    topics: topics.map(named('topic')),
    cases,
  };
}

type Taxonomy = Awaited<ReturnType<typeof taxonomy>>;

function resolveFilters(
  r: SearchRequest,
  tax: Taxonomy,
): { ok: true; filters: SearchFilters } | { ok: false; facet: Facet; value: string } {
  const filters: SearchFilters = { type: r.type };
  const find = <T extends { id: number; slug: string }>(rows: T[], slug: string | undefined) =>
    slug === undefined ? undefined : (rows.find((row) => row.slug === slug) ?? null);
  const country = find(tax.countries, r.country);
  const region = find(tax.regions, r.region);
  const topic = find(tax.topics, r.topic);
  const person = find(tax.cases, r.case);
  if (country === null) return { ok: false, facet: 'country', value: r.country ?? '' };
  if (region === null) return { ok: false, facet: 'region', value: r.region ?? '' };
  if (topic === null) return { ok: false, facet: 'topic', value: r.topic ?? '' };
  if (person === null) return { ok: false, facet: 'case', value: r.case ?? '' };
  filters.countryId = country?.id;
  filters.regionId = region?.id;
  filters.topicId = topic?.id;
  filters.caseId = person?.id;
  if (r.from) filters.from = `${r.from}T00:00:00.000Z`;
  if (r.to) filters.before = nextDay(r.to);
  return { ok: true, filters };
}

function facetGroups(
  counts: FacetCount[],
  tax: Taxonomy,
  r: SearchRequest,
  typeLabel: (type: string) => string,
): FacetGroup[] {
  const byId = <T extends { id: number; slug: string; name: string }>(rows: T[]) => {
    const map = new Map(rows.map((row) => [String(row.id), row]));
    return (value: string) => map.get(value);
  };
  const country = byId(tax.countries);
  const region = byId(tax.regions);
  const topic = byId(tax.topics);
  const person = byId(tax.cases);
  const groups: Array<
    [Facet, (v: string) => { value: string; label: string } | undefined, 'count' | 'value-desc']
  > = [
    ['type', (v) => ({ value: v, label: typeLabel(v) }), 'count'],
    ['country', (v) => slugged(country(v)), 'count'],
    ['region', (v) => slugged(region(v)), 'count'],
    ['topic', (v) => slugged(topic(v)), 'count'],
    ['case', (v) => slugged(person(v)), 'count'],
    ['year', (v) => ({ value: v, label: v }), 'value-desc'],
  ];
  const selectedOf = (facet: Facet): string | undefined =>
    facet === 'year'
      ? r.from?.endsWith('-01-01') && r.to?.endsWith('-12-31') && r.from.slice(0, 4) === r.to.slice(0, 4)
        ? r.from.slice(0, 4)
        : undefined
      : r[facet];
  return groups
    .map(([facet, resolve, order]) => {
      const selected = selectedOf(facet);
      const values = counts
        .filter((c) => c.facet === facet)
        .flatMap((c) => {
          const v = resolve(c.value);
          return v ? [extend(v, { count: c.count, selected: v.value === selected })] : [];
        })
        .sort((a, b) =>
          order === 'value-desc'
            ? b.value.localeCompare(a.value)
            : b.count - a.count || a.label.localeCompare(b.label),
        );
      const shown = values.slice(0, FACET_LIMIT);
      const chosen = values.find((v) => v.selected);
      if (chosen && !shown.includes(chosen)) shown.push(chosen);
      return { facet, values: shown };
    })
    .filter((g) => g.values.length > 0);
}

function slugged(row: { slug: string; name: string } | undefined) {
  return row ? { value: row.slug, label: row.name } : undefined;
}

/** Searches the archive: exact first, then, if that finds nothing, the closest spelling. */
export async function searchArchive(
  deps: SearchDeps,
  r: SearchRequest,
  typeLabel: (type: string) => string,
  base = paths.search(),
): Promise<SearchOutcome> {
  const href: SearchView['href'] = (changes) =>
    searchHref(base, extend(r, extend({ page: undefined }, changes)));
  let parsed = parseQuery(r.q);
  const empty: SearchView = {
    request: r,
    query: parsed.display,
    approximate: false,
    didYouMean: null,
    total: 0,
    page: r.page,
    totalPages: 1,
    results: [],
    facets: [],
    facetsSampled: null,
    active: [],
    href,
  };
  if (isEmptyQuery(parsed)) return { ok: true, view: empty };

  const tax = await taxonomy(deps.db);
  const resolved = resolveFilters(r, tax);
  if (!resolved.ok)
    return { ok: false, reason: 'unknown-filter', facet: resolved.facet, value: resolved.value };
  const { filters } = resolved;

  // One call per spelling: the engine finds the matches once for the total, the counts and the page.
  const offset = (r.page - 1) * PAGE_SIZE;
  // The page's language: its stems too, and its items first (French results, then English ones).
  const language = currentLanguage();
  let found = await deps.engine.search(parsed, filters, r.sort, PAGE_SIZE, offset, language);
  let approximate = false;
  let didYouMean: string | null = null;
  if (found.total === 0) {
    const suggestion = suggestCorrection(parsed, await deps.engine.candidates(parsed));
    if (suggestion) {
      didYouMean = suggestion;
      const corrected = parseQuery(suggestion);
      const second = await deps.engine.search(corrected, filters, r.sort, PAGE_SIZE, offset, language);
      if (second.total > 0) {
        found = second;
        parsed = corrected;
        approximate = true;
      }
    }
  }
  const { counts, total, sampledFrom } = found;

  const totalPages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (r.page > totalPages)
    return { ok: false, reason: 'beyond-last-page', lastPage: href({ page: totalPages }) };
  const hits = found.hits;
  const countries = await countryLinksOfArticles(
    deps,
    hits.map((h) => h.id),
  );

  const labelOf = (facet: Facet, value: string | undefined) => {
    if (value === undefined) return undefined;
    const list =
      facet === 'country'
        ? tax.countries
        : facet === 'region'
          ? tax.regions
          : facet === 'topic'
            ? tax.topics
            : facet === 'case'
              ? tax.cases
              : [];
    return facet === 'type' ? typeLabel(value) : list.find((row) => row.slug === value)?.name;
  };
  const active: SearchView['active'] = [];
  for (const facet of ['type', 'country', 'region', 'topic', 'case'] as const) {
    const label = labelOf(facet, r[facet]);
    if (label) active.push({ facet, label, removeHref: href({ [facet]: undefined }) });
  }
  if (r.from) active.push({ facet: 'from', label: r.from, removeHref: href({ from: undefined }) });
  if (r.to) active.push({ facet: 'to', label: r.to, removeHref: href({ to: undefined }) });

  return {
    ok: true,
    view: {
      ...empty,
      approximate,
      didYouMean,
      total,
      totalPages,
      results: hits.map((h) => ({
        id: h.id,
        type: h.type,
        reference: h.reference,
        title: h.title,
        href: paths.article(h.slug),
        publishedAt: h.publishedAt,
        countries: countries.get(h.id) ?? [],
        snippet: segments(h.snippet),
        language: h.language,
      })),
      facets: facetGroups(counts, tax, r, typeLabel),
      facetsSampled: sampledFrom,
      active,
    },
  };
}
