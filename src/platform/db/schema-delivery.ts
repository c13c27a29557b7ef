import type { Generated } from 'kysely';

type Timestamp = string;

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'dead', 'cancelled'] as const;
/**
 * A message to one subscriber: `queued` → `sending` (claimed, with a lease) → `sent`; a failure
 * goes back to `failed` (retried after a backoff) until the last try, then `dead`. `cancelled`:
 * not sent because the item was withdrawn or the subscriber is no longer confirmed.
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A published item to alert its followers about (migration 018). */
export interface AlertTable {
  id: Generated<number>;
  article_id: number;
  title: string;
  summary: string;
  /** The item's address on the site ("/articles/…"), made absolute with PUBLIC_URL when mailed. */
  path: string;
  /** JSON: the follows that match the item (`[{"kind":"country","targetId":3},…]`). */
  follows: string;
  published_at: Timestamp;
  created_at: Timestamp;
  fanned_out_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
  /** The item's type (`urgent-action`, …), for its label (migration 022); null on older alerts. */
  item_type: Generated<string | null>;
  /** The language the item is written in, when stated (migration 022). */
  item_language: Generated<string | null>;
  /** The lead picture's share copy as a path on the site (migration 022); null: no picture. */
  image_path: Generated<string | null>;
  image_alt: Generated<string>;
  image_caption: Generated<string>;
  image_credit: Generated<string>;
}

/** The send log: one row per (alert, subscriber). */
export interface AlertDeliveryTable {
  alert_id: number;
  subscriber_id: number;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: Timestamp | null;
  sent_at: Timestamp | null;
  last_error: string | null;
}

export interface DigestEntryTable {
  subscriber_id: number;
  alert_id: number;
  created_at: Timestamp;
  /** The digest this entry was gathered into (migration 020); null while it waits. */
  period: string | null;
}

/** `failed`: refused, tried again at `retry_at`; `dead`: refused at every try (migration 029). */
export type DigestStatus = 'sending' | 'sent' | 'empty' | 'failed' | 'dead';

/** One digest message, per subscriber and period (migration 020). */
export interface DigestTable {
  subscriber_id: number;
  /** `daily:2026-12-01` or `weekly:2026-11-30`: the frequency and the local date it went. */
  period: string;
  status: DigestStatus;
  claimed_until: Timestamp | null;
  sent_at: Timestamp | null;
  created_at: Timestamp;
  /** Refusals so far (migration 029). */
  tries: Generated<number>;
  retry_at: Timestamp | null;
  /** The recipient's server's last refusal. */
  error: Generated<string>;
}

export interface DeliveryRateTable {
  domain: string;
  window_start: Timestamp;
  sent: number;
}

export interface DeliveryTables {
  alerts: AlertTable;
  alert_deliveries: AlertDeliveryTable;
  digest_entries: DigestEntryTable;
  digests: DigestTable;
  delivery_rate: DeliveryRateTable;
}
