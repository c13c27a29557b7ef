import type { ComponentChildren } from 'preact';
import type { ShareMeta } from './share.js';

/** What every page knows about the site it belongs to. */
export interface Site {
  name: string;
  publicUrl: string;
  /**
   * Hashed addresses of the stylesheet, script, icon (SVG) and the default share image (a
   * 1200 × 630 JPEG for pages with no picture of their own), and the XSL stylesheet that makes
   * a feed readable in a browser.
   */
  assets: { css: string; js: string; icon: string; shareImage: string; feedStylesheet: string };
}

export interface PageMeta {
  title: string;
  description?: string;
  /** Path of the canonical address of this page ("/countries/mexico?page=2"). */
  canonical?: string;
  noindex?: boolean;
  /** Extra tags for <head>: article metadata, JSON-LD, feeds. */
  head?: ComponentChildren;
  /**
   * Type, picture and address for the Open Graph and Twitter card tags, which the layout writes
   * for every page with a canonical address (or `share.url`) from this meta: see share.tsx.
   */
  share?: ShareMeta;
  /** The search box keeps what the reader searched for. */
  query?: string;
  /**
   * The page's feeds, for autodiscovery (`<link rel="alternate">` in the head); without it, the
   * site's feed of everything.
   */
  feeds?: FeedLink[];
  /** The main-menu entry to mark as current. */
  section?: string;
  /**
   * The page in each language when that is not the same address under another prefix (an article
   * and its translations, each with its own address): for hreflang and the language switch. Null:
   * the page has no counterpart in that language (an article nobody translated into it): hreflang
   * leaves the language out, and the switch leads to that language's home, which says so.
   */
  alternates?: Readonly<Record<string, string | null>>;
}

/** A feed a page offers: its absolute address is built by the layout from `href`. */
export interface FeedLink {
  href: string;
  type: 'application/rss+xml' | 'application/atom+xml' | 'application/feed+json';
  title: string;
}
