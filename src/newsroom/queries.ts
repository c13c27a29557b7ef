import { type Expression, sql } from 'kysely';
import type { ImageColumns } from '../media/index.js';
import {
  type ArticleRow,
  type ArticleType,
  type CaseRow,
  type CountryRow,
  type Db,
  literalLimit,
  type MediaRow,
  preparedQuery,
  type RegionRow,
  readRows,
  type Slots,
  type TopicRow,
} from '../platform/db/index.js';
import { fixedSql, fromJson, type JsonSql } from '../platform/db/json.js';

/** A value of a statement: as it is, or a prepared statement's slot for it (preparedQuery). */
type Bound<T> = T | Expression<T>;

/** An article whose language is not stated is in the site's first language. */
const FIRST_LANGUAGE = 'en';

/** What a list of published items may be narrowed to. */
export type ItemFilter =
  | { kind: 'all'; type?: ArticleType }
  | { kind: 'country'; countryId: number }
  | { kind: 'region'; regionId: number }
  | { kind: 'topic'; topicId: number }
  | { kind: 'case'; caseId: number };

export type ListedArticle = Pick<
  ArticleRow,
  | 'id'
  | 'type'
  | 'slug'
  | 'title'
  | 'summary'
  | 'location'
  | 'reference'
  | 'lead_image_id'
  | 'updated_at'
  | 'language'
  | 'translation_of'
> & { published_at: string };

function publishedItems(db: Db, filter: ItemFilter) {
  let query = db.selectFrom('articles').where('articles.status', '=', 'published');
  switch (filter.kind) {
    case 'all':
      if (filter.type) query = query.where('articles.type', '=', filter.type);
      break;
    case 'country':
      query = query.where('articles.id', 'in', (eb) =>
        eb.selectFrom('article_countries').select('article_id').where('country_id', '=', filter.countryId),
      );
      break;
    case 'region':
      query = query.where('articles.id', 'in', (eb) =>
        eb
          .selectFrom('article_countries')
          .innerJoin('countries', 'countries.id', 'article_countries.country_id')
          .select('article_countries.article_id')
          .where('countries.region_id', '=', filter.regionId),
      );
      break;
    case 'topic':
      query = query.where('articles.id', 'in', (eb) =>
        eb.selectFrom('article_topics').select('article_id').where('topic_id', '=', filter.topicId),
      );
      break;
    case 'case':
      query = query.where('articles.id', 'in', (eb) =>
        eb.selectFrom('article_cases').select('article_id').where('case_id', '=', filter.caseId),
      );
      break;
  }
  return query;
}

/** A listed item with what a listing shows of it: the lead picture and the countries, in their order. */
export type ItemRow = ListedArticle & {
  image: ImageColumns | null;
  /**
   * The language of the article that placed the picture, when that is not this one: a
   * translation showing its original's picture shows words written for the original.
   */
  image_placed_in: string | null;
  countries: Array<{ slug: string; name: string; code: string; position: number }>;
};

type Positioned = { position: number };
const byPosition = (a: Positioned, b: Positioned) => a.position - b.position;

type ListingPlace = Pick<ListedArticle, 'id' | 'published_at'>;

/** The listing order: newest first, then the later-created of two items published together. */
function newestFirst(a: ListingPlace, b: ListingPlace): number {
  if (a.published_at !== b.published_at) return a.published_at < b.published_at ? 1 : -1;
  return b.id - a.id;
}

/** Terms linked to an article, in the order the editor gave them. */
function linkedTerms(j: JsonSql, link: 'article_topics' | 'article_cases', term: 'topics' | 'cases') {
  const column = link === 'article_topics' ? 'topic_id' : 'case_id';
  return sql`(select ${j.array(
    j.object({
      id: sql.ref('t.id'),
      slug: sql.ref('t.slug'),
      name: sql.ref('t.name'),
      position: sql.ref('l.position'),
    }),
  )} from ${sql.table(link)} l join ${sql.table(term)} t on t.id = ${sql.ref(`l.${column}`)} where l.article_id = a.id)`;
}

/**
 * The fields of a listed item, for a query over `articles` as `a` left-joined to its lead picture
 * as `m`. The picture and the countries come inside the item, so a page of items is one statement.
 */
