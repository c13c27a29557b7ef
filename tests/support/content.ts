import type { Db } from '../../src/platform/db/index.js';

/**
 * Deletes an article outright, with its links, revisions and old addresses, in one transaction:
 * what the tests of the listing index check survives.
 */
export async function deleteArticle(db: Db, id: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const link of [
      'article_countries',
      'article_topics',
      'article_cases',
      'article_attachments',
    ] as const)
      await trx.deleteFrom(link).where('article_id', '=', id).execute();
    await trx.deleteFrom('slug_redirects').where('article_id', '=', id).execute();
    await trx.deleteFrom('article_revisions').where('article_id', '=', id).execute();
    await trx.deleteFrom('articles').where('id', '=', id).execute();
  });
}

/**
 * The newest published item of a country as its English pages list it (an original, not a
 * translation), with the fields the read-model tests change.
 */
export async function newestItemOf(db: Db, countrySlug: string) {
  return db
    .selectFrom('articles')
    .innerJoin('article_countries', 'article_countries.article_id', 'articles.id')
    .innerJoin('countries', 'countries.id', 'article_countries.country_id')
    .select([
      'articles.id',
      'articles.slug',
      'articles.title',
      'articles.body_html',
      'articles.published_at',
      'countries.id as country_id',
    ])
    .where('countries.slug', '=', countrySlug)
    .where('articles.status', '=', 'published')
    .where('articles.translation_of', 'is', null)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .executeTakeFirstOrThrow();
}

/** The id of the article with this slug (the demo's, by its English or translated slug). */
export async function articleIdOf(db: Db, slug: string): Promise<number> {
  return (await db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** The demo's Mexico, as the admin's country form needs it: its id and its region's. */
export async function findMexico(db: Db): Promise<{ id: number; region_id: number }> {
  return db
    .selectFrom('countries')
    .select(['id', 'region_id'])
    .where('slug', '=', 'mexico')
    .executeTakeFirstOrThrow();
}

/** The admin's country form for the demo's Mexico, its English fields, with `fields` added or changed. */
export function mexicoForm(mexico: { region_id: number }, fields: Record<string, string> = {}) {
  return {
    name: 'Mexico',
    slug: 'mexico',
    code: 'MX',
    region_id: String(mexico.region_id),
    featured: '1',
    ...fields,
  };
}
