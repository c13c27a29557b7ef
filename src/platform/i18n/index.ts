import { IntlMessageFormat } from 'intl-messageformat';
import { localizePath, routeOf } from './addresses.js';
import { currentLanguage } from './context.js';
import { type Catalogue, en, type MessageKey } from './en.js';
import { fr } from './fr.js';
import { DEFAULT_LANGUAGE, isLanguage, LANGUAGES, type Language, LOCALES } from './languages.js';

export {
  isLocalAddress,
  languageOfPath,
  localizePath,
  PREFIXED_LANGUAGES,
  rewriteToRoute,
  routeOf,
} from './addresses.js';
export { currentLanguage, inLanguage } from './context.js';
export {
  DEFAULT_LANGUAGE,
  isLanguage,
  LANGUAGES,
  type Language,
  LOCALES,
  NATIVE_NAMES,
} from './languages.js';
export type { Catalogue, MessageKey };

export const catalogues: Readonly<Record<Language, Catalogue>> = { en, fr };

export type MessageValue = string | number | Date;
export type Translate = (key: MessageKey, params?: Record<string, MessageValue>) => string;

/**
 * A message made ready once: a template with plain `{name}` placeholders only is split into its
 * literal text (even places) and placeholder names (odd places), which is all most messages need
 * and several times faster than a formatter; one with plurals, selects, numbers or dates keeps
 * an ICU formatter (intl-messageformat) for its locale.
 */
type Compiled = { kind: 'parts'; parts: readonly string[] } | { kind: 'icu'; format: IntlMessageFormat };

/** Plain text and `{name}`; an apostrophe is plain unless it quotes (before `{`, `}` or another `'`). */
const SIMPLE = /^(?:[^{}']|'(?![{}'])|\{\w+\})*$/;

function compile(template: string, locale: string): Compiled {
  if (SIMPLE.test(template)) return { kind: 'parts', parts: template.split(/\{(\w+)\}/) };
  return { kind: 'icu', format: new IntlMessageFormat(template, locale) };
}

function interpolate(parts: readonly string[], params: Record<string, MessageValue>): string {
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i] as string;
    // An unknown placeholder stays visible so it is noticed.
    out += (name in params ? String(params[name]) : `{${name}}`) + (parts[i + 1] ?? '');
  }
  return out;
}

/**
 * Pages call t() hundreds of times: a message without parameters is returned as it is written,
 * and each (language, key) is compiled once, on its first use.
 */
function makeTranslator(language: Language): Translate {
  const catalogue = catalogues[language];
  const locale = LOCALES[language];
  const compiled = new Map<MessageKey, Compiled>();
  return (key, params) => {
    // A key another helper added to English and nobody has translated yet reads in English.
    const template = catalogue[key] ?? en[key];
    if (!params) return template;
    let message = compiled.get(key);
    if (!message) {
      message = compile(template, locale);
      compiled.set(key, message);
    }
    if (message.kind === 'parts') return interpolate(message.parts, params);
    try {
      return message.format.format(params) as string;
    } catch {
      // A parameter missing from a plural or a number: show the template rather than fail the page.
      return template;
    }
  };
}

const translators = Object.fromEntries(LANGUAGES.map((l) => [l, makeTranslator(l)])) as Record<
  Language,
  Translate
>;

/** A translator for one language, whatever the request's (mail to a subscriber, a test). */
export function translator(language: string = DEFAULT_LANGUAGE): Translate {
  return translators[isLanguage(language) ? language : DEFAULT_LANGUAGE];
}

/**
 * The `lang` attribute of text written in `language` inside the page being served: none when it
 * is the page's own language, so that a screen reader reads English content on a French page
 * as English.
 */
export function langIfOther(language: string): string | undefined {
  return language === currentLanguage() ? undefined : language;
}

/** Translates into the language of the request (or job) being served: see context.ts. */
export const t: Translate = (key, params) => translators[currentLanguage()](key, params);

const dateFormats = new Map<string, Intl.DateTimeFormat>();
const formattedDates = new Map<string, string>();
/** The most entries a formatting memo keeps (dates, language names): values come from rows. */
const MAX_MEMO_ENTRIES = 10_000;

/** A language code (`fr`) or a locale (`fr-CA`) as Intl wants it. */
const localeOf = (language: string): string => (isLanguage(language) ? LOCALES[language] : language);

/**
 * "June 18, 2020" / "18 juin 2020", in the reader's language (the request's unless named), always
 * in UTC so a date never shifts by server zone. Intl formatting costs microseconds a call and a
 * listing repeats the same few days, so each (locale, day) is formatted once.
 */
export function formatDate(iso: string, language: string = currentLanguage()): string {
  const locale = localeOf(language);
  const memoKey = `${locale} ${iso}`;
  const known = formattedDates.get(memoKey);
  if (known !== undefined) return known;
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  const text = format.format(new Date(iso));
  if (formattedDates.size >= MAX_MEMO_ENTRIES) formattedDates.clear();
  formattedDates.set(memoKey, text);
  return text;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** "2,140" / "2 140": a whole number in the reader's language. */
export function formatNumber(n: number, language: string = currentLanguage()): string {
  const locale = localeOf(language);
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale);
    numberFormats.set(locale, format);
  }
  return format.format(n);
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
/** Names already asked of Intl, by locale and code: a few dozen, asked on every labelled card. */
const namedLanguages = new Map<string, string>();

/** "French", "espagnol": a language's name in the reader's language (from Intl: no catalogue to keep). */
export function languageName(code: string, locale: string = LOCALES[currentLanguage()]): string {
  const memoKey = `${locale} ${code}`;
  const known = namedLanguages.get(memoKey);
  if (known !== undefined) return known;
  let names = languageNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'language' });
    languageNames.set(locale, names);
  }
  let name: string;
  try {
    name = names.of(code) ?? code;
  } catch {
    // Not a well-formed language code (an old row): shown as it is.
    name = code;
  }
  if (namedLanguages.size >= MAX_MEMO_ENTRIES) namedLanguages.clear();
  namedLanguages.set(memoKey, name);
  return name;
}

/**
 * An address in the language being served: route-form (English) addresses, and addresses already
 * in a language, come out in the reader's language with its path words (`/fr/pays/mexico/flux`),
 * so a form or a link on a French page leads to a French page. See addresses.ts.
 */
export function inReadersLanguage(address: string): string {
  return localizePath(routeOf(address)?.address ?? address, currentLanguage());
}
