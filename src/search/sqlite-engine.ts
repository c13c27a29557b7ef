import { type RawBuilder, sql } from 'kysely';
import { type Db, literalLimit } from '../platform/db/index.js';
import {
  articleIdBatches,
  DEFAULT_BOUNDS,
  type Exclusion,
  type Facet,
  type FacetCount,
  facetCounts,
  filterConditions,
  groupMembers,
  inPageOrder,
  reportStemFailure,
  type SearchBounds,
  type SearchEngine,
  type SearchFilters,
  type SearchHit,
  type StemFailure,
  shadowed,
  type TextRow,
  windowSize,
} from './engine.js';
import { correctableWords, foldAccents, type ParsedQuery, romanceStem, type Term } from './query.js';
import { catchUpStems, clearQueue, queueHead, type ReindexItems, termStems, writeStems } from './stems.js';

/*
 * SQLite FTS5 (migrations 002, 006 and 038): `search_fts(title, names, summary, body, stems_head,
 * stems_body)` with the Porter stemmer over unicode61 (case and accents folded), ranked by bm25
 * weighted 10/6/3/1/3/1; the last two hold French items' stems (stems.ts), looked up by a French
 * page's words only, every other lookup being confined to the first four;
 * `search_words(words)`, titles and names with accents folded and no stemming, whose vocabulary
 * (`search_words_vocab`) offers the words for "did you mean". Both are kept true by triggers.
 */

/** A word as an FTS5 string: words hold letters and digits only, so no quote can appear inside. */
const quoted = (text: string) => `"${text}"`;

/** The columns of the words as written, and those of French items' stems (migration 038). */
const WORDS = '{title names summary body}';
const STEMS = '{stems_head stems_body}';

function termExpression(term: Term, language: string): string {
  // On a page in a stemmed language (French), the word's stem is looked up among the stems, also
  // for the word still being typed (a search's only word is one): equal stems, never a prefix.
  const stems = termStems(term, language)?.filter((s) => s !== '');
  const stemmed = stems && stems.length > 0 ? ` OR ${STEMS} : ${quoted(stems.join(' '))}` : '';
  if (term.kind === 'phrase') {
    const phrase = `${WORDS} : ${quoted(term.words.join(' '))}`;
    return stemmed ? `(${phrase}${stemmed})` : phrase;
  }
  const typed = term.prefix ? `${quoted(term.text)}*` : quoted(term.text);
  // Porter knows English only; a light Romance stem as a prefix catches Spanish and French forms.
  const romance = term.prefix ? null : romanceStem(term.text);
  const written = `${WORDS} : ${romance ? `(${typed} OR ${quoted(romance)}*)` : typed}`;
  return stemmed ? `(${written}${stemmed})` : written;
}

/**
 * The FTS5 MATCH expression for a parsed query (bound as a parameter, never spliced into SQL),
 * with the stems of the page's language.
 */
export function ftsExpression(q: ParsedQuery, language = 'en'): string {
  const term = (t: Term) => termExpression(t, language);
  const positive = q.terms.map(term).join(' AND ');
  if (q.excluded.length === 0) return positive;
  return `(${positive}) NOT (${q.excluded.map(term).join(' OR ')})`;
}

/** The query's words and phrases as typed, AND-ed, with no prefix or stem: for ranking only. */
export function exactExpression(q: ParsedQuery): string {
  return `${WORDS} : (${q.terms.map((t) => quoted(t.kind === 'phrase' ? t.words.join(' ') : t.text)).join(' AND ')})`;
}

/** The index rows of these items, read again from search_source (with their stems). */
const reindexItems: ReindexItems = async (trx, ids) => {
  if (ids.length === 0) return;
  await sql`delete from search_fts where rowid in (${sql.join(ids)})`.execute(trx);
  await sql`insert into search_fts(rowid, title, names, summary, body, stems_head, stems_body)
    select id, title, names, summary, body, stems_head, stems_body from search_source
    where id in (${sql.join(ids)})`.execute(trx);
};

/** `id not in <list>`, one bound parameter whatever the list's length. */
const excluding =
  (ids: number[]): Exclusion =>
  (id) =>
    sql`${id} not in (select value from json_each(${JSON.stringify(ids)}))`;

function where(conditions: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql.join(conditions, sql` and `);
}

