import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../platform/db/index.js';
import {
  articleIdBatches,
  DEFAULT_BOUNDS,
  facetCounts,
  facetRows,
  filterConditions,
  inPageOrder,
  readWindow,
  reportStemFailure,
  type SearchBounds,
  type SearchEngine,
  type SearchFilters,
  type SearchHit,
  type SearchSort,
  type StemFailure,
  type TextRow,
  type WindowRow,
  windowSize,
} from './engine.js';
import { correctableWords, foldAccents, type ParsedQuery, type Term } from './query.js';
import { catchUpStems, clearQueue, queueHead, type ReindexItems, termStems, writeStems } from './stems.js';

/*
 * PostgreSQL full-text search (migrations 002, 006 and 038): `search_documents.document` is a
 * tsvector weighted A (title), B (names), C (summary), D (body), stemmed in the item's language
 * (names unstemmed) with accents folded by unaccent, and for French items their stems (stems.ts)
 * as lexemes marked '§' (C for the title's and summary's, D for the body's), under a GIN index; `head` is the same without the
 * body, for ranking; `search_words` holds the words of titles and names under a pg_trgm GIN index
 * for "did you mean". Extensions are in public and always named with it.
 */

/**
 * Each item is stemmed in its own language and its names in candle_simple (migration 006); a
 * reader's words are looked up in every form: as each language stems them, and as written.
 */
const CONFIGS = ['candle_en', 'candle_es', 'candle_fr', 'candle_simple'] as const;

/** The mark migration 038 puts before each stem: no lexeme the text parser makes starts with it. */
const STEM_MARK = '§';

/**
 * A term's stems as a tsquery's text: the marked lexemes, a phrase's in a row. Stems are letters
 * and digits only (stems.ts), so quoting them is enough.
 */
export function stemQueryText(stems: string[]): string {
  return stems.map((s) => `'${STEM_MARK}${s}'`).join(' <-> ');
}

/**
 * The same term in every language's stemming, OR-ed; the text is always a bound parameter. On a
 * page in a stemmed language (French) its stems are looked up too, as the index holds them:
 * equal stems, also for the word still being typed, never a prefix.
 */
function termQuery(term: Term, language: string): RawBuilder<unknown> {
  const parts = CONFIGS.map((cfg) => {
    const c = sql.lit(cfg);
    if (term.kind === 'phrase') return sql`phraseto_tsquery(${c}::regconfig, ${term.words.join(' ')})`;
    // Words are letters and digits only, so `word:*` is always valid to_tsquery syntax.
    if (term.prefix) return sql`to_tsquery(${c}::regconfig, ${`${term.text}:*`})`;
    return sql`plainto_tsquery(${c}::regconfig, ${term.text})`;
  });
  const stems = termStems(term, language)?.filter((s) => s !== '');
  if (stems && stems.length > 0) parts.push(sql`${stemQueryText(stems)}::tsquery`);
  return sql`(${sql.join(parts, sql` || `)})`;
}

export function tsqueryExpression(q: ParsedQuery, language = 'en'): RawBuilder<unknown> {
  const term = (t: Term) => termQuery(t, language);
  const positive = sql.join(q.terms.map(term), sql` && `);
  if (q.excluded.length === 0) return positive;
  return sql`(${positive}) && !!(${sql.join(q.excluded.map(term), sql` || `)})`;
}

function where(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql.join(conditions, sql` and `);
}

/**
 * Runs a search statement with sequential scans priced out, in its own transaction. PostgreSQL's
 * cost model does not count reading each row's TOASTed tsvector, so for a word in a few percent of
 * the archive it scans every document (81 ms at 10,000 articles) instead of the GIN index (3 ms).
 */
async function throughTheIndex<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return work(trx);
  });
}

/** The one statement of a PostgreSQL search (exported for EXPLAIN in the bench). */
export function searchStatement(
  q: ParsedQuery,
  filters: SearchFilters,
  sort: SearchSort,
  limit: number,
  offset: number,
  bounds: SearchBounds,
  language = 'en',
): RawBuilder<WindowRow> {
  const size = windowSize(bounds);
  const ranked = sort === 'relevance';
  // A page in another language than English ranks its language's items first.
  const own =
    language === 'en'
      ? sql``
      : sql`(select coalesce(x.language, 'en') = ${language} from articles x where x.id = r.id) desc,`;
  // Past the ranking window, the rest follow newest additions first.
  const rest = ranked ? Math.max(0, offset + limit - Math.max(offset, bounds.rankWindow)) : 0;
  // One statement: every match is found once through the GIN index (narrow rows, vectors out of
  // line), counted exactly, sampled for the counts, and only the window is ranked, on the small
  // head vector (title, names, summary). One result per translation group (engine.ts `shadowed`,
  // the same order in SQL): the groups' members, found from the translations' index, are
  // looked up among the matches already found, never by reading their vectors again.
  return sql<WindowRow>`
    with q as (select ${tsqueryExpression(q, language)} as query),
    found as materialized (
      select a.id, a.type, a.published_at
      from (select article_id as id, type, published_at, document from search_documents) a cross join q
      where a.document @@ q.query and ${where(filterConditions(filters, { publishedOnly: true }))}),
    ${groupsOf(sql`found`, language)},
    matches as materialized (select * from found where id not in (select id from shadowed)),
    w as materialized (select * from matches order by id desc limit ${size}),
    m as (select * from w order by id desc limit ${bounds.facetSample})
    select 'window' as facet, '' as value, count(*) as count from matches
    union all
    ${
      ranked
        ? sql`select 'page', cast(p.id as text), p.at from (
            select r.id, row_number() over (order by ${own} ts_rank(d.head, q.query, 1) desc, r.published_at desc, r.id desc) as at
            from (select * from w order by id desc limit ${bounds.rankWindow}) r
            join search_documents d on d.article_id = r.id cross join q
            order by at limit ${limit} offset ${offset}) p
          union all
          select 'page', cast(id as text), ${bounds.rankWindow} + row_number() over (order by id desc)
          from (select id from matches order by id desc limit ${rest} offset ${Math.max(offset, bounds.rankWindow)}) x`
        : sql`select 'page', cast(id as text), row_number() over (order by published_at desc, id desc)
          from (select id, published_at from matches order by published_at desc, id desc
                limit ${limit} offset ${offset}) x`
    }
    union all
    ${facetRows(sql`to_char(m.published_at at time zone 'UTC', 'YYYY')`)}`;
}

