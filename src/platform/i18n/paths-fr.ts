/**
 * The French words of the public addresses: the first segment of an English address and its
 * French counterpart under `/fr/` (`/countries/mexico` is `/fr/pays/mexico`). Slugs are not
 * translated here: content in many languages brings its own.
 */
export const frPathWords = {
  '': '',
  latest: 'actualites',
  articles: 'articles',
  countries: 'pays',
  regions: 'regions',
  topics: 'sujets',
  cases: 'personnes',
  search: 'recherche',
  subscribe: 'abonnement',
  actions: 'actions',
  network: 'reseau',
  feeds: 'flux',
  'feed.xml': 'feed.xml',
  'feed.atom': 'feed.atom',
  'feed.json': 'feed.json',
} as const;
