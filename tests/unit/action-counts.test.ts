import { describe, expect, it } from 'vitest';
import {
  countsBucket,
  countsPurgeKey,
  goalProgress,
  noCounts,
  tallyChannels,
} from '../../src/actions/count-rules.js';
import { daySeries, deliveryOf, outcomesOf } from '../../src/actions/impact-rules.js';
import { officeOpen, parseOfficeHours, zonedWeekMinute } from '../../src/actions/rules.js';
import { CountsBlock, ItemCounts } from '../../src/actions/views/counts.js';
import { renderFragment } from '../../src/platform/views/render.js';

const hours = (text: string) => {
  const read = parseOfficeHours(text);
  if (!read.ok) throw new Error('bad office hours');
  return read.ranges;
};

describe('counts per channel', () => {
  it('sums rows per channel and in all, ignoring channels it does not know and the empty join row', () => {
    const counts = tallyChannels([
      { channel: 'email', n: 3 },
      { channel: 'call', n: '2' },
      { channel: 'email', n: 1 },
      { channel: null, n: 0 },
      { channel: 'fax', n: 9 },
    ]);
    expect(counts).toEqual({ email: 4, letter: 0, post: 0, call: 2, total: 6 });
    expect(noCounts().total).toBe(0);
  });

  it('draws the goal as a whole percentage, capped at 100, and none without a goal', () => {
    expect(goalProgress(0, 0)).toBeNull();
    expect(goalProgress(10, -1)).toBeNull();
    expect(goalProgress(1, 3)).toEqual({ percent: 33, reached: false });
    expect(goalProgress(999, 1000)).toEqual({ percent: 99, reached: false });
    expect(goalProgress(1000, 1000)).toEqual({ percent: 100, reached: true });
    expect(goalProgress(2500, 1000)).toEqual({ percent: 100, reached: true });
  });
});

describe('the purge bucket', () => {
  it('puts every instant of five seconds in one bucket, whose purge runs when it ends', () => {
    const a = countsBucket(new Date('2026-12-03T10:00:00.000Z'));
    const b = countsBucket(new Date('2026-12-03T10:00:04.999Z'));
    const c = countsBucket(new Date('2026-12-03T10:00:05.000Z'));
    expect(a.index).toBe(b.index);
    expect(c.index).toBe(a.index + 1);
    expect(a.endsAt.toISOString()).toBe('2026-12-03T10:00:05.000Z');
    expect(countsPurgeKey(7, a.index)).not.toBe(countsPurgeKey(7, c.index));
    expect(countsPurgeKey(7, a.index)).not.toBe(countsPurgeKey(8, a.index));
  });
});

describe('office hours at an instant', () => {
  const tijuana = hours('Mon-Fri 09:00-15:00');

  it('reads the weekday and time in the target’s zone, daylight saving included', () => {
    // Friday 16:00 in Tijuana (UTC-7 in summer), Saturday in UTC.
    expect(zonedWeekMinute(new Date('2020-07-10T23:00:00Z'), 'America/Tijuana')).toEqual({
      day: 4,
      minute: 16 * 60,
    });
    // In winter Tijuana is UTC-8.
    expect(zonedWeekMinute(new Date('2020-12-07T17:00:00Z'), 'America/Tijuana')).toEqual({
      day: 0,
      minute: 9 * 60,
    });
    expect(zonedWeekMinute(new Date('2020-07-06T00:00:00Z'), 'UTC')).toEqual({ day: 0, minute: 0 });
  });

  it('is open inside a range only, its end excluded, and always when no hours are given', () => {
    expect(officeOpen(tijuana, 'America/Tijuana', new Date('2020-07-10T19:00:00Z'))).toBe(true);
    expect(officeOpen(tijuana, 'America/Tijuana', new Date('2020-07-10T16:00:00Z'))).toBe(true); // 09:00
    expect(officeOpen(tijuana, 'America/Tijuana', new Date('2020-07-10T15:59:00Z'))).toBe(false); // 08:59
    expect(officeOpen(tijuana, 'America/Tijuana', new Date('2020-07-10T22:00:00Z'))).toBe(false); // 15:00
    expect(officeOpen(tijuana, 'America/Tijuana', new Date('2020-07-11T19:00:00Z'))).toBe(false); // Saturday
    expect(officeOpen([], 'America/Tijuana', new Date('2020-07-11T19:00:00Z'))).toBe(true);
  });
});

