import type { Kysely } from 'kysely';
import type { PageCache } from '../platform/cache/page-cache.js';
import type { TaggedCache } from '../platform/cache/tagged-cache.js';
import { type Database, preparedQuery, type Slots } from '../platform/db/index.js';
import { keys } from './models.js';

/*
 * A country's, region's or topic's **local name**: its name and address word (slug) in a language
 * other than English (`taxonomy_names`, migration 034). English stays in the row itself; a language
 * with no local name falls back to the English one. An address word is unique per kind and language.
 */

type Executor = Kysely<Database>;

export type TaxonomyKind = 'country' | 'region' | 'topic';
export const TAXONOMY_KINDS: readonly TaxonomyKind[] = ['country', 'region', 'topic'];

/** The languages, besides English, that countries, regions and topics are named in. */
export const LOCAL_NAME_LANGUAGES = ['fr'] as const;

export interface LocalName {
  name: string;
  slug: string;
}

/** Every local name in a language, per kind, from the row's id. */
export async function namesIn(
  db: Executor,
  language: string,
): Promise<Record<TaxonomyKind, Map<number, LocalName>>> {
  const rows = await db
    .selectFrom('taxonomy_names')
    .select(['kind', 'target_id', 'name', 'slug'])
    .where('language', '=', language)
    .execute();
  const out: Record<TaxonomyKind, Map<number, LocalName>> = {
    country: new Map(),
    region: new Map(),
    topic: new Map(),
  };
  for (const r of rows) out[r.kind].set(r.target_id, { name: r.name, slug: r.slug });
  return out;
}

/** The id of the country, region or topic whose address word in a language is this slug. */
export async function findByLocalSlug(
  db: Executor,
  kind: TaxonomyKind,
  language: string,
  slug: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('taxonomy_names')
    .select('target_id')
    .where('kind', '=', kind)
    .where('language', '=', language)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.target_id;
}

/** One row's local names, per language. */
export async function localNamesOf(
  db: Executor,
  kind: TaxonomyKind,
  targetId: number,
): Promise<Map<string, LocalName>> {
  const rows = await namesOfOne(db, { kind, targetId });
  return new Map(rows.map((r) => [r.language, { name: r.name, slug: r.slug }]));
}

const namesOfOne = preparedQuery((db: Executor, v: Slots<{ kind: TaxonomyKind; targetId: number }>) =>
  db
    .selectFrom('taxonomy_names')
    .select(['language', 'name', 'slug'])
    .where('kind', '=', v.kind)
    .where('target_id', '=', v.targetId),
);

/** Whether another row of the kind already uses this address word in the language. */
export async function localSlugTaken(
  db: Executor,
  kind: TaxonomyKind,
  language: string,
  slug: string,
  ownId: number | null,
): Promise<boolean> {
  const id = await findByLocalSlug(db, kind, language, slug);
  return id !== undefined && id !== ownId;
}

/** Sets (or, given null, removes) a row's name in a language, in the caller's transaction. */
export async function setLocalName(
  trx: Executor,
  kind: TaxonomyKind,
  targetId: number,
  language: string,
  value: LocalName | null,
): Promise<void> {
  await trx
    .deleteFrom('taxonomy_names')
    .where('kind', '=', kind)
    .where('target_id', '=', targetId)
    .where('language', '=', language)
    .execute();
  if (value)
    await trx
      .insertInto('taxonomy_names')
      .values({ kind, target_id: targetId, language, name: value.name, slug: value.slug })
      .execute();
}

/** A name as a page shows it: `lang` says it is the English one on a page in another language. */
export interface ShownName extends LocalName {
  lang?: string;
}

/**
 * What the pages in one language call countries, regions and topics, and the address word each
 * has there, found by the English slug a listing's rows carry (their JSON has no ids). English
 * pages read nothing; a page in another language reads its language's names in one statement
 * (a few hundred short rows, through the `kind, language, slug` index), however many items it
 * lists: never one statement per item.
 */
export interface Names {
  readonly language: string;
  /** A row's name and address word in the language: its local ones, else its English ones. */
  of(kind: TaxonomyKind, row: { slug: string; name: string }): ShownName;
  /**
   * The English slug of the row whose address word in the language is `slug`, or `slug` itself:
   * the row is then looked up by its English slug, and a page asked by another word than its
   * own moves there (`/fr/pays/mexico` → `/fr/pays/mexique`).
   */
  routeSlug(kind: TaxonomyKind, slug: string): string;
}

const ENGLISH_NAMES: Names = {
  language: 'en',
  of: (_kind, row) => ({ name: row.name, slug: row.slug }),
  routeSlug: (_kind, slug) => slug,
};

