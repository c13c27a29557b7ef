import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/index.js';
import { renderMarkdown } from '../platform/text/markdown.js';

/*
 * The demo in French (issue 15): the French names and address words of every demo country, region
 * and topic, and French translations of the Mexico items, written for this demo in Canadian French.
 * Each translation is an article of its own in its source's translation group (`translation_of`),
 * with the source's type, dates, links, picture and reference. One Mexico item stays untranslated
 * on purpose (UNTRANSLATED), to show French pages falling back to English. Urgent-action details
 * (targets, letters, counts) stay on the English articles: the actions room keys them by article.
 */

type Executor = Kysely<Database>;

interface LocalName {
  name: string;
  slug: string;
}

/** French names, by the English slug of the region, country or topic. */
export const frenchNames: {
  region: Record<string, LocalName>;
  country: Record<string, LocalName>;
  topic: Record<string, LocalName>;
} = {
  region: {
    americas: { name: 'Amériques', slug: 'ameriques' },
    africa: { name: 'Afrique', slug: 'afrique' },
    'asia-pacific': { name: 'Asie et Pacifique', slug: 'asie-pacifique' },
    'europe-central-asia': { name: 'Europe et Asie centrale', slug: 'europe-asie-centrale' },
    'middle-east-north-africa': {
      name: 'Moyen-Orient et Afrique du Nord',
      slug: 'moyen-orient-afrique-du-nord',
    },
  },
  country: {
    mexico: { name: 'Mexique', slug: 'mexique' },
    'united-states': { name: 'États-Unis', slug: 'etats-unis' },
    canada: { name: 'Canada', slug: 'canada' },
    guatemala: { name: 'Guatemala', slug: 'guatemala' },
    brazil: { name: 'Brésil', slug: 'bresil' },
    argentina: { name: 'Argentine', slug: 'argentine' },
    peru: { name: 'Pérou', slug: 'perou' },
    uruguay: { name: 'Uruguay', slug: 'uruguay' },
    'costa-rica': { name: 'Costa Rica', slug: 'costa-rica' },
    ecuador: { name: 'Équateur', slug: 'equateur' },
    panama: { name: 'Panama', slug: 'panama' },
    philippines: { name: 'Philippines', slug: 'philippines' },
    kenya: { name: 'Kenya', slug: 'kenya' },
    hungary: { name: 'Hongrie', slug: 'hongrie' },
  },
  topic: {
    'enforced-disappearances': { name: 'Disparitions forcées', slug: 'disparitions-forcees' },
    torture: { name: 'Torture et mauvais traitements', slug: 'torture' },
    'human-rights-defenders': {
      name: 'Défenseures et défenseurs des droits humains',
      slug: 'defenseurs-des-droits-humains',
    },
    'refugees-and-migrants': { name: 'Personnes réfugiées et migrantes', slug: 'refugies-et-migrants' },
    'freedom-of-expression-and-assembly': {
      name: 'Liberté d’expression et de réunion',
      slug: 'liberte-d-expression-et-de-reunion',
    },
    'womens-rights': { name: 'Droits des femmes', slug: 'droits-des-femmes' },
    environment: { name: 'Environnement et territoire', slug: 'environnement-et-territoire' },
    'policing-and-security': { name: 'Police et sécurité', slug: 'police-et-securite' },
    'right-to-health': { name: 'Droit à la santé', slug: 'droit-a-la-sante' },
  },
};

/** The Mexico item left in English only, so French listings show the English fallback. */
export const UNTRANSLATED = 'mexico-report-when-words-are-not-enough';

export interface FrenchArticle {
  /** The English source's slug. */
  source: string;
  slug: string;
  title: string;
  summary: string;
  /** Markdown paragraphs (and lists, quotes, headings), joined by blank lines. */
  body: string[];
  location?: string;
}

