import type { enNetwork } from './en-network.js';

/** Le Réseau Actions urgentes et les nouvelles envoyées aux personnes qui ont agi. */
export const frNetwork: Record<keyof typeof enNetwork, string> = {
  'network.title': 'Joignez-vous au Réseau Actions urgentes',
  'network.intro':
    'Chaque nouvelle action urgente sur les sujets que vous choisissez vous parvient par courriel, sans dépasser le nombre par semaine que vous fixez, avec les moyens d’agir à portée de doigt.',
  'network.joinLink': 'Joignez-vous au Réseau Actions urgentes',
  'network.joinLead':
    'Recevez par courriel les prochaines actions urgentes comme celle-ci, quelques-unes par semaine au plus.',
  'network.email': 'Adresse courriel',
  'network.language': 'Langue des courriels',
  'network.cap': 'Au plus',
  'network.capOption': '{count} par semaine',
  'network.follow': 'Actions urgentes sur',
  'network.followHint': 'Choisissez tout, ou les pays, les régions et les sujets qui vous tiennent à cœur.',
  'network.everything': 'Toutes les actions urgentes',
  'network.consentLegend': 'Votre consentement',
  'network.consent':
    'Envoyez-moi par courriel les nouvelles actions urgentes de {site} sur les sujets que j’ai choisis, sans dépasser le nombre par semaine que j’ai indiqué. Je peux modifier ce choix ou me retirer en tout temps.',
  'network.submit': 'Me joindre au réseau',
  'network.errors': 'Il y a un problème',
  'network.error.cap': 'Choisissez le nombre maximal d’actions urgentes par semaine.',
  'network.error.follow':
    'Choisissez toutes les actions urgentes, ou au moins un pays, une région ou un sujet.',
  'network.error.consent': 'Cochez la case pour accepter de recevoir ces courriels.',
  'network.sent.title': 'Consultez votre boîte de réception',
  'network.sent.body':
    'Si {email} peut se joindre au réseau, un message contenant un lien de confirmation est en route vers cette adresse. Rien ne vous sera envoyé avant votre confirmation.',
  'network.mail.subject': 'Confirmez que vous souhaitez vous joindre au Réseau Actions urgentes de {site}',
  'network.mail.text':
    'Quelqu’un, vous sans doute, a demandé à se joindre au Réseau Actions urgentes de {site} avec cette adresse.\n\nPour confirmer, ouvrez ce lien et appuyez sur le bouton :\n{link}\n\nSi ce n’était pas vous, ignorez ce message : rien ne vous sera envoyé.',
  'network.mail.manageSubject': 'Vos choix chez {site}',
  'network.mail.manageText':
    'Quelqu’un, vous sans doute, a demandé à se joindre au Réseau Actions urgentes de {site} avec cette adresse, qui reçoit déjà nos courriels.\n\nPour vous joindre au réseau, ouvrez vos préférences et appuyez sur « Me joindre au réseau » :\n{link}\n\nSi ce n’était pas vous, ignorez ce message : rien ne change.',
  'network.prefs.heading': 'Réseau Actions urgentes',
  'network.prefs.member': 'Vous faites partie du réseau : au plus {count} actions urgentes par semaine.',
  'network.prefs.pending':
    'Vous avez demandé à vous joindre au réseau. Appuyez sur « Me joindre au réseau » pour confirmer.',
  'network.prefs.none':
    'Vous ne faites pas partie du réseau. Joignez-vous-y pour recevoir les nouvelles actions urgentes par courriel.',
  'network.prefs.save': 'Enregistrer mes choix pour le réseau',
  'network.prefs.join': 'Me joindre au réseau',
  'network.prefs.leave': 'Quitter le réseau',
  'network.prefs.saved': 'Vos choix pour le réseau sont enregistrés.',
  'network.prefs.left': 'Vous avez quitté le réseau. Aucune action urgente ne vous sera plus envoyée.',
  'network.prefs.consent': 'En enregistrant, vous acceptez ceci :',
  'network.action.kicker': 'Nouvelle action urgente {reference}',
  'network.update.kicker': 'Complément d’information sur {reference}',
  'network.closed.kicker': '{reference} est close',
  'network.success.kicker': 'Bonne nouvelle : {reference}',
  'network.channel.letter': 'Écrire aux responsables',
  'network.channel.post': 'Interpeller les responsables sur les réseaux sociaux',
  'network.channel.call': 'Appeler les responsables',
  'network.channel.act': 'Voir tous les moyens d’agir',
  'network.did.none': 'Vous avez agi pour cette action urgente.',
  'network.did.intro': 'Ce que vous avez fait : {list}.',
  'network.did.letter': '{count, plural, one {# lettre imprimée} other {# lettres imprimées}}',
  'network.did.email':
    '{count, plural, one {# lettre envoyée par courriel} other {# lettres envoyées par courriel}}',
  'network.did.post': '{count, plural, one {# publication} other {# publications}}',
  'network.did.call': '{count, plural, one {# appel} other {# appels}}',
  'network.did.delivered':
    '{count, plural, one {# de vos lettres est parvenue aux responsables.} other {# de vos lettres sont parvenues aux responsables.}}',
  'network.did.success': 'Merci : vos actions ont contribué à la pression qui a mené à ce résultat. {note}',
  'network.did.closed': 'La campagne est close. Merci d’avoir agi : {note}',
  'network.foot.supporter':
    'Vous recevez ce message parce que vous avez agi pour cette action urgente et demandé à être tenu au courant.',
  'network.foot.stop': 'Ne plus recevoir de nouvelles de cette action urgente',
  'network.foot.member':
    'Vous recevez ce message parce que vous vous êtes joint au Réseau Actions urgentes de {site}.',
  'network.foot.manage': 'Modifier vos choix ou quitter le réseau',
  'network.stop.title': 'Ne plus recevoir de nouvelles de cette action urgente',
  'network.stop.body':
    'Appuyez sur le bouton et plus aucune nouvelle de {reference} ne sera envoyée à {email}.',
  'network.stop.button': 'Ne plus recevoir de nouvelles de cette action urgente',
  'network.stop.done.title': 'Vous ne recevrez plus de nouvelles de cette action urgente',
  'network.stop.done.body':
    'Plus aucune nouvelle de {reference} ne sera envoyée à {email}. Si vous agissez de nouveau et demandez à être tenu au courant, vous en recevrez de nouveau.',
  'network.stop.bad.title': 'Ce lien ne fonctionne pas',
  'network.stop.bad.body':
    'Il ne vient pas de ce site, ou il est expiré. Utilisez le lien d’un message plus récent.',
  'network.impact.heading': 'Le Réseau Actions urgentes',
  'network.impact.none': 'Personne ne s’est encore joint au réseau.',
  'network.impact.intro':
    '{members, plural, one {# membre} other {# membres}} aujourd’hui : les adresses qui ont confirmé leur adhésion. Les départs comptent aussi les personnes désabonnées de tout, dont l’adresse a été bloquée ou qui ont effacé leurs données.',
  'network.impact.chartTitle': 'Membres du réseau à la fin de chaque jour',
  'network.impact.unit': 'membres',
  'network.impact.members': 'Membres',
  'network.impact.day': 'Jour (UTC)',
  'network.impact.joined': 'Arrivées',
  'network.impact.left': 'Départs',
  'network.impact.growthCaption':
    'Membres à la fin de chaque jour (UTC), arrivées et départs, du {from} au {to}',
  'network.impact.capsCaption': 'Membres aujourd’hui par plafond hebdomadaire',
  'network.impact.cap': 'Plafond hebdomadaire',
  'network.impact.capValue':
    '{cap, plural, one {au plus # action urgente par semaine} other {au plus # actions urgentes par semaine}}',
  'network.impact.all': 'Tous',
  'network.impact.actionIntro':
    'Ce qu’ont fait les messages du réseau sur cette action urgente : des envois, pas des ouvertures (rien dans un message ne renvoie d’information).',
  'network.impact.sendsCaption':
    'Les messages du réseau sur cette action urgente, selon le sort de chaque envoi',

  'admin.nav.networkSends': 'Envois du réseau',
  'network.sends.title': 'Envois du Réseau Actions urgentes',
  'network.sends.intro':
    'Chaque message du réseau : une nouvelle action urgente à ses membres, une mise à jour, une clôture ou une réussite aux personnes qui ont agi. Des envois, pas des ouvertures : rien dans un message ne renvoie d’information. Un membre qui a atteint son plafond hebdomadaire ne reçoit rien, et la raison est gardée.',
  'network.sends.toAlerts': 'Envois d’alertes',
  'network.sends.none': 'Le réseau n’a encore rien envoyé.',
  'network.sends.message': 'Message',
  'network.sends.kind': 'Type',
  'network.sends.kind.action': 'Nouvelle action urgente, aux membres',
  'network.sends.kind.update': 'Mise à jour, aux personnes qui ont agi',
  'network.sends.kind.closed': 'Clôture, aux personnes qui ont agi',
  'network.sends.kind.success': 'Réussite, aux personnes qui ont agi',
  'network.sends.published': 'Publié',
  'network.sends.sent': 'Envoyés',
  'network.sends.capped': 'Plafonnés',
  'network.sends.waiting': 'En attente',
  'network.sends.failed': 'Échoués, à réessayer',
  'network.sends.dead': 'Abandonnés',
  'network.sends.suppressed': 'Écartés, liste de suppression',
  'network.sends.cancelled': 'Annulés',
  'network.sends.state': 'État',
  'network.sends.why': 'Raison',
  'network.sends.members': 'Membres',
  'network.sends.messageTitle': 'Envois de {reference} : {title}',
  'network.sends.back': 'Retour aux envois du réseau',
  'network.sends.impact': 'Impact de cette action urgente',
  'network.sends.countsCaption': 'Envois par état',
  'network.sends.reasonsTitle': 'Retenus par leur plafond hebdomadaire',
  'network.sends.reasonsNone': 'Personne n’a été retenu par son plafond hebdomadaire.',
  'network.sends.refusedTitle': 'Refusés par le serveur du destinataire',
  'network.sends.refusedNone': 'Aucun envoi n’a été refusé.',
  'network.sends.suppressedTitle': 'Écartés : sur la liste de suppression',
  'network.sends.suppressedIntro':
    'Une adresse sur la liste de suppression ne reçoit rien : jamais après un rebond définitif, une plainte ou une suppression manuelle ; après un désabonnement de tout ou un effacement, seule une personne qui a demandé depuis à être tenue informée reçoit le message. Comptés à part des annulés (partis, désinscrits ou dont l’élément a été retiré).',
  'network.sends.suppressedNone': 'Personne n’a été écarté pour cause de liste de suppression.',
  'network.sends.skipped': 'Écarté',
  'network.sends.suppressedBecause': 'Sur la liste de suppression : {reason}',
  'network.sends.cappedTitle': 'Chaque membre retenu',

  'network.leave.title': 'Quitter le Réseau Actions urgentes',
  'network.leave.body':
    'Appuyez sur le bouton et le réseau n’enverra plus d’actions urgentes à {email}. Vos autres abonnements restent tels quels.',
  'network.leave.button': 'Quitter le réseau',
  'network.leave.done.title': 'Vous avez quitté le Réseau Actions urgentes',
  'network.leave.done.body':
    'Le réseau n’enverra plus d’actions urgentes à {email}. Vous pouvez vous y joindre de nouveau à tout moment.',
  'network.leave.done.manage': 'Vos autres choix',
};
