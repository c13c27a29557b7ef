import type { enTranslations } from './en-translations.js';

export const frTranslations: Record<keyof typeof enTranslations, string> = {
  'editor.language': 'Langue',
  'editor.languageNone': 'Non précisée',
  'editor.languageHint':
    'La langue dans laquelle cet article est écrit. La recherche le lit dans cette langue.',
  'translations.title': 'Traductions',
  'translations.none': 'Aucune traduction pour l’instant.',
  'translations.translate': 'Traduire en {language}',
  'translations.translateHint':
    'Crée un brouillon dans cette langue avec le texte, les images et les liens de cet article, à réécrire ; l’original reste à côté pendant que vous travaillez.',
  'translations.of': 'Ceci est la traduction en {language} de « {title} ».',
  'translations.openSource': 'Ouvrir l’original',
  'translations.source': 'L’original ({language}), à traduire',
  'translations.sourceTitle': 'Titre',
  'translations.sourceSummary': 'Résumé',
  'translations.sourceBody': 'Texte',
  'translations.outdated': 'L’original a changé depuis la dernière mise à jour de cette traduction.',
  'translations.outdatedShort': 'peut-être périmée',
  'translations.upToDate': 'Cette traduction est maintenant à jour par rapport à l’original',
  'translations.upToDateHint':
    'Cochez la case en enregistrant les changements qui rattrapent l’original ; les lecteurs ne verront plus l’avertissement.',
  'translations.memberStatus': '{language} : « {title} » ({status})',
  'translations.sameLanguage': 'Cet article est déjà dans cette langue.',
  'article.outdated': 'Cette traduction n’est peut-être plus à jour : l’original a changé depuis.',
  'article.readOriginal': 'Lire l’original ({language})',
  'language.untranslated':
    'La page que vous lisiez n’existe pas en français. Voici notre page d’accueil en français.',
  'article.alsoIn': 'Aussi en :',
  'audit.article.translated': 'A commencé la traduction en {language} de « {title} »',
};
