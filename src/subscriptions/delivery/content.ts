import type { Selectable } from 'kysely';
import { ARTICLE_TYPES, type ArticleType, type Database } from '../../platform/db/index.js';
import { LANGUAGES, type Language } from '../rules.js';

/** The lead picture as a message shows it: a path on the site and what is said of it. */
export interface MessagePicture {
  /** The 1200 × 630 JPEG share copy, as a path on the site ("/media/…-share.jpg"). */
  path: string;
  alt: string;
  caption: string;
  credit: string;
}

/** An alert as its messages show it. Alerts written before migration 022 have no type or picture. */
export interface AlertContent {
  id: number;
  title: string;
  summary: string;
  /** The item's address on the site. */
  path: string;
  /** When the item was published (ISO-8601); shown as a date in the subscriber's language. */
  publishedAt: string;
  /** The item's type, whose label the message shows; null when not known. */
  type: ArticleType | null;
  /** The language the item is written in, when stated: its title and summary are marked with it. */
  language: string | null;
  picture: MessagePicture | null;
}

type AlertColumns = Pick<
  Selectable<Database['alerts']>,
  | 'id'
  | 'title'
  | 'summary'
  | 'path'
  | 'published_at'
  | 'item_type'
  | 'item_language'
  | 'image_path'
  | 'image_alt'
  | 'image_caption'
  | 'image_credit'
>;

/** The alerts columns a message needs, for the queries that read them (digest items). */
export const ALERT_CONTENT_COLUMNS = [
  'a.id',
  'a.title',
  'a.summary',
  'a.path',
  'a.published_at',
  'a.item_type',
  'a.item_language',
  'a.image_path',
  'a.image_alt',
  'a.image_caption',
  'a.image_credit',
] as const;

const isArticleType = (v: string | null): v is ArticleType =>
  v !== null && (ARTICLE_TYPES as readonly string[]).includes(v);

/**
 * A picture is shown only from a path on the site itself ("/media/…"): a message links to
 * nothing but the site, whatever a row holds.
 */
const onSite = (path: string | null): path is string => path !== null && /^\/(?![/\\])/.test(path);

/** An alert row as its message shows it; an old row (no type, no picture) shows neither. */
export function alertContent(row: AlertColumns): AlertContent {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    path: row.path,
    publishedAt: row.published_at,
    type: isArticleType(row.item_type) ? row.item_type : null,
    language:
      row.item_language && /^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/.test(row.item_language)
        ? row.item_language
        : null,
    picture: onSite(row.image_path)
      ? { path: row.image_path, alt: row.image_alt, caption: row.image_caption, credit: row.image_credit }
      : null,
  };
}

/**
 * The language a subscriber's messages are written in: theirs when the interface has a catalogue
 * for it (the only ones the sign-up form offers, `LANGUAGES`), English otherwise, so the `lang` a
 * message declares is always the language its words are in.
 */
export function mailLanguage(language: string | null | undefined): Language {
  return LANGUAGES.find((l) => l.code === language)?.code ?? 'en';
}
