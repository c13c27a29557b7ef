import type { enActionTaking } from './en-action-taking.js';

/** Agir pour une action urgente : les formulaires, les réponses, le lien de confirmation. */
export const frActionTaking: Record<keyof typeof enActionTaking, string> = {
  'take.email.heading': 'Écrire aux responsables par courriel',
  'take.email.intro':
    'Modifiez la lettre si vous le souhaitez, puis envoyez-la. Elle part de {site} vers {officials} pendant leurs heures de bureau, et les réponses vous sont adressées.',
  'take.email.noEmail':
    'Ces responsables n’ont pas d’adresse courriel : écrivez une lettre, publiez un message ou téléphonez plutôt.',
  'take.letter.language': 'La lettre, dans la langue des responsables ({language})',
  'take.letter.translation': 'Traduction ({language}), pour votre information',
  'take.letter.salutationNote':
    'La formule d’appel de chaque responsable est ajoutée en haut, et vos nom, ville et pays à la fin.',
  'take.letter.fallback':
    'Je vous écris au sujet de cette affaire urgente. Je vous prie respectueusement de :\n{asks}\n\nJe vous remercie de votre attention.',
  'take.subject': 'Objet',
  'take.body': 'Votre lettre',
  'take.name': 'Votre nom',
  'take.email': 'Votre adresse courriel',
  'take.emailHint':
    'Nous vous envoyons un lien pour la confirmer; rien n’est envoyé en votre nom avant que vous ne l’ayez ouvert.',
  'take.city': 'Votre ville',
  'take.country': 'Votre pays',
  'take.keepInformedLegend': 'Rester en contact (facultatif)',
  'take.keepInformed':
    'Tenez-moi au courant : {site} peut m’écrire au sujet de cette action urgente et de sa suite. Je peux me désabonner en tout temps.',
  'take.honeypot': 'Laissez ce champ vide',
  'take.sendLetter': 'Envoyer ma lettre',
  'take.countMe': 'Compter mon action',
  'take.countMe.letter': 'J’ai posté ma lettre',
  'take.countMe.post': 'J’ai publié mon message',
  'take.countMe.call': 'J’ai téléphoné',
  'take.errors': 'Il y a un problème',
  'take.error.name': 'Entrez votre nom (une ligne, jusqu’à 100 caractères).',
  'take.error.email': 'Entrez une adresse courriel comme nom@exemple.org.',
  'take.error.city': 'Entrez votre ville (une ligne).',
  'take.error.country': 'Entrez votre pays (une ligne).',
  'take.error.subject': 'Entrez un objet (une ligne, jusqu’à 200 caractères).',
  'take.error.body': 'La lettre contient des caractères qui ne peuvent pas être envoyés; retirez-les.',
  'take.error.bodyEmpty': 'La lettre est vide : rédigez-la, ou gardez le modèle.',
  'take.error.channel': 'Choisissez ce que vous avez fait.',
  'take.error.detail': 'Choisissez l’une des réponses proposées.',
  'take.error.wording':
    'Le formulaire n’était plus à jour. Cochez de nouveau la case si vous voulez être tenu au courant.',
  'take.throttled':
    'Trop d’actions depuis votre connexion en peu de temps. Réessayez plus tard : ce que vous avez saisi est conservé ci-dessous.',
  'take.throttledNoProof':
    'Trop d’actions depuis votre connexion sans la vérification automatique, qui demande JavaScript. Réessayez dans une heure, ou activez JavaScript et renvoyez le formulaire : ce que vous avez saisi est conservé ci-dessous.',
  'take.formTitle': 'Agir : {title}',
  'take.back': 'Retour à l’action urgente',
  'take.thanks.title': 'Merci',
  'take.thanks.body':
    'Nous avons enregistré votre action pour « {title} » : chaque adresse compte une fois par façon d’agir.',
  'take.thanks.noMail':
    'Pas de courriel après quelques minutes ? Regardez dans vos indésirables, ou demandez ici un nouveau lien. Si l’adresse était mal saisie, revenez à l’action urgente et renvoyez le formulaire avec la bonne.',
  'take.thanks.confirm':
    'Si c’est la première fois que vous agissez avec votre adresse depuis ce navigateur, nous y avons envoyé un lien. Votre action compte, et toute lettre part, dès que vous appuyez sur le bouton de la page où il mène (dans les 7 jours).',
  'take.closed.title': 'Cette action urgente n’est plus en cours',
  'take.closed.body':
    'Elle ne reçoit plus d’actions, et rien n’a été enregistré. Sa page indique ce qui s’est passé depuis.',
  'take.unknown.title': 'Action urgente introuvable',
  'take.unknown.body': 'Cette action urgente n’existe pas ou n’est pas publiée.',
  'take.foreign.title': 'Formulaire refusé',
  'take.foreign.body':
    'Ce formulaire a été envoyé depuis un autre site Web : il n’a donc pas été accepté. Si vous vouliez agir, utilisez le formulaire de la page de l’action urgente.',
  'take.confirm.title': 'Confirmez votre adresse',
  'take.confirm.body':
    'Appuyez sur le bouton pour confirmer {email} : vos actions seront alors comptées et vos lettres envoyées.',
  'take.confirm.pendingLegend': 'Actions en attente de cette confirmation',
  'take.confirm.pendingIntro':
    'Décochez ce que vous n’avez pas fait vous-même : c’est supprimé, et rien n’est envoyé ni compté en votre nom.',
  'take.confirm.actionLabel': '{title} : {channel}, {date}',
  'take.confirm.letter': 'La lettre',
  'take.confirm.badChoice':
    'La liste des actions envoyée avec le formulaire est illisible. Ouvrez de nouveau le lien de votre courriel.',
  'take.confirmed.deleted':
    '{count, plural, one {# action que vous n’avez pas faite a été supprimée : rien n’a été envoyé pour elle.} other {# actions que vous n’avez pas faites ont été supprimées : rien n’a été envoyé pour elles.}}',
  'take.confirm.submit': 'Confirmer mon adresse',
  'take.confirmed.title': 'Adresse confirmée',
  'take.confirmed.body':
    'Merci. {email} est confirmée : vos actions comptent et vos lettres sont en route. Ce navigateur s’en souvient désormais pendant un an (un témoin réservé à nos pages d’action) : vos prochaines actions depuis celui-ci comptent aussitôt.',
  'take.badLink.title': 'Ce lien ne fonctionne pas',
  'take.badLink.unknown':
    'Ce lien de confirmation est inconnu : il a peut-être été copié en partie seulement.',
  'take.badLink.expired': 'Ce lien de confirmation date de plus de 7 jours.',
  'take.badLink.used':
    'Ce lien de confirmation a déjà été utilisé : si vous l’avez ouvert, votre adresse est confirmée.',
  'take.badLink.fresh':
    'Obtenez un nouveau lien : entrez votre adresse courriel et nous en enverrons un si elle doit encore être confirmée.',
  'take.badLink.submit': 'M’envoyer un nouveau lien',
  'take.freshSent.title': 'Consultez votre boîte de réception',
  'take.freshSent.body':
    'Si {email} doit encore être confirmée, un nouveau lien est en route. Il est valide pendant 7 jours.',
  'take.mail.subject': 'Confirmez votre action avec {site}',
  'take.mail.text':
    'Merci d’avoir agi avec {site}.\n\nPour confirmer que cette adresse est bien la vôtre, ouvrez ce lien et appuyez sur le bouton de la page :\n\n{link}\n\nDès que vous l’aurez fait, vos actions seront comptées et toute lettre que vous avez rédigée sera envoyée en votre nom. Le lien est valide pendant {days} jours. Si vous n’avez pas agi avec nous, ignorez ce message : rien ne sera envoyé et votre adresse sera supprimée après {days} jours.\n\nPour voir ou effacer ce que nous conservons sur vous, en tout temps : {dataPage}\n',
  'take.mail.textConfirmed':
    'Quelqu’un, vous sans doute, a agi avec {site} sous cette adresse, depuis un navigateur où elle n’a pas été confirmée.\n\nPour que cette action compte, ouvrez ce lien dans ce navigateur et appuyez sur le bouton de la page :\n\n{link}\n\nDès que vous l’aurez fait, l’action sera comptée, toute lettre que vous avez rédigée sera envoyée en votre nom, et ce navigateur sera reconnu : vos prochaines actions depuis celui-ci compteront aussitôt. Le lien est valide pendant {days} jours. Si ce n’était pas vous, ignorez ce message : rien ne sera envoyé en votre nom et l’action sera supprimée après {days} jours.\n\nPour voir ou effacer ce que nous conservons sur vous, en tout temps : {dataPage}\n',
  'take.detail.call': 'Comment s’est passé l’appel? (facultatif)',
  'take.detail.post': 'Où avez-vous publié? (facultatif)',
  'take.detail.none': 'Je préfère ne pas le dire',
  'take.detail.answered': 'Quelqu’un a répondu',
  'take.detail.voicemail': 'J’ai laissé un message',
  'take.detail.refused': 'On a refusé de m’écouter',
  'take.detail.wrong-number': 'Mauvais numéro',
  'take.detail.x': 'X',
  'take.detail.bluesky': 'Bluesky',
  'take.detail.mastodon': 'Mastodon',
};
