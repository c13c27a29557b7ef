import type { enActionRights } from './en-action-rights.js';

/** Les données d’une personne qui a agi : le lien, la page qu’il ouvre, le téléchargement et l’effacement. */
export const frActionRights: Record<keyof typeof enActionRights, string> = {
  'yourData.pointer': 'Voir ou effacer ce que nous conservons sur vous',
  'yourData.ask.title': 'Voir ou effacer ce que nous conservons sur vous',
  'yourData.ask.intro':
    'Si vous avez agi pour une action urgente, indiquez l’adresse que vous avez utilisée : nous y enverrons un lien vers une page qui montre ce que nous conservons sur vous, où vous pourrez le télécharger ou l’effacer.',
  'yourData.ask.submit': 'M’envoyer le lien',
  'yourData.ask.invalid':
    'Indiquez l’adresse courriel avec laquelle vous avez agi, par exemple nom@exemple.org.',
  'yourData.asked.title': 'Consultez votre boîte de réception',
  'yourData.asked.body':
    'Si {email} a agi avec nous, un lien vers vos données est en route. Il fonctionne pendant 30 jours. Rien reçu ? Vérifiez vos courriels indésirables, ou redemandez-le dans une heure.',
  'yourData.bad.title': 'Ce lien n’ouvre rien',
  'yourData.bad.unknown': 'Ce lien ne vient pas de nous, ou ce qu’il ouvrait a été effacé.',
  'yourData.bad.expired': 'Ce lien a expiré. Demandez-en un nouveau ci-dessous.',
  'yourData.mail.subject': 'Vos données chez {site}',
  'yourData.mail.text':
    'Vous (ou quelqu’un qui a donné votre adresse) avez demandé à voir ce que {site} conserve sur vous.\n\nCe lien l’ouvre, avec un téléchargement et un bouton pour tout effacer. Il fonctionne pendant {days} jours :\n{link}\n\nSi vous n’avez rien demandé, ignorez ce message : rien ne change.',
  'yourData.title': 'Ce que nous conservons sur vous',
  'yourData.intro':
    'Tout ce que {site} conserve sous l’adresse {email}, tel que vous l’avez donné en agissant.',
  'yourData.who': 'Vos coordonnées (vos lettres sont signées ainsi)',
  'yourData.confirmed': 'Adresse confirmée',
  'yourData.notConfirmed': 'Non confirmée : rien n’est compté ni envoyé en votre nom',
  'yourData.actions': 'Vos actions : {count}',
  'yourData.actionsCaption': 'Chaque action que vous avez faite, pour quelle action urgente et comment',
  'yourData.none': 'Aucune action.',
  'yourData.col.action': 'Action urgente',
  'yourData.col.channel': 'Comment',
  'yourData.col.date': 'Date',
  'yourData.col.informed': 'Me tenir au courant',
  'yourData.channel.email': 'Courriel',
  'yourData.channel.letter': 'Lettre',
  'yourData.channel.post': 'Publication sur les réseaux sociaux',
  'yourData.channel.call': 'Appel téléphonique',
  'yourData.deletedAction': '(une action urgente supprimée depuis)',
  'yourData.yes': 'Oui',
  'yourData.no': 'Non',
  'yourData.letters':
    'Lettres écrites en votre nom et conservées ici : {count}. Le téléchargement contient leur texte.',
  'yourData.download.title': 'Le télécharger',
  'yourData.download.body':
    'Un fichier (JSON) qui contient tout : vos coordonnées, chaque action avec le texte exact que vous avez accepté, chaque lettre, et votre abonnement si vous en avez un.',
  'yourData.download.link': 'Télécharger mes données',
  'yourData.erase.title': 'L’effacer',
  'yourData.erase.body':
    'L’effacement supprime vos coordonnées, vos actions, les lettres qui attendent d’être envoyées et votre abonnement si vous en avez un. Les lettres déjà envoyées restent chez les responsables qui les ont reçues.',
  'yourData.erase.submit': 'Effacer mes données…',
  'yourData.erase.confirmTitle': 'Tout effacer ?',
  'yourData.erase.confirmBody': 'C’est irréversible. Les lettres pas encore envoyées ne le seront pas.',
  'yourData.erase.confirmSubmit': 'Oui, tout effacer',
  'yourData.erased.title': 'Effacé',
  'yourData.erased.body': 'Nous ne conservons plus rien sur vous. Vous pouvez agir de nouveau à tout moment.',
};
