import type { Catalogue } from './en.js';
import { frActionChannels } from './fr-action-channels.js';
import { frActionCounts } from './fr-action-counts.js';
import { frActionLedger } from './fr-action-ledger.js';
import { frActionRights } from './fr-action-rights.js';
import { frActionTaking } from './fr-action-taking.js';
import { frActions } from './fr-actions.js';
import { frAdmin } from './fr-admin.js';
import { frDelivery } from './fr-delivery.js';
import { frImpactSlots } from './fr-impact-slots.js';
import { frLanguages } from './fr-languages.js';
import { frNetwork } from './fr-network.js';
import { frProofOfWork } from './fr-proof-of-work.js';
import { frRights } from './fr-rights.js';
import { frSubscribersAdmin } from './fr-subscribers-admin.js';
import { frSubscriptions } from './fr-subscriptions.js';
import { frTallies } from './fr-tallies.js';
import { frTaxonomyNames } from './fr-taxonomy-names.js';
import { frTranslations } from './fr-translations.js';
import { frWebhooks } from './fr-webhooks.js';

/**
 * Le catalogue français (français canadien) : chaque clé du catalogue anglais, typé pour qu’aucune
 * ne manque (tsc échoue sinon). Apostrophes typographiques (’) : en ICU MessageFormat, une
 * apostrophe droite devant une accolade ouvre une citation.
 */
