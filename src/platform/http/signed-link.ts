import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Links that open a person's own page without an account or a stored token: `<id>.<expiry>.<HMAC>`,
 * the HMAC over a context (which room and purpose), the person's id, the expiry and their address
 * under a server key. The address is signed but not written in the link, so a link of a person who
 * erased their data opens nothing, even for a later person under the same id. Each room names its
 * own context, so a link made for one purpose never opens another.
 */

/** The keys links are checked against; the first signs (older ones keep working while rotated out). */
export type LinkKeys = readonly [string, ...string[]];

export interface LinkSubject {
  id: number;
  email: string;
}

export type LinkCheck = { ok: true } | { ok: false; reason: 'unknown' | 'expired' };

const FORMAT = /^([1-9]\d{0,14})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;
const DAY_S = 24 * 60 * 60;

function mac(key: string, context: string, id: number, expiry: number, email: string): string {
  return createHmac('sha256', key).update(`${context}\n${id}\n${expiry}\n${email}`).digest('base64url');
}

export function signPersonLink(
  keys: LinkKeys,
  context: string,
  subject: LinkSubject,
  days: number,
  now: Date,
): string {
  const expiry = Math.floor(now.getTime() / 1000) + days * DAY_S;
  return `${subject.id}.${expiry}.${mac(keys[0], context, subject.id, expiry, subject.email)}`;
}

/** The person a link names, if it is well formed: who to load before `verifyPersonLink`. */
export function personLinkId(link: string): number | null {
  const m = FORMAT.exec(link);
  return m ? Number(m[1]) : null;
}

/**
 * Whether a link was made by Candle for this context and person, and still works. The signature
 * is checked first, so a forged link is only ever "unknown" and learns nothing about expiry.
 */
export function verifyPersonLink(
  keys: LinkKeys,
  context: string,
  link: string,
  subject: LinkSubject | undefined,
  now: Date,
): LinkCheck {
  const m = FORMAT.exec(link);
  if (!m || !subject || Number(m[1]) !== subject.id) return { ok: false, reason: 'unknown' };
  const expiry = Number(m[2]);
  const sent = Buffer.from(m[3] as string);
  const genuine = keys.some((key) => {
    const expected = Buffer.from(mac(key, context, subject.id, expiry, subject.email));
    return expected.length === sent.length && timingSafeEqual(expected, sent);
  });
  if (!genuine) return { ok: false, reason: 'unknown' };
  if (expiry * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}