function itemFields(j: JsonSql): Record<string, Expression<unknown>> {
  const image = j.object({
    storage_key: sql.ref('m.storage_key'),
    width: sql.ref('m.width'),
    height: sql.ref('m.height'),
    variant_widths: sql.ref('m.variant_widths'),
    avif_widths: sql.ref('m.avif_widths'),
    alt: sql.ref('m.alt'),
    caption: sql.ref('m.caption'),
    credit: sql.ref('m.credit'),
  });
  const countries = j.array(
    j.object({
      slug: sql.ref('c.slug'),
      name: sql.ref('c.name'),
      code: sql.ref('c.code'),
      position: sql.ref('ac.position'),
    }),
  );
  return {
    id: sql.ref('a.id'),
    type: sql.ref('a.type'),
    slug: sql.ref('a.slug'),
    title: sql.ref('a.title'),
    summary: sql.ref('a.summary'),
    location: sql.ref('a.location'),
    reference: sql.ref('a.reference'),
    language: sql.ref('a.language'),
    translation_of: sql.ref('a.translation_of'),
    lead_image_id: sql.ref('a.lead_image_id'),
    published_at: j.timestamp(sql.ref('a.published_at')),
    updated_at: j.timestamp(sql.ref('a.updated_at')),
    image: sql`case when m.id is null then null else ${image} end`,
    image_placed_in: sql`(select coalesce(o.language, 'en') from articles o
      where o.id = a.translation_of and o.lead_image_id = a.lead_image_id)`,
    countries: sql`(select ${countries} from article_countries ac join countries c on c.id = ac.country_id where ac.article_id = a.id)`,
  };
}

/** A listed item as one JSON object, over `articles` as `a` left-joined to its lead picture as `m`. */
const listedItem = (j: JsonSql) => j.object(itemFields(j));

/** The listed items of the rows of `p` (an `id` column), as one JSON array. */
const listedItems = (j: JsonSql) => j.array(listedItem(j));

/** The newest published items first, or those of one type. */
function newestPublished(type: Bound<ArticleType> | undefined, limit: number, offset: Bound<number>) {
  return sql`select id, published_at from articles where status = 'published'${type ? sql` and type = ${type}` : sql``}
    order by published_at desc, id desc limit ${literalLimit(limit)} offset ${offset}`;
}

/**
 * Which member of a translation group a listing in `language` shows, for `articles` as `a`: the
 * member in that language, else the group's source (labelled with its language by the view). A
 * translation counts only where it is listed itself (an editor may file it elsewhere), so a group
 * never vanishes from a listing. Articles with no translations are their own source: always shown.
 */
function shownIn(
  language: Bound<string>,
  scope: { kind: Bound<ListingScope['kind']>; id: Bound<number> } | null,
  type: Bound<ArticleType> | undefined,
) {
  const listed = scope
    ? sql` and exists (select 1 from article_listings l2 where l2.article_id = t.id and l2.kind = ${scope.kind} and l2.scope_id = ${scope.id})`
    : type
      ? sql` and t.type = ${type}`
      : sql``;
  return sql`(coalesce(a.language, ${FIRST_LANGUAGE}) = ${language} or (a.translation_of is null and not exists (
    select 1 from articles t where t.translation_of = a.id and t.language = ${language} and t.status = 'published'${listed})))`;
}

/**
 * Whether any article translates another. Until one does, every listing in every language is the
 * plain one (each article is its own group's source), and reads no more than it did before.
 */
const someTranslation = preparedQuery((db: Db) =>
  db.selectFrom('articles').select('id').where('translation_of', 'is not', null).limit(1),
);

async function anyTranslation(db: Db): Promise<boolean> {
  return (await someTranslation(db, {})).length > 0;
}

/** A listing's values: absent where the listing has no such narrowing (part of the prepared key). */
type ListingValues = {
  scopeKind: ListingScope['kind'] | null;
  scopeId: number | null;
  type: ArticleType | null;
  /** The page's language where some article translates another (shownIn), else absent. */
  language: string | null;
  offset: number;
  /** The page size, written into the text (literalLimit): a page's or a feed's. */
  limit: number;
};

