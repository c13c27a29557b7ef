import type { UaEventKind } from '../platform/db/index.js';

/*
 * The pure rules of urgent actions: how a number reads, what status a list of events gives, and
 * how office hours are written. No database, no clock of their own: each takes what it needs.
 */

/** "UA 58/20": the number and the year's last two digits. */
export function formatReference(year: number, number: number): string {
  return `UA ${number}/${String(year % 100).padStart(2, '0')}`;
}

/** "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "112th". */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  switch (n % 10) {
    case 1:
      return `${n}st`;
    case 2:
      return `${n}nd`;
    case 3:
      return `${n}rd`;
    default:
      return `${n}th`;
  }
}

/** How an urgent action is named: "UA 58/20", or an update's "Further information on UA 58/20". */
export interface Numbering {
  reference: string;
  /** 0 for the first of a series. */
  update: number;
}

export function numbering(row: {
  year: number | null;
  number: number | null;
  update_ordinal: number | null;
}): Numbering | null {
  if (row.year === null || row.number === null) return null;
  return { reference: formatReference(row.year, row.number), update: row.update_ordinal ?? 0 };
}

/** The state an urgent action's events leave it in; 'draft' before it is first published. */
export type UaState = 'draft' | 'open' | 'updated' | 'closed' | 'success';

/** Which event may follow which state: open → updated → closed, or → success; success is final. */
const ALLOWED: Record<UaState, readonly UaEventKind[]> = {
  draft: ['opened'],
  open: ['updated', 'closed', 'success'],
  updated: ['updated', 'closed', 'success'],
  // Good news may come after an action was closed (a release months later).
  closed: ['success'],
  success: [],
};

const STATE_OF: Record<UaEventKind, UaState> = {
  opened: 'open',
  updated: 'updated',
  closed: 'closed',
  success: 'success',
};

export function mayFollow(state: UaState, kind: UaEventKind): boolean {
  return ALLOWED[state].includes(kind);
}

/** The state after these events, read in order; an event the rules do not allow is ignored. */
export function stateOf(events: ReadonlyArray<{ kind: UaEventKind }>): UaState {
  let state: UaState = 'draft';
  for (const event of events) if (mayFollow(state, event.kind)) state = STATE_OF[event.kind];
  return state;
}

/** The instant a "take action before" date ends the action: the start of that day, UTC. */
export function deadlineOf(actBefore: string | null): Date | null {
  if (!actBefore || !/^\d{4}-\d{2}-\d{2}$/.test(actBefore)) return null;
  const at = new Date(`${actBefore}T00:00:00Z`);
  // JavaScript rolls 30 February over into March: only a day that exists is a date.
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== actBefore ? null : at;
}

export interface UaStatus {
  state: UaState;
  /** Whether supporters are asked to act now: open or updated, and before its date. */
  open: boolean;
  /** Past its "take action before" date (whatever the events say). */
  expired: boolean;
}

export function statusOf(
  events: ReadonlyArray<{ kind: UaEventKind }>,
  actBefore: string | null,
  now: Date,
): UaStatus {
  const state = stateOf(events);
  const deadline = deadlineOf(actBefore);
  const expired = deadline !== null && now.getTime() >= deadline.getTime();
  return { state, expired, open: (state === 'open' || state === 'updated') && !expired };
}

// ---------------------------------------------------------------------------------------------
// Office hours: one range a line, "Mon-Fri 09:00-17:00", "Sat 10:00-13:30".

export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** A weekday (0 = Monday) and minutes after midnight, in the target's time zone; `to` is exclusive. */
export interface OfficeRange {
  day: number;
  from: number;
  to: number;
}

export type OfficeHoursRead =
  | { ok: true; ranges: OfficeRange[] }
  | { ok: false; line: number; problem: string };