describe('letters per target', () => {
  const rows = [
    { status: 'queued', n: 5 },
    { status: 'sent', n: '7' },
    { status: 'bounced', n: 1 },
    { status: 'dead', n: 2 },
    { status: 'waiting', n: 3 },
    { status: 'unknown', n: 100 },
  ];

  it('shows queued letters as held while the office is closed, and as queued while it is open', () => {
    expect(deliveryOf(rows, false)).toMatchObject({
      queued: 0,
      held: 5,
      sent: 7,
      bounced: 1,
      dead: 2,
      waiting: 3,
    });
    expect(deliveryOf(rows, true)).toMatchObject({ queued: 5, held: 0, sent: 7 });
    const all = deliveryOf(rows, true);
    expect(Object.values(all).reduce((a, b) => a + b, 0)).toBe(18);
  });
});

describe('actions over time', () => {
  it('fills the days between the first and the last with zeros, in order', () => {
    const series = daySeries([
      { day: '2020-07-10', channel: 'call', n: 2 },
      { day: '2020-07-08', channel: 'email', n: 3 },
      { day: '2020-07-08', channel: 'letter', n: 1 },
      { day: 'not a day', channel: 'email', n: 50 },
    ]);
    expect(series.map((d) => d.day)).toEqual(['2020-07-08', '2020-07-09', '2020-07-10']);
    expect(series[0]!.counts).toEqual({ email: 3, letter: 1, post: 0, call: 0, total: 4 });
    expect(series[1]!.counts.total).toBe(0);
    expect(series[2]!.counts.call).toBe(2);
    expect(daySeries([])).toEqual([]);
  });

  it('keeps the latest days only, across a month’s end', () => {
    const series = daySeries(
      [
        { day: '2020-01-01', channel: 'post', n: 1 },
        { day: '2020-03-01', channel: 'post', n: 4 },
      ],
      3,
    );
    expect(series.map((d) => d.day)).toEqual(['2020-02-28', '2020-02-29', '2020-03-01']);
  });
});

describe('call outcomes', () => {
  it('totals the four outcomes, and none or an unknown one as not said', () => {
    expect(
      outcomesOf([
        { detail: 'answered', n: 2 },
        { detail: 'voicemail', n: '1' },
        { detail: 'wrong-number', n: 4 },
        { detail: '', n: 3 },
        { detail: 'shouted', n: 1 },
      ]),
    ).toEqual({ answered: 2, voicemail: 1, refused: 0, 'wrong-number': 4, unsaid: 4 });
  });
});

describe('the counts as HTML', () => {
  it('names the goal bar by the sentence that says it in words, and points the script at the fragment', () => {
    const html = renderFragment(
      CountsBlock({
        articleId: 42,
        counts: { email: 1200, letter: 3, post: 0, call: 1, total: 1204 },
        goal: 5000,
      }),
    );
    expect(html).toContain('data-counts-src="/actions/42/counts"');
    expect(html).toContain('1,204 actions taken');
    expect(html).toContain('Emails: <strong>1,200</strong>');
    const label =
      /<p id="([^"]+)" class="ua-goal__text">1,204 of our goal of 5,000 actions \(24%\)<\/p>/.exec(html);
    expect(label).not.toBeNull();
    expect(html).toMatch(new RegExp(`<progress[^>]*aria-labelledby="${label![1]}"`));
    expect(html).toContain('>24%</progress>');
  });

  it('shows no goal bar without a goal, and one action in the singular', () => {
    const html = renderFragment(
      ItemCounts({ articleId: 7, counts: { email: 0, letter: 0, post: 1, call: 0, total: 1 }, goal: 0 }),
    );
    expect(html).toContain('1 action taken');
    expect(html).not.toContain('<progress');
  });
});