/** The places of a page of a listing (`p`: id, published_at), as one JSON array. */
const listedPlaces = (j: JsonSql) =>
  j.array(j.object({ id: sql.ref('p.id'), published_at: j.timestamp(sql.ref('p.published_at')) }));

/** The listing statement, built and compiled once per dialect, shape and page size (preparedQuery). */
const listingStatement = preparedQuery(
  (db: Db, v: Slots<ListingValues, 'limit'>) => {
    const limit = v.limit;
    const scope = v.scopeKind === null || v.scopeId === null ? null : { kind: v.scopeKind, id: v.scopeId };
    const type = v.type ?? undefined;
    const ofType = type ? sql` and a.type = ${type}` : sql``;
    const language = v.language;
    const page = language
      ? scope
        ? sql`select l.article_id as id, l.published_at from article_listings l join articles a on a.id = l.article_id
          where l.kind = ${scope.kind} and l.scope_id = ${scope.id} and ${shownIn(language, scope, type)}
          order by l.published_at desc, l.article_id desc limit ${literalLimit(limit)} offset ${v.offset}`
        : sql`select a.id, a.published_at from articles a where a.status = 'published'${ofType} and ${shownIn(language, scope, type)}
          order by a.published_at desc, a.id desc limit ${literalLimit(limit)} offset ${v.offset}`
      : scope
        ? sql`select article_id as id, published_at from article_listings where kind = ${scope.kind} and scope_id = ${scope.id}
          order by published_at desc, article_id desc limit ${literalLimit(limit)} offset ${v.offset}`
        : newestPublished(type, limit, v.offset);
    const total = language
      ? scope
        ? sql`select count(*) from article_listings l join articles a on a.id = l.article_id
          where l.kind = ${scope.kind} and l.scope_id = ${scope.id} and ${shownIn(language, scope, type)}`
        : sql`select count(*) from articles a where a.status = 'published'${ofType} and ${shownIn(language, scope, type)}`
      : scope
        ? sql`select count(*) from article_listings where kind = ${scope.kind} and scope_id = ${scope.id}`
        : sql`select count(*) from articles where status = 'published'${type ? sql` and type = ${type}` : sql``}`;
    const statement = sql<{ total: number | string; items: unknown }>`select (${total}) as total,
    (select ${fixedSql(db, listedPlaces)} from (${page}) p) as items`;
    return { compile: () => statement.compile(db) };
  },
  ['limit'],
);

/** Listed items by id, with their pictures and countries, as one JSON array (in no order). */
const itemsStatement = preparedQuery((db: Db, v: Slots<{ ids: readonly number[] }>) => {
  const statement = sql<{ items: unknown }>`select ${fixedSql(db, listedItems)} as items
    from articles a left join media m on m.id = a.lead_image_id where a.id in (${sql.join(v.ids)})`;
  return { compile: () => statement.compile(db) };
});

/**
 * One page of a listing, newest first, and the number of items in the whole listing, in one
 * statement: the ids alone (a page's items are then read by `itemsById`, or not at all where the
 * page already has them: see newsroom/listed-items.ts). A country's, region's, topic's or case's
 * page is a range of the listing index (migrations 008 and 010). The statement is plain SQL
 * around a fixed fragment (fixedSql), prepared once per shape and page size (compiling it on
 * every request cost more than a fifth of what running it does).
 */
export async function listedIds(
  db: Db,
  filter: ItemFilter,
  limit: number,
  offset: number,
  language: string = FIRST_LANGUAGE,
): Promise<{ total: number; ids: number[] }> {
  const scope = listingScope(filter);
  const found = await listingStatement(db, {
    scopeKind: scope?.kind ?? null,
    scopeId: scope?.id ?? null,
    type: filter.kind === 'all' ? (filter.type ?? null) : null,
    language: (await anyTranslation(db)) ? language : null,
    offset,
    limit,
  });
  const row = found[0];
  // The JSON array has no order of its own.
  const places = fromJson<ListingPlace[]>(row?.items ?? '[]');
  return { total: Number(row?.total ?? 0), ids: places.sort(newestFirst).map((p) => p.id) };
}

