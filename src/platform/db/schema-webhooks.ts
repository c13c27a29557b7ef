import type { Generated } from 'kysely';

type Timestamp = string;

/** What Candle tells other tools of (webhooks/CONTEXT.md); `ping` is an administrator's test. */
export const WEBHOOK_EVENT_KINDS = [
  'action.taken',
  'reply.recorded',
  'outcome.recorded',
  'subscriber.confirmed',
] as const;
export type WebhookEventKind = (typeof WEBHOOK_EVENT_KINDS)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'dead'] as const;
/**
 * `queued` → `sending` (claimed, with a lease) → `sent` (a 2xx answer); anything else → `failed`
 * (tried again after a backoff) until the last try, then `dead` (re-sent only by an administrator).
 */
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** An address another tool receives Candle's events at (migration 030). */
export interface WebhookEndpointTable {
  id: Generated<number>;
  url: string;
  /** What the administrator calls it ("CRM", "Slack bridge"). */
  description: Generated<string>;
  /** The HMAC key deliveries are signed with: kept as it is, since signing needs it. */
  secret: string;
  /** JSON array of the event kinds it is sent. */
  events: string;
  /** 1: `subscriber.confirmed` carries the address; 0 (the default): only the subscriber's id. */
  include_emails: Generated<number>;
  /** 1: sent to; 0: nothing is sent, waiting deliveries go dead. */
  active: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One event for one endpoint: the delivery log. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  endpoint_id: number;
  /** An event kind, or `ping`. */
  event: string;
  /** The exact JSON body sent (and signed) at every try. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: Timestamp | null;
  /** The HTTP status of the last answer; null: none (refused, timed out, never tried). */
  last_status: number | null;
  last_error: Generated<string>;
  sent_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookTables {
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
}
