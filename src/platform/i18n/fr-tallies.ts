import type { enTallies } from './en-tallies.js';

/** Les graphiques, la page d’impact de toutes les actions urgentes et l’export CSV des tableaux d’impact. */
export const frTallies: Record<keyof typeof enTallies, string> = {
  'chart.empty': 'Rien à afficher pour l’instant.',
  'chart.descBars':
    'Barres empilées, une par jour pendant {days} jours, du {from} au {to}; la plus haute, le {top}, représente {most} {unit}. Au total : {each}. Le tableau à côté du graphique donne tous les chiffres.',
  'chart.descLines':
    'Courbes, un point par jour pendant {days} jours, du {from} au {to}; le point le plus haut, le {top}, est de {most} {unit}. Le dernier jour : {each}. Le tableau à côté du graphique donne tous les chiffres.',
  'chart.seriesTotal': '{label} {count}',
  'chart.seriesLast': '{label} {count}',
  'chart.scale': 'Le haut du graphique représente {most} {unit}.',
  'chart.unit.actions': 'actions',

  'uaImpact.csv': 'Télécharger ce tableau en CSV',
  'uaImpact.csvLabel': 'Télécharger « {caption} » en CSV',
  'uaImpact.print':
    'Pour imprimer cette page, utilisez la commande Imprimer de votre navigateur : les menus et les liens sont omis.',

  'uaImpactAll.title': 'Impact de toutes les actions urgentes',
  'uaImpactAll.link': 'Impact de toutes les actions urgentes',
  'uaImpactAll.intro':
    'Actions comptées de toutes les actions urgentes (sympathisants dont l’adresse est confirmée), par moyen et par jour en UTC, enregistrées au fur et à mesure.',
  'uaImpactAll.back': 'Retour aux actions urgentes',
  'uaImpactAll.days': 'Actions au fil du temps, toutes les actions urgentes',
  'uaImpactAll.daysCaption':
    'Actions comptées par jour (UTC) et par moyen, toutes les actions urgentes, du {from} au {to}',
  'uaImpactAll.chartTitle': 'Actions comptées par jour, par moyen, toutes les actions urgentes',
  'uaImpactAll.channels': 'Actions par moyen',
  'uaImpactAll.channelsCaption':
    'Actions comptées par moyen, toutes les actions urgentes, depuis la première',
  'uaImpactAll.totals': 'Actions par action urgente',
  'uaImpactAll.totalsCaption': 'Actions comptées par action urgente et par moyen, en ordre décroissant',
  'uaImpactAll.urgentAction': 'Action urgente',
  'uaImpactAll.reference': 'Numéro',
  'uaImpactAll.impactOf': 'Impact',
  'uaImpactAll.none': 'Aucune action n’a encore été comptée pour une action urgente.',
  'uaImpactAll.untitled': 'Action urgente {id} (supprimée)',

  'uaImpact.daysTable': 'Actions comptées par jour (UTC) et par moyen',
  'audit.ua.tableExported': 'A exporté le tableau « {caption} » de la page d’impact {scope}',
  'audit.ua.scopeAll': 'de toutes les actions urgentes',
  'audit.ua.scopeOne': 'de l’action urgente « {title} »',
};