/** The listed items of these ids, in the order of the ids (those no longer there are left out). */
export async function itemsById(db: Db, ids: readonly number[]): Promise<ItemRow[]> {
  if (ids.length === 0) return [];
  const found = fromJson<ItemRow[]>((await itemsStatement(db, { ids }))[0]?.items ?? '[]');
  const byId = new Map(found.map((item) => [item.id, item]));
  const rows: ItemRow[] = [];
  for (const id of ids) {
    const item = byId.get(id);
    if (!item) continue;
    item.countries.sort(byPosition);
    rows.push(item);
  }
  return rows;
}

/** One page of a listing, whole, and the number of items in the whole listing. */
export async function listItems(
  db: Db,
  filter: ItemFilter,
  limit: number,
  offset: number,
  language: string = FIRST_LANGUAGE,
): Promise<{ total: number; rows: ItemRow[] }> {
  const { total, ids } = await listedIds(db, filter, limit, offset, language);
  return { total, rows: await itemsById(db, ids) };
}

type Term = { id: number; slug: string; name: string; position: number };

/** A published article with everything its page shows, or nothing. */
export type ArticlePageRow = ItemRow & {
  body_html: string;
  topics: Term[];
  cases: Term[];
  attachments: Array<
    Pick<
      MediaRow,
      'id' | 'storage_key' | 'mime' | 'original_name' | 'bytes' | 'page_count' | 'document_title'
    > &
      Positioned
  >;
};

/** Everything an article's page shows, as one JSON object (see listedItem). */
function articlePageJson(j: JsonSql) {
  const attachments = j.array(
    j.object({
      id: sql.ref('d.id'),
      storage_key: sql.ref('d.storage_key'),
      mime: sql.ref('d.mime'),
      original_name: sql.ref('d.original_name'),
      bytes: sql.ref('d.bytes'),
      page_count: sql.ref('d.page_count'),
      document_title: sql.ref('d.document_title'),
      position: sql.ref('l.position'),
    }),
  );
  return j.object({
    ...itemFields(j),
    body_html: sql.ref('a.body_html'),
    topics: linkedTerms(j, 'article_topics', 'topics'),
    cases: linkedTerms(j, 'article_cases', 'cases'),
    attachments: sql`(select ${attachments} from article_attachments l join media d on d.id = l.media_id where l.article_id = a.id)`,
  });
}

/** A published article and everything its page shows, in one statement. */
export async function findArticlePage(db: Db, slug: string): Promise<ArticlePageRow | undefined> {
  const rows = await readRows(
    db,
    sql<{ article: unknown }>`select ${fixedSql(db, articlePageJson)} as article
    from articles a left join media m on m.id = a.lead_image_id
    where a.slug = ${slug} and a.status = 'published'`.compile(db),
  );
  const row = rows[0];
  if (!row) return undefined;
  const article = fromJson<ArticlePageRow>(row.article);
  for (const list of [article.countries, article.topics, article.cases, article.attachments]) {
    list.sort(byPosition);
  }
  return article;
}

export async function countPublished(db: Db, filter: ItemFilter): Promise<number> {
  const scope = listingScope(filter);
  const row = await (scope
    ? listingCount(db, scope)
    : publishedItems(db, filter).select((eb) => eb.fn.countAll<number>().as('n'))
  ).executeTakeFirst();
  return Number(row?.n ?? 0);
}

type ListingScope = { kind: 'country' | 'region' | 'topic' | 'case'; id: number };

/**
 * The listings kept as an index of their own: a country's, a topic's, a case's (migration 008),
 * a region's (010).
 */
function listingScope(filter: ItemFilter): ListingScope | null {
  switch (filter.kind) {
    case 'country':
      return { kind: 'country', id: filter.countryId };
    case 'region':
      return { kind: 'region', id: filter.regionId };
    case 'topic':
      return { kind: 'topic', id: filter.topicId };
    case 'case':
      return { kind: 'case', id: filter.caseId };
    default:
      return null;
  }
}

function listingCount(db: Db, scope: ListingScope) {
  return db
    .selectFrom('article_listings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', scope.kind)
    .where('scope_id', '=', scope.id);
}

export async function mediaByIds(db: Db, ids: number[]): Promise<Map<number, MediaRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('media')
    .selectAll()
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export type LinkedTerm = { article_id: number; slug: string; name: string; code?: string };

