import type { enLanguages } from './en-languages.js';

/** Le sélecteur de langue et les adresses dans chaque langue. */
export const frLanguages: Record<keyof typeof enLanguages, string> = {
  'language.switch': 'Autres langues',
  'language.bad':
    'le sélecteur de langue a besoin d’une langue (« to ») et de l’adresse locale d’une page (« from »)',
};
