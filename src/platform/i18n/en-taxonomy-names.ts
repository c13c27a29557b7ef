/** Countries, regions and topics named in other languages: the admin's fields for them. */
export const enTaxonomyNames = {
  'taxonomyNames.legend': 'In {language}',
  'taxonomyNames.name': 'Name in {language}',
  'taxonomyNames.nameHint':
    'Leave empty when there is no name in this language: pages in it show the English name.',
  'taxonomyNames.slug': 'Address word in {language}',
  'taxonomyNames.slugHint': 'Lower-case letters, numbers and single hyphens, without accents, like mexique.',
  'taxonomyNames.slugTaken': 'Another entry already uses this address word in {language}.',
  'taxonomyNames.nameForSlug': 'Enter the name as well, or clear the address word.',
  'taxonomyNames.slugIsEnglish':
    'This is the English web address of {name}, which pages in {language} also answer at. Choose another address word.',
  'taxonomyNames.slugIsLocal':
    'This is the address word in {language} of {name}: its page in {language} answers at it. Choose another web address.',
} as const;
