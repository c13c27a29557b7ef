import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../platform/db/index.js';
import {
  articleIdBatches,
  facetQuery,
  filterConditions,
  MARK_END,
  MARK_START,
  pickSnippet,
  type SearchEngine,
  type SearchHit,
} from './engine.js';
import { correctableWords, foldAccents, type ParsedQuery, type Term } from './query.js';

/*
 * PostgreSQL full-text search (migration 002): `search_documents.document` is a tsvector weighted
 * A (title), B (names), C (summary), D (body), stemmed as English, Spanish and French with accents
 * folded by unaccent, under a GIN index; `fuzzy` holds titles and names, unaccented, under a
 * pg_trgm GIN index for "did you mean". Extensions are in public and always named with it.
 */

const CONFIGS = ['candle_en', 'candle_es', 'candle_fr'] as const;

/** The same term in every language's stemming, OR-ed; the text is always a bound parameter. */
function termQuery(term: Term): RawBuilder<unknown> {
  const parts = CONFIGS.map((cfg) => {
    const c = sql.lit(cfg);
    if (term.kind === 'phrase') return sql`phraseto_tsquery(${c}::regconfig, ${term.words.join(' ')})`;
    // Words are letters and digits only, so `word:*` is always valid to_tsquery syntax.
    if (term.prefix) return sql`to_tsquery(${c}::regconfig, ${`${term.text}:*`})`;
    return sql`plainto_tsquery(${c}::regconfig, ${term.text})`;
  });
  return sql`(${sql.join(parts, sql` || `)})`;
}

export function tsqueryExpression(q: ParsedQuery): RawBuilder<unknown> {
  const positive = sql.join(q.terms.map(termQuery), sql` && `);
  if (q.excluded.length === 0) return positive;
  return sql`(${positive}) && !!(${sql.join(q.excluded.map(termQuery), sql` || `)})`;
}

function where(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql.join(conditions, sql` and `);
}

const HEADLINE = `StartSel=${MARK_START}, StopSel=${MARK_END}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

interface HitRow extends Omit<SearchHit, 'snippet'> {
  body_snippet: string | null;
  summary_snippet: string | null;
}

export function postgresEngine(db: Db): SearchEngine {
  return {
    name: 'postgres-tsvector',

    async hits(q, filters, sort, limit, offset) {
      const order =
        sort === 'newest' ? sql`published_at desc, id desc` : sql`rank desc, published_at desc, id desc`;
      const { rows } = await sql<HitRow>`
        with q as (select ${tsqueryExpression(q)} as query)
        select s.id, s.type, s.slug, s.title, s.summary, s.reference, s.published_at as "publishedAt",
          ts_headline('candle_en', s.body, q.query, ${HEADLINE}) as body_snippet,
          ts_headline('candle_en', s.summary, q.query, ${HEADLINE}) as summary_snippet
        from (
          select a.id, a.type, a.slug, a.title, a.summary, a.reference, a.published_at, a.body_md as body,
            ts_rank(d.document, q.query, 1) as rank
          from search_documents d join articles a on a.id = d.article_id cross join q
          where d.document @@ q.query and ${where(filterConditions(filters, { publishedOnly: false }))}
          order by ${order}
          limit ${limit} offset ${offset}
        ) s cross join q
        order by ${order}`.execute(db);
      return rows.map(({ body_snippet, summary_snippet, ...hit }) => ({
        ...hit,
        snippet: pickSnippet(body_snippet, summary_snippet, hit.summary),
      }));
    },

    async facets(q, filters) {
      const matched = sql`
        select a.id, a.type, a.published_at
        from search_documents d join articles a on a.id = d.article_id
        where d.document @@ (${tsqueryExpression(q)}) and ${where(filterConditions(filters, { publishedOnly: false }))}`;
      const { rows } = await facetQuery(
        matched,
        sql`to_char(m.published_at at time zone 'UTC', 'YYYY')`,
      ).execute(db);
      return rows.map((r) => ({ ...r, count: Number(r.count) }));
    },

    async candidates(q) {
      const words = correctableWords(q).map(foldAccents).slice(0, 6);
      const found = await Promise.all(
        words.map(async (word) => {
          const { rows } = await sql<{ fuzzy: string }>`
            select fuzzy from search_documents
            where ${word} operator(public.<%) fuzzy
            order by public.word_similarity(${word}, fuzzy) desc
            limit 20`.execute(db);
          return rows.map((r) => r.fuzzy);
        }),
      );
      return found.flat();
    },

    async reindex(onProgress) {
      const batches = await articleIdBatches(db, 1000);
      const total = batches.reduce((n, b) => n + b.length, 0);
      let done = 0;
      for (const batch of batches) {
        await sql`select candle_search_refresh(${batch}::integer[])`.execute(db);
        done += batch.length;
        onProgress?.({ done, total });
      }
      await sql`delete from search_documents d
        where not exists (select 1 from articles a where a.id = d.article_id and a.status = 'published')`.execute(
        db,
      );
      return { done, total };
    },
  };
}
