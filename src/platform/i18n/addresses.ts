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

function splitAddress(address: string): { path: string; rest: string } {
  const end = address.search(/[?#]/);
  return end < 0 ? { path: address, rest: '' } : { path: address.slice(0, end), rest: address.slice(end) };
}

function prefixOf(path: string): Language | null {
  const prefix = /^\/([a-z]{2})(?:\/|$)/.exec(path)?.[1];
  return prefix && prefix !== DEFAULT_LANGUAGE && isLanguage(prefix) ? prefix : null;
}

/** The interface language of a public address: its prefix's, or English. */
export function languageOfPath(address: string): Language {
  return prefixOf(address) ?? DEFAULT_LANGUAGE;
}

function translateSegments(segments: string[], words: Words): string[] | null {
  const first = words[segments[1] ?? ''];
  if (first === undefined) return null;
  const out = segments.slice();
  out[1] = first;
  const last = out.length - 1;
  if (last >= 3 && out[last] === 'feeds') out[last] = words.feeds ?? 'feeds';
  return out;
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
  const translated = translateSegments(path.split('/'), words);
  if (!translated) return address;
  return `/${language}${translated.join('/') || '/'}${rest}`;
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
  const segments = inner.split('/');
  const reverse = REVERSE[language] ?? {};
  const first = reverse[segments[1] ?? ''];
  if (first === undefined) return null;
  segments[1] = first;
  const last = segments.length - 1;
  if (last >= 3 && segments[last] === WORDS[language]?.feeds) segments[last] = 'feeds';
  return { language, address: segments.join('/') + rest };
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
