import { imageView } from '../media/index.js';
import type { PageCache } from '../platform/cache/page-cache.js';
import type { TaggedCache } from '../platform/cache/tagged-cache.js';
import type { Db } from '../platform/db/index.js';
import { extend } from '../platform/extend.js';
import { currentLanguage } from '../platform/i18n/index.js';
import { CONTENT_LANGUAGE, type ItemSummary, keys, type Link, type ListedItem } from './models.js';
import { paths } from './paths.js';
import * as q from './queries.js';
import type { Names } from './taxonomy-names.js';

/**
 * The items listings show, per language and article: each made from its article's row, its
 * picture and its countries' names, tagged with the content keys of all three (`listedKeys`),
 * and dropped when any of them is purged (a cache of parts of pages: PageCache.parts). A page of a listing
 * reads its ids, then only the items this process does not have; their HTML is rendered once
 * per heading level (views/items.tsx). Keyed by what the item is made from beyond its content:
 * the language (its addresses, its countries' names, its date) and the article's id.
 */
export type ListedItems = TaggedCache<ListedItem>;

export function listedItemsCache(pages: PageCache, maxEntries: number): ListedItems {
  return pages.parts<ListedItem>(maxEntries);
}

/** A country as a link on a page in the names' language. */
export function countryLink(names: Names, row: { slug: string; name: string }): Link {
  const local = names.of('country', row);
  return { href: paths.country(local.slug), name: local.name, lang: local.lang };
}

export function itemSummary(row: q.ItemRow, names: Names): ItemSummary {
  return {
    id: row.id,
    type: row.type,
    href: paths.article(row.slug),
    title: row.title,
    summary: row.summary,
    location: row.location,
    reference: row.reference,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    // The picture's words are in the language of the article that placed it.
    image: row.image
      ? extend(imageView(row.image), { lang: row.image_placed_in ?? row.language ?? CONTENT_LANGUAGE })
      : null,
    countries: row.countries.map((c) => countryLink(names, c)),
    language: row.language,
  };
}

/**
 * The content keys a listed item is made from: its article, its picture, the original whose
 * picture's language it shows, and its countries (their names).
 */
export function listedKeys(row: q.ItemRow): string[] {
  const found = [keys.article(row.id)];
  if (row.lead_image_id !== null) found.push(keys.media(row.lead_image_id));
  if (row.translation_of !== null) found.push(keys.article(row.translation_of));
  for (const country of row.countries) found.push(keys.country(country.code));
  return found;
}

/**
 * The listed items of these ids in this page's language, in their order: those this process has,
 * and the others read in one statement and kept (unless a purge came while they were read).
 */
export async function listedItemsOf(
  deps: { db: Db; listedItems: ListedItems },
  names: Names,
  ids: readonly number[],
): Promise<ListedItem[]> {
  const language = currentLanguage();
  const readAt = deps.listedItems.purges;
  const found = new Map<number, ListedItem>();
  const missing: number[] = [];
  for (const id of ids) {
    const kept = deps.listedItems.get(`${language} ${id}`);
    if (kept) found.set(id, kept);
    else missing.push(id);
  }
  for (const row of await q.itemsById(deps.db, missing)) {
    const listed: ListedItem = {
      summary: itemSummary(row, names),
      original: row.translation_of ?? row.id,
      keys: listedKeys(row),
      html: {},
    };
    deps.listedItems.store(`${language} ${row.id}`, listed, listed.keys, readAt);
    found.set(row.id, listed);
  }
  return ids.flatMap((id) => found.get(id) ?? []);
}
