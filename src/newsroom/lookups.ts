import type { Kysely } from 'kysely';
import type { VNode } from 'preact';
import {
  type ArticleStatus,
  type ArticleType,
  type Database,
  type Db,
  preparedQuery,
  type Slots,
} from '../platform/db/index.js';
import { DEFAULT_LANGUAGE } from '../platform/i18n/index.js';
import { keys } from './models.js';
import { paths } from './paths.js';
import { translationGroup } from './translations.js';

/*
 * What the newsroom tells other rooms about its articles and cases, by id, and the one thing it
 * lets them write (an urgent action's reference). Handed over at composition (app.ts): the
 * actions room never imports the newsroom, and the newsroom never imports it.
 */

/** An article as another room names it: its title, address, state and content key. */
export interface ArticleRef {
  id: number;
  type: ArticleType;
  title: string;
  path: string;
  status: ArticleStatus;
  publishedAt: string | null;
  /** The language it is written in; null: the site's first. */
  language: string | null;
  contentKey: string;
}

export interface CaseRef {
  id: number;
  name: string;
  path: string;
  contentKey: string;
}

const refs = (db: Db) =>
  db
    .selectFrom('articles')
    .select(['id', 'type', 'title', 'slug', 'status', 'published_at', 'language'])
    .orderBy('id', 'desc');
const refsById = preparedQuery((db: Db, v: Slots<{ ids: number[] }>) => refs(db).where('id', 'in', v.ids));
const refsOfType = preparedQuery((db: Db, v: Slots<{ type: ArticleType }>) =>
  refs(db).where('type', '=', v.type).limit(1000),
);
// From the country's range of its index, newest first in the index's own order (no sort).
const refsOfCountry = preparedQuery((db: Db, v: Slots<{ type: ArticleType; countryId: number }>) =>
  db
    .selectFrom('article_countries as ac')
    .innerJoin('articles as a', 'a.id', 'ac.article_id')
    .select(['a.id', 'a.type', 'a.title', 'a.slug', 'a.status', 'a.published_at', 'a.language'])
    .where('ac.country_id', '=', v.countryId)
    .where('a.type', '=', v.type)
    .orderBy('ac.article_id', 'desc')
    .limit(1000),
);

/** Articles by id, or of a type (and filed under a country), in any state: the caller judges what is public. */
export async function articleRefs(
  db: Db,
  filter: { ids: readonly number[] } | { type: ArticleType; countryId?: number },
): Promise<ArticleRef[]> {
  if ('ids' in filter && filter.ids.length === 0) return [];
  const rows = await ('ids' in filter
    ? refsById(db, { ids: [...new Set(filter.ids)] })
    : filter.countryId === undefined
      ? refsOfType(db, { type: filter.type })
      : refsOfCountry(db, { type: filter.type, countryId: filter.countryId }));
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    title: r.title,
    path: paths.article(r.slug),
    status: r.status,
    publishedAt: r.published_at,
    language: r.language,
    contentKey: keys.article(r.id),
  }));
}

/**
 * The member of an article's translation group written in this language (the article itself when
 * it is), in any state, or null when the group has none in it.
 */
export async function articleRefIn(db: Db, articleId: number, language: string): Promise<ArticleRef | null> {
  const member = (await translationGroup(db, articleId)).find(
    (m) => (m.language || DEFAULT_LANGUAGE) === language,
  );
  return member ? ((await articleRefs(db, { ids: [member.id] }))[0] ?? null) : null;
}

export async function caseRefs(db: Db, ids?: readonly number[]): Promise<CaseRef[]> {
  if (ids?.length === 0) return [];
  let query = db.selectFrom('cases').select(['id', 'name', 'slug']).orderBy('name');
  if (ids) query = query.where('id', 'in', [...ids]);
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, name: r.name, path: paths.case(r.slug), contentKey: keys.case(r.id) }));
}

/**
 * Sets an article's public reference ("UA 58/20") and its translations' (one item in several
 * languages has one reference), inside the caller's (publishing) transaction.
 */
export async function setReference(
  trx: Kysely<Database>,
  articleId: number,
  reference: string,
): Promise<void> {
  await trx
    .updateTable('articles')
    .set({ reference })
    .where((eb) => eb.or([eb('id', '=', articleId), eb('translation_of', '=', articleId)]))
    .execute();
}

/**
 * More for an article's page from another room (the urgent action's details), shown after its
 * header: the section, and the content keys it depends on, which join the page's own. Null: nothing.
 */
export type ArticleSection = (article: {
  id: number;
  type: ArticleType;
}) => Promise<{ node: VNode; contentKeys: string[] } | null>;

/**
 * More for the items of a listing from another room (an urgent action's counts and goal bar):
 * called once per page of items, never once per item, it gives a node to show in the item of
 * each article it has something for, and the content keys those depend on (they join the page's).
 */
export type ItemExtras = (
  items: ReadonlyArray<{ id: number; type: ArticleType }>,
) => Promise<{ nodes: Map<number, VNode>; contentKeys: string[] }>;

/**
 * More for a country's or a case's page from another room (the urgent actions' replies, outcomes
 * and impact), shown after its header or story: the section and the content keys it depends on,
 * which join the page's own. Null: nothing.
 */
export type SubjectSection = (subject: {
  kind: 'country' | 'case';
  id: number;
}) => Promise<{ node: VNode; contentKeys: string[] } | null>;
