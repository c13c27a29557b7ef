import type { enActionChannels } from './en-action-channels.js';

/** Les moyens d’agir : modèles de lettres, lettre à imprimer, messages et appels. */
export const frActionChannels: Record<keyof typeof enActionChannels, string> = {
  'uaAdmin.goal': 'Objectif',
  'uaAdmin.goalHint': 'Le nombre d’actions visé, tous moyens confondus. 0 n’affiche aucun objectif.',
  'uaAdmin.hourlyCap': 'Nombre maximal de lettres envoyées par courriel à un destinataire par heure',
  'uaAdmin.hourlyCapHint':
    'On écrit aux responsables sans les inonder : les lettres au-delà de ce nombre attendent l’heure suivante; aucune n’est perdue.',
  'uaAdmin.letters': 'Modèles de lettres',
  'uaAdmin.lettersHint':
    'Un par langue. Les sympathisants reçoivent la lettre dans la langue de chaque destinataire, avec les autres en traduction à côté. Rédigez la lettre entre la formule d’appel (tirée du destinataire) et le nom du sympathisant, formule de politesse comprise (« Atentamente, »). Laissez une ligne vide entre les paragraphes.',
  'uaAdmin.letterLanguage': 'Langue de la lettre {n}',
  'uaAdmin.letterLanguageHint': 'Un code de langue, par exemple es ou en.',
  'uaAdmin.letterSubject': 'Objet de la lettre {n}',
  'uaAdmin.letterBody': 'Texte de la lettre {n}',
  'uaAdmin.letterRemove': 'Retirer la lettre en {language}',
  'uaAdmin.letterAdd':
    'Pour ajouter une langue, remplissez la lettre vide; enregistrez pour en obtenir une autre.',
  'uaAdmin.error.goal': 'Écrivez un nombre entier de 0 à 10 000 000.',
  'uaAdmin.error.hourlyCap': 'Écrivez un nombre entier de 1 à 10 000.',
  'uaAdmin.error.letters':
    'Chaque lettre doit avoir un code de langue (par exemple es), un objet d’au plus 200 caractères et un texte d’au plus 10 000; une seule lettre par langue.',

  'channels.heading': 'Agir',
  'channels.errors': 'Il y a un problème',
  'channels.intro':
    'Choisissez un moyen ou plusieurs : chacun parvient aux responsables sous forme de correspondance réelle et courtoise.',
  'channels.closed':
    'Cette action urgente n’est plus en cours : elle ne demande donc plus de lettres, de messages ni d’appels.',

  'letter.heading': 'Imprimer et poster une lettre',
  'letter.intro':
    'Obtenez la lettre en PDF, avec l’adresse et la date, dans la langue du responsable, signée de votre nom. Rien de ce que vous saisissez ici n’est conservé.',
  'letter.target': 'À qui écrire',
  'letter.name': 'Votre nom',
  'letter.city': 'Votre ville (facultatif)',
  'letter.country': 'Votre pays (facultatif)',
  'letter.submit': 'Obtenir la lettre (PDF)',
  'letter.sampleHeading': 'La lettre, en {language}',
  'letter.translationHeading': 'Traduction, en {language}',
  'letter.pdfTitle': 'Lettre',
  'letter.referenceNote': 'Action urgente {reference}.',
  'letter.postage.from': 'Canada',
  'letter.postage.domestic':
    'Affranchissement : une lettre standard (jusqu’à 30 g) au {from} coûte environ {amount}. Vérifiez au bureau de poste.',
  'letter.postage.usa':
    'Affranchissement : une lettre standard (jusqu’à 30 g) vers les États-Unis coûte environ {amount} depuis le {from}. Vérifiez au bureau de poste.',
  'letter.postage.international':
    'Affranchissement : une lettre internationale (jusqu’à 30 g) coûte environ {amount} depuis le {from}. Vérifiez au bureau de poste.',
  'letter.error.name': 'Écrivez votre nom, comme vous signez vos lettres (au plus 100 caractères).',
  'letter.error.place': 'Au plus 100 caractères, sur une ligne.',
  'letter.error.target': 'Choisissez à qui écrire.',
  'letter.errorTitle': 'La lettre n’a pas pu être préparée',
  'letter.unknownTitle': 'Lettre introuvable',
  'letter.unknown':
    'Cette action urgente n’a aucun responsable à cette adresse postale, ou pas encore de modèle de lettre. Retournez à l’action urgente et choisissez de nouveau.',
  'letter.closedTitle': 'Cette action urgente est terminée',
  'letter.closed':
    'Cette action urgente n’est plus en cours : elle ne demande donc plus de lettres. Sa page indique ce qui s’est passé depuis.',
  'letter.back': 'Retour à l’action urgente',
  'letter.tooManyTitle': 'Trop de lettres à la fois',
  'letter.tooMany':
    'Cette connexion a imprimé beaucoup de lettres ces dernières minutes. Veuillez réessayer dans dix minutes.',

  'post.heading': 'Publier sur les réseaux sociaux',
  'post.intro':
    'Chaque lien ouvre la page du réseau lui-même avec le texte rédigé pour vous; vous pouvez le modifier avant de publier. Rien de ces réseaux ne se charge sur cette page.',
  'post.message': 'Agissez pour {people}{reference} : {ask}',
  'post.messageNoAsk': 'Agissez pour {people}{reference}.',
  'post.referenceSuffix': ' ({reference})',
  'post.textLabel': 'Le texte',
  'post.x': 'Publier sur X',
  'post.bluesky': 'Publier sur Bluesky',
  'post.newTab': '(s’ouvre dans un nouvel onglet)',
  'post.mastodon': 'Votre serveur Mastodon',
  'post.mastodonHint': 'Son nom, par exemple mastodon.social.',
  'post.mastodonSubmit': 'Publier sur Mastodon',
  'post.error.instance': 'Écrivez le nom d’un serveur Mastodon, par exemple mastodon.social.',
  'post.errorTitle': 'Ce nom de serveur Mastodon ne fonctionne pas',
  'post.onwardTitle': 'En route vers {instance}',
  'post.onward': 'Votre navigateur ouvre {instance} avec le texte rédigé pour vous. Sinon, suivez le lien.',
  'post.onwardLink': 'Publier sur {instance}',

  'call.heading': 'Téléphoner au bureau',
  'call.intro': 'Un appel bref et courtois pendant les heures de bureau suffit. Quoi dire :',
  'call.number': 'Appelez {name} :',
  'call.hoursTarget': 'Heures de bureau, à leur heure ({zone})',
  'call.hoursUtc': 'Les mêmes heures en UTC',
  'call.hoursYours': 'Les mêmes heures à votre heure ({zone})',
  'call.hoursNone':
    'Leurs heures de bureau ne sont pas connues : appelez un matin de semaine, à leur heure ({zone}).',
  'call.script.greeting': 'Bonjour, {addressed}. Je m’appelle [votre nom] et j’appelle de [votre ville].',
  'call.script.about': 'J’appelle au sujet de {people}.',
  'call.script.aboutNumbered': 'J’appelle au sujet de {people}, action urgente {reference}.',
  'call.script.asks': 'Je vous demande respectueusement de :',
  'call.script.closing': 'Merci de votre temps.',
  'call.script.voicemail':
    'Si vous tombez sur une boîte vocale : donnez votre nom, dites que vous appelez au sujet de {people}, et formulez la première demande.',
  'call.script.theirCase': 'les personnes en danger',
};
