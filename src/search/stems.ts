import { stemmer as snowballFrench } from '@orama/stemmers/french';
import { sql } from 'kysely';
import { type Db, dialectOf } from '../platform/db/index.js';
import { foldAccents, type Term } from './query.js';

/*
 * French stems (issue 15, item 4). A French item's words are indexed a second time as their
 * stems, beside the words as written (which names, exact phrases, English readers and snippets
 * need); a French page's query is stemmed by the same function, so "libération" meets "libérés"
 * and "détenu" meets "détenus" because their stems are equal, on either database.
 *
 * Neither database can run this function: the index's triggers note which items' words changed
 * (`search_stem_queue`, migration 038) and the application stems them (`catchUpStems`) before the
 * next search, and `candle reindex` stems them all. PostgreSQL's own 'french' configuration was
 * not used for this: it removes accents before stemming, which Snowball's French rules read
 * ("libérée" and "libérés" part, as do "prisonnière" and "prisonniers"), and SQLite has none, so
 * the two databases would find different things.
 */

/** Languages whose items are stemmed by Candle; migration 038's triggers queue these items only. */
export const STEMMED_LANGUAGES = ['fr'] as const;

const WORD = /[\p{L}\p{N}]+/gu;
/** As query.ts cuts a reader's words; a longer "word" is noise, and PostgreSQL caps lexemes. */
const MAX_WORD_LENGTH = 60;

/**
 * The stem of one French word: Snowball French (`@orama/stemmers`) on the lower-cased word with
 * its accents (its rules read é, è and ê), then folded, as the index folds everything. Snowball
 * keeps an `s` after `u`, so that "détenus", "disparus" and "élus" stay apart from "détenu",
 * "disparu" and "élu": the plural's `s` goes first.
 */
export function frenchStem(word: string): string {
  let w = word.normalize('NFC').toLowerCase().slice(0, MAX_WORD_LENGTH);
  if (w.length >= 4 && w.endsWith('us')) w = w.slice(0, -1);
  return foldAccents(snowballFrench(w));
}

/** A text's words as French stems, in order and space-separated (as stored and as indexed). */
export function frenchStems(text: string): string {
  return (text.match(WORD) ?? []).map(frenchStem).join(' ');
}

/** The stems of a term, for a query on a page in `language`; null when that language is not stemmed. */
export function termStems(term: Term, language: string): string[] | null {
  if (!isStemmed(language)) return null;
  return term.kind === 'phrase' ? term.words.map(frenchStem) : [frenchStem(term.text)];
}

function isStemmed(language: string | null): boolean {
  return (STEMMED_LANGUAGES as readonly string[]).includes(language ?? '');
}

/** An item's texts as the index stores their stems: title and summary apart from the body. */
export interface ItemStems {
  head: string;
  body: string;
}

export function itemStems(item: { title: string; summary: string; body: string }): ItemStems {
  return {
    head: `${frenchStems(item.title)} ${frenchStems(item.summary)}`.trim(),
    body: frenchStems(item.body),
  };
}

/** Re-reads the search index's rows of these items (each engine's own statements). */
export type ReindexItems = (trx: Db, ids: number[]) => Promise<void>;

/**
 * Writes the stems of these items (in the caller's transaction): an item in a stemmed language
 * gets its row in `search_stems`, any other loses it. The index is not touched here.
 */
export async function writeStems(trx: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const rows = await trx
    .selectFrom('articles')
    .select(['id', 'language', 'title', 'summary', 'body_md'])
    .where('id', 'in', ids)
    .execute();
  await sql`delete from search_stems where article_id in (${sql.join(ids)})`.execute(trx);
  for (const row of rows) {
    if (!isStemmed(row.language)) continue;
    const stems = itemStems({ title: row.title, summary: row.summary, body: row.body_md });
    await sql`insert into search_stems (article_id, head, body) values (${row.id}, ${stems.head}, ${stems.body})`.execute(
      trx,
    );
  }
}

/** Items stemmed per transaction when catching up: a long queue never holds the writer long. */
const BATCH = 200;

/**
 * Stems the items whose words changed since the last search (queued by migration 038's triggers,
 * whatever wrote them: the editor, a translation, a scheduled publish, an import, a script) and
 * re-reads their index rows; what a search finds then matches what the items say. One read of an
 * empty queue when nothing changed. Each batch is claimed by deleting its queue rows, so two
 * processes never stem the same batch, and a change after the claim is queued again.
 */
export async function catchUpStems(db: Db, reindex: ReindexItems): Promise<number> {
  let done = 0;
  for (;;) {
    const { rows: waiting } = await sql`select seq from search_stem_queue limit 1`.execute(db);
    if (waiting.length === 0) return done;
    const claimed = await db.transaction().execute(async (trx) => {
      // On SQLite the delete is the transaction's first statement, so it holds the write lock from
      // the start; on PostgreSQL rows another process is stemming are passed over.
      const { rows } = await sql<{ article_id: number }>`
        delete from search_stem_queue where seq in (
          select seq from search_stem_queue order by seq limit ${BATCH}
          ${sql.raw(dialectOf(db) === 'postgres' ? 'for update skip locked' : '')})
        returning article_id`.execute(trx);
      const ids = [...new Set(rows.map((r) => Number(r.article_id)))];
      await writeStems(trx, ids);
      await reindex(trx, ids);
      return rows.length;
    });
    // Another process holds what is left of the queue: it is stemming it.
    if (claimed === 0) return done;
    done += claimed;
  }
}

/** Forgets what the queue held before a rebuild that stems every item (`candle reindex`). */
export async function queueHead(db: Db): Promise<number> {
  const { rows } = await sql<{ seq: number | null }>`select max(seq) as seq from search_stem_queue`.execute(
    db,
  );
  return Number(rows[0]?.seq ?? 0);
}

export async function clearQueue(db: Db, upTo: number): Promise<void> {
  await sql`delete from search_stem_queue where seq <= ${upTo}`.execute(db);
}
