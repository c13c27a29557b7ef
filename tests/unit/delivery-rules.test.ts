import { describe, expect, it } from 'vitest';
import {
  type AlertItem,
  domainOf,
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
  it('back off, doubling from five seconds', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const delays = [1, 2, 3, 4].map((n) => retryAt(n, now).getTime() - now.getTime());
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(MAX_ATTEMPTS).toBe(5);
  });
});
