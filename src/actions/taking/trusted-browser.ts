import {
  type LinkKeys,
  personLinkId,
  signPersonLink,
  verifyPersonLink,
} from '../../platform/http/signed-link.js';

/*
 * A browser its owner confirmed their address from. An address confirmed once is not proof that
 * the next person typing it is its owner: anyone who knows it could otherwise have letters sent
 * in its owner's name. So an action counts at once only when the address is confirmed and the
 * browser carries this cookie, set when the owner pressed the confirmation button in it; from any
 * other browser, a confirmed supporter's action waits for a fresh link like a new supporter's.
 * The cookie holds the supporter's id, an expiry and an HMAC bound to their address (nothing to
 * read, nothing shared with another site), and is sent only to /actions/: the urgent actions'
 * pages stay the same cached bytes for everyone.
 */

export const TRUST_COOKIE = 'candle_supporter';
const CONTEXT = 'candle-supporter-browser';
/** A year: people act a few times a year, and each confirmation renews it. */
export const TRUST_DAYS = 365;

export function trustCookieValue(
  keys: LinkKeys,
  supporter: { id: number; email: string },
  now: Date,
): string {
  return signPersonLink(keys, CONTEXT, supporter, TRUST_DAYS, now);
}

/** How the cookie is set (@fastify/cookie's options): for /actions only, never read by scripts. */
export function trustCookieOptions(secure: boolean) {
  return {
    path: '/actions',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure,
    maxAge: TRUST_DAYS * 24 * 60 * 60,
  };
}

/** Whether this browser's cookie was given to this supporter (by id and address) and still holds. */
export function browserTrusted(
  keys: LinkKeys,
  cookie: string | null,
  supporter: { id: number; email: string } | undefined,
  now: Date,
): boolean {
  if (!cookie || !supporter || personLinkId(cookie) !== supporter.id) return false;
  return verifyPersonLink(keys, CONTEXT, cookie, supporter, now).ok;
}
