import type { Kysely } from 'kysely';
import type { ArticleType, Database, Db } from '../platform/db/index.js';
import { paths } from './paths.js';

/**
 * An article the moment it goes out, as those who announce it need it: what it says, where it
 * is, and everything it is filed under (its countries' regions too). The newsroom hands this to
 * the hook it is given at composition (app.ts) and knows nothing of who listens.
 */
export interface PublishedItem {
  articleId: number;
  type: ArticleType;
  title: string;
  summary: string;
  path: string;
  publishedAt: string;
  countries: number[];
  regions: number[];
  topics: number[];
  cases: number[];
}

/**
 * Called inside the publishing transaction (by the editor now, or by the scheduler at its time),
 * so whatever it writes exists exactly when the publication does.
 */
export type PublishedHook = (trx: Kysely<Database>, item: PublishedItem, now: Date) => Promise<void>;

/**
 * The article as published, or null if it is not public at `now`: not published, or dated in the
 * future (an embargo). Read with the caller's executor, so inside a transaction it sees the
 * transaction's own writes.
 */
export async function publishedItem(
  db: Kysely<Database>,
  articleId: number,
  now: Date,
): Promise<PublishedItem | null> {
  const article = await db
    .selectFrom('articles')
    .select(['id', 'type', 'slug', 'title', 'summary', 'status', 'published_at'])
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (article?.status !== 'published' || !article.published_at) return null;
  if (article.published_at > now.toISOString()) return null;
  const [countries, topics, cases] = await Promise.all([
    db
      .selectFrom('article_countries as ac')
      .innerJoin('countries as c', 'c.id', 'ac.country_id')
      .select(['c.id', 'c.region_id'])
      .where('ac.article_id', '=', articleId)
      .execute(),
    db.selectFrom('article_topics').select('topic_id').where('article_id', '=', articleId).execute(),
    db.selectFrom('article_cases').select('case_id').where('article_id', '=', articleId).execute(),
  ]);
  return {
    articleId: article.id,
    type: article.type,
    title: article.title,
    summary: article.summary,
    path: paths.article(article.slug),
    publishedAt: article.published_at,
    countries: countries.map((c) => c.id),
    regions: [...new Set(countries.map((c) => c.region_id))],
    topics: topics.map((x) => x.topic_id),
    cases: cases.map((x) => x.case_id),
  };
}

/** Whether an article is public now: an alert stops going out if its item is withdrawn meanwhile. */
export async function isPublished(db: Db, articleId: number, now: Date): Promise<boolean> {
  return (await publishedItem(db, articleId, now)) !== null;
}
