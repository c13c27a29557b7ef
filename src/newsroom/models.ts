import type { VNode } from 'preact';
import { type DocumentView, type ImageView, mediaKey } from '../media/index.js';
import type { ArticleType, CaseStatus } from '../platform/db/index.js';
import type { SafeHtml } from '../platform/text/markdown.js';
import type { Rendered } from '../platform/views/render.js';

/**
 * The language of content whose language is not stated: articles without one, and cases,
 * whose words (name, summary, story, portrait) have no translation model and are the site's first.
 */
export const CONTENT_LANGUAGE = 'en' as const;

export interface Link {
  href: string;
  name: string;
  /** The language the name is written in, when it may differ from the page's (a case's name). */
  lang?: string;
}

export interface ItemSummary {
  id: number;
  type: ArticleType;
  href: string;
  title: string;
  summary: string;
  location: string;
  reference: string;
  publishedAt: string;
  updatedAt: string;
  image: ImageView | null;
  countries: Link[];
  /** The language it is written in, when stated: a listing in another language labels it. */
  language?: string | null;
}

/** A heading level an item's title takes in a list: under the page's title, or under a section's. */
export type ItemLevel = 2 | 3;

/** An item as HTML, in two parts around what another room adds to it (views/items.tsx). */
export interface ItemHtml {
  text: Rendered;
  figure: Rendered;
}

/**
 * An item as listings show it in one language, kept between pages (listed-items.ts): its summary,
 * the content keys it was made from, and its HTML, rendered at a heading level the first time a
 * page shows it at that level.
 */
export interface ListedItem {
  summary: ItemSummary;
  /** The article whose extras it shows (lookups.ts ItemExtras): the original of a translation. */
  original: number;
  keys: readonly string[];
  html: { [level in ItemLevel]?: ItemHtml };
}

/** An item on a page: as listed, and what another room adds to it there (an urgent action's counts). */
export interface ShownItem {
  listed: ListedItem;
  extra?: VNode;
}

/** An item as a feed carries it: whole, with its body (sanitised when it was saved). */
export interface FeedItem extends ItemSummary {
  bodyHtml: SafeHtml;
}

/** What a feed is about: its page (`href`) and the base its feed addresses hang from (paths.feedOf). */
export interface FeedSubject {
  title: string;
  description: string;
  href: string;
  feedBase: string;
  /** The item type a feed of everything is narrowed to (?type=), which its own address names. */
  type?: ArticleType;
}

/** A feed in one format: its subject and its own address (rel=self). */
export interface FeedChannel extends FeedSubject {
  self: string;
}

export interface Pagination {
  page: number;
  totalPages: number;
  totalItems: number;
  /** Builds the address of page n of this listing. */
  href: (n: number) => string;
}

export interface ItemList {
  items: ShownItem[];
  pagination: Pagination;
}

export interface ArticleView extends ItemSummary {
  bodyHtml: SafeHtml;
  topics: Link[];
  cases: Link[];
  attachments: DocumentView[];
  countryCodes: string[];
  /** The language it is written in, when stated ('fr'). */
  language: string | null;
  /** Its published translations (and its original, for a translation), each in its language. */
  translations: Array<Link & { language: string; original: boolean }>;
  /** A translation whose original changed after it: readers are told, and led to the original. */
  outdated: boolean;
  /** Its page in each interface language (route form): its translation's, or null when it has none. */
  alternates?: Readonly<Record<string, string | null>>;
}

export interface CountryView {
  id: number;
  code: string;
  name: string;
  /** Set when the name is in another language than the page's (no name in the page's). */
  lang?: string;
  href: string;
  feedHref: string;
  /** The subscription form with this country ticked. */
  subscribeHref: string;
  region: Link;
  /** Its page in each language (route form, each with its own address word): hreflang and the switch. */
  alternates?: Readonly<Record<string, string>>;
}

export interface CaseView {
  id: number;
  name: string;
  href: string;
  summary: string;
  /** The language of its words (name, summary, story): cases have no translations. */
  lang: string;
  storyHtml: SafeHtml;
  status: CaseStatus;
  portrait: ImageView | null;
  country: Link | null;
  updatedAt: string;
  /** The subscription form with this case ticked. */
  subscribeHref: string;
}

export interface CaseCard {
  name: string;
  href: string;
  summary: string;
  /** The language of its name and summary. */
  lang: string;
  status: CaseStatus;
  portrait: ImageView | null;
}

/** Content keys a page depends on: a change to any of them purges the page from every cache. */
export const keys = {
  article: (id: number) => `article:${id}`,
  country: (code: string) => `country:${code.toLowerCase()}`,
  region: (id: number) => `region:${id}`,
  topic: (id: number) => `topic:${id}`,
  case: (id: number) => `case:${id}`,
  /** A picture or download the page shows: media purges it when the item changes. */
  media: mediaKey,
  /** Any list of all items (home, latest, sitemap, feeds). */
  latest: () => 'latest',
  /** The sets of countries, regions, topics and cases themselves. */
  taxonomy: () => 'taxonomy',
};
