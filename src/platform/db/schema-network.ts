import type { Generated } from 'kysely';

type Timestamp = string;

/** A network message's send-log status: the alerts' statuses, and `capped` (over the member's weekly cap). */
export const NETWORK_DELIVERY_STATUSES = [
  'queued',
  'sending',
  'sent',
  'failed',
  'dead',
  'cancelled',
  'capped',
] as const;
export type NetworkDeliveryStatus = (typeof NETWORK_DELIVERY_STATUSES)[number];

export const NETWORK_MESSAGE_KINDS = ['action', 'update', 'closed', 'success'] as const;
/** `action`: a new urgent action, to members; the others: to those who acted on its series. */
export type NetworkMessageKind = (typeof NETWORK_MESSAGE_KINDS)[number];

/** A subscriber in the Urgent Action Network (migration 032). */
export interface NetworkMemberTable {
  subscriber_id: number;
  weekly_cap: number;
  wording_hash: string | null;
  /** The confirmation link (SHA-256) whose press confirms this membership. */
  token_hash: string | null;
  requested_at: Timestamp;
  confirmed_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface NetworkFollowTable {
  subscriber_id: number;
  kind: 'country' | 'region' | 'topic' | 'everything';
  target_id: number;
}

export interface NetworkMessageTable {
  id: Generated<number>;
  kind: NetworkMessageKind;
  article_id: number;
  series_id: number;
  title: string;
  summary: Generated<string>;
  path: string;
  reference: Generated<string>;
  note: Generated<string>;
  item_language: string | null;
  /** JSON: for `action`, the follows it answers (`[{"kind":"country","targetId":3},…]`). */
  follows: Generated<string>;
  /** JSON: for `action`, the channels its page offers (`["letter","call"]`), each linked. */
  channels: Generated<string>;
  published_at: Timestamp;
  created_at: Timestamp;
  fanned_out_at: Timestamp | null;
  withdrawn_at: Timestamp | null;
}

/** The send log of network messages: one row per (message, supporter or member). */
export interface NetworkDeliveryTable {
  message_id: number;
  supporter_id: number | null;
  subscriber_id: number | null;
  status: NetworkDeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  claimed_until: Timestamp | null;
  sent_at: Timestamp | null;
  /** The refusal's text, or why a member was not mailed (`capped`). */
  last_error: string | null;
}

export interface HearBackEventTable {
  id: Generated<number>;
  supporter_id: number;
  series_id: number;
  kind: 'withdrawn';
  wording_hash: string | null;
  source_page: Generated<string>;
  occurred_at: Timestamp;
}

/** Memberships confirmed and ended per UTC day (migration 036), written by membership.ts. */
export interface NetworkTallyTable {
  /** YYYY-MM-DD, UTC. */
  day: string;
  joins: number;
  leaves: number;
}

export interface NetworkTables {
  network_tallies: NetworkTallyTable;
  network_members: NetworkMemberTable;
  network_follows: NetworkFollowTable;
  network_messages: NetworkMessageTable;
  network_deliveries: NetworkDeliveryTable;
  hear_back_events: HearBackEventTable;
  network_event_cursor: { id: number; last_event_id: number };
}
