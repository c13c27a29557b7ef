import {
  type LinkCheck,
  type LinkKeys,
  type LinkSubject,
  personLinkId,
  signPersonLink,
  verifyPersonLink,
} from '../platform/http/signed-link.js';

/**
 * Signed links for a subscriber: the preference centre and unsubscribing. Each mail carries its
 * own, so nothing is stored per message (`platform/http/signed-link.ts`: `<id>.<expiry>.<HMAC>`).
 */
export const LINK_PURPOSES = ['manage', 'unsubscribe'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];
export type { LinkCheck, LinkKeys, LinkSubject };

/**
 * How long a link works. People unsubscribe from mail weeks old, so that link lasts a season;
 * a preference link opens what a person follows and their data export, so it lasts a month.
 */
export const LINK_DAYS: Record<LinkPurpose, number> = { unsubscribe: 90, manage: 30 };

export const LINK_PATH: Record<LinkPurpose, string> = {
  manage: '/subscribe/preferences/',
  unsubscribe: '/subscribe/unsubscribe/',
};

/** The signed context: unchanged since the first links were mailed, so they keep working. */
const context = (purpose: LinkPurpose) => `candle-subscriber-link\n${purpose}`;

export function signLink(keys: LinkKeys, purpose: LinkPurpose, subject: LinkSubject, now: Date): string {
  return signPersonLink(keys, context(purpose), subject, LINK_DAYS[purpose], now);
}

/** The subscriber a link names, if it is well formed: who to load before `verifyLink`. */
export const linkSubjectId = personLinkId;

export function verifyLink(
  keys: LinkKeys,
  purpose: LinkPurpose,
  link: string,
  subject: LinkSubject | undefined,
  now: Date,
): LinkCheck {
  return verifyPersonLink(keys, context(purpose), link, subject, now);
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
