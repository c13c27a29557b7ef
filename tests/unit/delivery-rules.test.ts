import { describe, expect, it } from 'vitest';
import {
  type AlertItem,
  domainOf,
  failureOf,
  followsMatching,
  MAX_ATTEMPTS,
  rateWindow,
  retryAt,
} from '../../src/subscriptions/delivery/rules.js';
import { followValue } from '../../src/subscriptions/rules.js';

const item = (links: Partial<AlertItem> = {}): AlertItem => ({
  articleId: 1,
  title: 't',
  summary: 's',
  path: '/articles/t',
  publishedAt: '2026-12-01T10:00:00.000Z',
  countries: [],
  regions: [],
  topics: [],
  cases: [],
  ...links,
});

describe('which follows an item answers', () => {
  it('answers everything even when it is filed under nothing', () => {
    expect(followsMatching(item()).map(followValue)).toEqual(['everything']);
  });

  it('answers each of its countries, their regions, its topics and cases, each once', () => {
    const follows = followsMatching(item({ countries: [3, 7, 3], regions: [2, 2], topics: [5], cases: [9] }));
    expect(follows.map(followValue)).toEqual([
      'everything',
      'country:3',
      'country:7',
      'region:2',
      'topic:5',
      'case:9',
    ]);
  });

  it('does not confuse a country with a topic of the same id', () => {
    const follows = followsMatching(item({ countries: [4] })).map(followValue);
    expect(follows).toContain('country:4');
    expect(follows).not.toContain('topic:4');
  });
});

describe('the per-domain limit', () => {
  it('counts by the domain after the last @, in lower case', () => {
    expect(domainOf('Ana@Example.ORG')).toBe('example.org');
    expect(domainOf('"a@b"@mail.example.net')).toBe('mail.example.net');
  });

  it('counts in fixed minutes, and a message over the limit waits for the next', () => {
    const w = rateWindow(new Date('2026-12-01T10:00:59.999Z'));
    expect(w.start.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(w.end.toISOString()).toBe('2026-12-01T10:01:00.000Z');
    const next = rateWindow(w.end);
    expect(next.start.toISOString()).toBe(w.end.toISOString());
  });
});

describe('retries', () => {
  it('wait long enough for a greylisting server: 1 min, 5 min, 30 min, 2 h, then the fifth try is the last', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const delays = [1, 2, 3, 4].map((n) => retryAt(n, now).getTime() - now.getTime());
    expect(delays).toEqual([60_000, 300_000, 1_800_000, 7_200_000]);
    expect(MAX_ATTEMPTS).toBe(5);
  });

  it('count a try against the recipient only when the server answered about the message', () => {
    // nodemailer's errors: a refused recipient carries the server's reply code.
    expect(
      failureOf(Object.assign(new Error('550 no such user'), { code: 'EENVELOPE', responseCode: 550 })),
    ).toBe('recipient');
    expect(failureOf(Object.assign(new Error('451 greylisted'), { responseCode: 451 }))).toBe('recipient');
    // No answer at all: the server is down, and that is nobody's try.
    expect(failureOf(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe('server');
    expect(failureOf(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }))).toBe(
      'server',
    );
    expect(failureOf(Object.assign(new Error('221 bye'), { responseCode: 221 }))).toBe('server');
    expect(failureOf('a string')).toBe('server');
    expect(failureOf(null)).toBe('server');
  });
});
