import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/index.js';

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
  const rows = await db
    .selectFrom('taxonomy_names')
    .select(['language', 'name', 'slug'])
    .where('kind', '=', kind)
    .where('target_id', '=', targetId)
    .execute();
  return new Map(rows.map((r) => [r.language, { name: r.name, slug: r.slug }]));
}

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
