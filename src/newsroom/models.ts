import type { DocumentView, ImageView } from '../media/index.js';
import type { ArticleType, CaseStatus } from '../platform/db/index.js';
import type { SafeHtml } from '../platform/text/markdown.js';
import type { Piece } from '../platform/views/slots.js';

export interface Link {
  href: string;
  name: string;
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
}

/** An item in a listing, as its stored card (see cards.tsx). */
export interface ListedCard {
  id: number;
  /** The card's HTML at heading level 2, as UTF-8. */
  html: Buffer;
  /** The SHA-1 of `html`, for a card this process keeps (see assemble in slots.ts). */
  digest?: Buffer;
  /** A kept card with its title at heading level 3, made the first time a page asks (cardPieces). */
  h3?: Piece;
}

export interface Pagination {
  page: number;
  totalPages: number;
  totalItems: number;
  /** Builds the address of page n of this listing. */
  href: (n: number) => string;
}

export interface ItemList {
  items: ListedCard[];
  pagination: Pagination;
}

export interface ArticleView extends ItemSummary {
  bodyHtml: SafeHtml;
  topics: Link[];
  cases: Link[];
  attachments: DocumentView[];
  countryCodes: string[];
}

export interface CountryView {
  id: number;
  code: string;
  name: string;
  href: string;
  feedHref: string;
  region: Link;
}

export interface CaseView {
  id: number;
  name: string;
  href: string;
  summary: string;
  storyHtml: SafeHtml;
  status: CaseStatus;
  portrait: ImageView | null;
  country: Link | null;
  updatedAt: string;
}

export interface CaseCard {
  name: string;
  href: string;
  summary: string;
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
  /** Any list of all items (home, latest, sitemap, feeds). */
  latest: () => 'latest',
  /** The sets of countries, regions, topics and cases themselves. */
  taxonomy: () => 'taxonomy',
};
