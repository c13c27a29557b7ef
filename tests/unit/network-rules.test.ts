import { describe, expect, it } from 'vitest';
import { speechOf } from '../../src/subscriptions/delivery/message.js';
import { whatTheyDid } from '../../src/subscriptions/network/delivery.js';
import { signStopLink, stopLinkParts, verifyStopLink } from '../../src/subscriptions/network/links.js';
import { capReason, joinFormSchema, withinCap } from '../../src/subscriptions/network/rules.js';

describe('the weekly cap', () => {
  it('mails while what was sent and what newer waits stay under the cap', () => {
    expect(withinCap(1, 0, 0)).toBe(true);
    expect(withinCap(1, 1, 0)).toBe(false);
    // The older of two waiting gives the room to the newer.
    expect(withinCap(1, 0, 1)).toBe(false);
    expect(withinCap(3, 1, 1)).toBe(true);
    expect(capReason(3, 2, 1)).toBe('weekly cap 3: 2 sent in the last 7 days, 1 newer waiting');
  });
});

describe('the join form', () => {
  const base = {
    email: 'ana@example.org',
    language: 'en',
    consent: 'yes',
    wording: 'a'.repeat(64),
    source_page: '/x',
  };
  it('takes a cap from the offered ones and the network’s kinds of follow only', () => {
    const ok = joinFormSchema().safeParse({
      ...base,
      cap: '5',
      follow: ['country:3', 'case:4', 'everything'],
    });
    expect(ok.data?.follow).toEqual([
      { kind: 'country', targetId: 3 },
      { kind: 'everything', targetId: 0 },
    ]);
    expect(joinFormSchema().safeParse({ ...base, cap: '4', follow: ['everything'] }).success).toBe(false);
    expect(joinFormSchema().safeParse({ ...base, cap: '5', follow: ['case:4'] }).success).toBe(false);
    expect(
      joinFormSchema().safeParse({ ...base, cap: '5', follow: ['everything'], consent: '' }).success,
    ).toBe(false);
  });
});

describe('the stop link', () => {
  const keys = ['k'.repeat(32)] as const;
  const now = new Date('2026-12-01T00:00:00Z');
  it('opens only for the supporter and series it was made for, until it expires', () => {
    const link = signStopLink(keys, { id: 7, email: 'a@b.test' }, 42, now);
    expect(stopLinkParts(link)).toEqual({ supporterId: 7, seriesId: 42 });
    expect(verifyStopLink(keys, link, { id: 7, email: 'a@b.test' }, now)).toBe(true);
    expect(verifyStopLink(keys, link, { id: 7, email: 'other@b.test' }, now)).toBe(false);
    expect(verifyStopLink(keys, link.replace('.42.', '.43.'), { id: 7, email: 'a@b.test' }, now)).toBe(false);
    expect(verifyStopLink(['x'.repeat(32)], link, { id: 7, email: 'a@b.test' }, now)).toBe(false);
    expect(verifyStopLink(keys, link, { id: 7, email: 'a@b.test' }, new Date('2027-12-01T00:00:00Z'))).toBe(
      false,
    );
  });
});

describe('what their letters did', () => {
  it('says each channel they used, the letters delivered, and the outcome', () => {
    const { t } = speechOf('en');
    const did = {
      channels: new Map([
        ['email', 2],
        ['call', 1],
      ]),
      lettersSent: 3,
    };
    expect(whatTheyDid(t, 'success', 'She was released.', did)).toEqual([
      'What you did: 2 letter(s) emailed, 1 call(s).',
      '3 of your letters reached the officials.',
      'Thank you: your actions were part of the pressure that led to this. She was released.',
    ]);
    expect(whatTheyDid(t, 'closed', '', undefined)[0]).toBe('You acted on this urgent action.');
  });
});