export async function countriesOfArticles(db: Db, articleIds: number[]) {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('article_countries')
    .innerJoin('countries', 'countries.id', 'article_countries.country_id')
    .select(['article_countries.article_id', 'countries.slug', 'countries.name', 'countries.code'])
    .where('article_countries.article_id', 'in', articleIds)
    .orderBy('article_countries.position')
    .execute();
}

export async function findCountry(db: Db, slug: string): Promise<CountryRow | undefined> {
  return db.selectFrom('countries').selectAll().where('slug', '=', slug).executeTakeFirst();
}

/** A country and the slug and name of its region, in one statement. */
const countryWithRegion = preparedQuery((db: Db, v: Slots<{ slug: string }>) =>
  db
    .selectFrom('countries')
    .innerJoin('regions', 'regions.id', 'countries.region_id')
    .selectAll('countries')
    .select(['regions.slug as region_slug', 'regions.name as region_name'])
    .where('countries.slug', '=', v.slug),
);

export async function findCountryWithRegion(
  db: Db,
  slug: string,
): Promise<(CountryRow & { region_slug: string; region_name: string }) | undefined> {
  return (await countryWithRegion(db, { slug }))[0];
}

export async function findRegion(db: Db, slug: string): Promise<RegionRow | undefined> {
  return db.selectFrom('regions').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findTopic(db: Db, slug: string): Promise<TopicRow | undefined> {
  return db.selectFrom('topics').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findCase(db: Db, slug: string): Promise<CaseRow | undefined> {
  return db.selectFrom('cases').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function findCountryById(db: Db, id: number): Promise<CountryRow | undefined> {
  return db.selectFrom('countries').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function allRegions(db: Db): Promise<RegionRow[]> {
  return db.selectFrom('regions').selectAll().orderBy('name').execute();
}

export async function allCountries(db: Db): Promise<CountryRow[]> {
  return db.selectFrom('countries').selectAll().orderBy('name').execute();
}

export async function allTopics(db: Db): Promise<TopicRow[]> {
  return db.selectFrom('topics').selectAll().orderBy('name').execute();
}

export async function allCases(db: Db): Promise<CaseRow[]> {
  return db.selectFrom('cases').selectAll().orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
}

export async function featuredCountries(db: Db): Promise<CountryRow[]> {
  return db.selectFrom('countries').selectAll().where('featured', '=', 1).orderBy('name').execute();
}

export async function featuredCases(db: Db): Promise<CaseRow[]> {
  return db
    .selectFrom('cases')
    .selectAll()
    .where('featured', '=', 1)
    .orderBy('updated_at', 'desc')
    .limit(6)
    .execute();
}

/** The bodies of these articles, for feeds, which carry items whole. */
export async function bodiesOf(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'body_html'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.body_html]));
}

/** Every published item's address, date and translation group, for the sitemap. */
export async function sitemapArticles(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('articles')
    .select(['id', 'slug', 'updated_at', 'language', 'translation_of'])
    .where('status', '=', 'published')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
}

/** The current slug of the published article that once lived at this slug. */
export async function findRedirect(db: Db, oldSlug: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('slug_redirects')
    .innerJoin('articles', 'articles.id', 'slug_redirects.article_id')
    .select('articles.slug')
    .where('slug_redirects.old_slug', '=', oldSlug)
    .where('articles.status', '=', 'published')
    .executeTakeFirst();
  return row?.slug;
}

/**
 * The published members of these translation groups (by their source's id), for the sitemap's
 * alternates: one statement per sitemap chunk.
 */
export async function publishedGroupsOf(
  db: Db,
  sourceIds: readonly number[],
): Promise<Map<number, Array<{ slug: string; language: string | null }>>> {
  const groups = new Map<number, Array<{ slug: string; language: string | null }>>();
  if (sourceIds.length === 0) return groups;
  const ids = [...new Set(sourceIds)];
  const rows = await db
    .selectFrom('articles')
    .select(['id', 'slug', 'language', 'translation_of'])
    .where('status', '=', 'published')
    .where((eb) => eb.or([eb('id', 'in', ids), eb('translation_of', 'in', ids)]))
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const source = r.translation_of ?? r.id;
    const group = groups.get(source) ?? [];
    group.push({ slug: r.slug, language: r.language });
    groups.set(source, group);
  }
  return groups;
}
