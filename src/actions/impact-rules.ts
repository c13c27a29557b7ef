import { LETTER_STATUSES, type LetterStatus } from '../platform/db/index.js';
import { type ChannelCounts, noCounts, tallyChannels } from './count-rules.js';

/** The pure rules of the campaigner's impact page (impact.ts reads, views/impact.tsx shows). */

// ---------------------------------------------------------------------------------------------
// Letters per target.

/** Where a target's letters are, as the campaigner reads it: a queued letter outside office hours is held. */
export const DELIVERY_COLUMNS = [
  'waiting',
  'queued',
  'held',
  'sending',
  'sent',
  'failed',
  'bounced',
  'dead',
  'cancelled',
] as const;
export type DeliveryColumn = (typeof DELIVERY_COLUMNS)[number];
export type DeliveryCounts = Record<DeliveryColumn, number>;

export const noDelivery = (): DeliveryCounts =>
  Object.fromEntries(DELIVERY_COLUMNS.map((c) => [c, 0])) as DeliveryCounts;

/** A target's letters by status, with the queued ones shown as held while its office is closed. */
export function deliveryOf(
  rows: ReadonlyArray<{ status: string; n: number | string }>,
  officeIsOpen: boolean,
): DeliveryCounts {
  const counts = noDelivery();
  for (const row of rows) {
    if (!(LETTER_STATUSES as readonly string[]).includes(row.status)) continue;
    const status = row.status as LetterStatus;
    const column: DeliveryColumn = status === 'queued' && !officeIsOpen ? 'held' : status;
    counts[column] += Number(row.n);
  }
  return counts;
}

// ---------------------------------------------------------------------------------------------
// Actions over time.

export interface DayCounts {
  /** YYYY-MM-DD, UTC. */
  day: string;
  counts: ChannelCounts;
}

const DAY_MS = 86_400_000;

/**
 * Counted actions per day and channel, every day from the first to the last with one (days
 * without any shown as zero, so a chart's gaps are true), the latest `maxDays` only.
 */
export function daySeries(
  rows: ReadonlyArray<{ day: string; channel: string; n: number | string }>,
  maxDays = 92,
): DayCounts[] {
  const byDay = new Map<string, ChannelCounts>();
  for (const row of rows) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.day)) continue;
    byDay.set(row.day, tallyChannels([row], byDay.get(row.day) ?? noCounts()));
  }
  return daySpan([...byDay.keys()], maxDays).map((day) => ({ day, counts: byDay.get(day) ?? noCounts() }));
}

/**
 * Every UTC day (YYYY-MM-DD) from the earliest of `days` to the latest, the latest `maxDays` only:
 * the slots of a chart over days, none skipped. None given, none returned.
 */
export function daySpan(days: Iterable<string>, maxDays = 92): string[] {
  const sorted = [...days].sort();
  if (sorted.length === 0) return [];
  const last = Date.parse(`${sorted.at(-1)}T00:00:00Z`);
  const first = Math.max(Date.parse(`${sorted[0]}T00:00:00Z`), last - (maxDays - 1) * DAY_MS);
  const span: string[] = [];
  for (let at = first; at <= last; at += DAY_MS) span.push(new Date(at).toISOString().slice(0, 10));
  return span;
}

// ---------------------------------------------------------------------------------------------
// Call outcomes.

export const CALL_OUTCOMES = ['answered', 'voicemail', 'refused', 'wrong-number'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];
export type OutcomeCounts = Record<CallOutcome | 'unsaid', number>;

/** Counted calls by the outcome the supporter gave; none (or one not known) is `unsaid`. */
export function outcomesOf(rows: ReadonlyArray<{ detail: string; n: number | string }>): OutcomeCounts {
  const counts: OutcomeCounts = { answered: 0, voicemail: 0, refused: 0, 'wrong-number': 0, unsaid: 0 };
  for (const row of rows) {
    const outcome = (CALL_OUTCOMES as readonly string[]).includes(row.detail)
      ? (row.detail as CallOutcome)
      : 'unsaid';
    counts[outcome] += Number(row.n);
  }
  return counts;
}
