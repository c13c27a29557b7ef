/** A subscriber's own links, printed in every message and given as List-Unsubscribe headers. */
export interface SubscriberLinks {
  /** The preference centre (a signed, expiring link). */
  manageUrl: string;
  /** One-click unsubscribe (RFC 8058): a POST to this address unsubscribes, no question asked. */
  unsubscribeUrl: string;
  /** `mailto:` unsubscribe, for clients that offer only that. */
  unsubscribeMailto?: string;
}

/**
 * The place where the preference-centre and unsubscribe links come from. Branch `rights` (issue 12,
 * items 4 and 8) provides signed links; until then there are none, and messages say how to reach
 * one's subscription without them (sign up again: a confirmed address is mailed a manage link).
 */
export function subscriberLinks(_subscriberId: number, _now: Date): SubscriberLinks | null {
  return null;
}

/** RFC 2369 and RFC 8058 headers for the links, or none. */
export function listUnsubscribeHeaders(links: SubscriberLinks | null): Record<string, string> | undefined {
  if (!links) return undefined;
  const targets = [`<${links.unsubscribeUrl}>`];
  if (links.unsubscribeMailto) targets.push(`<${links.unsubscribeMailto}>`);
  return {
    'List-Unsubscribe': targets.join(', '),
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  };
}
