/** Charts, the impact page of every urgent action, and the impact tables' CSV (issue 14, item 4). */
export const enTallies = {
  'chart.empty': 'Nothing to draw yet.',
  'chart.descBars':
    'Stacked bars, one a day for {days} days from {from} to {to}; the highest, {top}, stands for {most} {unit}. In all: {each}. The table beside the chart gives every figure.',
  'chart.descLines':
    'Lines, one point a day for {days} days from {from} to {to}; the highest point, on {top}, is {most} {unit}. On the last day: {each}. The table beside the chart gives every figure.',
  'chart.seriesTotal': '{label} {count}',
  'chart.seriesLast': '{label} {count}',
  'chart.scale': 'The top of the chart stands for {most} {unit}.',
  'chart.unit.actions': 'actions',

  'uaImpact.csv': 'Download this table as CSV',
  'uaImpact.csvLabel': 'Download “{caption}” as CSV',
  'uaImpact.print': 'To print this page, use your browser’s Print command: menus and links are left out.',

  'uaImpactAll.title': 'Impact of every urgent action',
  'uaImpactAll.link': 'Impact of every urgent action',
  'uaImpactAll.intro':
    'Counted actions of every urgent action (supporters whose address is confirmed), per channel and per day in UTC, kept as they are taken.',
  'uaImpactAll.back': 'Back to the urgent actions',
  'uaImpactAll.days': 'Actions over time, every urgent action',
  'uaImpactAll.daysCaption':
    'Counted actions per day (UTC) and channel, every urgent action, from {from} to {to}',
  'uaImpactAll.chartTitle': 'Counted actions per day, by channel, every urgent action',
  'uaImpactAll.channels': 'Actions per channel',
  'uaImpactAll.channelsCaption': 'Counted actions per channel, every urgent action, since the first',
  'uaImpactAll.totals': 'Actions per urgent action',
  'uaImpactAll.totalsCaption': 'Counted actions per urgent action and channel, the most first',
  'uaImpactAll.urgentAction': 'Urgent action',
  'uaImpactAll.reference': 'Number',
  'uaImpactAll.impactOf': 'Impact',
  'uaImpactAll.none': 'No action has been counted yet on any urgent action.',
  'uaImpactAll.untitled': 'Urgent action {id} (deleted)',

  'uaImpact.daysTable': 'Counted actions per day (UTC) and channel',
  'audit.ua.tableExported': 'Exported the table “{caption}” of the impact page {scope}',
  'audit.ua.scopeAll': 'of every urgent action',
  'audit.ua.scopeOne': 'of urgent action “{title}”',
} as const;