/** A match in the window: its narrow row (search_meta) and, when ranking, its bm25 (lower is better). */
export interface WindowEntry {
  id: number;
  type: string;
  published_at: string | null;
  /** The item's links as `c<country id> t<topic id> k<case id>`, space-separated (migration 006). */
  facets: string;
  r: number;
  /** 1 when the item is in the page's language (searches that put that language first), else 0. */
  own?: number;
}

const byRank = (a: WindowEntry, b: WindowEntry) => (a.r === b.r ? byDate(a, b) : a.r < b.r ? -1 : 1);
/** The page's language first, then by rank. */
const byOwnThenRank = (a: WindowEntry, b: WindowEntry) => (b.own ?? 0) - (a.own ?? 0) || byRank(a, b);
const byDate = (a: WindowEntry, b: WindowEntry) =>
  (b.published_at ?? '').localeCompare(a.published_at ?? '') || b.id - a.id;

/**
 * Counts per filter value over the sampled matches, from the links each narrow row carries: one
 * row read per match instead of a lookup per match in every link table (5 ms for 1,000 matches at
 * 100,000 articles). Regions come from the countries, each item counted once per region.
 */
export function countFacets(entries: WindowEntry[], regionOf: Map<number, number>): FacetCount[] {
  const types = new Map<string, number>();
  const years = new Map<string, number>();
  const byId = {
    country: new Map<number, number>(),
    topic: new Map<number, number>(),
    case: new Map<number, number>(),
  };
  const regions = new Map<number, number>();
  const bump = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
  const seen = new Set<number>();
  for (const e of entries) {
    bump(types, e.type);
    if (e.published_at) bump(years, e.published_at.slice(0, 4));
    if (e.facets === '') continue;
    seen.clear();
    for (const key of e.facets.split(' ')) {
      const id = Number(key.slice(1));
      const kind = key.charCodeAt(0);
      if (kind === 99 /* c */) {
        bump(byId.country, id);
        const region = regionOf.get(id);
        // An item in two countries of one region counts once for the region.
        if (region !== undefined && !seen.has(region)) {
          seen.add(region);
          bump(regions, region);
        }
      } else if (kind === 116 /* t */) bump(byId.topic, id);
      else if (kind === 107 /* k */) bump(byId.case, id);
    }
  }
  const out: FacetCount[] = [];
  const emit = <K>(facet: Facet, map: Map<K, number>) => {
    for (const [value, count] of map) out.push({ facet, value: String(value), count });
  };
  emit('type', types);
  emit('year', years);
  emit('country', byId.country);
  emit('region', regions);
  emit('topic', byId.topic);
  emit('case', byId.case);
  return out;
}

