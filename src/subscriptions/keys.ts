import type { Db } from '../platform/db/index.js';
import { storedSecret } from '../platform/db/secrets.js';
import { type ProofKeys, proofKeys } from '../platform/http/proof-of-work.js';
import { type LinkKeys, type SubscriberLinksFn, subscriberLinksWith } from './links.js';

export interface SubscriberKeySettings {
  publicUrl: string;
  /** LINK_SECRET, LINK_SECRET_PREVIOUS (config.ts): unset, a secret kept in the database signs. */
  linkSecret: string | undefined;
  linkSecretPrevious: string | undefined;
  unsubscribeMailto: string | undefined;
}

export interface SubscriberKeys {
  linkKeys: LinkKeys;
  /** The suppression list's salt: generated once, never rotated (a new one forgets the list). */
  salt: string;
  /** The links and List-Unsubscribe headers of one message to one subscriber (for delivery). */
  subscriberLinks: SubscriberLinksFn;
  /** The sign-up form's proof of work: its signing keys and the key of client hashes. */
  proofKeys: ProofKeys;
}

/** Reads (or makes, the first time) the keys of subscribers' links and of the suppression list. */
export async function loadSubscriberKeys(
  db: Db,
  settings: SubscriberKeySettings,
  now: Date,
): Promise<SubscriberKeys> {
  const signing = settings.linkSecret ?? (await storedSecret(db, 'subscriber-links', now));
  const linkKeys: LinkKeys = settings.linkSecretPrevious ? [signing, settings.linkSecretPrevious] : [signing];
  const salt = await storedSecret(db, 'suppression-salt', now);
  const subscriberLinks = subscriberLinksWith({
    keys: linkKeys,
    publicUrl: settings.publicUrl,
    mailto: settings.unsubscribeMailto,
  });
  // Generated once like the others; replacing it only voids the challenges of the last minutes.
  const proof = proofKeys(await storedSecret(db, 'proof-of-work', now));
  return { linkKeys, salt, subscriberLinks, proofKeys: proof };
}
