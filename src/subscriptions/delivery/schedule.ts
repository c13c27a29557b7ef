/**
 * When digests go (pure): at a fixed local hour in the site's time zone, daily every day and
 * weekly on one weekday. Local time comes from Intl, so summer time shifts the UTC hour, not the
 * local one.
 */

export interface DigestSchedule {
  /** The local hour digests go (DIGEST_HOUR, 0–23). */
  hour: number;
  /** An IANA time zone (DIGEST_TIME_ZONE). */
  timeZone: string;
}

/** Weekly digests go on Mondays: the start of the working week, when a week's news is read. */
export const WEEKLY_DAY = 'Mon';

const STEP_MS = 15 * 60_000;

function local(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    hour: Number(part('hour')),
    minute: Number(part('minute')),
    weekday: part('weekday'),
  };
}

/**
 * The next moment after `now` the local clock reads the digest hour, on the hour. Stepping by
 * quarter hours finds it in zones offset by a half or three quarters of an hour too; a local hour
 * skipped by a summer-time change is skipped (the next day's goes).
 */
export function nextDigestAt(schedule: DigestSchedule, now: Date): Date {
  let at = Math.floor(now.getTime() / STEP_MS) * STEP_MS + STEP_MS;
  for (let i = 0; i < 4 * 24 * 3; i++, at += STEP_MS) {
    const l = local(new Date(at), schedule.timeZone);
    if (l.hour === schedule.hour && l.minute === 0) return new Date(at);
  }
  throw new Error(`no ${schedule.hour}:00 in ${schedule.timeZone} within three days`);
}

export type DigestFrequency = 'daily' | 'weekly';

/**
 * The digests due at `at` (when the job runs, which may be late) and their periods, named by the
 * local date: the same date whenever that day's job runs, so a job run twice finds its own rows.
 */
export function digestsDue(
  schedule: DigestSchedule,
  at: Date,
): Array<{ frequency: DigestFrequency; period: string }> {
  const l = local(at, schedule.timeZone);
  const out: Array<{ frequency: DigestFrequency; period: string }> = [
    { frequency: 'daily', period: `daily:${l.date}` },
  ];
  if (l.weekday === WEEKLY_DAY) out.push({ frequency: 'weekly', period: `weekly:${l.date}` });
  return out;
}
