import type { enRights } from './en-rights.js';

/** Les droits des sympathisants : désabonnement, leurs données, la liste de suppression. */
export const frRights: Record<keyof typeof enRights, string> = {
  'rights.unsubscribe.title': 'Se désabonner',
  'rights.unsubscribe.body': 'Appuyez sur le bouton pour arrêter tous les courriels de {site} à {email}.',
  'rights.unsubscribe.submit': 'Me désabonner',
  'rights.unsubscribed.title': 'Vous êtes désabonné',
  'rights.unsubscribed.body': 'Nous n’écrirons plus à {email}. Vous n’avez rien d’autre à faire.',
  'rights.unsubscribed.data': 'Voir, télécharger ou effacer ce que nous détenons à votre sujet',
  'rights.badLink.title': 'Ce lien ne fonctionne pas',
  'rights.badLink.unknown': 'Ce lien ne vient pas de nous, ou il a été mal saisi.',
  'rights.badLink.expired': 'Ce lien est trop ancien pour être utilisé.',
  'rights.badLink.fresh':
    'Saisissez votre adresse et, si elle figure sur notre liste, nous vous enverrons par courriel un nouveau lien vers votre abonnement.',
  'rights.badLink.submit': 'M’envoyer un nouveau lien',
  'rights.fresh.title': 'Consultez votre boîte de réception',
  'rights.fresh.body':
    'Si {email} figure sur notre liste, un nouveau lien vers votre abonnement est en route. Il est valide pendant 30 jours.',
  'rights.preferences.intro':
    'Ce que reçoit {email}. Modifiez-le et enregistrez; le lien de nos courriels est valide pendant 30 jours.',
  'rights.preferences.notSubscribed': 'Cette adresse n’est pas abonnée : nous ne lui envoyons rien.',
  'rights.data.title': 'Vos données',
  'rights.data.intro':
    'Nous détenons votre adresse, le nom et les choix que vous nous avez donnés, et la trace de chaque consentement : quand, depuis quelle page et avec quel libellé; et, si vous avez agi pour une action urgente avec cette adresse, chaque action et les lettres écrites en votre nom. Nous ne suivons pas ce que vous ouvrez ni ce sur quoi vous cliquez.',
  'rights.data.download': 'Télécharger mes données (JSON)',
  'rights.data.unsubscribe': 'Arrêter tous les courriels : me désabonner',
  'rights.data.erase': 'Effacer mes données',
  'rights.erase.title': 'Effacer vos données?',
  'rights.erase.body':
    'Cette opération supprime votre adresse, votre nom, ce que vous suivez, la trace de votre consentement et les actions faites avec cette adresse (les lettres pas encore envoyées ne le seront pas). Nous ne gardons qu’une empreinte brouillée de l’adresse, pour que personne ne puisse la remettre sur notre liste sans votre confirmation. C’est irréversible.',
  'rights.erase.confirm': 'Tout effacer',
  'rights.erase.cancel': 'Garder mon abonnement',
  'rights.erased.title': 'Vos données sont effacées',
  'rights.erased.body':
    'Nous ne détenons plus rien à votre sujet, sinon une empreinte de votre adresse qui nous empêche d’y écrire. Pour vous abonner de nouveau, inscrivez-vous et confirmez à partir du courriel que nous vous enverrons.',
  'rights.mail.link.subject': 'Votre abonnement à {site}',
  'rights.mail.link.text':
    'Voici un lien vers votre abonnement à {site} : modifiez ce que vous suivez, téléchargez vos données, désabonnez-vous ou effacez-les.\n\n{link}\n\nIl est valide pendant 30 jours. Si vous ne l’avez pas demandé, ignorez ce courriel.',
  'suppressions.title': 'Liste de suppression',
  'suppressions.intro':
    'Les adresses auxquelles on n’écrit plus jamais : rebonds définitifs, plaintes, désabonnements, effacements et adresses ajoutées ici. Chacune est conservée sous forme d’empreinte salée; l’adresse n’apparaît que tant qu’un abonné la détient encore.',
  'suppressions.add': 'Ajouter une adresse',
  'suppressions.email': 'Adresse courriel',
  'suppressions.reason': 'Motif',
  'suppressions.note': 'Note (facultatif)',
  'suppressions.submit': 'Supprimer',
  'suppressions.added': 'L’adresse est supprimée.',
  'suppressions.error.email': 'Entrez une adresse courriel, comme nom@exemple.org',
  'suppressions.empty': 'Aucune adresse n’est supprimée.',
  'suppressions.when': 'Quand',
  'suppressions.address': 'Adresse',
  'suppressions.source': 'Source',
  'suppressions.unknownAddress': '(adresse non conservée)',
  'suppressions.reason.bounce': 'Rebond définitif',
  'suppressions.reason.complaint': 'Plainte',
  'suppressions.reason.manual': 'Manuellement',
  'suppressions.reason.unsubscribed': 'Désabonnement',
  'suppressions.reason.erased': 'Effacement',
  'admin.nav.suppressions': 'Liste de suppression',
  'audit.suppression.added': 'A supprimé une adresse manuellement ({reason})',
  'audit.suppression.lifted': 'A retiré une adresse de la liste de suppression',
  'suppressions.lift': 'Retirer de la liste',
  'suppressions.liftLabel': 'Retirer {address} de la liste de suppression',
  'suppressions.actions': 'Actions',
};
