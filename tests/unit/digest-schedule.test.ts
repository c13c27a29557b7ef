import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { digestsDue, nextDigestAt } from '../../src/subscriptions/delivery/schedule.js';

const madrid = { hour: 8, timeZone: 'Europe/Madrid' };

describe('the digest schedule', () => {
  it('goes at the local hour: 07:00 UTC in a Madrid winter, 06:00 UTC in its summer', () => {
    expect(nextDigestAt(madrid, new Date('2026-12-01T05:00:00Z')).toISOString()).toBe(
      '2026-12-01T07:00:00.000Z',
    );
    expect(nextDigestAt(madrid, new Date('2026-07-01T05:00:00Z')).toISOString()).toBe(
      '2026-07-01T06:00:00.000Z',
    );
  });

  it('goes the next day once the hour has come, and finds it in a zone half an hour off', () => {
    expect(nextDigestAt(madrid, new Date('2026-12-01T07:00:00Z')).toISOString()).toBe(
      '2026-12-02T07:00:00.000Z',
    );
    const india = { hour: 8, timeZone: 'Asia/Kolkata' };
    expect(nextDigestAt(india, new Date('2026-12-01T00:00:00Z')).toISOString()).toBe(
      '2026-12-01T02:30:00.000Z',
    );
  });

  it('keeps the local hour across the change to summer time', () => {
    // Madrid moves to UTC+2 on 29 March 2026.
    expect(nextDigestAt(madrid, new Date('2026-03-28T07:00:00Z')).toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    );
  });

  it('names periods by the local date, and adds the weekly one on Mondays only', () => {
    // 23:30 UTC on Sunday 6 December is 00:30 on Monday 7 December in Madrid.
    const late = { hour: 0, timeZone: 'Europe/Madrid' };
    expect(digestsDue(late, new Date('2026-12-06T23:30:00Z'))).toEqual([
      { frequency: 'daily', period: 'daily:2026-12-07' },
      { frequency: 'weekly', period: 'weekly:2026-12-07' },
    ]);
    expect(digestsDue(madrid, new Date('2026-12-08T07:00:00Z'))).toEqual([
      { frequency: 'daily', period: 'daily:2026-12-08' },
    ]);
  });

  it('is 08:00 UTC unless set, and refuses an hour or zone that is not one', () => {
    expect(loadConfig({}).digest).toEqual({ hour: 8, timeZone: 'UTC' });
    expect(loadConfig({ DIGEST_HOUR: '6', DIGEST_TIME_ZONE: 'America/Mexico_City' }).digest).toEqual({
      hour: 6,
      timeZone: 'America/Mexico_City',
    });
    expect(() => loadConfig({ DIGEST_HOUR: '24' })).toThrow(ConfigError);
    expect(() => loadConfig({ DIGEST_TIME_ZONE: 'Mars/Olympus' })).toThrow(ConfigError);
  });
});
