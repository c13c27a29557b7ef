import type { Kysely } from 'kysely';
import { imageView } from '../media/index.js';
import type { ArticleType, Database, Db } from '../platform/db/index.js';
import { paths } from './paths.js';

/**
 * The lead picture as a message announcing the item shows it: the 1200 × 630 JPEG share copy
 * (every mail client reads JPEG; media makes it on its first request), with what is said of it.
 */
export interface PublishedPicture {
  /** Path on the site ("/media/…-share.jpg"). */
  share: string;
  alt: string;
  caption: string;
  credit: string;
}

/**
 * An article the moment it goes out, as those who announce it need it: what it says, where it
 * is, and everything it is filed under (its countries' regions too). The newsroom hands this to
 * the hook it is given at composition (app.ts) and knows nothing of who listens.
 */
export interface PublishedItem {
  articleId: number;
  type: ArticleType;
  /** The language the item is written in, when stated. */
  language: string | null;
  /** The original this item translates, or null: a translation is not a new item of its own. */
  translationOf: number | null;
  title: string;
  summary: string;
  path: string;
  publishedAt: string;
  /** The lead picture, or null when the item has none. */
  image: PublishedPicture | null;
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
    .select([
      'id',
      'type',
      'language',
      'translation_of',
      'slug',
      'title',
      'summary',
      'status',
      'published_at',
      'lead_image_id',
    ])
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (article?.status !== 'published' || !article.published_at) return null;
  if (article.published_at > now.toISOString()) return null;
  const [countries, topics, cases, picture] = await Promise.all([
    db
      .selectFrom('article_countries as ac')
      .innerJoin('countries as c', 'c.id', 'ac.country_id')
      .select(['c.id', 'c.region_id'])
      .where('ac.article_id', '=', articleId)
      .execute(),
    db.selectFrom('article_topics').select('topic_id').where('article_id', '=', articleId).execute(),
    db.selectFrom('article_cases').select('case_id').where('article_id', '=', articleId).execute(),
    article.lead_image_id === null
      ? undefined
      : db
          .selectFrom('media')
          .select([
            'storage_key',
            'width',
            'height',
            'variant_widths',
            'avif_widths',
            'alt',
            'caption',
            'credit',
          ])
          .where('id', '=', article.lead_image_id)
          .where('kind', '=', 'image')
          .executeTakeFirst(),
  ]);
  const image = picture ? imageView(picture) : null;
  return {
    articleId: article.id,
    type: article.type,
    language: article.language,
    translationOf: article.translation_of,
    title: article.title,
    summary: article.summary,
    path: paths.article(article.slug),
    publishedAt: article.published_at,
    image: image && { share: image.share, alt: image.alt, caption: image.caption, credit: image.credit },
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