const LINE = /^([A-Za-z]{3})(?:\s*-\s*([A-Za-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/;

function dayIndex(name: string): number {
  return WEEKDAYS.findIndex((d) => d.toLowerCase() === name.toLowerCase());
}

function minutes(h: string, m: string): number | null {
  const hours = Number(h);
  const mins = Number(m);
  if (mins > 59 || hours > 24 || (hours === 24 && mins !== 0)) return null;
  return hours * 60 + mins;
}

/**
 * Reads office hours as a campaigner writes them. Empty text is no office hours (unknown). A line
 * must name a day or a span of days and a range that starts before it ends, and two ranges of the
 * same day may not overlap. Times are in the target's own time zone.
 */
export function parseOfficeHours(text: string): OfficeHoursRead {
  const ranges: OfficeRange[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) return { ok: false, line: i + 1, problem: 'form' };
    const first = dayIndex(m[1]!);
    const last = m[2] ? dayIndex(m[2]) : first;
    if (first < 0 || last < 0) return { ok: false, line: i + 1, problem: 'day' };
    if (last < first) return { ok: false, line: i + 1, problem: 'days-order' };
    const from = minutes(m[3]!, m[4]!);
    const to = minutes(m[5]!, m[6]!);
    if (from === null || to === null) return { ok: false, line: i + 1, problem: 'time' };
    if (from >= to) return { ok: false, line: i + 1, problem: 'range' };
    for (let day = first; day <= last; day++) {
      if (ranges.some((r) => r.day === day && r.from < to && from < r.to)) {
        return { ok: false, line: i + 1, problem: 'overlap' };
      }
      ranges.push({ day, from, to });
    }
  }
  ranges.sort((a, b) => a.day - b.day || a.from - b.from);
  return { ok: true, ranges };
}

/** Minutes after midnight as "09:30". */
export const hhmm = (n: number) =>
  `${String(Math.floor(n / 60)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;

/** Office hours as lines to show ("Mon 09:00–17:00"), one per range. */
export function describeOfficeHours(ranges: readonly OfficeRange[]): string[] {
  return ranges.map((r) => `${WEEKDAYS[r.day]} ${hhmm(r.from)}–${hhmm(r.to)}`);
}

// ---------------------------------------------------------------------------------------------
// Office hours at an instant: the letters' dispatcher holds letters by it, the impact page shows them held.

const weekdayClock = new Map<string, Intl.DateTimeFormat>();

/** The weekday (0 = Monday) and minutes after midnight of an instant in a time zone. */
export function zonedWeekMinute(at: Date, timeZone: string): { day: number; minute: number } {
  let format = weekdayClock.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    weekdayClock.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    day: WEEKDAYS.indexOf(parts.weekday as (typeof WEEKDAYS)[number]),
    minute: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/**
 * Whether an office is open at an instant: in one of its ranges, read in its own time zone. No
 * ranges (office hours not known) is open: nothing is held for hours nobody gave.
 */
export function officeOpen(ranges: readonly OfficeRange[], timeZone: string, at: Date): boolean {
  if (ranges.length === 0) return true;
  const { day, minute } = zonedWeekMinute(at, timeZone);
  return ranges.some((r) => r.day === day && r.from <= minute && minute < r.to);
}

// ---------------------------------------------------------------------------------------------
// A target's contact details, as checked at the edge.

/** Whether the name is a real IANA time zone this runtime knows ("America/Monterrey", "UTC"). */
export function isTimeZone(name: string): boolean {
  // Offsets such as "+01:00" are accepted by newer runtimes but are not zones: they ignore
  // daylight saving time, which is the point of knowing an office's zone.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A phone number as offices print it: an optional +, digits and spaces, dots, dashes, brackets. */
export function isPhone(text: string): boolean {
  if (!/^\+?[0-9 ().\-/]{6,30}$/.test(text)) return false;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 17;
}

/** The `tel:` form of a printed number: the + and the digits. */
export function telHref(phone: string): string {
  return `tel:${phone.startsWith('+') ? '+' : ''}${phone.replace(/\D/g, '')}`;
}

/** Lines of a textarea, trimmed, the empty ones dropped. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** A JSON array of strings as stored; anything else reads as empty. */
export function stringList(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
