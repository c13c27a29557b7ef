import type { enSubscriptions } from './en-subscriptions.js';

/** Les abonnements : ce que lisent les sympathisants, et les pages de consentement de l’administration. */
export const frSubscriptions: Record<keyof typeof enSubscriptions, string> = {
  'subscribe.title': 'S’abonner par courriel',
  'subscribe.intro':
    'Choisissez ce que vous voulez suivre et à quelle fréquence. Nous vous envoyons un courriel pour confirmer votre adresse, et rien d’autre tant que vous n’avez pas confirmé.',
  'subscribe.email': 'Adresse courriel',
  'subscribe.name': 'Votre nom (facultatif)',
  'subscribe.nameHint': 'Seulement pour vous saluer dans nos courriels.',
  'subscribe.language': 'Langue des courriels',
  'subscribe.frequency': 'Fréquence',
  'subscribe.frequency.each': 'Chaque élément dès sa publication',
  'subscribe.frequency.daily': 'Un résumé quotidien',
  'subscribe.frequency.weekly': 'Un résumé hebdomadaire',
  'subscribe.follow': 'Ce que vous voulez suivre',
  'subscribe.followHint': 'Choisissez-en au moins un.',
  'subscribe.everything': 'Tout ce que nous publions',
  'subscribe.kind.country': 'Pays',
  'subscribe.kind.region': 'Régions',
  'subscribe.kind.topic': 'Sujets',
  'subscribe.kind.case': 'Personnes en danger',
  'subscribe.consentLegend': 'Votre consentement',
  'subscribe.consent':
    'J’accepte que {site} m’envoie par courriel les éléments que j’ai choisis, à la fréquence que j’ai choisie. Je peux me désabonner en tout temps à partir de n’importe quel courriel. {site} ne communique pas mon adresse et ne vérifie pas si j’ouvre ses courriels.',
  'subscribe.submit': 'M’abonner',
  'subscribe.errors': 'Il y a un problème',
  'subscribe.error.email': 'Entrez une adresse courriel comme nom@exemple.org.',
  'subscribe.error.name': 'Votre nom ne peut pas contenir de sauts de ligne ni de caractères de contrôle.',
  'subscribe.error.language': 'Choisissez une langue dans la liste.',
  'subscribe.error.frequency': 'Choisissez la fréquence de nos courriels.',
  'subscribe.error.follow': 'Choisissez au moins une chose à suivre.',
  'subscribe.error.consent':
    'Cochez la case pour donner votre accord, sinon nous ne pouvons rien vous envoyer.',
  'subscribe.error.wording':
    'Le libellé de ce formulaire a changé pendant que vous le remplissiez. Relisez-le et cochez la case si vous êtes d’accord.',
  'subscribe.throttled':
    'Trop d’inscriptions depuis votre connexion en peu de temps. Attendez quelques minutes et renvoyez le formulaire : ce que vous avez saisi est conservé ci-dessous.',
  'subscribe.foreign.title': 'Formulaire refusé',
  'subscribe.foreign.body':
    'Ce formulaire a été envoyé depuis un autre site Web : il n’a donc pas été accepté. Abonnez-vous à partir du formulaire de ce site.',
  'subscribe.sent.title': 'Consultez votre boîte de réception',
  'subscribe.sent.body':
    'Si {email} peut recevoir du courriel, un message y est en route. Ouvrez le lien qu’il contient dans les 7 jours pour confirmer. D’ici là, nous n’envoyons rien d’autre; si le lien n’est pas utilisé, nous supprimons la demande.',
  'subscribe.confirm.title': 'Confirmez votre abonnement',
  'subscribe.confirm.body':
    'Dernière étape : appuyez sur le bouton pour commencer à recevoir nos courriels à {email}.',
  'subscribe.confirm.submit': 'Confirmer mon abonnement',
  'subscribe.confirmed.title': 'Abonnement confirmé',
  'subscribe.confirmed.body': 'Merci. {email} recevra ce que vous avez choisi.',
  'subscribe.badLink.title': 'Ce lien ne fonctionne pas',
  'subscribe.badLink.expired': 'Ce lien de confirmation date de plus de 7 jours.',
  'subscribe.badLink.used': 'Ce lien de confirmation a déjà été utilisé.',
  'subscribe.badLink.unknown': 'Ce lien ne vient pas de nous, ou il a été mal saisi.',
  'subscribe.badLink.fresh': 'Abonnez-vous de nouveau pour obtenir un nouveau lien',
  'subscribe.manage.title': 'Votre abonnement',
  'subscribe.manage.consent': 'Vous avez accepté ceci en vous abonnant, et cet accord tient toujours :',
  'subscribe.manage.submit': 'Enregistrer mes choix',
  'subscribe.manage.saved': 'Enregistré. Vos choix s’appliquent dès maintenant.',
  'subscribe.mail.confirm.subject': 'Confirmez votre abonnement à {site}',
  'subscribe.mail.confirm.text':
    'Quelqu’un, probablement vous, a demandé à {site} d’envoyer des courriels à cette adresse.\n\nPour confirmer, ouvrez ce lien dans les 7 jours :\n{link}\n\nSi vous n’avez rien demandé, ignorez ce message : rien d’autre ne sera envoyé, et la demande sera supprimée après 7 jours.',
  'subscribe.mail.manage.subject': 'Vous êtes déjà abonné à {site}',
  'subscribe.mail.manage.text':
    'Quelqu’un, probablement vous, a demandé à {site} d’abonner cette adresse, qui l’est déjà. Rien n’a changé.\n\nPour voir ou modifier votre abonnement, ouvrez ce lien dans les 7 jours :\n{link}\n\nSi vous n’avez rien demandé, ignorez ce message.',

  'admin.nav.consent': 'Registre des consentements',
  'consent.title': 'Registre des consentements',
  'consent.intro':
    'Cherchez une adresse pour voir chaque consentement que Candle détient pour elle, avec le libellé exact que la personne a vu. Les téléchargements sont consignés dans le journal d’audit.',
  'consent.email': 'Adresse courriel',
  'consent.lookup': 'Chercher',
  'consent.none': 'Aucun abonné n’a cette adresse.',
  'consent.subscriber': '{email} : {status}, depuis le {created}',
  'consent.when': 'Quand (UTC)',
  'consent.kind': 'Événement',
  'consent.source': 'Page et formulaire',
  'consent.wording': 'Libellé affiché',
  'consent.token': 'Empreinte du lien',
  'consent.ip': 'Adresse IP',
  'consent.csv': 'Télécharger en CSV',
  'consent.json': 'Télécharger en JSON',
  'audit.consent.exported': 'A exporté le registre de consentement de l’abonné {id} ({format})',
};
