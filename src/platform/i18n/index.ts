import { type Catalogue, en, type MessageKey } from './en.js';

export type { MessageKey };

const catalogues: Record<string, Catalogue> = { en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A template split once into its literal text (even places) and placeholder names (odd places). */
type Parts = readonly string[];

function split(template: string): Parts {
  return template.split(/\{(\w+)\}/);
}

/**
 * Interpolates `{name}` placeholders; an unknown placeholder stays visible so it is noticed.
 * Each template is split once: pages call t() hundreds of times, and a regular-expression replace
 * per call was a tenth of the time spent rendering a listing.
 */
export function translator(locale = 'en'): Translate {
  const catalogue = catalogues[locale] ?? en;
  const compiled = new Map<MessageKey, Parts>();
  return (key, params) => {
    const template = catalogue[key];
    if (!params) return template;
    let parts = compiled.get(key);
    if (!parts) {
      parts = split(template);
      compiled.set(key, parts);
    }
    let out = parts[0] ?? '';
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i] as string;
      out += (name in params ? String(params[name]) : `{${name}}`) + (parts[i + 1] ?? '');
    }
    return out;
  };
}

export const t: Translate = translator('en');

/** Languages served under a path prefix of their own (`/fr/…`); none yet besides English at the root. */
const PREFIXED_LANGUAGES: readonly string[] = [];

/** The interface language of a public address: its prefix's, or English. */
export function languageOfPath(path: string): string {
  const prefix = /^\/([a-z]{2})(?:\/|$)/.exec(path)?.[1];
  return prefix && PREFIXED_LANGUAGES.includes(prefix) ? prefix : 'en';
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const formattedDates = new Map<string, string>();
const MAX_FORMATTED_DATES = 10_000;

/**
 * "June 18, 2020", in the reader's language, always in UTC so a date never shifts by server zone.
 * Intl formatting costs microseconds a call and a listing repeats the same few days, so each
 * (locale, day) is formatted once.
 */
export function formatDate(iso: string, locale = 'en'): string {
  const memoKey = `${locale} ${iso}`;
  const known = formattedDates.get(memoKey);
  if (known !== undefined) return known;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  const text = format.format(new Date(iso));
  if (formattedDates.size >= MAX_FORMATTED_DATES) formattedDates.clear();
  formattedDates.set(memoKey, text);
  return text;
}

/** "2026-01-10 09:30 UTC": a moment to the minute, for the admin's logs and notices. */
export function formatUtcMinute(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const languageNames = new Map<string, Intl.DisplayNames>();

/** "French", "Spanish": a language's name in the reader's language (from Intl: no catalogue to keep). */
export function languageName(code: string, locale = 'en'): string {
  let names = languageNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language' });
    languageNames.set(locale, names);
  }
  try {
    return names.of(code) ?? code;
  } catch {
    // Not a well-formed language code (an old row): shown as it is.
    return code;
  }
}
