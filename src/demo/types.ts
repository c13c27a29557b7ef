import type { ArticleType, CaseStatus } from '../platform/db/index.js';

/** A placeholder picture drawn by sharp: a gradient and shapes in two colours, never a real photo. */
export interface DemoImage {
  key: string;
  shape: 'landscape' | 'portrait';
  /** Two hex colours for the gradient, e.g. ['#1d3557', '#e63946']. */
  colours: [string, string];
  alt: string;
  caption: string;
  credit: string;
}

export interface DemoRegion {
  slug: string;
  name: string;
}

export interface DemoCountry {
  code: string;
  slug: string;
  name: string;
  region: string;
  featured?: boolean;
}

export interface DemoTopic {
  slug: string;
  name: string;
  description: string;
}

export interface DemoCase {
  slug: string;
  name: string;
  summary: string;
  storyMd: string;
  status: CaseStatus;
  country: string;
  portrait?: string;
  featured?: boolean;
}

export interface DemoArticle {
  slug: string;
  type: ArticleType;
  title: string;
  summary: string;
  bodyMd: string;
  /** ISO date-time in UTC, e.g. '2020-06-18T14:00:00Z'. */
  publishedAt: string;
  updatedAt?: string;
  location?: string;
  reference?: string;
  image?: string;
  /** A generated PDF attached to the item (reports). */
  attachment?: { name: string; title: string };
  countries: string[];
  topics: string[];
  cases?: string[];
}

export interface DemoContent {
  regions: DemoRegion[];
  countries: DemoCountry[];
  topics: DemoTopic[];
  images: DemoImage[];
  cases: DemoCase[];
  articles: DemoArticle[];
}
