import type { OutcomeKind, ReplyChannel } from '../../platform/db/index.js';
import { formatDate, type MessageKey, t } from '../../platform/i18n/index.js';
import type { ImpactSummary, MemberFigures } from './store.js';

/** The ledger's pure rules: days, wording of counts, the timeline's order. */

/** A calendar day as forms send it (YYYY-MM-DD) that exists. */
export function isDay(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** Whether a day is after the day (UTC) of `now`: a reply cannot come tomorrow. */
export const isFutureDay = (day: string, now: Date) => day > now.toISOString().slice(0, 10);

const numbers = new Intl.NumberFormat('en');
const plural = new Intl.PluralRules('en');

/** "three" up to ten, then "2,140": numbers in running text as a newsroom writes them. */
export function countWord(n: number): string {
  return n >= 1 && n <= 10 ? t(`ledger.number.${n}` as MessageKey) : numbers.format(n);
}

/** A key with `.one` and `.other` forms, chosen by the count. */
function counted(base: string, n: number, word: string): string {
  const form = plural.select(n) === 'one' ? 'one' : 'other';
  return t(`${base}.${form}` as MessageKey, { count: word });
}

/** "Replies from three authorities"; null when there is no reply. */
export function repliesHeading(authorities: number): string | null {
  return authorities > 0 ? counted('ledger.repliesFrom', authorities, countWord(authorities)) : null;
}

/** "2,140 actions", "3 replies". */
export const actionsText = (n: number) => counted('ledger.impact.actions', n, numbers.format(n));
export const repliesText = (n: number) => counted('ledger.impact.replies', n, numbers.format(n));

/** "released on March 12, 2020". */
export const outcomeText = (kind: OutcomeKind, day: string) =>
  t(`ledger.impact.outcome.${kind}`, { date: formatDate(`${day}T00:00:00Z`) });

export const channelText = (c: ReplyChannel) => t(`ledger.channel.${c}`);
export const outcomeKindText = (k: OutcomeKind) => t(`ledger.outcome.${k}`);

/** Entries in the order they happened: by day, then as recorded. */
export function chronological<T extends { day: string; order: number }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.order - b.order));
}

/** The impact line of these members: their actions and replies added up, and the latest outcome. */
export function impactOf(members: readonly MemberFigures[]): ImpactSummary {
  let actions = 0;
  let replies = 0;
  let latest: MemberFigures['outcome'] = null;
  for (const m of members) {
    actions += m.actions;
    replies += m.replies;
    const o = m.outcome;
    if (o && (!latest || o.day > latest.day || (o.day === latest.day && o.id > latest.id))) latest = o;
  }
  return { actions, replies, outcome: latest && { kind: latest.kind, day: latest.day } };
}
