import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../platform/db/index.js';
import {
  articleIdBatches,
  DEFAULT_BOUNDS,
  facetCounts,
  facetQuery,
  filterConditions,
  type SearchBounds,
  type SearchEngine,
  type TextRow,
  withSnippet,
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

/**
 * Runs a search statement with sequential scans priced out, in its own transaction. PostgreSQL's
 * cost model does not count reading each row's TOASTed tsvector, so for a word in a few percent of
 * the archive it scans every document (81 ms at 10,000 articles) instead of the GIN index (3 ms).
 */
async function throughTheIndex<T>(db: Db, query: RawBuilder<T>): Promise<T[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return (await query.execute(trx)).rows;
  });
}

export function postgresEngine(db: Db, bounds: SearchBounds = DEFAULT_BOUNDS): SearchEngine {
  return {
    name: 'postgres-tsvector',

    async hits(q, filters, sort, limit, offset) {
      const rows = await throughTheIndex(
        db,
        sql<TextRow>`
        with q as (select ${tsqueryExpression(q)} as query)
        select a.id, a.type, a.slug, a.title, a.summary, a.reference, a.published_at as "publishedAt",
          a.body_md as body
        from search_documents d join articles a on a.id = d.article_id cross join q
        where d.document @@ q.query and ${where(filterConditions(filters, { publishedOnly: false }))}
        order by ${sort === 'newest' ? sql`a.published_at desc, a.id desc` : sql`ts_rank(d.document, q.query, 1) desc, a.published_at desc, a.id desc`}
        limit ${limit} offset ${offset}`,
      );
      return rows.map((row) => withSnippet(row, q));
    },

    async facets(q, filters) {
      // One statement: on PostgreSQL finding the matches (each one's vector re-checked) is the cost.
      const matched = sql`
        select a.id, a.type, a.published_at
        from search_documents d join articles a on a.id = d.article_id
        where d.document @@ (${tsqueryExpression(q)}) and ${where(filterConditions(filters, { publishedOnly: false }))}`;
      const rows = await throughTheIndex(
        db,
        facetQuery(matched, sql`to_char(m.published_at at time zone 'UTC', 'YYYY')`, bounds.facetSample),
      );
      const total = Number(rows.find((r) => r.facet === 'total')?.count ?? 0);
      return facetCounts(total, rows, bounds.facetSample);
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
