import type { enTaxonomyNames } from './en-taxonomy-names.js';

/** Les pays, régions et thèmes nommés dans d’autres langues : les champs de l’administration. */
export const frTaxonomyNames: Record<keyof typeof enTaxonomyNames, string> = {
  'taxonomyNames.legend': 'En {language}',
  'taxonomyNames.name': 'Nom en {language}',
  'taxonomyNames.nameHint':
    'Laissez vide s’il n’y a pas de nom dans cette langue : les pages dans cette langue affichent le nom anglais.',
  'taxonomyNames.slug': 'Mot d’adresse en {language}',
  'taxonomyNames.slugHint':
    'Lettres minuscules, chiffres et traits d’union simples, sans accents, par exemple mexique.',
  'taxonomyNames.slugTaken': 'Une autre entrée utilise déjà ce mot d’adresse en {language}.',
  'taxonomyNames.nameForSlug': 'Indiquez aussi le nom, ou effacez le mot d’adresse.',
  'taxonomyNames.slugIsEnglish':
    'C’est l’adresse Web anglaise de {name}, à laquelle les pages en {language} répondent aussi. Choisissez un autre mot d’adresse.',
  'taxonomyNames.slugIsLocal':
    'C’est le mot d’adresse en {language} de {name} : sa page en {language} y répond. Choisissez une autre adresse Web.',
};
