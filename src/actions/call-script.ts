import { t as english, type Translate } from '../platform/i18n/index.js';
import { hhmm, type OfficeRange, WEEKDAYS } from './rules.js';

/*
 * The call channel's pure rules: what a supporter says on the phone (in their own language, built
 * from the target's salutation, the people at risk and the asks) and the target's office hours
 * seen from another time zone. No clock of their own: the moment is passed in.
 */

export interface CallScriptInput {
  /** "Señor Gobernador", or empty. */
  salutation: string;
  /** Who is called, as the page names them ("Ing. Jaime Bonilla Valdez"). */
  targetName: string;
  people: readonly string[];
  asks: readonly string[];
  /** "UA 87/20", or null before numbering. */
  reference: string | null;
}

export interface CallScript {
  /** Whom the greeting addresses (the salutation, else the name): the official's own words. */
  addressed: string;
  greeting: string;
  about: string;
  /** What leads to the asks ("I respectfully ask that you:"), empty when there are none. */
  asksIntro: string;
  asks: string[];
  closing: string;
  voicemail: string;
}

/*
 * Making an Intl formatter costs about as much as drawing the rest of an urgent action's page
 * (its ICU data is loaded and parsed each time); each is kept per its only input, a locale or a
 * zone, both from short lists (the catalogue's languages, the targets' validated zones).
 */
const lists = new Map<string, Intl.ListFormat>();
const offsetNames = new Map<string, Intl.DateTimeFormat>();

/** "A, B and C" in the supporter's language. */
export function listOf(items: readonly string[], locale: string): string {
  let format = lists.get(locale);
  if (!format) {
    format = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
    lists.set(locale, format);
  }
  return format.format(items);
}

/** What to say, paragraph by paragraph, in the language of `t` (the supporter's, English today). */
export function callScript(input: CallScriptInput, t: Translate = english, locale = 'en'): CallScript {
  const people = input.people.length > 0 ? listOf(input.people, locale) : t('call.script.theirCase');
  const addressed = input.salutation || input.targetName;
  return {
    addressed,
    greeting: t('call.script.greeting', { addressed }),
    about: input.reference
      ? t('call.script.aboutNumbered', { people, reference: input.reference })
      : t('call.script.about', { people }),
    asksIntro: input.asks.length > 0 ? t('call.script.asks') : '',
    asks: [...input.asks],
    closing: t('call.script.closing'),
    voicemail: t('call.script.voicemail', { people }),
  };
}

const MINUTES_A_WEEK = 7 * 24 * 60;

/** The zone's offset from UTC at that moment, in minutes ("America/Tijuana" in June: -420). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  let format = offsetNames.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetNames.set(timeZone, format);
  }
  const name = format.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value;
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!m?.[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** A range of the week in UTC: minutes after Monday 00:00, `end` exclusive, possibly past Sunday. */
export interface WeekRange {
  start: number;
  end: number;
}

/**
 * Office hours written in the target's zone as ranges of the week in UTC, with the zone's offset at
 * that moment (a week seen around `at`: a page shown across a change of daylight saving time is an
 * hour out until it is drawn again, which a hint can bear).
 */
export function officeHoursInUtc(ranges: readonly OfficeRange[], timeZone: string, at: Date): WeekRange[] {
  const offset = zoneOffsetMinutes(timeZone, at);
  return ranges.map((r) => {
    const start = (((r.day * 1440 + r.from - offset) % MINUTES_A_WEEK) + MINUTES_A_WEEK) % MINUTES_A_WEEK;
    return { start, end: start + (r.to - r.from) };
  });
}

/** "Mon 16:00–22:00", or "Fri 22:00–Sat 02:00" across midnight: a UTC range seen at an offset. */
export function describeWeekRange(range: WeekRange, offsetMinutes = 0): string {
  const start = (((range.start + offsetMinutes) % MINUTES_A_WEEK) + MINUTES_A_WEEK) % MINUTES_A_WEEK;
  const end = start + (range.end - range.start);
  const dayOf = (m: number) => WEEKDAYS[Math.floor(m / 1440) % 7]!;
  const time = (m: number) => hhmm(m % 1440);
  const sameDay = Math.floor(start / 1440) === Math.floor((end - 1) / 1440);
  if (sameDay) {
    // 24:00 reads better than the next day's 00:00 for an office closing at midnight.
    const endTime = end % 1440 === 0 ? '24:00' : time(end);
    return `${dayOf(start)} ${time(start)}–${endTime}`;
  }
  return `${dayOf(start)} ${time(start)}–${dayOf(end)} ${time(end)}`;
}

/** A stretch of the week's hours as a line shows it: a day (0 = Monday) and times, or a whole text. */
export type HoursItem = { day: number; from: number; to: number } | { text: string; at: number };

/**
 * Lines for a list of hours, days with the same times gathered ("Mon–Fri 09:00–15:00"), in the
 * order of the week; a range across midnight stands on its own line.
 */
export function groupHours(items: readonly HoursItem[]): string[] {
  const byTimes = new Map<string, { days: number[]; first: number }>();
  const lines: Array<{ at: number; text: string }> = [];
  for (const item of items) {
    if ('text' in item) {
      lines.push({ at: item.at, text: item.text });
      continue;
    }
    const times = `${hhmm(item.from)}–${item.to === 1440 ? '24:00' : hhmm(item.to)}`;
    const group = byTimes.get(times) ?? { days: [], first: item.day * 1440 + item.from };
    if (!group.days.includes(item.day)) group.days.push(item.day);
    group.first = Math.min(group.first, item.day * 1440 + item.from);
    byTimes.set(times, group);
  }
  for (const [times, group] of byTimes) {
    const days = [...group.days].sort((a, b) => a - b);
    const runs: string[] = [];
    for (let i = 0; i < days.length; i++) {
      let j = i;
      while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
      runs.push(j === i ? WEEKDAYS[days[i]!]! : `${WEEKDAYS[days[i]!]}–${WEEKDAYS[days[j]!]}`);
      i = j;
    }
    lines.push({ at: group.first, text: `${runs.join(', ')} ${times}` });
  }
  return lines.sort((a, b) => a.at - b.at).map((l) => l.text);
}

/** Office ranges as written (the target's zone), gathered by `groupHours`. */
export function officeHoursLines(ranges: readonly OfficeRange[]): string[] {
  return groupHours(ranges.map((r) => ({ day: r.day, from: r.from, to: r.to })));
}

/** Ranges of the week in UTC seen at an offset, gathered by `groupHours`. */
export function weekRangeLines(ranges: readonly WeekRange[], offsetMinutes = 0): string[] {
  return groupHours(
    ranges.map((range) => {
      const start = (((range.start + offsetMinutes) % MINUTES_A_WEEK) + MINUTES_A_WEEK) % MINUTES_A_WEEK;
      const length = range.end - range.start;
      const day = Math.floor(start / 1440);
      const from = start % 1440;
      return from + length <= 1440
        ? { day, from, to: from + length }
        : { text: describeWeekRange(range, offsetMinutes), at: start };
    }),
  );
}
