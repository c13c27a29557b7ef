import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../platform/db/index.js';
import {
  articleIdBatches,
  DEFAULT_BOUNDS,
  facetCounts,
  facetQuery,
  filterConditions,
  hasFilters,
  type SearchBounds,
  type SearchEngine,
  type TextRow,
  withSnippet,
} from './engine.js';
import { correctableWords, foldAccents, type ParsedQuery, romanceStem, type Term } from './query.js';

/*
 * SQLite FTS5 (migration 002): `search_fts(title, names, summary, body)` with the Porter stemmer over
 * unicode61 (case and accents folded), ranked by bm25 weighted 10/6/3/1; `search_trigram(words)`
 * over titles and names for "did you mean". Both are kept true by triggers.
 */

/** A word as an FTS5 string: words hold letters and digits only, so no quote can appear inside. */
const quoted = (text: string) => `"${text}"`;

function termExpression(term: Term): string {
  if (term.kind === 'phrase') return quoted(term.words.join(' '));
  if (term.prefix) return `${quoted(term.text)}*`;
  // Porter knows English only; a light Romance stem as a prefix catches Spanish and French forms.
  const stem = romanceStem(term.text);
  return stem ? `(${quoted(term.text)} OR ${quoted(stem)}*)` : quoted(term.text);
}

/** The FTS5 MATCH expression for a parsed query (bound as a parameter, never spliced into SQL). */
export function ftsExpression(q: ParsedQuery): string {
  const positive = q.terms.map(termExpression).join(' AND ');
  if (q.excluded.length === 0) return positive;
  return `(${positive}) NOT (${q.excluded.map(termExpression).join(' OR ')})`;
}

/** Trigrams as the FTS5 trigram tokenizer makes them (no padding), OR-ed. */
function trigramExpression(q: ParsedQuery): string | null {
  const grams = new Set<string>();
  for (const word of correctableWords(q)) {
    const w = foldAccents(word);
    for (let i = 0; i + 3 <= w.length; i++) grams.add(w.slice(i, i + 3));
  }
  if (grams.size === 0) return null;
  return [...grams].map(quoted).join(' OR ');
}

function where(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql.join(conditions, sql` and `);
}

export function sqliteEngine(db: Db, bounds: SearchBounds = DEFAULT_BOUNDS): SearchEngine {
  return {
    name: 'sqlite-fts5',

    async hits(q, filters, sort, limit, offset) {
      const match = ftsExpression(q);
      const conditions = where(filterConditions(filters, { publishedOnly: true }));
      const order =
        sort === 'newest' ? sql`a.published_at desc, a.id desc` : sql`search_fts.rank, a.published_at desc`;
      // Ranking scores every match it is given: a common word is ranked among its newest matches.
      let window = sql`1 = 1`;
      if (sort === 'relevance') {
        const { rows: edge } = await sql<{ id: number }>`
          select search_fts.rowid as id from search_fts join search_meta a on a.id = search_fts.rowid
          where search_fts match ${match} and ${conditions}
          order by search_fts.rowid desc limit 1 offset ${bounds.rankWindow - 1}`.execute(db);
        if (edge[0]) window = sql`search_fts.rowid >= ${edge[0].id}`;
      }
      // The page of ids from the index and its narrow table; then text and snippets for those only.
      const { rows: page } = await sql<{ id: number }>`
        select a.id from search_fts join search_meta a on a.id = search_fts.rowid
        where search_fts match ${match} and ${window} and ${conditions}
        order by ${order}
        limit ${limit} offset ${offset}`.execute(db);
      if (page.length === 0) return [];
      const ids = page.map((r) => r.id);
      // `+a.status`: without the plus SQLite walks the status index over every published item.
      const { rows } = await sql<TextRow>`
        select a.id, a.type, a.slug, a.title, a.summary, a.reference, a.published_at as "publishedAt",
          a.body_md as body
        from articles a where a.id in (${sql.join(ids)}) and +a.status = 'published'`.execute(db);
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.flatMap((id) => {
        const row = byId.get(id);
        return row ? [withSnippet(row, q)] : [];
      });
    },

    async facets(q, filters) {
      const match = ftsExpression(q);
      const conditions = where(filterConditions(filters, { publishedOnly: true }));
      // The index holds published items only, as search_meta does: without filters it counts alone.
      const { rows: counted } = hasFilters(filters)
        ? await sql<{ n: number }>`
          select count(*) as n from search_fts join search_meta a on a.id = search_fts.rowid
          where search_fts match ${match} and ${conditions}`.execute(db)
        : await sql<{
            n: number;
          }>`select count(*) as n from search_fts where search_fts match ${match}`.execute(db);
      const total = Number(counted[0]?.n ?? 0);
      if (total === 0) return facetCounts(0, [], bounds.facetSample);
      // Newest rowids first: FTS5 walks its lists backwards and stops at the limit.
      const matched = sql`
        select a.id, a.type, a.published_at from search_fts join search_meta a on a.id = search_fts.rowid
        where search_fts match ${match} and ${conditions}
        order by search_fts.rowid desc limit ${bounds.facetSample}`;
      const { rows } = await facetQuery(matched, sql`substr(m.published_at, 1, 4)`).execute(db);
      return facetCounts(total, rows, bounds.facetSample);
    },

    async candidates(q) {
      const match = trigramExpression(q);
      if (!match) return [];
      const { rows } = await sql<{ words: string }>`
        select words from search_trigram where search_trigram match ${match} order by rank limit 40`.execute(
        db,
      );
      return rows.map((r) => r.words);
    },

    async reindex(onProgress) {
      const batches = await articleIdBatches(db, 1000);
      const total = batches.reduce((n, b) => n + b.length, 0);
      let done = 0;
      let previous = 0;
      for (const [i, batch] of batches.entries()) {
        const lo = previous;
        // The last batch also sweeps entries of any article with a higher id, long deleted.
        const hi = i === batches.length - 1 ? Number.MAX_SAFE_INTEGER : batch[batch.length - 1]!;
        await db.transaction().execute(async (trx) => {
          await sql`delete from search_fts where rowid > ${lo} and rowid <= ${hi}`.execute(trx);
          await sql`delete from search_trigram where rowid > ${lo} and rowid <= ${hi}`.execute(trx);
          await sql`delete from search_meta where id > ${lo} and id <= ${hi}`.execute(trx);
          await sql`insert into search_meta(id, type, published_at)
            select id, type, published_at from search_source where id > ${lo} and id <= ${hi}`.execute(trx);
          await sql`insert into search_fts(rowid, title, names, summary, body)
            select id, title, names, summary, body from search_source where id > ${lo} and id <= ${hi}`.execute(
            trx,
          );
          await sql`insert into search_trigram(rowid, words)
            select id, title || ' ' || names from search_source where id > ${lo} and id <= ${hi}`.execute(
            trx,
          );
        });
        previous = hi;
        done += batch.length;
        onProgress?.({ done, total });
      }
      if (batches.length === 0) {
        await sql`delete from search_fts`.execute(db);
        await sql`delete from search_trigram`.execute(db);
        await sql`delete from search_meta`.execute(db);
      }
      await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
      await sql`insert into search_trigram(search_trigram) values ('optimize')`.execute(db);
      return { done, total };
    },
  };
}
