import type { enImpactSlots } from './en-impact-slots.js';

/** Les parties du registre sur les pages d’impact : réponses reçues par cible, résultats. */
export const frImpactSlots: Record<keyof typeof enImpactSlots, string> = {
  'impactSlots.all': 'Toutes',
  'impactSlots.public': 'Publiques',
  'impactSlots.day': 'Jour (UTC)',

  'impactSlots.replies.heading': 'Réponses des autorités',
  'impactSlots.replies.none': 'Aucune réponse n’a encore été enregistrée.',
  'impactSlots.replies.introOne':
    '{replies, plural, one {# réponse} other {# réponses}} de {targets, plural, one {# autorité} other {# autorités}} sur cette action urgente et sa série, publiques et internes, telles qu’enregistrées au registre.',
  'impactSlots.replies.introAll':
    '{replies, plural, one {# réponse} other {# réponses}} de {targets, plural, one {# autorité} other {# autorités}} sur toutes les actions urgentes, publiques et internes, telles qu’enregistrées au registre.',
  'impactSlots.replies.channel.letter': 'Lettre',
  'impactSlots.replies.channel.email': 'Courriel',
  'impactSlots.replies.channel.call': 'Appel',
  'impactSlots.replies.channel.statement': 'Déclaration publique',
  'impactSlots.replies.target': 'Cible',
  'impactSlots.replies.latest': 'Dernière réponse',
  'impactSlots.replies.everyTarget': 'Toutes les cibles',
  'impactSlots.replies.targetsCaption': 'Réponses reçues par cible et par moyen, les plus nombreuses d’abord',
  'impactSlots.replies.daysCaption':
    'Réponses reçues par jour (jour de réception) et par moyen, sur {days, plural, one {# jour} other {# jours}}',
  'impactSlots.replies.chartTitle': 'Réponses reçues par jour, par moyen',
  'impactSlots.replies.unit': 'réponses',

  'impactSlots.outcomes.heading': 'Résultats pour les personnes en danger',
  'impactSlots.outcomes.none': 'Aucun résultat n’a encore été enregistré.',
  'impactSlots.outcomes.intro':
    '{count, plural, one {# résultat enregistré} other {# résultats enregistrés}}, publics et internes, chacun au jour où il est survenu.',
  'impactSlots.outcomes.listCaption': 'Résultats dans l’ordre où ils sont survenus',
  'impactSlots.outcomes.latestCaption':
    '{count, plural, one {Le dernier résultat} other {Les # derniers résultats}}, dans l’ordre où ils sont survenus',
  'impactSlots.outcomes.kindsCaption': 'Résultats par type, avec le jour du dernier de chacun',
  'impactSlots.outcomes.urgentAction': 'Action urgente',
  'impactSlots.outcomes.outcome': 'Résultat',
  'impactSlots.outcomes.source': 'Source',
  'impactSlots.outcomes.visibility': 'Affichage',
  'impactSlots.outcomes.goodNews': 'Bonne nouvelle',
  'impactSlots.outcomes.drafted': 'Brouillon créé',
  'impactSlots.outcomes.count': 'Résultats',
  'impactSlots.outcomes.latest': 'Dernier',
};