/** French translations of the Mexico items, in the order of the English demo. */
export const frenchArticles: FrenchArticle[] = [
  {
    source: 'mexico-adrian-vasquez-covid-19-reparation',
    slug: 'mexique-adrian-vasquez-covid-19-reparation',
    title: 'Adrián Vásquez, survivant de la torture, a la COVID-19 et n’a toujours pas obtenu réparation',
    summary:
      'Adrián Vásquez Lagunes a reçu un diagnostic de COVID-19 le 16 juin, chez lui. La Basse-Californie ' +
      'ne lui a toujours pas accordé la réparation qu’elle lui doit. Écrivez au gouverneur dès aujourd’hui.',
    body: [
      '**Adrián Vásquez Lagunes** a appris le 16 juin 2020, chez lui à Tijuana, qu’il était atteint de la ' +
        'COVID-19. Il n’a ni assurance maladie ni sécurité sociale, et sa famille peine à payer ses soins.',
      'En 2012, Adrián a été torturé par la police de l’État de Basse-Californie, puis il a passé trois ans ' +
        'en prison pour des accusations inventées de toutes pièces afin de justifier son arrestation. En ' +
        '2015, l’ombudsman des droits humains et de la protection citoyenne de l’État a ordonné aux ' +
        'autorités de réparer le tort qui lui avait été fait. Cinq ans plus tard, il attend encore cette ' +
        'réparation.',
      '## Ce que nous demandons',
      'Écrivez une lettre, envoyez un courriel, publiez un message sur les médias sociaux ou téléphonez au ' +
        'gouverneur de la Basse-Californie, Jaime Bonilla Valdez, pour lui demander :',
      '- de garantir sans attendre à Adrián des soins de santé et une couverture de sécurité sociale;\n' +
        '- de verser une aide d’urgence à la famille pendant sa maladie;\n' +
        '- de finaliser et d’accorder, sans plus tarder, la pleine réparation ordonnée par l’ombudsman en 2015.',
      'Restez courtois et bref, et nommez Adrián par son nom complet. Si vous recevez une réponse, ' +
        'faites-le-nous savoir : cela nous aide à suivre le dossier.',
    ],
  },
  {
    source: 'mexico-adrian-vasquez-further-information',
    slug: 'mexique-adrian-vasquez-complement-d-information',
    title:
      'Complément d’information : Adrián Vásquez se rétablit, mais la réparation se fait toujours attendre',
    summary:
      'Le pire de la maladie est passé pour Adrián Vásquez Lagunes, mais la Basse-Californie n’a toujours ' +
      'pas fait ce que l’ombudsman a ordonné. Continuez d’écrire au gouverneur.',
    body: [
      'Merci à toutes les personnes qui ont écrit à la suite de notre premier appel. **Adrián Vásquez ' +
        'Lagunes** se rétablit maintenant chez lui, à Tijuana. Sa famille nous dit que vos messages lui ont ' +
        'donné du courage pendant les semaines les plus difficiles.',
      'Le gouvernement de l’État a accusé réception des lettres, mais il n’a encore fixé aucune date pour ' +
        'verser la réparation ordonnée en 2015, et il n’a pas non plus accordé à Adrián la couverture ' +
        'médicale dont il a besoin pendant sa convalescence.',
      '## Ce que nous demandons',
      'Écrivez de nouveau au gouverneur de la Basse-Californie pour lui demander :',
      '- de fixer une date, dès cette année, pour accorder la pleine réparation ordonnée par l’ombudsman;\n' +
        '- de garantir sans délai à Adrián une couverture de santé et de sécurité sociale.',
      'Un message court et courtois, en espagnol, est le plus efficace. Dites-nous si vous recevez une réponse.',
    ],
  },
  {
    source: 'mexico-adelaida-protection-withdrawn',
    slug: 'mexique-adelaida-protection-retiree',
    title: 'Privée de son escorte policière, la défenseure des droits des femmes Adelaida est en danger',
    summary:
      'Le Yucatán a retiré l’escorte qui protégeait Clemencia Adelaida Salas Salazar en invoquant la ' +
      'pandémie. Demandez au gouverneur de lui rendre dès maintenant toute sa protection.',
    body: [
      '**Clemencia Adelaida Salas Salazar** défend les droits sexuels et reproductifs des femmes au ' +
        'Yucatán. Après des menaces et des agressions liées à son travail, le Mécanisme fédéral de ' +
        'protection lui a assigné deux policiers comme escorte.',
      'Le 30 mars 2020, les responsables de la sécurité publique de l’État les ont remplacés par un seul ' +
        'agent aux fonctions limitées, en invoquant la pandémie. Les menaces, elles, n’ont pas cessé.',
      '## Ce que nous demandons',
      'Écrivez au gouverneur du Yucatán pour lui demander :',
      '- de rétablir immédiatement toutes les mesures de protection d’Adelaida, telles que le Mécanisme de ' +
        'protection les a convenues;\n' +
        '- de veiller à ce que les mesures sanitaires ne privent jamais de protection une défenseure qui en ' +
        'bénéficie;\n' +
        '- d’enquêter sur les menaces et les agressions dont elle est la cible.',
    ],
  },
  {
    source: 'mexico-adelaida-protection-restored',
    slug: 'mexique-adelaida-protection-retablie',
    title: 'Bonne nouvelle : la protection de la défenseure des droits des femmes Adelaida est rétablie',
    summary:
      'Après les messages envoyés au gouverneur du Yucatán, Clemencia Adelaida Salas Salazar a retrouvé ' +
      'en mai toutes ses mesures de protection.',
    body: [
      'À la fin mars, les responsables de la sécurité publique du Yucatán ont retiré les deux policiers ' +
        'qui protégeaient **Clemencia Adelaida Salas Salazar** pour les remplacer par un seul agent aux ' +
        'fonctions limitées. Ils ont mis cela sur le compte de la pandémie. Pour une femme menacée parce ' +
        'qu’elle défend les droits sexuels et reproductifs, cette décision était dangereuse.',
      'Nous avons lancé l’Action urgente **UA 58/20** le 20 avril. Des sympathisantes et sympathisants ont ' +
        'écrit au gouverneur du Yucatán, et trois autorités différentes ont répondu. Les menaces et les ' +
        'agressions contre Adelaida ont cessé et, en mai, le Mécanisme fédéral de protection des ' +
        'défenseurs des droits humains et des journalistes a rétabli toutes ses mesures de protection.',
      'Voilà ce que peuvent accomplir de simples lettres et courriels quand beaucoup de gens les envoient ' +
        'en même temps. Merci à toutes celles et à tous ceux qui ont agi.',
      '## Joignez-vous au Réseau Action urgente',
      'Chaque semaine, nous publions quelques cas où des messages envoyés au bon moment peuvent changer ' +
        'les choses. Inscrivez-vous au Réseau Action urgente pour les recevoir par courriel.',
    ],
  },
  {
    source: 'mexico-mothers-day-mothers-of-the-disappeared',
    slug: 'mexique-fete-des-meres-meres-des-disparus',
    title: 'En ce jour de la fête des Mères, aux côtés des mères qui cherchent',
    summary:
      'Plus de 61 000 personnes sont portées disparues au Mexique, et les mères des disparus poursuivent ' +
      'leurs recherches même en confinement. En cette fête des Mères, nous sommes à leurs côtés.',
    body: [
      'Au Mexique, le 10 mai est d’ordinaire une journée de repas en famille et de sérénades. Pour des ' +
        'milliers de femmes, c’est aussi un jour de marche, avec à la main la photo d’un fils ou d’une ' +
        'fille qui n’est jamais rentré. Cette année, alors qu’on demande aux gens de rester chez eux au ' +
        'Mexique comme au Canada, ces marches ne peuvent pas envahir les rues. La question que posent les ' +
        'mères n’en est pas moins forte : où sont nos enfants?',
      'Selon les chiffres officiels, **plus de 61 000 personnes** sont aujourd’hui portées disparues au ' +
        'Mexique, et ce nombre ne cesse d’augmenter. Chacune a un nom et une famille qui vit sans savoir ' +
        'si elle est vivante, où elle a été emmenée, ni par qui.',
      '## Ce que les familles ont bâti',
      'Une bonne part des progrès des dernières années existe parce que des familles, et d’abord des ' +
        'mères, ont refusé d’attendre. Elles se sont rencontrées dans les salles d’attente des ministères ' +
        'et sur les collines où elles creusaient de leurs propres mains; elles ont formé des collectifs, ' +
        'puis des réseaux, puis un mouvement national. Leur pression a mené à :',
      '- une loi générale sur les disparitions;\n' +
        '- un Système national de recherche et des commissions de recherche dans les États;\n' +
        '- des procureurs et des enquêteurs spécialisés.',
      'Rien de tout cela n’a permis de ramener assez de personnes à la maison. Mais rien de cela ' +
        'n’existerait sans elles. Aujourd’hui, nous leur exprimons notre solidarité et nous demandons de ' +
        'nouveau aux autorités de chercher, d’enquêter et de dire la vérité.',
    ],
  },
  {
    source: 'mexico-open-letter-lopez-gatell-migrants-covid-19',
    slug: 'mexique-lettre-ouverte-lopez-gatell-migrants-covid-19',
    title: 'Lettre ouverte au Dr Hugo López-Gatell sur les personnes migrantes détenues pendant la COVID-19',
    summary:
      'Nous avons écrit au sous-secrétaire mexicain à la Prévention et à la Promotion de la santé au ' +
      'sujet du risque que la COVID-19 fait courir aux personnes entassées dans les centres de migration.',
    body: [
      'Nous avons envoyé aujourd’hui une lettre ouverte au **Dr Hugo López-Gatell Ramírez**, ' +
        'sous-secrétaire à la Prévention et à la Promotion de la santé et responsable de la réponse du ' +
        'Mexique à la COVID-19, au sujet de la santé des personnes migrantes, demandeuses d’asile et ' +
        'réfugiées détenues par l’Institut national des migrations.',
      'Monsieur le Sous-Secrétaire,',
      'Vous avez répété à maintes reprises que la distanciation physique est le meilleur moyen d’éviter ' +
        'la contagion, et le ministère de l’Intérieur a reconnu que les personnes migrantes comptent parmi ' +
        'les plus exposées. Pourtant, des centaines de personnes demeurent enfermées dans des centres de ' +
        'migration où la distanciation est impossible, où le savon, l’eau et les soins sont rares, et où ' +
        'des protestations contre les conditions de détention ont déjà tourné au drame, dont la mort d’un ' +
        'Guatémaltèque au centre de migration de Tenosique à la fin mars.',
      'Nous vous demandons respectueusement d’user de votre autorité pour que :',
      '- les personnes en détention migratoire soient libérées et accueillies dans la collectivité par ' +
        'des solutions de rechange sûres;\n' +
        '- toute personne qui reste dans un centre de migration ait accès au dépistage, aux soins et à de ' +
        'l’équipement de protection;\n' +
        '- personne ne soit renvoyé dans un pays où sa vie ou sa santé serait menacée.',
      '> « Le gouvernement a clairement dit comment se protéger de ce virus. Il ne peut pas, du même ' +
        'souffle, garder des gens enfermés dans des conditions où il est impossible de suivre ces ' +
        'consignes », a déclaré notre directrice pour les Amériques.',
      'Veuillez agréer, Monsieur le Sous-Secrétaire, l’expression de notre haute considération.',
      'La directrice pour les Amériques, au nom de notre organisation',
    ],
    location: 'Mexico',
  },
  {
    source: 'mexico-open-letter-president-lopez-obrador-meeting',
    slug: 'mexique-lettre-ouverte-president-lopez-obrador-rencontre',
    title:
      'Nous demandons au président López Obrador une rencontre sur la crise des droits humains au Mexique',
    summary:
      'Dans une lettre ouverte, nous demandons au président de nous rencontrer et lui exposons nos ' +
      'préoccupations sur l’état des droits humains au Mexique, plus d’un an après son arrivée au pouvoir.',
    body: [
      'Nous avons envoyé aujourd’hui une lettre ouverte au **président Andrés Manuel López Obrador** pour ' +
        'lui demander une rencontre et lui faire part de nos préoccupations quant à la façon dont son ' +
        'gouvernement répond à la situation des droits humains au Mexique.',
      'Nous reconnaissons les mesures prises par le gouvernement, notamment en matière de disparitions. ' +
        'Mais la crise que traverse le Mexique depuis bien plus de dix ans exige davantage que des gestes ' +
        'isolés. Dans la lettre, nous soulevons :',
      '- les déclarations publiques du président qui dénigrent le travail des défenseurs des droits ' +
        'humains;\n' +
        '- le recours à la Garde nationale pour empêcher les personnes migrantes et réfugiées de traverser ' +
        'le pays;\n' +
        '- le maintien d’une politique de sécurité qui repose sur les forces armées, alors même que les ' +
        'meurtres de femmes et d’hommes atteignent des niveaux record.',
      '> « Certaines mesures de ce gouvernement sont les bienvenues, mais elles sont bien loin de ce ' +
        'qu’exige l’ampleur de la crise. Nous voulons nous asseoir avec le président pour parler de la ' +
        'façon de changer de cap », a déclaré notre directrice pour les Amériques.',
      'Nous espérons que le président acceptera notre demande et attendons sa réponse.',
    ],
    location: 'Mexico',
  },
  {
    source: 'mexico-arnulfo-ceron-soriano-found-dead',
    slug: 'mexique-arnulfo-ceron-soriano-retrouve-mort',
    title: 'Le défenseur autochtone Arnulfo Cerón Soriano retrouvé mort au Guerrero',
    summary:
      'Le corps d’Arnulfo Cerón Soriano a été retrouvé dans une fosse clandestine près de Tlapa le ' +
      '20 novembre, quarante jours après sa disparition. Sa famille reçoit maintenant des menaces.',
    body: [
      'Les autorités ont retrouvé le 20 novembre le corps du défenseur autochtone des droits humains ' +
        '**Arnulfo Cerón Soriano** dans une fosse clandestine en périphérie de Tlapa, dans la région de ' +
        'la Montaña, au Guerrero. Il avait disparu le 11 octobre, alors qu’il se rendait à une réunion en ' +
        'ville.',
      'Arnulfo était membre du Frente Popular de la Montaña et du Mouvement pour la liberté des ' +
        'prisonniers politiques de l’État de Guerrero (MOLPEG). Tout au long de 2019, lui et d’autres ' +
        'membres avaient reçu des menaces par téléphone et par message en raison de leur militantisme.',
      'Les menaces ne se sont pas arrêtées avec sa mort. Depuis l’arrestation de suspects, la famille ' +
        'd’Arnulfo reçoit des messages menaçants. Des membres du MOLPEG ont remarqué des inconnus devant ' +
        'chez eux, et le Centre des droits humains Tlachinollan a vu des personnes inconnues surveiller ' +
        'ses bureaux.',
      '## Nos demandes',
      '- Une enquête rapide, approfondie et impartiale sur la disparition et le meurtre d’Arnulfo, y ' +
        'compris sur les personnes qui les ont commandités.\n' +
        '- Une protection efficace pour sa famille, pour le MOLPEG et pour les organisations qui ont ' +
        'soutenu les recherches.',
    ],
    location: 'Tlapa (Guerrero)',
  },
  {
    source: 'us-mexico-border-delegation-diary',
    slug: 'frontiere-etats-unis-mexique-carnet-de-delegation',
    title: 'Carnet de route à la frontière entre les États-Unis et le Mexique',
    summary:
      'Une membre de notre délégation à la frontière raconte ce qu’elle a entendu des familles renvoyées ' +
      'au Mexique pour y attendre leurs audiences d’asile.',
    body: [
      'Du 22 au 26 octobre, j’ai voyagé avec des collègues de plusieurs pays pour voir comment les ' +
        'politiques américaines conçues pour tenir les demandeurs d’asile à l’écart touchent les gens des ' +
        'deux côtés de la frontière.',
      'À San Diego et à Tijuana, nous avons rencontré le consul général du Mexique, la Commission ' +
        'nationale des droits humains, des agences des Nations Unies, des avocates et avocats, et les ' +
        'bénévoles qui font tourner des refuges avec trois fois rien. À Brownsville, au Texas, nous avons ' +
        'visité un refuge pour enfants qui avaient franchi la frontière seuls.',
      '## Matamoros',
      'Le dernier jour, nous avons traversé le pont à pied jusqu’à Matamoros. En vertu de la politique ' +
        'dite « Rester au Mexique », des centaines de personnes, dont beaucoup de familles avec de jeunes ' +
        'enfants, vivent sous la tente au bord du fleuve en attendant, souvent pendant des mois, leurs ' +
        'audiences devant les tribunaux de l’immigration des États-Unis.',
      'Une Hondurienne nous a montré l’endroit où elle cuisine pour ses deux filles sur un feu de bouts de ' +
        'bois. Elle nous a raconté que, dans le camp, on se relaie pour se soutenir : les mauvais jours, ' +
        'quelqu’un d’autre se charge de la cuisine et des soucis.',
      'Nous avons vu des gens faire exactement ce que la loi leur permet de faire, demander protection, ' +
        'et qu’on oblige pour cela à attendre dans le danger. Les gouvernements des États-Unis et du ' +
        'Mexique peuvent y mettre fin, et ils doivent le faire.',
    ],
    location: 'Matamoros (Mexique)',
  },
  {
    source: 'escazu-agreement-signatures',
    slug: 'accord-d-escazu-signatures',
    title: 'Bonne nouvelle : l’Accord d’Escazú prend de l’élan',
    summary:
      'Douze pays d’Amérique latine et des Caraïbes ont signé l’Accord d’Escazú dès le jour de son ' +
      'ouverture, et d’autres suivent. C’est le premier traité de la région à protéger les défenseurs de ' +
      'l’environnement.',
    body: [
      'L’**Accord d’Escazú**, le traité latino-américain et caribéen sur l’accès à l’information, la ' +
        'participation du public et l’accès à la justice en matière d’environnement, continue de gagner ' +
        'des appuis en marge de l’Assemblée générale des Nations Unies, à New York.',
      'Douze pays l’ont signé dès le premier jour : Antigua-et-Barbuda, l’Argentine, le Brésil, le Costa ' +
        'Rica, l’Équateur, le Guatemala, le Guyana, le Mexique, le Panama, le Pérou, Sainte-Lucie et ' +
        'l’Uruguay. D’autres ont suivi, et les premières ratifications le rapprochent de son entrée en ' +
        'vigueur.',
      '## Pourquoi c’est important',
      'L’Amérique latine est l’une des régions du monde où il est le plus dangereux de défendre la terre, ' +
        'l’eau et les forêts. L’accord est le premier traité contraignant au monde à prévoir des ' +
        'engagements précis pour protéger les personnes qui défendent l’environnement. Il garantit aussi ' +
        'aux collectivités le droit d’être informées des projets qui les touchent et d’avoir leur mot à dire.',
      '> « Ces gouvernements ont montré ce qu’est le leadership. Nous pressons tous les pays de la région ' +
        'qui ne l’ont pas encore fait de signer et de ratifier l’accord, pour les personnes qui défendent ' +
        'l’environnement aujourd’hui et pour les générations à venir », a déclaré notre directrice pour ' +
        'les Amériques.',
    ],
    location: 'New York',
  },
  {
    source: 'mexico-ayotzinapa-five-years',
    slug: 'mexique-ayotzinapa-cinq-ans-apres',
    title: 'Ayotzinapa, cinq ans plus tard : les nouvelles mesures doivent maintenant donner des résultats',
    summary:
      'Les mesures prises par le gouvernement pour faire la lumière sur les 43 étudiants disparus doivent ' +
      'bientôt porter fruit, et le même effort doit s’étendre à des milliers d’autres disparitions.',
    body: [
      'Cinq ans après la disparition forcée, à Iguala (Guerrero), de 43 étudiants de l’école normale ' +
        'rurale d’Ayotzinapa, les mesures prises par le gouvernement du président López Obrador pour ' +
        'établir la vérité doivent commencer à donner des résultats concrets, avons-nous déclaré ' +
        'aujourd’hui.',
      'La création d’une commission présidentielle de la vérité et d’une unité spéciale du parquet pour ' +
        'cette affaire est une bonne chose. Mais les familles attendent depuis cinq ans, et les tribunaux ' +
        'ont libéré des dizaines de suspects parce que les preuves contre eux avaient été obtenues sous la ' +
        'torture.',
      '> « Pendant quatre ans, nous avons dénoncé la façon dont les autorités ont camouflé ce qui est ' +
        'arrivé aux 43. Le nouveau gouvernement a commencé à prendre l’affaire au sérieux, et nous le ' +
        'reconnaissons, mais le plus dur reste à faire », a déclaré notre directrice pour les Amériques.',
      'Le même engagement doit aussi s’étendre aux familles des dizaines de milliers d’autres personnes ' +
        'disparues au Mexique, dont la plupart n’ont jamais eu droit à une commission de la vérité ni à un ' +
        'procureur spécial.',
    ],
    location: 'Mexico',
  },
  {
    source: 'mexico-un-committee-enforced-disappearances',
    slug: 'mexique-comite-onu-disparitions-forcees',
    title: 'Mexique : un pas bienvenu vers la reconnaissance du comité de l’ONU sur les disparitions',
    summary:
      'Nous saluons l’intention déclarée du Mexique de reconnaître la compétence du Comité des disparitions ' +
      'forcées de l’ONU pour examiner des cas individuels.',
    body: [
      'En réaction à l’annonce du sous-secrétaire aux Droits humains, **Alejandro Encinas**, selon ' +
        'laquelle le Mexique entend reconnaître la compétence du Comité des disparitions forcées de l’ONU ' +
        'pour recevoir et examiner des cas individuels, notre directrice pour les Amériques a déclaré :',
      '> « C’est un signal important : le gouvernement veut la vérité, la justice et la réparation pour ' +
        'les familles des personnes disparues. Depuis des années, les disparitions comptent parmi les ' +
        'pages les plus sombres du bilan du Mexique en matière de droits humains, et y mettre fin exigera ' +
        'toutes les ressources de l’État. »',
      'Reconnaître la compétence du comité permettrait aux familles qui ne peuvent obtenir justice au ' +
        'Mexique de soumettre leur cas à un organe international indépendant. La société civile et les ' +
        'familles elles-mêmes le réclament depuis de nombreuses années.',
      'Nous suivrons de près la mise en œuvre de cette décision. Un vrai changement pour les familles ' +
        'dépendra de chaque autorité, fédérale comme étatique, qui devra prendre son rôle au sérieux.',
    ],
    location: 'Mexico',
  },
  {
    source: 'mexico-adrian-vasquez-seven-years',
    slug: 'mexique-adrian-vasquez-sept-ans-apres',
    title: 'Adrián Vásquez : sept ans après sa torture, il attend toujours réparation',
    summary:
      'Sept ans après avoir été torturé par la police de l’État de Basse-Californie, Adrián Vásquez ' +
      'Lagunes n’a toujours pas reçu, pas plus que sa famille, la réparation qui leur est due.',
    body: [
      'Sept ans après la détention illégale et la torture d’**Adrián Vásquez Lagunes** par la police de ' +
        'l’État de Basse-Californie, les autorités n’ont toujours pas réparé le tort causé à lui et à sa ' +
        'famille, avons-nous déclaré aujourd’hui.',
      'La police a intercepté Adrián alors qu’il circulait en voiture à Tijuana, le 26 septembre 2012. ' +
        'Pendant douze heures de garde à vue, il a été battu, menacé, et on lui a fait entrer de force de ' +
        'l’eau dans le nez. Les policiers l’ont ensuite présenté aux médias comme un trafiquant de drogue. ' +
        'Il a passé trois ans en prison sur la foi de fausses accusations avant d’être libéré en ' +
        'décembre 2015. Nous avions documenté et dénoncé son cas à l’époque.',
      '> « Le mandat du gouverneur tire à sa fin. Il a encore le temps de faire en sorte qu’Adrián et sa ' +
        'famille reçoivent ce qui leur est dû, et de clore ce chapitre par la justice plutôt que par de ' +
        'nouveaux retards », a déclaré notre directrice pour les Amériques.',
      'En 2015, l’ombudsman des droits humains et de la protection citoyenne de l’État a ordonné une ' +
        'réparation intégrale. Elle n’a jamais été accordée.',
    ],
    location: 'Tijuana (Mexique)',
  },
  {
    source: 'mexico-ayotzinapa-anniversary-26-september',
    slug: 'mexique-ayotzinapa-anniversaire-26-septembre',
    title: 'Pourquoi le 26 septembre compte : se souvenir des 43',
    summary:
      'À l’approche du cinquième anniversaire des disparitions d’Ayotzinapa, voici pourquoi cette date ' +
      'compte tant, et comment vous pouvez soutenir les familles.',
    body: [
      'Pour les personnes qui défendent les droits humains au Mexique, et pour bon nombre d’entre nous ' +
        'ailleurs, le 26 septembre est devenu une date qu’on ne peut laisser passer sans la souligner.',
      'Il y a cinq ans, cette nuit-là, des policiers d’Iguala, au Guerrero, ont attaqué des autobus qui ' +
        'transportaient des étudiants de l’école normale rurale d’Ayotzinapa. Quarante-trois étudiants ont ' +
        'été emmenés. Personne ne les a revus depuis.',
      'Pour leurs parents et leurs camarades, savoir ce qui s’est passé et voir tous les responsables ' +
        'traduits en justice n’a rien d’un objectif abstrait. C’est ce qui leur permettra de faire leur ' +
        'deuil, ou de garder espoir.',
      '## Comment souligner l’anniversaire',
      '- Partagez les noms et les visages des 43 sur les médias sociaux.\n' +
        '- Participez à une vigile dans votre collectivité le 26 septembre, ou organisez-en une.\n' +
        '- Écrivez à l’ambassade du Mexique dans votre pays pour réclamer la vérité et la justice pour les ' +
        'étudiants.',
    ],
  },
  {
    source: 'mexico-tabasco-reform-criminalises-protest',
    slug: 'mexique-reforme-tabasco-criminalise-la-protestation',
    title: 'Mexique : une réforme au Tabasco menace de criminaliser la protestation pacifique',
    summary:
      'Une réforme adoptée au Tabasco punit de longues peines de prison l’opposition aux travaux publics ou ' +
      'privés, et pourrait servir contre celles et ceux qui défendent leur territoire et leurs droits.',
    body: [
      'Des initiatives de plusieurs gouvernements d’États au Mexique mettent en péril la liberté ' +
        'd’expression et de réunion pacifique, et pourraient ouvrir la voie à la répression des personnes ' +
        'qui défendent les droits humains, avons-nous déclaré aujourd’hui.',
      'Au **Tabasco**, les députés de l’État ont adopté une réforme du Code pénal qui prévoit de longues ' +
        'peines de prison pour quiconque s’oppose à des travaux publics ou privés ou bloque des routes ou ' +
        'd’autres voies de communication. La réforme survient alors que de grands projets ' +
        'd’infrastructure, dont une raffinerie de pétrole à Dos Bocas, sont en chantier dans l’État.',
      '> « Cette réforme permettrait aux autorités et aux entreprises d’imposer de grands projets tout en ' +
        'réduisant au silence les collectivités qui en subiront les conséquences. Elle punit les gens qui ' +
        'prennent la parole et qui se rassemblent pacifiquement », a déclaré notre directrice pour les ' +
        'Amériques.',
      'Les infractions sont définies de façon si large que presque n’importe quel rassemblement pour ' +
        'remettre en question un projet approuvé pourrait être traité comme un crime. Nous demandons aux ' +
        'autorités du Tabasco d’abroger la réforme, et aux autres États de ne pas suivre son exemple.',
    ],
    location: 'Villahermosa (Tabasco)',
  },
  {
    source: 'mexico-national-guard-laws',
    slug: 'mexique-lois-garde-nationale',
    title: 'Mexique : les lois sur la Garde nationale ne respectent pas les normes internationales',
    summary:
      'Le Congrès s’apprête à adopter des lois sur la sécurité qui donneraient à la nouvelle Garde ' +
      'nationale de vastes pouvoirs, sans contrôle indépendant suffisant.',
    body: [
      'Le Congrès mexicain s’apprête à adopter un ensemble de lois sur la sécurité publique qui ne ' +
        'respectent pas le droit international relatif aux droits humains et mettraient des gens en danger, ' +
        'avons-nous déclaré aujourd’hui.',
      'Le mardi 21 mai, le Sénat a adopté quatre lois qui, ensemble, mettent sur pied la nouvelle **Garde ' +
        'nationale** : une loi sur la Garde elle-même, une loi nationale sur l’usage de la force, une loi ' +
        'créant un registre national des détentions et des modifications à la loi sur le système national ' +
        'de sécurité publique.',
      'Ces lois comportent quelques mesures positives, comme le registre des détentions. Mais elles ont ' +
        'aussi de graves lacunes :',
      '- la Garde pourrait détenir des personnes migrantes;\n' +
        '- elle pourrait recourir à la force contre des manifestations qu’elle ne juge pas légitimes;\n' +
        '- aucun organe fort et indépendant n’est prévu pour surveiller sa conduite.',
      '> « Telles qu’elles sont rédigées, ces lois créeraient une force de sécurité aux pouvoirs immenses ' +
        'et presque sans contrôle. Dans un pays qui subit depuis plus de dix ans des abus commis au nom de ' +
        'la sécurité, c’est un risque sérieux », a déclaré le directeur de notre bureau au Mexique.',
    ],
    location: 'Mexico',
  },
  {
    source: 'mexico-adrian-vasquez-six-years',
    slug: 'mexique-adrian-vasquez-six-ans-apres',
    title: 'Six ans plus tard, la Basse-Californie doit toujours réparation à Adrián Vásquez',
    summary:
      'Six ans après sa torture, et trois ans après que l’ombudsman de l’État a ordonné réparation, ' +
      'Adrián Vásquez Lagunes attend toujours.',
    body: [
      'Il y a six ans aujourd’hui, la police de l’État de Basse-Californie arrêtait **Adrián Vásquez ' +
        'Lagunes** à Tijuana et le torturait pendant des heures. Il a perdu trois ans de sa vie en prison ' +
        'pour des accusations qui n’auraient jamais dû être portées.',
      'En 2015, l’ombudsman de l’État a reconnu que ses droits avaient été bafoués et a ordonné aux ' +
        'autorités de lui accorder réparation, notamment une indemnisation, des soins médicaux et ' +
        'psychologiques et une reconnaissance publique. Trois ans plus tard, l’État ne s’y est toujours ' +
        'pas conformé.',
      '> « Adrián a fait tout ce qu’on attendait de lui. Il a suivi les voies officielles et il a eu gain ' +
        'de cause. C’est maintenant à l’État de faire sa part », a déclaré notre directrice pour les ' +
        'Amériques.',
      'Nous pressons le gouverneur de la Basse-Californie de rencontrer Adrián et sa famille et de ' +
        'convenir d’une date pour la réparation intégrale.',
    ],
    location: 'Tijuana (Mexique)',
  },
];

