import type { Kysely } from 'kysely';
import type { Database, NetworkMessageKind } from '../../platform/db/index.js';
import { formatDate, t } from '../../platform/i18n/index.js';
import { membersByCap, messagesOf, networkTallies, type SendCounts } from './reports.js';

/*
 * The network's part of the campaigner's impact pages (the actions room's `network` slot): its
 * size and growth on the page of every urgent action, and on one urgent action's page what the
 * network's messages about it did. Handed over in app.ts; this room does not import the actions
 * room, so the section is given in the shape its `ImpactSection` reads (checked there by tsc).
 */

type Cell = string | number;
interface Table {
  name: string;
  caption: string;
  columns: Array<{ label: string; kind: 'text' | 'count' | 'day' }>;
  rows: Cell[][];
  foot?: Cell[];
}
export interface NetworkImpactSection {
  heading: string;
  intro?: string;
  chart?: {
    title: string;
    kind: 'lines';
    unit: string;
    data: { days: string[]; series: Array<{ label: string; values: number[] }> };
  };
  tables: Table[];
}

/** How many days the growth shows at most, up to today. */
export const GROWTH_DAYS = 92;
const DAY_MS = 86_400_000;
const dayText = (day: string) => formatDate(`${day}T00:00:00Z`);

export interface GrowthDay {
  day: string;
  /** Members at the end of the day. */
  members: number;
  joins: number;
  leaves: number;
}

/**
 * Every day from the first tally (at most `maxDays` back) to `today`, with the size at its end:
 * every join up to it less every leave, those before the span included.
 */
export function growthOf(
  tallies: ReadonlyArray<{ day: string; joins: number; leaves: number }>,
  today: string,
  maxDays = GROWTH_DAYS,
): GrowthDay[] {
  if (tallies.length === 0) return [];
  const byDay = new Map(tallies.map((r) => [r.day, r]));
  const end = Date.parse(`${today}T00:00:00Z`);
  const first = Math.max(Date.parse(`${tallies[0]!.day}T00:00:00Z`), end - (maxDays - 1) * DAY_MS);
  const firstDay = new Date(first).toISOString().slice(0, 10);
  let members = tallies.filter((r) => r.day < firstDay).reduce((n, r) => n + r.joins - r.leaves, 0);
  const out: GrowthDay[] = [];
  for (let at = first; at <= end; at += DAY_MS) {
    const day = new Date(at).toISOString().slice(0, 10);
    const r = byDay.get(day);
    members += (r?.joins ?? 0) - (r?.leaves ?? 0);
    out.push({ day, members, joins: r?.joins ?? 0, leaves: r?.leaves ?? 0 });
  }
  return out;
}

/** The network's size and growth, and its members by weekly cap. */
export async function networkOverall(db: Kysely<Database>, now: Date): Promise<NetworkImpactSection> {
  const [tallies, caps] = await Promise.all([networkTallies(db), membersByCap(db)]);
  const heading = t('network.impact.heading');
  const growth = growthOf(tallies, now.toISOString().slice(0, 10));
  const size = caps.reduce((n, c) => n + c.members, 0);
  if (growth.length === 0) return { heading, intro: t('network.impact.none'), tables: [] };
  const first = growth[0]!;
  const last = growth.at(-1)!;
  return {
    heading,
    intro: t('network.impact.intro', { members: size }),
    chart: {
      title: t('network.impact.chartTitle'),
      kind: 'lines',
      unit: t('network.impact.unit'),
      data: {
        days: growth.map((g) => g.day),
        series: [{ label: t('network.impact.members'), values: growth.map((g) => g.members) }],
      },
    },
    tables: [
      {
        name: 'growth',
        caption: t('network.impact.growthCaption', { from: dayText(first.day), to: dayText(last.day) }),
        columns: [
          { label: t('network.impact.day'), kind: 'day' },
          { label: t('network.impact.members'), kind: 'count' },
          { label: t('network.impact.joined'), kind: 'count' },
          { label: t('network.impact.left'), kind: 'count' },
        ],
        rows: growth.map((g) => [g.day, g.members, g.joins, g.leaves]),
      },
      {
        name: 'caps',
        caption: t('network.impact.capsCaption'),
        columns: [
          { label: t('network.impact.cap'), kind: 'text' },
          { label: t('network.impact.members'), kind: 'count' },
        ],
        rows: caps.map((c) => [t('network.impact.capValue', { cap: c.cap }), c.members]),
        foot: [t('network.impact.all'), size],
      },
    ],
  };
}

/** The columns of a message's sends, in the order a campaigner reads them. */
export const SEND_COLUMNS = [
  'sent',
  'capped',
  'waiting',
  'failed',
  'dead',
  'suppressed',
  'cancelled',
] as const;
export type SendColumn = (typeof SEND_COLUMNS)[number];

/** A message's sends as the campaigner reads them: queued and sending are both still waiting. */
export function sendColumns(c: SendCounts): Record<SendColumn, number> {
  return {
    sent: c.sent,
    capped: c.capped,
    waiting: c.queued + c.sending,
    failed: c.failed,
    dead: c.dead,
    suppressed: c.suppressed,
    cancelled: c.cancelled,
  };
}

const kindText = (kind: NetworkMessageKind) => t(`network.sends.kind.${kind}`);

/** What the network's messages about one urgent action did; null when it sent none. */
export async function networkForAction(
  db: Kysely<Database>,
  articleId: number,
): Promise<NetworkImpactSection | null> {
  const messages = await messagesOf(db, articleId);
  if (messages.length === 0) return null;
  return {
    heading: t('network.impact.heading'),
    intro: t('network.impact.actionIntro'),
    tables: [
      {
        name: 'sends',
        caption: t('network.impact.sendsCaption'),
        columns: [
          { label: t('network.sends.message'), kind: 'text' },
          ...SEND_COLUMNS.map((c) => ({ label: t(`network.sends.${c}`), kind: 'count' as const })),
        ],
        rows: messages.map((m) => {
          const c = sendColumns(m.counts);
          return [kindText(m.kind), ...SEND_COLUMNS.map((col) => c[col])];
        }),
      },
    ],
  };
}