/**
 * The CTEs `members` and `shadowed`: the members of translation groups among `found` (a relation
 * of matches with an `id`), and those a search does not show (engine.ts `shadowed`, in SQL).
 */
function groupsOf(found: RawBuilder<unknown>, language: string): RawBuilder<unknown> {
  // From the matches to the groups (a hash of the translations, read from their index alone: only
  // published items match), and to the articles' rows for the matching members only.
  return sql`translations as materialized (
      select id, translation_of from articles where translation_of is not null),
    members as materialized (
      select f.id, g.grp, coalesce(a.language, 'en') as lang
      from ${found} f
      join (select id, translation_of as grp from translations
            union select translation_of, translation_of from translations) g on g.id = f.id
      join articles a on a.id = f.id),
    shadowed as (
      select id from (
        select id, row_number() over (
          partition by grp order by (lang = ${language}) desc, (id = grp) desc, id) as n
        from members) x
      where n > 1)`;
}

/** The index rows of these items, made again from search_source (with their stems). */
const reindexItems: ReindexItems = async (trx, ids) => {
  if (ids.length > 0) await sql`select candle_search_refresh(${ids}::integer[])`.execute(trx);
};

/** PostgreSQL ranks fewer matches than SQLite: ts_rank reads each one's vector from TOAST. */
export const POSTGRES_BOUNDS: SearchBounds = { facetSample: DEFAULT_BOUNDS.facetSample, rankWindow: 300 };

export function postgresEngine(
  db: Db,
  bounds: SearchBounds = POSTGRES_BOUNDS,
  onStemFailure: StemFailure = reportStemFailure,
): SearchEngine {
  const engine: SearchEngine = {
    name: 'postgres-tsvector',

    async search(q, filters, sort, limit, offset, language = 'en') {
      await engine.catchUp().catch(onStemFailure);
      const rows = await throughTheIndex(
        db,
        async (trx) =>
          (await searchStatement(q, filters, sort, limit, offset, bounds, language).execute(trx)).rows,
      );
      const window = readWindow(rows);
      const hits = await texts(window.page, q, language);
      return { ...facetCounts(window.found, window.counts, bounds.facetSample), hits };
    },

    async hits(q, filters, sort, limit, offset) {
      return (await engine.search(q, filters, sort, limit, offset)).hits;
    },

    async facets(q, filters) {
      const { hits: _, ...counts } = await engine.search(q, filters, 'newest', 0, 0);
      return counts;
    },

    async candidates(q) {
      // The vocabulary of titles and names (search_words, thousands of rows) by trigram similarity.
      const words = correctableWords(q).map(foldAccents).slice(0, 6);
      const found = await Promise.all(
        words.map(async (word) => {
          const { rows } = await sql<{ word: string }>`
            select word from search_words
            where word operator(public.%) ${word}
            order by public.similarity(word, ${word}) desc
            limit 20`.execute(db);
          return rows.map((r) => r.word);
        }),
      );
      return found.flat();
    },

    catchUp() {
      return catchUpStems(db, reindexItems);
    },

    async reindex(onProgress) {
      // Every item is stemmed below: what was queued until now is done with the rebuild.
      const queued = await queueHead(db);
      const batches = await articleIdBatches(db, 1000);
      const total = batches.reduce((n, b) => n + b.length, 0);
      let done = 0;
      // The vocabulary is rebuilt with the documents: words of items gone since go with it.
      await sql`delete from search_words`.execute(db);
      for (const batch of batches) {
        await db.transaction().execute(async (trx) => {
          await writeStems(trx, batch);
          await reindexItems(trx, batch);
        });
        done += batch.length;
        onProgress?.({ done, total });
      }
      await clearQueue(db, queued);
      await sql`delete from search_documents d
        where not exists (select 1 from articles a where a.id = d.article_id and a.status = 'published')`.execute(
        db,
      );
      return { done, total };
    },
  };

  /** The page's text and snippets, fetched by id once the page is known. */
  async function texts(ids: number[], q: ParsedQuery, language: string): Promise<SearchHit[]> {
    if (ids.length === 0) return [];
    // By id, never through the status index (see migration 006 on stale statistics).
    const { rows } = await sql<TextRow>`
      select a.id, a.type, a.slug, a.title, a.summary, a.reference, a.published_at as "publishedAt",
        a.body_md as body, a.language
      from articles a where a.id = any(${ids}::integer[]) and a.status || '' = 'published'`.execute(db);
    return inPageOrder(ids, rows, q, language);
  }
  return engine;
}