const TAXONOMY_TABLES = { region: 'regions', country: 'countries', topic: 'topics' } as const;

/**
 * Adds the French names and translations to the demo just loaded, in the loader's transaction
 * (after the English content, which it finds by slug), and marks the English articles 'en'.
 */
export async function loadDemoFrench(trx: Executor): Promise<{ articles: number }> {
  for (const kind of ['region', 'country', 'topic'] as const) {
    const rows = await trx.selectFrom(TAXONOMY_TABLES[kind]).select(['id', 'slug']).execute();
    for (const row of rows) {
      const french = frenchNames[kind][row.slug];
      if (!french) throw new Error(`The French demo has no name for the ${kind} ${row.slug}`);
      await trx
        .insertInto('taxonomy_names')
        .values({ kind, target_id: row.id, language: 'fr', name: french.name, slug: french.slug })
        .execute();
    }
  }

  await trx.updateTable('articles').set({ language: 'en' }).execute();

  for (const a of frenchArticles) {
    const source = await trx
      .selectFrom('articles')
      .selectAll()
      .where('slug', '=', a.source)
      .executeTakeFirst();
    if (!source) throw new Error(`The French demo translates an unknown article: ${a.source}`);
    const bodyMd = a.body.join('\n\n');
    const row = await trx
      .insertInto('articles')
      .values({
        type: source.type,
        slug: a.slug,
        title: a.title,
        summary: a.summary,
        body_md: bodyMd,
        body_html: renderMarkdown(bodyMd),
        status: source.status,
        location: a.location ?? source.location,
        reference: source.reference,
        lead_image_id: source.lead_image_id,
        published_at: source.published_at,
        created_at: source.created_at,
        updated_at: source.updated_at,
        language: 'fr',
        translation_of: source.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    // The same countries, topics and cases as the source, in the same order.
    const countries = await trx
      .selectFrom('article_countries')
      .select(['country_id', 'position'])
      .where('article_id', '=', source.id)
      .execute();
    for (const l of countries)
      await trx
        .insertInto('article_countries')
        .values({ article_id: row.id, ...l })
        .execute();
    const topics = await trx
      .selectFrom('article_topics')
      .select(['topic_id', 'position'])
      .where('article_id', '=', source.id)
      .execute();
    for (const l of topics)
      await trx
        .insertInto('article_topics')
        .values({ article_id: row.id, ...l })
        .execute();
    const cases = await trx
      .selectFrom('article_cases')
      .select(['case_id', 'position'])
      .where('article_id', '=', source.id)
      .execute();
    for (const l of cases)
      await trx
        .insertInto('article_cases')
        .values({ article_id: row.id, ...l })
        .execute();
  }
  return { articles: frenchArticles.length };
}
