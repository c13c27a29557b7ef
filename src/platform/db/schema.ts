import type { Generated, Insertable, Selectable } from 'kysely';

/** Timestamps travel as ISO-8601 UTC strings on both dialects (see connect.ts). */
type Timestamp = string;

export const ARTICLE_TYPES = [
  'news',
  'press-release',
  'open-letter',
  'report',
  'blog',
  'good-news',
  'urgent-action',
] as const;
export type ArticleType = (typeof ARTICLE_TYPES)[number];

export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

export const CASE_STATUSES = ['ongoing', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const MEDIA_KINDS = ['image', 'document'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export interface RegionTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface CountryTable {
  id: Generated<number>;
  /** ISO 3166-1 alpha-2, upper case. */
  code: string;
  slug: string;
  name: string;
  region_id: number;
  featured: Generated<number>;
}

export interface TopicTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
}

export interface MediaTable {
  id: Generated<number>;
  kind: MediaKind;
  /** Base name of the stored files under DATA_DIR/media. */
  storage_key: string;
  original_name: string;
  mime: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Comma-separated widths of the WebP variants made for an image. */
  variant_widths: string;
  alt: string;
  caption: string;
  credit: string;
  created_at: Timestamp;
}

export interface CaseTable {
  id: Generated<number>;
  slug: string;
  name: string;
  summary: string;
  story_md: string;
  story_html: string;
  status: CaseStatus;
  country_id: number | null;
  portrait_id: number | null;
  featured: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticleTable {
  id: Generated<number>;
  type: ArticleType;
  slug: string;
  title: string;
  summary: string;
  body_md: string;
  body_html: string;
  status: ArticleStatus;
  /** Where the item was written from, shown as a dateline ("Matamoros, Mexico"). */
  location: string;
  /** An urgent action's public reference ("UA 58/20"); empty for other types. */
  reference: string;
  lead_image_id: number | null;
  published_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ArticleCountryTable {
  article_id: number;
  country_id: number;
  position: number;
}
export interface ArticleTopicTable {
  article_id: number;
  topic_id: number;
  position: number;
}
export interface ArticleCaseTable {
  article_id: number;
  case_id: number;
  position: number;
}
export interface ArticleAttachmentTable {
  article_id: number;
  media_id: number;
  position: number;
}

export interface Database {
  regions: RegionTable;
  countries: CountryTable;
  topics: TopicTable;
  media: MediaTable;
  cases: CaseTable;
  articles: ArticleTable;
  article_countries: ArticleCountryTable;
  article_topics: ArticleTopicTable;
  article_cases: ArticleCaseTable;
  article_attachments: ArticleAttachmentTable;
}

export type ArticleRow = Selectable<ArticleTable>;
export type NewArticle = Insertable<ArticleTable>;
export type MediaRow = Selectable<MediaTable>;
export type CountryRow = Selectable<CountryTable>;
export type RegionRow = Selectable<RegionTable>;
export type TopicRow = Selectable<TopicTable>;
export type CaseRow = Selectable<CaseTable>;
