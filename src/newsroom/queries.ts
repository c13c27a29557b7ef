import type {
  ArticleRow,
  ArticleType,
  CaseRow,
  CountryRow,
  Db,
  MediaRow,
  RegionRow,
  TopicRow,
} from '../platform/db/index.js';
import { runCompiled } from '../platform/db/index.js';

/** What a list of published items may be narrowed to. */
export type ItemFilter =
  | { kind: 'all'; type?: ArticleType }
  | { kind: 'country'; countryId: number }
  | { kind: 'region'; regionId: number }
  | { kind: 'topic'; topicId: number }
  | { kind: 'case'; caseId: number };

export type ListedArticle = Pick<
  ArticleRow,
  'id' | 'type' | 'slug' | 'title' | 'summary' | 'location' | 'reference' | 'lead_image_id' | 'updated_at'
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

export async function listPublished(
  db: Db,
  filter: ItemFilter,
  limit: number,
  offset: number,
): Promise<ListedArticle[]> {
  const key = `listPublished:${JSON.stringify(filter)}:${limit}:${offset}`;
  const rows = await runCompiled(db, key, () =>
    publishedItems(db, filter)
      .select([
        'articles.id',
        'articles.type',
        'articles.slug',
        'articles.title',
        'articles.summary',
        'articles.location',
        'articles.reference',
        'articles.lead_image_id',
        'articles.published_at',
        'articles.updated_at',
      ])
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .offset(offset),
  );
  return rows as ListedArticle[];
}

export async function countPublished(db: Db, filter: ItemFilter): Promise<number> {
  const [row] = await runCompiled(db, `countPublished:${JSON.stringify(filter)}`, () =>
    publishedItems(db, filter).select((eb) => eb.fn.countAll<number>().as('n')),
  );
  return Number(row?.n ?? 0);
}

export async function findPublishedArticle(db: Db, slug: string): Promise<ArticleRow | undefined> {
  const [row] = await runCompiled(db, `findPublishedArticle:${slug}`, () =>
    db.selectFrom('articles').selectAll().where('slug', '=', slug).where('status', '=', 'published'),
  );
  return row;
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
  return runCompiled(db, `countriesOfArticles:${articleIds.join(',')}`, () =>
    db
      .selectFrom('article_countries')
      .innerJoin('countries', 'countries.id', 'article_countries.country_id')
      .select(['article_countries.article_id', 'countries.slug', 'countries.name', 'countries.code'])
      .where('article_countries.article_id', 'in', articleIds)
      .orderBy('article_countries.position'),
  );
}

export async function topicsOfArticle(db: Db, articleId: number) {
  return db
    .selectFrom('article_topics')
    .innerJoin('topics', 'topics.id', 'article_topics.topic_id')
    .select(['topics.id', 'topics.slug', 'topics.name'])
    .where('article_topics.article_id', '=', articleId)
    .orderBy('article_topics.position')
    .execute();
}

export async function casesOfArticle(db: Db, articleId: number) {
  return db
    .selectFrom('article_cases')
    .innerJoin('cases', 'cases.id', 'article_cases.case_id')
    .select(['cases.id', 'cases.slug', 'cases.name'])
    .where('article_cases.article_id', '=', articleId)
    .orderBy('article_cases.position')
    .execute();
}

export async function attachmentsOfArticle(db: Db, articleId: number): Promise<MediaRow[]> {
  return db
    .selectFrom('article_attachments')
    .innerJoin('media', 'media.id', 'article_attachments.media_id')
    .selectAll('media')
    .where('article_attachments.article_id', '=', articleId)
    .orderBy('article_attachments.position')
    .execute();
}

export async function findCountry(db: Db, slug: string): Promise<CountryRow | undefined> {
  const [row] = await runCompiled(db, `findCountry:${slug}`, () =>
    db.selectFrom('countries').selectAll().where('slug', '=', slug),
  );
  return row;
}

export async function findRegion(
  db: Db,
  by: { slug: string } | { id: number },
): Promise<RegionRow | undefined> {
  const query = db.selectFrom('regions').selectAll();
  return (
    'slug' in by ? query.where('slug', '=', by.slug) : query.where('id', '=', by.id)
  ).executeTakeFirst();
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

/** Every published item's address and date, for the sitemap. */
export async function sitemapArticles(db: Db, limit: number, offset: number) {
  return db
    .selectFrom('articles')
    .select(['slug', 'updated_at'])
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
