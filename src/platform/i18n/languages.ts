/**
 * The interface languages: English at the root of the site, every other one under a path prefix
 * of its own (`/fr/…`). A third language is a catalogue (`xx.ts`), its path words
 * (`paths-xx.ts`) and a line here.
 */
export const LANGUAGES = ['en', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'en';

/** The locale Intl formats numbers, dates and plurals with: Canadian French, as the seed's organisation writes. */
export const LOCALES: Readonly<Record<Language, string>> = { en: 'en', fr: 'fr-CA' };

/** Each language's name in itself, for the language switch. */
export const NATIVE_NAMES: Readonly<Record<Language, string>> = { en: 'English', fr: 'Français' };

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}