/**
 * Each local name in a language with its row's English slug, one kind after another: three joins
 * on the rows' ids (a name whose row is gone, removed without its names, joins nothing). Outer
 * joins of the three tables at once cost SQLite three times as much.
 */
const namesInLanguage = preparedQuery((db: Executor, v: Slots<{ language: string }>) => {
  // The three tables share the columns read here (id, slug); Kysely types a join of one at a time.
  const of = (kind: TaxonomyKind, table: 'countries') =>
    db
      .selectFrom('taxonomy_names as n')
      .innerJoin(`${table} as t`, 't.id', 'n.target_id')
      .select(['n.kind', 'n.name', 'n.slug', 't.slug as route'])
      .where('n.kind', '=', kind)
      .where('n.language', '=', v.language);
  return of('country', 'countries')
    .unionAll(of('region', 'regions' as 'countries'))
    .unionAll(of('topic', 'topics' as 'countries'));
});

/**
 * The names of a language kept between pages, tagged with the taxonomy's content key (every save
 * of a country, region or topic purges it) and purged with the pages (PageCache.parts).
 */
export type KeptNames = TaggedCache<Names>;

export function keptNamesCache(pages: PageCache): KeptNames {
  return pages.parts<Names>(LOCAL_NAME_LANGUAGES.length);
}

/**
 * The names of countries, regions and topics in `language` (English: the rows' own, read from
 * nothing); those `kept` has, or read (every local name of the language) and kept there.
 */
export async function namesFor(db: Executor, language: string, kept?: KeptNames): Promise<Names> {
  if (language === 'en') return ENGLISH_NAMES;
  const known = kept?.get(language);
  if (known) return known;
  const readAt = kept?.purges;
  const names = await readNames(db, language);
  kept?.store(language, names, [keys.taxonomy()], readAt);
  return names;
}

async function readNames(db: Executor, language: string): Promise<Names> {
  const rows = await namesInLanguage(db, { language });
  const byRoute = new Map<string, LocalName>();
  const toRoute = new Map<string, string>();
  for (const r of rows) {
    byRoute.set(`${r.kind}:${r.route}`, { name: r.name, slug: r.slug });
    toRoute.set(`${r.kind}:${r.slug}`, r.route);
  }
  return {
    language,
    // No name in the language: the English one, marked as English where it is shown.
    of: (kind, row) => byRoute.get(`${kind}:${row.slug}`) ?? { name: row.name, slug: row.slug, lang: 'en' },
    routeSlug: (kind, slug) => toRoute.get(`${kind}:${slug}`) ?? slug,
  };
}

/** What may be renamed with its old address word kept: countries, regions, topics, and cases. */
export type RenamedKind = TaxonomyKind | 'case';

const TABLES = { country: 'countries', region: 'regions', topic: 'topics', case: 'cases' } as const;

/**
 * Keeps a row's old address word in a language ('en': the row's own slug) answering: its page
 * moves (301) to the word it has now. In the caller's transaction. The new word is no one's old
 * word any more (it is an address of its own), and the latest rename of a word wins.
 */
export async function recordRename(
  trx: Executor,
  kind: RenamedKind,
  language: string,
  targetId: number,
  words: { from: string | null; to: string | null },
  at: string,
): Promise<void> {
  const { from, to } = words;
  const gone = [from, to].filter((w): w is string => w !== null);
  if (gone.length > 0)
    await trx
      .deleteFrom('taxonomy_redirects')
      .where('kind', '=', kind)
      .where('language', '=', language)
      .where('old_slug', 'in', gone)
      .execute();
  if (from !== null && from !== to)
    await trx
      .insertInto('taxonomy_redirects')
      .values({ kind, language, old_slug: from, target_id: targetId, created_at: at })
      .execute();
}

/**
 * The English slug of the row that had this address word in `language`, or in English (an old
 * English word asked under another language's prefix), or undefined. Asked only when no row has
 * the word now.
 */
export async function findRenamed(
  db: Executor,
  kind: RenamedKind,
  language: string,
  slug: string,
): Promise<string | undefined> {
  const rows = await db
    .selectFrom('taxonomy_redirects')
    .select(['language', 'target_id'])
    .where('kind', '=', kind)
    .where('language', 'in', [...new Set([language, 'en'])])
    .where('old_slug', '=', slug)
    .execute();
  const found = rows.find((r) => r.language === language) ?? rows[0];
  if (!found) return undefined;
  const row = await db
    .selectFrom(TABLES[kind])
    .select('slug')
    .where('id', '=', found.target_id)
    .executeTakeFirst();
  return row?.slug;
}
