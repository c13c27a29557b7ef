import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language } from './languages.js';
import { frPathWords } from './paths-fr.js';

/**
 * A public address in every language. An address is written in English (its "route" form, the
 * one Fastify routes by) and shown to a reader in their language: English at the root, any other
 * language under its prefix with its own path words (`/fr/pays/mexico`). Only the first segment
 * is a path word, and `feeds` closing a subject's address (`/countries/mexico/feeds`): a slug in
 * between is never taken for one.
 */
type Words = Readonly<Record<string, string>>;

/** English word → the language's word, for each prefixed language. */
const WORDS: Readonly<Partial<Record<Language, Words>>> = { fr: frPathWords };

const REVERSE: Readonly<Record<string, Words>> = Object.fromEntries(
  Object.entries(WORDS).map(([lang, words]) => [
    lang,
    Object.fromEntries(Object.entries(words).map(([en, word]) => [word, en])),
  ]),
);

/** Languages served under a path prefix of their own. */
export const PREFIXED_LANGUAGES: readonly Language[] = LANGUAGES.filter((l) => l !== DEFAULT_LANGUAGE);

/*
 * These run on every request (the rewrite, the language hook, the page cache's key), so they cut
 * strings at indexes instead of splitting and joining them or running regular expressions: the
 * French page's cache hit cost a tenth more than the English one's before (docs/benchmarks.md).
 */
function splitAddress(address: string): { path: string; rest: string } {
  const query = address.indexOf('?');
  const hash = address.indexOf('#');
  const end = query < 0 ? hash : hash < 0 ? query : Math.min(query, hash);
  return end < 0 ? { path: address, rest: '' } : { path: address.slice(0, end), rest: address.slice(end) };
}

const isLower = (code: number) => code >= 97 && code <= 122;

/** `/fr` or `/fr/…`: the address's language prefix, when it is a prefixed language's. */
function prefixOf(path: string): Language | null {
  if (path.charCodeAt(0) !== 47 || !isLower(path.charCodeAt(1)) || !isLower(path.charCodeAt(2))) return null;
  // After the two letters: the end or a slash (`/fr?x`, `/french` are no prefix).
  if (path.length > 3 && path.charCodeAt(3) !== 47) return null;
  const prefix = path.slice(1, 3);
  return prefix !== DEFAULT_LANGUAGE && isLanguage(prefix) ? prefix : null;
}

/**
 * `path` (from its first slash) with its first segment replaced through `words`, and its closing
 * `feeds` (a subject's feeds: at least two segments after the first) by `feeds`; null when the
 * first segment is none of the words.
 */
function translateSegments(path: string, words: Words, feeds: string, from: string): string | null {
  const second = path.indexOf('/', 1);
  const segment = second < 0 ? path.slice(1) : path.slice(1, second);
  // Own words only: `constructor` or `toString` are no path words.
  const first = Object.hasOwn(words, segment) ? words[segment] : undefined;
  if (first === undefined) return null;
  let tail = second < 0 ? '' : path.slice(second);
  const last = tail.lastIndexOf('/');
  if (last > 0 && tail.slice(last + 1) === from) tail = `${tail.slice(0, last + 1)}${feeds}`;
  return `/${first}${tail}`;
}

/** The interface language of a public address: its prefix's, or English. */
export function languageOfPath(address: string): Language {
  return prefixOf(address) ?? DEFAULT_LANGUAGE;
}

/**
 * The address of a route-form (English) address in `language`: `/countries/mexico?page=2` is
 * `/fr/pays/mexico?page=2` in French. An address that is already in a prefixed language, or that
 * is no public page (`/admin/…`, `/assets/…`), stays as it is.
 */
export function localizePath(address: string, language: Language): string {
  if (language === DEFAULT_LANGUAGE || !address.startsWith('/') || prefixOf(address)) return address;
  const { path, rest } = splitAddress(address);
  const words = WORDS[language];
  if (!words) return address;
  const translated = translateSegments(path, words, words.feeds ?? 'feeds', 'feeds');
  if (translated === null) return address;
  return `/${language}${translated}${rest}`;
}

/**
 * The route form (English) of a reader's address and its language, or null when it is under a
 * language's prefix but names no page in that language (`/fr/countries/…`, `/fr/admin`).
 */
export function routeOf(address: string): { language: Language; address: string } | null {
  const language = prefixOf(address);
  if (!language) return { language: DEFAULT_LANGUAGE, address };
  const { path, rest } = splitAddress(address);
  const inner = path.slice(language.length + 1) || '/';
  const feeds = WORDS[language]?.feeds;
  const route = translateSegments(inner, REVERSE[language] ?? {}, 'feeds', feeds ?? 'feeds');
  return route === null ? null : { language, address: route + rest };
}

/**
 * Fastify's `rewriteUrl`: a French address is routed as its English form, so every room's routes
 * serve every language without declaring it; the language itself is read again from the
 * address as typed (`request.originalUrl`) by the language hook.
 */
export function rewriteToRoute(url: string): string {
  return routeOf(url)?.address ?? url;
}

/**
 * A local address a browser may be sent back to: one path on this site, never `//host` or
 * `/\host` (which browsers read as another site), no control characters, at most 2,000 characters.
 */
export function isLocalAddress(value: string): boolean {
  if (value.length > 2000 || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\'))
    return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f || code === 0x5c) return false;
  }
  try {
    const base = 'http://candle.invalid';
    return new URL(value, base).origin === base;
  } catch {
    return false;
  }
}
