import { describe, expect, it } from 'vitest';
import {
  deadlineOf,
  describeOfficeHours,
  formatReference,
  isPhone,
  isTimeZone,
  mayFollow,
  numbering,
  ordinal,
  parseOfficeHours,
  stateOf,
  statusOf,
  telHref,
} from '../../src/actions/rules.js';

describe('urgent action numbers', () => {
  it('reads as "UA 58/20"', () => {
    expect(formatReference(2020, 58)).toBe('UA 58/20');
    expect(formatReference(2009, 3)).toBe('UA 3/09');
    expect(formatReference(2100, 1)).toBe('UA 1/00');
  });

  it('names updates by their ordinal', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '101st',
      '111th',
      '112th',
    ]);
    expect(numbering({ year: 2020, number: 58, update_ordinal: 2 })).toEqual({
      reference: 'UA 58/20',
      update: 2,
    });
    expect(numbering({ year: null, number: null, update_ordinal: null })).toBeNull();
  });
});

describe('status from events', () => {
  const e = (...kinds: Array<'opened' | 'updated' | 'closed' | 'success'>) => kinds.map((kind) => ({ kind }));

  it('goes open → updated → closed, or → success', () => {
    expect(stateOf([])).toBe('draft');
    expect(stateOf(e('opened'))).toBe('open');
    expect(stateOf(e('opened', 'updated'))).toBe('updated');
    expect(stateOf(e('opened', 'updated', 'closed'))).toBe('closed');
    expect(stateOf(e('opened', 'success'))).toBe('success');
    expect(stateOf(e('opened', 'closed', 'success'))).toBe('success');
  });

  it('ignores an event the rules do not allow', () => {
    expect(stateOf(e('closed'))).toBe('draft');
    expect(stateOf(e('opened', 'success', 'closed'))).toBe('success');
    expect(stateOf(e('opened', 'closed', 'updated'))).toBe('closed');
    expect(mayFollow('success', 'closed')).toBe(false);
    expect(mayFollow('closed', 'closed')).toBe(false);
    expect(mayFollow('draft', 'closed')).toBe(false);
  });

  it('is no longer open from the first moment of its "take action before" day (UTC)', () => {
    const events = e('opened');
    expect(deadlineOf('2020-07-30')?.toISOString()).toBe('2020-07-30T00:00:00.000Z');
    expect(deadlineOf('2020-02-30')).toBeNull();
    expect(deadlineOf('soon')).toBeNull();
    expect(statusOf(events, '2020-07-30', new Date('2020-07-29T23:59:59Z'))).toEqual({
      state: 'open',
      open: true,
      expired: false,
    });
    expect(statusOf(events, '2020-07-30', new Date('2020-07-30T00:00:00Z'))).toEqual({
      state: 'open',
      open: false,
      expired: true,
    });
    expect(statusOf(events, null, new Date('2099-01-01T00:00:00Z')).open).toBe(true);
    expect(statusOf(e('opened', 'closed'), '2099-01-01', new Date('2020-01-01T00:00:00Z')).open).toBe(false);
  });
});

describe('office hours', () => {
  it('reads day spans and ranges, in order', () => {
    const read = parseOfficeHours('Sat 10:00-13:30\n\nmon-Wed 9:00 - 17:00\n');
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.ranges).toEqual([
      { day: 0, from: 540, to: 1020 },
      { day: 1, from: 540, to: 1020 },
      { day: 2, from: 540, to: 1020 },
      { day: 5, from: 600, to: 810 },
    ]);
    expect(describeOfficeHours(read.ranges.slice(3))).toEqual(['Sat 10:00–13:30']);
    expect(parseOfficeHours('')).toEqual({ ok: true, ranges: [] });
    expect(parseOfficeHours('Fri 22:00-24:00').ok).toBe(true);
  });

  it('refuses what is not a sane range, naming the line', () => {
    expect(parseOfficeHours('Mon-Fri 9 to 5')).toEqual({ ok: false, line: 1, problem: 'form' });
    expect(parseOfficeHours('Mon 09:00-17:00\nFun 09:00-10:00')).toEqual({
      ok: false,
      line: 2,
      problem: 'day',
    });
    expect(parseOfficeHours('Fri-Mon 09:00-17:00')).toMatchObject({ ok: false, problem: 'days-order' });
    expect(parseOfficeHours('Mon 17:00-09:00')).toMatchObject({ ok: false, problem: 'range' });
    expect(parseOfficeHours('Mon 09:00-09:00')).toMatchObject({ ok: false, problem: 'range' });
    expect(parseOfficeHours('Mon 25:00-26:00')).toMatchObject({ ok: false, problem: 'time' });
    expect(parseOfficeHours('Mon 09:60-10:00')).toMatchObject({ ok: false, problem: 'time' });
    expect(parseOfficeHours('Mon 24:30-24:45')).toMatchObject({ ok: false, problem: 'time' });
    expect(parseOfficeHours('Mon-Fri 09:00-17:00\nWed 16:59-18:00')).toEqual({
      ok: false,
      line: 2,
      problem: 'overlap',
    });
    // Touching ranges do not overlap: a lunch break.
    expect(parseOfficeHours('Mon 09:00-13:00\nMon 13:00-17:00').ok).toBe(true);
  });
});

describe('contact details', () => {
  it('knows real IANA time zones only', () => {
    expect(isTimeZone('America/Monterrey')).toBe(true);
    expect(isTimeZone('Africa/Nairobi')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('+01:00')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(isTimeZone('America/../etc')).toBe(false);
  });

  it('takes phone numbers in the forms offices print them', () => {
    expect(isPhone('+52 834 318 9400')).toBe(true);
    expect(isPhone('(01) 834-318-9400')).toBe(true);
    expect(isPhone('12345')).toBe(false);
    expect(isPhone('call me')).toBe(false);
    expect(isPhone('+52 834 318 9400 ext 2')).toBe(false);
    expect(telHref('+52 (834) 318-9400')).toBe('tel:+528343189400');
  });
});
