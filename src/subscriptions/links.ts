import {
  type LinkCheck,
  type LinkKeys,
  type LinkSubject,
  personLinkId,
  signPersonLink,
  verifyPersonLink,
} from '../platform/http/signed-link.js';

/**
 * Signed links for a subscriber: the preference centre, unsubscribing, and leaving the Urgent
 * Action Network (a member's one-click in the network's messages). Each mail carries its own, so
 * nothing is stored per message (`platform/http/signed-link.ts`: `<id>.<expiry>.<HMAC>`); each
 * purpose is signed apart, so one opens nothing of another's.
 */
export const LINK_PURPOSES = ['manage', 'unsubscribe', 'leave-network'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];
/** The links a message's List-Unsubscribe carries: what one click stops. */
export type StopPurpose = Exclude<LinkPurpose, 'manage'>;
export type { LinkCheck, LinkKeys, LinkSubject };

/**
 * How long a link works. People unsubscribe from mail weeks old, so that link lasts a season;
 * a preference link opens what a person follows and their data export, so it lasts a month.
 */
export const LINK_DAYS: Record<LinkPurpose, number> = { unsubscribe: 90, 'leave-network': 90, manage: 30 };

export const LINK_PATH: Record<LinkPurpose, string> = {
  manage: '/subscribe/preferences/',
  unsubscribe: '/subscribe/unsubscribe/',
  'leave-network': '/network/leave/',
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

/** For every message to a subscriber or supporter (RFC 2369 and RFC 8058 one-click). */
// A type, not an interface: it goes where any headers may (`Record<string, string>`).
export type ListUnsubscribeHeaders = {
  'List-Unsubscribe': string;
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click';
};

export interface SubscriberLinks {
  manageUrl: string;
  /** The one-click link of the message: unsubscribing, or (network members) leaving the network. */
  unsubscribeUrl: string;
  listUnsubscribeHeaders: ListUnsubscribeHeaders;
}

/**
 * The headers mail clients show as their own "unsubscribe" button: the https link, which they
 * POST `List-Unsubscribe=One-Click` to, and a mailto when a mailbox handles requests by mail (its
 * subject: what to do, a space, the link: `unsubscribe <link>`, `leave-network <link>`,
 * `stop-hearing <link>`, each the last part of the https link's path).
 */
export function listUnsubscribeHeaders(
  url: string,
  mailto: string | undefined,
  subject: string,
): ListUnsubscribeHeaders {
  const byMail = mailto ? `, <mailto:${mailto}?subject=${encodeURIComponent(subject)}>` : '';
  return { 'List-Unsubscribe': `<${url}>${byMail}`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

export interface LinkSettings {
  keys: LinkKeys;
  publicUrl: string;
  /** A mailbox that handles unsubscribe requests by mail (UNSUBSCRIBE_MAILTO); none: https only. */
  mailto: string | undefined;
}

/**
 * The links of one message to one subscriber, for the delivery of alerts, digests and the
 * network's messages to members: the preference centre, the one-click URL (`stop`: unsubscribing
 * from everything, or leaving the network), and its List-Unsubscribe headers. `mailto` is the
 * settings' mailbox, for the messages whose one-click is not a subscriber's (network/delivery.ts).
 */
export function subscriberLinksWith(settings: LinkSettings) {
  const links = (subscriber: LinkSubject, now: Date, stop: StopPurpose = 'unsubscribe'): SubscriberLinks => {
    const manageUrl = `${settings.publicUrl}${LINK_PATH.manage}${signLink(settings.keys, 'manage', subscriber, now)}`;
    const stopLink = signLink(settings.keys, stop, subscriber, now);
    const unsubscribeUrl = `${settings.publicUrl}${LINK_PATH[stop]}${stopLink}`;
    return {
      manageUrl,
      unsubscribeUrl,
      listUnsubscribeHeaders: listUnsubscribeHeaders(unsubscribeUrl, settings.mailto, `${stop} ${stopLink}`),
    };
  };
  return Object.assign(links, { mailto: settings.mailto });
}

export type SubscriberLinksFn = ReturnType<typeof subscriberLinksWith>;