export function sqliteEngine(
  db: Db,
  bounds: SearchBounds = DEFAULT_BOUNDS,
  onStemFailure: StemFailure = reportStemFailure,
): SearchEngine {
  async function regionsOf(): Promise<Map<number, number>> {
    const { rows } = await sql<{
      id: number;
      region_id: number;
    }>`select id, region_id from countries`.execute(db);
    return new Map(rows.map((r) => [r.id, r.region_id]));
  }

  /** The page's text and snippets, fetched by id once the page is known. */
  async function texts(ids: number[], q: ParsedQuery, language: string): Promise<SearchHit[]> {
    if (ids.length === 0) return [];
    // `+a.status`: without the plus SQLite walks the status index over every published item.
    const { rows } = await sql<TextRow>`
      select a.id, a.type, a.slug, a.title, a.summary, a.reference, a.published_at as "publishedAt",
        a.body_md as body, a.language
      from articles a where a.id in (${sql.join(ids)}) and +a.status = 'published'`.execute(db);
    return inPageOrder(ids, rows, q, language);
  }

  async function count(match: string, filters: SearchFilters, exclude?: Exclusion): Promise<number> {
    // The index holds published items only, as search_meta does: the narrow rows are read only to
    // filter by type or date.
    const conditions = where(
      filterConditions(filters, { publishedOnly: true, id: sql`+search_fts.rowid`, exclude }),
    );
    const { rows } =
      filters.type || filters.from || filters.before
        ? await sql<{ n: number }>`
          select count(*) as n from search_fts join search_meta a on a.id = search_fts.rowid
          where search_fts match ${match} and ${conditions}`.execute(db)
        : await sql<{ n: number }>`
          select count(*) as n from search_fts where search_fts match ${match} and ${conditions}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * Ranks a full window (a common word) in a second pass over the window's stretch of the index,
   * with the query's words as typed: bm25 first counts the items holding each of its phrases, and
   * for a prefix or a Romance stem that means merging every word that starts with it again (6 ms
   * for "police violence" at 100,000 articles), where the words as typed cost a lookup. Matches
   * found only through a longer word or a stem are placed after, newest first.
   */
  async function rankWindow(q: ParsedQuery, entries: WindowEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const ids = entries.map((e) => e.id);
    const { rows } = await sql<{ id: number; r: number }>`
      select rowid as id, rank as r from search_fts
      where search_fts match ${exactExpression(q)} and rowid >= ${Math.min(...ids)} and rowid <= ${Math.max(...ids)}`.execute(
      db,
    );
    const rank = new Map(rows.map((row) => [row.id, row.r]));
    for (const e of entries) e.r = rank.get(e.id) ?? Number.POSITIVE_INFINITY;
  }

  const engine: SearchEngine = {
    name: 'sqlite-fts5',

    async search(q, filters, sort, limit, offset, language = 'en') {
      await engine.catchUp().catch(onStemFailure);
      const match = ftsExpression(q, language);
      // One result per translation group: the members it does not show are left out of everything.
      const { rows: members } = await groupMembers(
        filters,
        sql`select rowid from search_fts where search_fts match ${match}`,
      ).execute(db);
      const hidden = shadowed(members, language);
      const exclude = hidden.length > 0 ? excluding(hidden) : undefined;
      // A page in another language than English puts its language's items first (relevance only:
      // newest first is the reader's own order), read in the window's pass.
      const own =
        language === 'en'
          ? sql`0`
          : sql`(select coalesce(x.language, 'en') = ${language} from articles x where x.id = a.id)`;
      const size = windowSize(bounds);
      const ranked = sort === 'relevance';
      // Counting first tells whether the window will hold every match.
      const total = await count(match, filters, exclude);
      if (total === 0) return { ...facetCounts(0, [], bounds.facetSample), hits: [] };
      const whole = total <= size;
      const links = where(
        filterConditions(filters, { publishedOnly: true, id: sql`+search_fts.rowid`, exclude }),
      );

      if (!ranked && !whole) {
        // Newest first among more matches than the window: walk the date index from the newest,
        // keeping the matches (at least one in `archive / size`, so the walk is short). The newest
        // `size` serve as the sample for the counts as well as the page.
        const byDateIndex = (n: number, skip: number) => sql<WindowEntry>`
          select a.id, a.type, a.published_at, a.facets, 0 as r, 0 as own from search_meta a indexed by search_meta_published
          where a.id in (select rowid from search_fts where search_fts match ${match})
            and ${where(filterConditions(filters, { publishedOnly: true, exclude }))}
          order by a.published_at desc, a.id desc limit ${literalLimit(n)} offset ${skip}`;
        const { rows: newest } = await byDateIndex(size, 0).execute(db);
        const page =
          offset + limit <= newest.length
            ? newest.slice(offset, offset + limit)
            : (await byDateIndex(limit, offset).execute(db)).rows;
        const counts = countFacets(newest.slice(0, bounds.facetSample), await regionsOf());
        return {
          ...facetCounts(total, counts, bounds.facetSample),
          hits: await texts(
            page.map((e) => e.id),
            q,
            language,
          ),
        };
      }

      // One pass over the index: the newest `size` matches with their narrow rows. Links are tested
      // on the index's rowid, before the narrow row is looked up. When the window holds every
      // match, bm25 comes in the same pass (FTS5 computes it per row returned).
      const { rows: window } = await sql<WindowEntry>`
        select a.id, a.type, a.published_at, a.facets, ${ranked && whole ? sql`search_fts.rank` : sql`0`} as r,
          ${ranked ? own : sql`0`} as own
        from search_fts join search_meta a on a.id = search_fts.rowid
        where search_fts match ${match} and ${links}
        order by search_fts.rowid desc limit ${literalLimit(size)}`.execute(db);
      if (ranked && !whole) await rankWindow(q, window.slice(0, bounds.rankWindow));
      const counts = countFacets(window.slice(0, bounds.facetSample), await regionsOf());

      let page: number[];
      if (ranked) {
        const best = window.slice(0, bounds.rankWindow).sort(byOwnThenRank);
        page = best.slice(offset, offset + limit).map((e) => e.id);
        // Past the ranking window, the rest follow newest additions first: from the window while
        // it lasts, then from the index.
        const from = Math.max(offset, best.length);
        const to = Math.min(offset + limit, total);
        if (to > from) {
          page.push(...window.slice(from, Math.min(to, window.length)).map((e) => e.id));
          if (to > window.length) {
            const { rows: rest } = await sql<{ id: number }>`
              select search_fts.rowid as id from search_fts join search_meta a on a.id = search_fts.rowid
              where search_fts match ${match} and ${links}
              order by search_fts.rowid desc limit ${literalLimit(to - Math.max(from, window.length))} offset ${Math.max(from, window.length)}`.execute(
              db,
            );
            page.push(...rest.map((r) => r.id));
          }
        }
      } else {
        // Every match is in the window: newest first by date.
        page = [...window]
          .sort(byDate)
          .slice(offset, offset + limit)
          .map((e) => e.id);
      }
      return { ...facetCounts(total, counts, bounds.facetSample), hits: await texts(page, q, language) };
    },

    async hits(q, filters, sort, limit, offset) {
      return (await engine.search(q, filters, sort, limit, offset)).hits;
    },

    async facets(q, filters) {
      const { hits: _, ...counts } = await engine.search(q, filters, 'newest', 0, 0);
      return counts;
    },

    async candidates(q) {
      // Words of titles and names near each query word, from the vocabulary of search_words
      // (folded by the tokenizer): those that start like the word, are about as long and share a
      // trigram past the start (without one, the similarity suggestCorrection asks for is out of
      // reach from five letters on). Ranges of the vocabulary are read instead of ranking every
      // title by shared trigrams (15-40 ms at 100,000 articles). "Start like" is the first three
      // letters, or the first with the next two swapped ("Hrenandez"); the first two for words
      // under six letters. A typo in the first letter, or in the second or third beyond a swap,
      // goes uncorrected.
      const words = correctableWords(q).map(foldAccents).slice(0, 6);
      const found = await Promise.all(
        words.flatMap((word) => {
          const starts =
            word.length < 6 ? [word.slice(0, 2)] : [word.slice(0, 3), word[0]! + word[2]! + word[1]!];
          const inner = [...new Set(Array.from({ length: word.length - 2 }, (_, i) => word.slice(i, i + 3)))];
          const sharesOne =
            word.length < 5
              ? sql`1 = 1`
              : sql`(${sql.join(
                  inner.map((g) => sql`instr(term, ${g}) > 0`),
                  sql` or `,
                )})`;
          return [...new Set(starts)].map(async (start) => {
            const end = start.slice(0, -1) + String.fromCodePoint(start.codePointAt(start.length - 1)! + 1);
            const { rows } = await sql<{ term: string }>`
              select term from search_words_vocab
              where term >= ${start} and term < ${end}
                and length(term) between ${word.length - 2} and ${word.length + 2} and ${sharesOne}`.execute(
              db,
            );
            return rows.map((r) => r.term);
          });
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
      let previous = 0;
      for (const [i, batch] of batches.entries()) {
        const lo = previous;
        // The last batch also sweeps entries of any article with a higher id, long deleted.
        const hi = i === batches.length - 1 ? Number.MAX_SAFE_INTEGER : batch[batch.length - 1]!;
        await db.transaction().execute(async (trx) => {
          await writeStems(trx, batch);
          await sql`delete from search_fts where rowid > ${lo} and rowid <= ${hi}`.execute(trx);
          await sql`delete from search_words where rowid > ${lo} and rowid <= ${hi}`.execute(trx);
          await sql`delete from search_meta where id > ${lo} and id <= ${hi}`.execute(trx);
          await sql`insert into search_meta(id, type, published_at, facets)
            select id, type, published_at, facets from search_meta_source where id > ${lo} and id <= ${hi}`.execute(
            trx,
          );
          await sql`insert into search_fts(rowid, title, names, summary, body, stems_head, stems_body)
            select id, title, names, summary, body, stems_head, stems_body from search_source
            where id > ${lo} and id <= ${hi}`.execute(trx);
          await sql`insert into search_words(rowid, words)
            select id, title || ' ' || names from search_source where id > ${lo} and id <= ${hi}`.execute(
            trx,
          );
        });
        previous = hi;
        done += batch.length;
        onProgress?.({ done, total });
      }
      await clearQueue(db, queued);
      if (batches.length === 0) {
        await sql`delete from search_stems`.execute(db);
        await sql`delete from search_fts`.execute(db);
        await sql`delete from search_words`.execute(db);
        await sql`delete from search_meta`.execute(db);
      }
      await sql`insert into search_fts(search_fts) values ('optimize')`.execute(db);
      await sql`insert into search_words(search_words) values ('optimize')`.execute(db);
      return { done, total };
    },
  };
  return engine;
}
