import { createHmac, timingSafeEqual } from 'node:crypto';
import { DAY_MS } from './rules.js';

/**
 * Signed links for a subscriber: the preference centre and unsubscribing. Each mail carries its
 * own, so nothing is stored per message: the link is `<id>.<expiry>.<HMAC>`, the HMAC over the
 * purpose, the subscriber's id, the expiry and their address under a server key. The address
 * is signed but not written in the link: a link of a person who erased their data opens nothing,
 * even for a later subscriber under the same id.
 */
export const LINK_PURPOSES = ['manage', 'unsubscribe'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/**
 * How long a link works. People unsubscribe from mail weeks old, so that link lasts a season;
 * a preference link opens what a person follows and their data export, so it lasts a month.
 */
export const LINK_DAYS: Record<LinkPurpose, number> = { unsubscribe: 90, manage: 30 };

export const LINK_PATH: Record<LinkPurpose, string> = {
  manage: '/subscribe/preferences/',
  unsubscribe: '/subscribe/unsubscribe/',
};

/** The keys links are checked against; the first signs. */
export type LinkKeys = readonly [string, ...string[]];

export interface LinkSubject {
  id: number;
  email: string;
}

const FORMAT = /^([1-9]\d{0,14})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function mac(key: string, purpose: LinkPurpose, id: number, expiry: number, email: string): string {
  return createHmac('sha256', key)
    .update(`candle-subscriber-link\n${purpose}\n${id}\n${expiry}\n${email}`)
    .digest('base64url');
}

export function signLink(keys: LinkKeys, purpose: LinkPurpose, subject: LinkSubject, now: Date): string {
  const expiry = Math.floor(now.getTime() / 1000) + (LINK_DAYS[purpose] * DAY_MS) / 1000;
  return `${subject.id}.${expiry}.${mac(keys[0], purpose, subject.id, expiry, subject.email)}`;
}

/** The subscriber a link names, if it is well formed: who to load before `verifyLink`. */
export function linkSubjectId(link: string): number | null {
  const m = FORMAT.exec(link);
  return m ? Number(m[1]) : null;
}

export type LinkCheck = { ok: true } | { ok: false; reason: 'unknown' | 'expired' };

/**
 * Whether a link was made by Candle for this purpose and person, and still works. The signature
 * is checked first, so a forged link is only ever "unknown" and learns nothing about expiry.
 */
export function verifyLink(
  keys: LinkKeys,
  purpose: LinkPurpose,
  link: string,
  subject: LinkSubject | undefined,
  now: Date,
): LinkCheck {
  const m = FORMAT.exec(link);
  if (!m || !subject || Number(m[1]) !== subject.id) return { ok: false, reason: 'unknown' };
  const expiry = Number(m[2]);
  const sent = Buffer.from(m[3] as string);
  const genuine = keys.some((key) => {
    const expected = Buffer.from(mac(key, purpose, subject.id, expiry, subject.email));
    return expected.length === sent.length && timingSafeEqual(expected, sent);
  });
  if (!genuine) return { ok: false, reason: 'unknown' };
  if (expiry * 1000 < now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true };
}

export interface SubscriberLinks {
  manageUrl: string;
  unsubscribeUrl: string;
  /** For every message to a subscriber (RFC 2369 and RFC 8058 one-click). */
  listUnsubscribeHeaders: {
    'List-Unsubscribe': string;
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
  };
}

export interface LinkSettings {
  keys: LinkKeys;
  publicUrl: string;
  /** A mailbox that handles unsubscribe requests by mail (UNSUBSCRIBE_MAILTO); none: https only. */
  mailto: string | undefined;
}

/**
 * The links of one message to one subscriber, for the delivery of alerts and digests: the
 * preference centre, the one-click unsubscribe URL, and the headers mail clients show as their
 * own "unsubscribe" button (they POST `List-Unsubscribe=One-Click` to the https URL).
 */
export function subscriberLinksWith(settings: LinkSettings) {
  return (subscriber: LinkSubject, now: Date): SubscriberLinks => {
    const manageUrl = `${settings.publicUrl}${LINK_PATH.manage}${signLink(settings.keys, 'manage', subscriber, now)}`;
    const unsubscribeLink = signLink(settings.keys, 'unsubscribe', subscriber, now);
    const unsubscribeUrl = `${settings.publicUrl}${LINK_PATH.unsubscribe}${unsubscribeLink}`;
    const mailto = settings.mailto
      ? `, <mailto:${settings.mailto}?subject=${encodeURIComponent(`unsubscribe ${unsubscribeLink}`)}>`
      : '';
    return {
      manageUrl,
      unsubscribeUrl,
      listUnsubscribeHeaders: {
        'List-Unsubscribe': `<${unsubscribeUrl}>${mailto}`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    };
  };
}

export type SubscriberLinksFn = ReturnType<typeof subscriberLinksWith>;