export const fr: Catalogue = {
  ...frActionRights,
  ...frTranslations,
  ...frTaxonomyNames,
  ...frAdmin,
  ...frDelivery,
  ...frSubscriptions,
  ...frRights,
  ...frSubscribersAdmin,
  ...frProofOfWork,
  ...frActions,
  ...frActionTaking,
  ...frActionCounts,
  ...frActionChannels,
  ...frWebhooks,
  ...frTallies,
  ...frImpactSlots,
  ...frActionLedger,
  ...frNetwork,
  ...frLanguages,
  'site.tagline': 'Nouvelles et actions urgentes pour les droits de la personne',
  'site.skip': 'Passer au contenu',
  'nav.label': 'Menu principal',
  'nav.toggle': 'Menu',
  'nav.home': 'Accueil',
  'nav.breadcrumb': 'Fil d’Ariane',
  'nav.latest': 'Actualités',
  'nav.countries': 'Pays',
  'nav.regions': 'Régions',
  'nav.topics': 'Sujets',
  'nav.cases': 'Personnes en danger',
  'search.label': 'Chercher dans les archives',
  'search.placeholder': 'Noms, lieux, sujets…',
  'search.submit': 'Rechercher',
  'footer.about':
    '{site} publie des nouvelles, des déclarations, des rapports et des actions urgentes pour la défense des droits de la personne.',
  'footer.feeds': 'Fil de tout le contenu',
  'footer.sitemap': 'Plan du site',
  'footer.poweredBy': 'Propulsé par Candle',

  'type.news': 'Nouvelle',
  'type.press-release': 'Déclaration',
  'type.open-letter': 'Lettre ouverte',
  'type.report': 'Rapport',
  'type.blog': 'Blogue',
  'type.good-news': 'Bonne nouvelle',
  'type.urgent-action': 'Action urgente',
  'typePlural.news': 'Nouvelles',
  'typePlural.press-release': 'Déclarations',
  'typePlural.open-letter': 'Lettres ouvertes',
  'typePlural.report': 'Rapports',
  'typePlural.blog': 'Blogues et carnets',
  'typePlural.good-news': 'Bonnes nouvelles',
  'typePlural.urgent-action': 'Actions urgentes',

  'home.title': 'Les dernières nouvelles de {site}',
  'home.latest': 'Actualités',
  'home.countries': 'Pays à l’honneur',
  'home.cases': 'Personnes en danger',
  'home.all': 'Tout ce que nous avons publié',

  'item.published': 'Publié le {date}',
  'item.updated': 'Mis à jour le {date}',
  'item.readMore': 'Lire la suite',
  'item.readMoreAbout': 'Lire la suite : {title}',
  'item.countries': 'Pays',
  'item.topics': 'Sujets',
  'item.cases': 'Personnes dans cet article',
  'item.attachments': 'Téléchargements',
  'item.reference': 'Référence {ref}',
  'item.attachmentSize': '{type}, {size}',
  'item.attachmentSizePages': '{type}, {pages} pages, {size}',
  'item.caseLink': 'Suivre le cas de {name}',

  'image.credit': 'Photo : {credit}',

  'list.empty': 'Rien n’a encore été publié ici.',
  'list.count': '{count, plural, one {# élément} other {# éléments}}',

  'pager.label': 'Pages',
  'pager.prev': 'Plus récents',
  'pager.next': 'Plus anciens',
  'pager.page': 'Page {n}',
  'pager.current': 'Page {n}, page actuelle',
  'pager.of': 'Page {n} sur {total}',

  'share.label': 'Partager',
  'share.heading': 'Partager cette page',
  'share.facebook': 'Facebook',
  'share.x': 'X',
  'share.bluesky': 'Bluesky',
  'share.whatsapp': 'WhatsApp',
  'share.linkedin': 'LinkedIn',
  'share.email': 'Courriel',
  'share.copy': 'Copier le lien',
  'share.defaultAlt': '{site} : une bougie allumée',
  'share.copied': 'Lien copié',
  'share.linkLabel': 'Lien vers cette page',
  'share.newTab': '(s’ouvre dans un nouvel onglet)',

  'country.title': '{name}',
  'country.inRegion': 'Région : {region}',
  'follow.heading': 'Abonnez-vous : {name}',
  'follow.byEmail': 'Les nouvelles sur {name} par courriel',
  'follow.everythingHeading': 'Restez informé',
  'follow.everythingByEmail': 'Recevoir chaque nouvel élément par courriel',
  'country.feed': 'Fil de nouvelles : {name}',
  'feed.description':
    'Nouvelles, déclarations et actions urgentes de {site} sur {name}, les plus récentes d’abord',
  'feed.typeDescription': '{type} de {site}, les plus récents d’abord',
  'feed.rss': '{name} (RSS)',
  'feed.atom': '{name} (Atom)',
  'feed.json': '{name} (JSON Feed)',
  'feed.link': 'Fil de nouvelles : {name}',
  'feeds.title': 'Suivre {name} dans un lecteur de fils',
  'feeds.intro':
    'Un fil de nouvelles apporte chaque nouvel élément dans votre lecteur de fils ou votre application de nouvelles dès sa publication, sans compte ni adresse courriel à fournir. Copiez l’une de ces adresses dans votre lecteur :',
  'feeds.rss': 'RSS, que tous les lecteurs comprennent',
  'feeds.atom': 'Atom',
  'feeds.json': 'JSON Feed',
  'feeds.back': 'Retour à {name}',
  'countries.title': 'Pays',
  'countries.intro': 'Tous les pays sur lesquels nous publions, par région.',
  'region.title': '{name}',
  'region.countries': 'Pays de la région {name}',
  'region.description': 'Nouvelles et actions urgentes : {countries}.',
  'regions.title': 'Régions',
  'regions.intro': 'Les régions sur lesquelles nous publions, et leurs pays.',
  'topic.title': '{name}',
  'topics.title': 'Sujets',
  'topics.intro': 'Les enjeux de droits de la personne sur lesquels nous travaillons.',
  'case.title': '{name}',
  'case.status.ongoing': 'Cas en cours',
  'case.status.closed': 'Cas clos',
  'case.timeline': 'Chronologie',
  'case.timelineIntro': 'Tout ce que nous avons publié sur {name}, le plus récent d’abord.',
  'case.country': 'Pays : {country}',
  'cases.title': 'Personnes en danger',
  'cases.intro':
    'Des personnes et des groupes dont nous suivons le cas jusqu’à ce qu’ils soient en sécurité et que justice soit rendue.',
  'latest.title': 'Actualités',
  'latest.filter': 'Afficher seulement',
  'latest.all': 'Tous les types',

  'notFound.title': 'Page introuvable',
  'notFound.body':
    'Nous n’avons pas trouvé cette page. Elle a peut-être été déplacée, ou l’adresse contient une faute de frappe.',
  'notFound.search': 'Essayez de la chercher :',
  'notFound.searchLabel': 'Chercher la page manquante',
  'notFound.home': 'Aller à la page d’accueil',
  'badRequest.title': 'Nous n’avons pas compris cette demande',
  'badRequest.body': 'Une partie de l’adresse n’est pas valide : {detail}',
  'error.title': 'Un problème est survenu',
  'error.body':
    'Désolé, nous n’avons pas pu afficher cette page. Le problème a été consigné. Veuillez réessayer dans un instant.',
  'error.home': 'Aller à la page d’accueil',

  'search.title': 'Recherche',
  'search.prompt': 'Saisissez un nom, un lieu ou un sujet pour chercher dans les archives.',
  'search.titleFor': 'Résultats de recherche pour « {q} »',
  'search.pageOf': 'page {n}',
  'search.count': '{count, plural, one {# résultat} other {# résultats}} pour « {q} »',
  'search.facetsSampled': 'Les nombres ci-dessous portent sur les {count} résultats les plus récents.',
  'search.approximate': 'Rien ne correspond exactement à « {q} ». Voici les résultats pour « {suggestion} ».',
  'search.didYouMean': 'Vouliez-vous dire',
  'search.empty': 'Aucun résultat pour « {q} »',
  'search.empty.spelling': 'Vérifiez l’orthographe, ou essayez des mots moins nombreux ou plus courts.',
  'search.empty.accents': 'Les accents sont facultatifs : « Vasquez » trouve aussi « Vásquez ».',
  'search.empty.filters': 'Retirez un filtre pour élargir la recherche.',
  'search.tips':
    'Mettez des mots entre "guillemets" pour les trouver ensemble; mettez un moins devant un mot pour l’exclure.',
  'search.results': 'Résultats',
  'search.sort': 'Trier par',
  'search.sort.relevance': 'Pertinence',
  'search.sort.newest': 'Plus récents d’abord',
  'search.refine': 'Affiner les résultats',
  'search.active': 'Filtres appliqués',
  'search.remove': 'Retirer le filtre {label}',
  'search.valueCount': '{label} ({count})',
  'search.facet.type': 'Type',
  'search.facet.country': 'Pays',
  'search.facet.region': 'Région',
  'search.facet.topic': 'Sujet',
  'search.facet.case': 'Personnes en danger',
  'search.facet.year': 'Année',
  'search.dates': 'Dates',
  'search.from': 'Du',
  'search.to': 'Au',
  'search.applyDates': 'Appliquer les dates',
  'search.activeFrom': 'à partir du {date}',
  'search.activeTo': 'jusqu’au {date}',
  'search.bad.tooLong': 'la recherche est trop longue ({max} caractères au plus)',
  'search.bad.page': 'la page doit être un nombre entier de 1 à {max}',
  'search.bad.date': 'les dates doivent avoir la forme 2020-06-18',
  'search.bad.param': 'le paramètre « {name} » n’est pas valide',
  'search.bad.unknown': '{facet} : aucune valeur ne s’appelle « {value} »',
};
