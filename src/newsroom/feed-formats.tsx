import { Feed } from 'feed';
import { currentLanguage, t } from '../platform/i18n/index.js';
import { Figure } from '../platform/views/components.js';
import { renderFragment } from '../platform/views/render.js';
import type { FeedLink, Site } from '../platform/views/site.js';
import type { FeedChannel, FeedItem } from './models.js';
import { paths } from './paths.js';

/**
 * The three formats every feed is served in, and how each is named and typed. RSS and Atom go
 * out as `application/xml`, not their own types: browsers show `application/rss+xml` as raw text
 * (Chromium) or download it (Firefox), and apply the feed's XSL stylesheet, the readable view,
 * only to XML types they render. Feed readers read the root element, whatever the type; the
 * autodiscovery links keep naming the precise types (MEDIA_TYPES).
 */
export const FEED_FORMATS = {
  rss: { extension: 'xml', contentType: 'application/xml; charset=utf-8' },
  atom: { extension: 'atom', contentType: 'application/xml; charset=utf-8' },
  json: { extension: 'json', contentType: 'application/feed+json; charset=utf-8' },
} as const;

export type FeedFormat = keyof typeof FEED_FORMATS;

const MEDIA_TYPES = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
} as const;
export const FEED_FORMAT_NAMES = Object.keys(FEED_FORMATS) as FeedFormat[];

/**
 * The autodiscovery links of a page's feeds (`<link rel="alternate">`), RSS first: readers that
 * take only one take the first.
 */
export function feedLinks(base: string, name: string, type?: string): FeedLink[] {
  return FEED_FORMAT_NAMES.map((format) => ({
    href: paths.feedOf(base, FEED_FORMATS[format].extension, type),
    type: MEDIA_TYPES[format],
    title: t(`feed.${format}`, { name }),
  }));
}

/**
 * The date in every article's tag: URI. Fixed for ever: it says when the site's name was first
 * used for these ids (RFC 4151), and changing it would change every id.
 */
const TAG_DATE = '2026';

/**
 * An article's id in every feed: a tag: URI of the site's host and the article's number, e.g.
 * `tag:example.org,2026:article:42`. Not its address, which changes with its slug: feed readers
 * and RSS-to-email tools take a new id for a new item and would send it again.
 */
export function articleFeedId(site: Site, articleId: number): string {
  return `tag:${new URL(site.publicUrl).hostname},${TAG_DATE}:article:${articleId}`;
}

/**
 * Strips the characters XML 1.0 cannot carry at all, even escaped (control characters but tab
 * and line ends, lone surrogates, U+FFFE and U+FFFF): one in a title would make the whole feed
 * unreadable to every reader.
 */
function xmlChars(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const allowed =
      c === 0x9 ||
      c === 0xa ||
      c === 0xd ||
      (c >= 0x20 && c < 0xd800) ||
      (c > 0xdfff && c < 0xfffe) ||
      c > 0xffff;
    if (allowed) out += ch;
  }
  return out;
}

/**
 * Text the feed library puts in CDATA sections. It splits only the first `]]>` in a string, so
 * a second one would end the section early: HTML carries it as `]]&gt;` (the same to a reader),
 * plain text with a space.
 */
const xmlText = (s: string) => xmlChars(s).replaceAll(']]>', ']] >');
const xmlHtml = (s: string) => xmlChars(s).replaceAll(']]>', ']]&gt;');
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Makes the site's own links and pictures in an article's HTML absolute: a feed is read away
 * from the site, where `/media/…` means nothing. Bodies come from sanitize-html, which quotes
 * every attribute with double quotes.
 */
