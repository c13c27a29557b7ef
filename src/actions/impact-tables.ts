import { ACTION_CHANNELS } from '../platform/db/index.js';
import { t } from '../platform/i18n/index.js';
import { toCsv } from '../platform/text/csv.js';
import type { ChannelCounts } from './count-rules.js';
import { CALL_OUTCOMES, type DayCounts, DELIVERY_COLUMNS, type OutcomeCounts } from './impact-rules.js';
import type { ChartData } from './views/chart.js';

/*
 * Every table of the impact pages as data: the page draws it (views/impact-table.tsx) and its CSV
 * is written from the very same rows, so a download never says other than the page. A slot
 * filled by another room (replies, outcomes, the network) hands its tables over in this shape too.
 */

/** A count is drawn "1,204" and exported 1204; a day drawn "July 10, 2020" and exported 2020-07-10. */
export type ColumnKind = 'text' | 'count' | 'day';

export interface ImpactColumn {
  label: string;
  kind: ColumnKind;
}

/** A row: its first cell heads it (what the row is), then one cell per further column. */
export type ImpactRow = readonly (string | number)[];

export interface ImpactTable {
  /** Its name in the CSV's address (`…/impact/<name>.csv`): lower-case letters, digits and dashes. */
  name: string;
  caption: string;
  columns: readonly ImpactColumn[];
  rows: readonly ImpactRow[];
  /** A totals row, drawn in the table's foot and exported last. */
  foot?: ImpactRow;
  /** Where each row's head links to (the impact page of an urgent action in the list of all). */
  links?: readonly (string | null)[];
}

export const TABLE_NAME = /^[a-z0-9-]{1,40}$/;

/** The table as CSV: its column labels, then its rows and foot, every cell formula-safe. */
export function tableCsv(table: ImpactTable): string {
  return toCsv(
    table.columns.map((c) => c.label),
    table.foot ? [...table.rows, table.foot] : table.rows,
  );
}

const channelColumns = (): ImpactColumn[] => [
  ...ACTION_CHANNELS.map((c) => ({ label: t(`uaCounts.channel.${c}`), kind: 'count' as const })),
  { label: t('uaImpact.all'), kind: 'count' },
];

const channelCells = (c: ChannelCounts) => [...ACTION_CHANNELS.map((ch) => c[ch]), c.total];

/** Counted (and, for one urgent action, waiting) actions per channel. */
export function channelsTable(caption: string, counted: ChannelCounts, pending?: ChannelCounts): ImpactTable {
  const columns: ImpactColumn[] = [
    { label: t('uaImpact.channel'), kind: 'text' },
    { label: t('uaImpact.counted'), kind: 'count' },
  ];
  if (pending) columns.push({ label: t('uaImpact.pending'), kind: 'count' });
  const row = (label: string, key: keyof ChannelCounts): ImpactRow =>
    pending ? [label, counted[key], pending[key]] : [label, counted[key]];
  return {
    name: 'channels',
    caption,
    columns,
    rows: ACTION_CHANNELS.map((c) => row(t(`uaCounts.channel.${c}`), c)),
    foot: row(t('uaImpact.all'), 'total'),
  };
}

/** Counted actions per day and channel, with the day's total. */
export function daysTable(caption: string, days: readonly DayCounts[]): ImpactTable {
  return {
    name: 'days',
    caption,
    columns: [{ label: t('uaImpact.day'), kind: 'day' }, ...channelColumns()],
    rows: days.map((d) => [d.day, ...channelCells(d.counts)]),
  };
}

/** The same days as a chart's series, one per channel. */
export function daysChart(days: readonly DayCounts[]): ChartData {
  return {
    days: days.map((d) => d.day),
    series: ACTION_CHANNELS.map((c) => ({
      label: t(`uaCounts.channel.${c}`),
      values: days.map((d) => d.counts[c]),
    })),
  };
}

/** Counted calls by the outcome the supporter gave. */
export function callsTable(calls: OutcomeCounts): ImpactTable {
  return {
    name: 'calls',
    caption: t('uaImpact.callsCaption'),
    columns: [
      { label: t('uaImpact.outcome'), kind: 'text' },
      { label: t('uaImpact.callCount'), kind: 'count' },
    ],
    rows: [...CALL_OUTCOMES, 'unsaid' as const].map((o) => [t(`uaImpact.outcome.${o}`), calls[o]]),
  };
}

/** A target's letters as the letters table shows them (impact.ts gathers these). */
export interface TargetDelivery {
  id: number;
  name: string;
  title: string;
  /** Named by the urgent action now, or null for one its letters went to before. */
  role: 'target' | 'copy' | null;
  hasEmail: boolean;
  timeZone: string;
  officeOpen: boolean;
  knownHours: boolean;
  counts: Record<(typeof DELIVERY_COLUMNS)[number], number>;
}

function officeText(d: TargetDelivery): string {
  if (!d.hasEmail) return t('uaImpact.office.noEmail');
  if (!d.knownHours) return t('uaImpact.office.unknown');
  return d.officeOpen
    ? t('uaImpact.office.open', { zone: d.timeZone })
    : t('uaImpact.office.closed', { zone: d.timeZone });
}

function targetText(d: TargetDelivery): string {
  let text = d.name + (d.title ? `, ${d.title}` : '');
  if (d.role === 'copy') text += ` (${t('uaImpact.role.copy')})`;
  if (d.role === null) text += ` (${t('uaImpact.role.former')})`;
  return text;
}

/** Emailed letters per target by where they are, a queued letter held while the office is closed. */
export function lettersTable(delivery: readonly TargetDelivery[]): ImpactTable {
  return {
    name: 'letters',
    caption: t('uaImpact.lettersCaption'),
    columns: [
      { label: t('uaImpact.target'), kind: 'text' },
      { label: t('uaImpact.office'), kind: 'text' },
      ...DELIVERY_COLUMNS.map((c) => ({ label: t(`uaImpact.status.${c}`), kind: 'count' as const })),
    ],
    rows: delivery.map((d) => [targetText(d), officeText(d), ...DELIVERY_COLUMNS.map((c) => d.counts[c])]),
  };
}

export interface ActionTotal {
  articleId: number;
  title: string;
  reference: string;
  counts: ChannelCounts;
}

/** Counted actions per urgent action and channel, the most first; each row links to its impact page. */
export function totalsTable(totals: readonly ActionTotal[]): ImpactTable {
  const sorted = [...totals].sort((a, b) => b.counts.total - a.counts.total || b.articleId - a.articleId);
  return {
    name: 'totals',
    caption: t('uaImpactAll.totalsCaption'),
    columns: [
      { label: t('uaImpactAll.urgentAction'), kind: 'text' },
      { label: t('uaImpactAll.reference'), kind: 'text' },
      ...channelColumns(),
    ],
    rows: sorted.map((a) => [a.title, a.reference, ...channelCells(a.counts)]),
    links: sorted.map((a) => `/admin/actions/${a.articleId}/impact`),
  };
}
