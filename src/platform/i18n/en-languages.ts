/** The language switch and the addresses in every language. */
export const enLanguages = {
  'language.switch': 'Other languages',
  'language.bad': 'the language switch needs a language (“to”) and the local address of a page (“from”)',
} as const;
