import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type LinkKeys, signLink, subscriberLinksWith, verifyLink } from '../../src/subscriptions/links.js';
import { addressHash, isHard } from '../../src/subscriptions/suppression.js';

const KEY = 'k'.repeat(43);
const OLD = 'o'.repeat(43);
const keys: LinkKeys = [KEY];
const ana = { id: 42, email: 'ana@example.org' };
const now = new Date('2026-12-01T10:00:00Z');
const DAY = 86_400_000;

describe('signed subscriber links', () => {
  it('verify for their purpose and person until they expire', () => {
    const link = signLink(keys, 'manage', ana, now);
    expect(verifyLink(keys, 'manage', link, ana, now)).toEqual({ ok: true });
    expect(verifyLink(keys, 'manage', link, ana, new Date(now.getTime() + 30 * DAY))).toEqual({ ok: true });
    expect(verifyLink(keys, 'manage', link, ana, new Date(now.getTime() + 30 * DAY + 1000))).toEqual({
      ok: false,
      reason: 'expired',
    });
    const unsubscribe = signLink(keys, 'unsubscribe', ana, now);
    expect(verifyLink(keys, 'unsubscribe', unsubscribe, ana, new Date(now.getTime() + 90 * DAY))).toEqual({
      ok: true,
    });
  });

  it('refuse another purpose, another person, the same id with another address, and another key', () => {
    const link = signLink(keys, 'manage', ana, now);
    expect(verifyLink(keys, 'unsubscribe', link, ana, now).ok).toBe(false);
    expect(verifyLink(keys, 'manage', link, { id: 43, email: ana.email }, now).ok).toBe(false);
    expect(verifyLink(keys, 'manage', link, { id: 42, email: 'bea@example.org' }, now).ok).toBe(false);
    expect(verifyLink([OLD], 'manage', link, ana, now).ok).toBe(false);
    expect(verifyLink(keys, 'manage', link, undefined, now).ok).toBe(false);
  });

  it('keep working through a rotation: the previous key still verifies, only the new one signs', () => {
    const before = signLink([OLD], 'manage', ana, now);
    const rotated: LinkKeys = [KEY, OLD];
    expect(verifyLink(rotated, 'manage', before, ana, now)).toEqual({ ok: true });
    const after = signLink(rotated, 'manage', ana, now);
    expect(verifyLink([KEY], 'manage', after, ana, now)).toEqual({ ok: true });
    expect(verifyLink([OLD], 'manage', after, ana, now).ok).toBe(false);
  });

  it('call a forged link unknown even when its expiry has passed (a forger learns nothing)', () => {
    const link = signLink(keys, 'manage', ana, now);
    const [id, expiry] = link.split('.');
    const forged = `${id}.${expiry}.${'A'.repeat(43)}`;
    expect(verifyLink(keys, 'manage', forged, ana, new Date(now.getTime() + 365 * DAY))).toEqual({
      ok: false,
      reason: 'unknown',
    });
  });

  it('refuse any change of any character', () => {
    const link = signLink(keys, 'manage', ana, now);
    fc.assert(
      fc.property(fc.nat(link.length - 1), fc.constantFrom(...'0123456789abcXYZ-_.'), (at, c) => {
        fc.pre(link[at] !== c);
        const changed = link.slice(0, at) + c + link.slice(at + 1);
        const subject = { id: Number(changed.split('.')[0]), email: ana.email };
        expect(verifyLink(keys, 'manage', changed, subject, now).ok).toBe(false);
      }),
    );
  });

  it('make the headers of RFC 2369 and RFC 8058, with a mailto only when a mailbox is configured', () => {
    const https = subscriberLinksWith({ keys, publicUrl: 'https://candle.example', mailto: undefined });
    const links = https(ana, now);
    expect(links.listUnsubscribeHeaders).toEqual({
      'List-Unsubscribe': `<${links.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
    expect(links.unsubscribeUrl.startsWith('https://candle.example/subscribe/unsubscribe/42.')).toBe(true);
    expect(links.manageUrl.startsWith('https://candle.example/subscribe/preferences/42.')).toBe(true);
    const both = subscriberLinksWith({
      keys,
      publicUrl: 'https://candle.example',
      mailto: 'leave@candle.example',
    });
    expect(both(ana, now).listUnsubscribeHeaders['List-Unsubscribe']).toMatch(
      /^<https:\/\/candle\.example\/subscribe\/unsubscribe\/42\.\d+\.[\w-]{43}>, <mailto:leave@candle\.example\?subject=unsubscribe%2042\.\d+\.[\w-]{43}>$/,
    );
  });
});

describe('the suppression list’s hash of an address', () => {
  it('is the same for every spelling of one address, and differs by salt and by address', () => {
    const h = addressHash('salt-one', 'ana@example.org');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(addressHash('salt-one', '  ANA@Example.org ')).toBe(h);
    expect(addressHash('salt-two', 'ana@example.org')).not.toBe(h);
    expect(addressHash('salt-one', 'ana2@example.org')).not.toBe(h);
    expect(h).not.toContain('ana');
  });

  it('treats bounces, complaints and staff’s word as hard; unsubscribing and erasing as soft', () => {
    expect((['bounce', 'complaint', 'manual'] as const).every(isHard)).toBe(true);
    expect(isHard('unsubscribed')).toBe(false);
    expect(isHard('erased')).toBe(false);
  });
});