export function absoluteUrls(html: string, base: string): string {
  return html
    .replace(/\b(href|src)="\/(?!\/)/g, `$1="${base}/`)
    .replace(
      /\bsrcset="([^"]*)"/g,
      (_, set: string) => `srcset="${set.replace(/(^|,\s*)\/(?!\/)/g, `$1${base}/`)}"`,
    );
}

/** An item's whole content: its lead picture with caption and credit, then its body. */
function contentHtml(site: Site, item: FeedItem): string {
  const figure = item.image ? renderFragment(<Figure image={item.image} sizes="100vw" eager />) : '';
  return absoluteUrls(figure + item.bodyHtml, site.publicUrl);
}

interface Entry {
  id: string;
  url: string;
  title: string;
  summary: string;
  html: string;
  published: Date;
  updated: Date;
  /** The lead picture as a 1200 × 630 JPEG, which every reader can show (not all read WebP). */
  image: string | null;
  tags: string[];
}

function entriesOf(site: Site, items: readonly FeedItem[]): Entry[] {
  return items.map((item) => ({
    id: articleFeedId(site, item.id),
    url: site.publicUrl + item.href,
    title: item.title,
    summary: item.summary,
    html: contentHtml(site, item),
    published: new Date(item.publishedAt),
    updated: new Date(item.updatedAt),
    image: item.image ? site.publicUrl + item.image.share : null,
    tags: [t(`type.${item.type}`), ...item.countries.map((c) => c.name)],
  }));
}

/**
 * When the feed last changed, as its content says: the newest item's change. Derived from the
 * items, never the clock, so the same content gives the same bytes and the same ETag everywhere.
 */
function updatedOf(entries: readonly Entry[]): Date {
  let newest = 0;
  for (const e of entries) newest = Math.max(newest, e.updated.getTime());
  return new Date(newest);
}

export function renderFeed(format: FeedFormat, site: Site, channel: FeedChannel, items: readonly FeedItem[]) {
  const entries = entriesOf(site, items);
  return format === 'json' ? jsonFeed(site, channel, entries) : xmlFeed(format, site, channel, entries);
}

function xmlFeed(format: 'rss' | 'atom', site: Site, channel: FeedChannel, entries: readonly Entry[]) {
  const feed = new Feed({
    title: xmlText(channel.title),
    description: xmlText(channel.description),
    id: site.publicUrl + channel.href,
    link: site.publicUrl + channel.href,
    feed: site.publicUrl + channel.self,
    language: currentLanguage(),
    copyright: xmlText(site.name),
    updated: updatedOf(entries),
    generator: 'Candle',
    // The browser's readable view of the feed (client/feed.xsl), from this site.
    stylesheet: site.assets.feedStylesheet,
  });
  for (const e of entries) {
    feed.addItem({
      // Atom says its titles are HTML (type="html"); RSS readers take them as text.
      title: format === 'atom' ? xmlHtml(escapeHtml(e.title)) : xmlText(e.title),
      id: e.id,
      guid: e.id,
      link: e.url,
      description: xmlHtml(escapeHtml(e.summary)),
      content: xmlHtml(e.html),
      date: e.updated,
      published: e.published,
      category: e.tags.map((name) => ({ name: xmlText(name), term: xmlText(name) })),
      ...(e.image ? { enclosure: { url: e.image, type: 'image/jpeg' } } : {}),
    });
  }
  if (format === 'rss') return feed.rss2();
  // The library names an Atom enclosure's type from the file's extension (`image/jpg`, which is
  // no media type); the enclosure is always the JPEG share copy.
  return feed.atom1().replace(/(<link rel="enclosure" href="[^"]*" type=")image\/jpg"/g, '$1image/jpeg"');
}

/**
 * JSON Feed 1.1, written here: the feed library writes version 1. JSON.stringify escapes
 * everything JSON needs; `</` is broken so that no string can close a script element if a
 * reader ever inlines the feed.
 */
function jsonFeed(site: Site, channel: FeedChannel, entries: readonly Entry[]): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: site.publicUrl + channel.href,
    feed_url: site.publicUrl + channel.self,
    description: channel.description,
    language: currentLanguage(),
    favicon: `${site.publicUrl}/favicon.ico`,
    items: entries.map((e) => ({
      id: e.id,
      url: e.url,
      title: e.title,
      summary: e.summary,
      content_html: e.html,
      ...(e.image ? { image: e.image } : {}),
      date_published: e.published.toISOString(),
      date_modified: e.updated.toISOString(),
      tags: e.tags,
    })),
  };
  return JSON.stringify(feed).replace(/<\//g, '<\\/');
}
