import { type Catalogue, en, type MessageKey } from './en.js';

export type { MessageKey };

const catalogues: Record<string, Catalogue> = { en };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

/** Interpolates `{name}` placeholders; an unknown placeholder stays visible so it is noticed. */
export function translator(locale = 'en'): Translate {
  const catalogue = catalogues[locale] ?? en;
  return (key, params) => {
    const template = catalogue[key];
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };
}

export const t: Translate = translator('en');

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "June 18, 2020", in the reader's language, always in UTC so a date never shifts by server zone. */
export function formatDate(iso: string, locale = 'en'): string {
  let format = dateFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
    dateFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
