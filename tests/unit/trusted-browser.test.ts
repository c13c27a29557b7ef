import { describe, expect, it } from 'vitest';
import {
  browserTrusted,
  TRUST_DAYS,
  trustCookieOptions,
  trustCookieValue,
} from '../../src/actions/taking/trusted-browser.js';

const keys = ['k1-secret-for-the-test'] as const;
const now = new Date('2026-12-01T10:00:00Z');
const ana = { id: 7, email: 'ana@example.org' };

describe('the browser a supporter confirmed from', () => {
  it('is trusted for that supporter only, until the cookie expires', () => {
    const value = trustCookieValue(keys, ana, now);
    expect(browserTrusted(keys, value, ana, now)).toBe(true);
    // Another supporter, the same id with another address (erased, then reused), or no supporter.
    expect(browserTrusted(keys, value, { id: 8, email: ana.email }, now)).toBe(false);
    expect(browserTrusted(keys, value, { id: 7, email: 'other@example.org' }, now)).toBe(false);
    expect(browserTrusted(keys, value, undefined, now)).toBe(false);
    expect(browserTrusted(keys, null, ana, now)).toBe(false);
    const later = new Date(now.getTime() + (TRUST_DAYS + 1) * 86_400_000);
    expect(browserTrusted(keys, value, ana, later)).toBe(false);
    // Signed under a key rotated out: unknown.
    expect(browserTrusted(['another-key'], value, ana, now)).toBe(false);
    // Altered in any part.
    const [id, expiry, mac] = value.split('.');
    expect(browserTrusted(keys, `${id}.${Number(expiry) + 1}.${mac}`, ana, now)).toBe(false);
  });

  it('is set for /actions only, out of scripts’ reach, for a year', () => {
    expect(trustCookieOptions(true)).toEqual({
      path: '/actions',
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      maxAge: TRUST_DAYS * 86_400,
    });
  });
});
