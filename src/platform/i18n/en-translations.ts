/** Articles in many languages: the editor's language, translation groups and outdated translations. */
export const enTranslations = {
  'editor.language': 'Language',
  'editor.languageNone': 'Not stated',
  'editor.languageHint': 'The language this article is written in. Search reads it in that language.',
  'translations.title': 'Translations',
  'translations.none': 'No translations yet.',
  'translations.translate': 'Translate into {language}',
  'translations.translateHint':
    'Makes a draft in that language with this article’s text, pictures and links, to write over; the original stays beside it while you work.',
  'translations.of': 'This is the {language} translation of “{title}”.',
  'translations.openSource': 'Open the original',
  'translations.source': 'The original ({language}), to translate from',
  'translations.sourceTitle': 'Title',
  'translations.sourceSummary': 'Summary',
  'translations.sourceBody': 'Text',
  'translations.outdated': 'The original has changed since this translation was last brought up to date.',
  'translations.outdatedShort': 'may be out of date',
  'translations.upToDate': 'This translation is now up to date with the original',
  'translations.upToDateHint':
    'Tick it when you save the changes that catch up; readers then stop seeing the warning.',
  'translations.memberStatus': '{language}: “{title}” ({status})',
  'translations.sameLanguage': 'This article is already in that language.',
  'article.outdated': 'This translation may be out of date: the original has changed since.',
  'article.readOriginal': 'Read the original ({language})',
  'article.alsoIn': 'Also in:',
  'language.untranslated':
    'The page you were reading has no English version. Here is our home page in English.',
  'audit.article.translated': 'Started the {language} translation of “{title}”',
} as const;
