import type { enDelivery } from './en-delivery.js';

/** Les alertes envoyées aux abonnés et les pages d’envoi de l’administration. */
export const frDelivery: Record<keyof typeof enDelivery, string> = {
  'alert.mail.read': 'À lire sur le site : {url}',
  'alert.mail.readLink': 'À lire sur le site',
  'alert.mail.picture': 'Image : {alt}',
  'alert.mail.manage': 'Modifier ou arrêter ces courriels',
  'alert.mail.footer.links':
    'Vous recevez ce courriel parce que vous êtes abonné à {site}. Modifier ou arrêter ces courriels : {manage}',
  'alert.mail.footer.none':
    'Vous recevez ce courriel parce que vous êtes abonné à {site}. Pour modifier ou arrêter ces courriels, inscrivez-vous de nouveau avec cette adresse à {subscribe} : vous recevrez un lien vers votre abonnement.',
  'alert.mail.footer.html': 'Vous recevez ce courriel parce que vous êtes abonné à {site}.',
  'alert.mail.footer.noneHtml':
    'Pour modifier ou arrêter ces courriels, inscrivez-vous de nouveau avec cette adresse et vous recevrez un lien vers votre abonnement :',
  'digest.mail.subject.daily': '{site} : les nouvelles du jour que vous suivez ({count})',
  'digest.mail.subject.weekly': '{site} : les nouvelles de la semaine que vous suivez ({count})',

  'admin.nav.deliveries': 'Envois d’alertes',
  'delivery.title': 'Envois d’alertes',
  'delivery.intro':
    'Chaque élément publié alerte les abonnés qui le suivent. Candle consigne ce qui a été envoyé, jamais qui l’a ouvert.',
  'delivery.none': 'Aucun élément n’a encore alerté qui que ce soit.',
  'delivery.item': 'Élément',
  'delivery.published': 'Publié',
  'delivery.queued': 'En file',
  'delivery.sent': 'Envoyés',
  'delivery.failed': 'Échec, nouvel essai prévu',
  'delivery.dead': 'Abandonnés',
  'delivery.suppressed': 'Écartés, liste de suppression',
  'delivery.suppressedTitle': 'Écartés : sur la liste de suppression',
  'delivery.suppressedNone': 'Personne n’a été écarté pour cause de liste de suppression.',
  'delivery.cancelled': 'Non envoyés',
  'delivery.digest': 'Gardés pour les résumés',
  'delivery.alertTitle': 'Envois de « {title} »',
  'delivery.withdrawn':
    'L’élément a été retiré le {when}; les messages pas encore partis n’ont pas été envoyés.',
  'delivery.deadTitle': 'Messages qui n’ont pas pu être livrés',
  'delivery.deadNone': 'Aucun.',
  'delivery.email': 'Adresse',
  'delivery.attempts': 'Essais',
  'delivery.error': 'Dernière erreur',
  'delivery.back': 'Toutes les alertes',
  'delivery.digestsTitle': 'Résumés refusés par le serveur du destinataire',
  'delivery.digestsIntro':
    'Un résumé refusé est réessayé après 1 minute, 5 minutes, 30 minutes et 2 heures; après le cinquième refus, il est abandonné et ses éléments attendent le résumé suivant.',
  'delivery.digestsNone': 'Aucun.',
  'delivery.digestPeriod': 'Résumé',
  'delivery.digestState': 'État',
  'delivery.digestNext': 'Prochain essai',
  'delivery.digestState.failed': 'Échec, nouvel essai prévu',
  'delivery.digestState.dead': 'Abandonné',
};
