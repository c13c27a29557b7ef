import type { Generated } from 'kysely';

type Timestamp = string;

export const UA_EVENT_KINDS = ['opened', 'updated', 'closed', 'success'] as const;
/** What happened to an urgent action; its status is the latest of these (actions/rules.ts). */
export type UaEventKind = (typeof UA_EVENT_KINDS)[number];

/** The last urgent-action number handed out in a year (migration 024). */
export interface UaNumberTable {
  year: number;
  last_number: number;
}

/** An urgent action's details: one row per article of type urgent action (migration 024). */
export interface UrgentActionTable {
  article_id: number;
  /** The urgent action this one is further information on, as the campaigner chose it. */
  follows_id: number | null;
  /** The article id of the series' first urgent action; null until numbered. */
  series_id: number | null;
  year: number | null;
  number: number | null;
  /** 0 for the first of a series, 1 for its first update, and so on; null until numbered. */
  update_ordinal: number | null;
  /** On a series' first: how many update ordinals were ever given (never given twice). */
  updates_given: Generated<number>;
  document_index: Generated<string>;
  /** YYYY-MM-DD. */
  issued_on: string | null;
  /** YYYY-MM-DD: the action is open until this day begins (UTC). */
  act_before: string | null;
  /** JSON array of language names, in order of preference. */
  languages: Generated<string>;
  /** JSON array of the demands, short sentences. */
  asks: Generated<string>;
  background_md: Generated<string>;
  background_html: Generated<string>;
  /** Actions aimed at, all channels together; 0 shows no goal (migration 025). */
  goal: Generated<number>;
  /** Letters one target is emailed an hour, at most (migration 025). */
  hourly_cap: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Raised by the database when anything the intake reads of it changes (migration 040). */
  version: Generated<number>;
}

export interface UaPersonTable {
  article_id: number;
  position: number;
  name: string;
  pronouns: Generated<string>;
  /** The newsroom's case id, when the person has a case page. */
  case_id: number | null;
}

export interface UaEventTable {
  id: Generated<number>;
  article_id: number;
  kind: UaEventKind;
  note: Generated<string>;
  /** For 'updated': the update that was published. */
  related_article_id: number | null;
  user_id: number | null;
  actor: string;
  occurred_at: Timestamp;
}

export interface UaTargetTable {
  id: Generated<number>;
  honorific: Generated<string>;
  name: string;
  title: Generated<string>;
  /** The body or ministry. */
  body: Generated<string>;
  /** ISO 3166-1 alpha-2, upper case. */
  country_code: string;
  state: Generated<string>;
  postal_address: Generated<string>;
  email: Generated<string>;
  phone: Generated<string>;
  /** JSON array of handles ("@GobTamaulipas", "https://mastodon.social/@x"). */
  social: Generated<string>;
  salutation: Generated<string>;
  /** BCP 47 language of the target's office ("es"). */
  language: string;
  /** IANA time zone ("America/Monterrey"). */
  time_zone: string;
  /** One weekday range a line, as the campaigner wrote it and actions/rules.ts reads it. */
  office_hours: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UaActionTargetTable {
  article_id: number;
  target_id: number;
  role: 'target' | 'copy';
  position: number;
}

/** An urgent action's sample letter in one language (migration 025). */
export interface UaLetterTemplateTable {
  article_id: number;
  /** BCP 47 ("es", "en"). */
  language: string;
  subject: Generated<string>;
  body: Generated<string>;
}

/** A person who acted, by normalised email (migration 025). */
export interface UaSupporterTable {
  id: Generated<number>;
  email: string;
  name: string;
  city: Generated<string>;
  country: Generated<string>;
  language: Generated<string>;
  /** Set when the person pressed the link mailed to the address; nothing is sent in their name before. */
  confirmed_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The address bounced for good (a 5.x.x report, migration 040): nothing more is mailed to it. */
  bounced_at: Generated<Timestamp | null>;
}

/** A report of a message that bounced after the relay took it (migration 040). */
export interface UaBounceTable {
  id: Generated<number>;
  /** A letter to an official, or a mail to a supporter: one of the two. */
  letter_id: number | null;
  supporter_id: number | null;
  /** hard: 5.x.x, the address takes no mail; soft: 4.x.x, not now. */
  severity: 'hard' | 'soft';
  /** The enhanced status code (RFC 3463), "5.1.1". */
  status: string;
  /** The remote server's words. */
  diagnostic: Generated<string>;
  /** The report's own Message-ID. */
  report_id: Generated<string>;
  received_at: Timestamp;
}

/** A supporter's confirmation link, by the SHA-256 of its token (migration 025). */
export interface UaSupporterLinkTable {
  token_hash: string;
  supporter_id: number;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: Timestamp;
}

export const ACTION_CHANNELS = ['email', 'letter', 'post', 'call'] as const;
/** The four ways to act on an urgent action. */
export type ActionChannel = (typeof ACTION_CHANNELS)[number];

/** One supporter's action on one channel of one urgent action (migration 025). */
export interface UaActionTakenTable {
  id: Generated<number>;
  article_id: number;
  supporter_id: number;
  channel: ActionChannel;
  /** `pending` until the supporter's address is confirmed, then `counted`. */
  state: 'pending' | 'counted';
  /** A call's outcome (answered, voicemail, refused, wrong-number) or the network posted to. */
  detail: Generated<string>;
  /** 1 when the supporter asked to be kept informed (with the wording they saw). */
  hear_back: Generated<number>;
  wording_hash: string | null;
  source_page: Generated<string>;
  created_at: Timestamp;
  counted_at: Timestamp | null;
}

export const LETTER_STATUSES = [
  'waiting',
  'queued',
  'sending',
  'sent',
  'failed',
  'dead',
  'bounced',
  'cancelled',
] as const;
/** Where an emailed letter is: waiting for its supporter's confirmation, then a send log's states. */
export type LetterStatus = (typeof LETTER_STATUSES)[number];

/** One email to one official for one action (migration 025). */
export interface UaLetterTable {
  id: Generated<number>;
  action_id: number;
  article_id: number;
  target_id: number;
  role: 'target' | 'copy';
  language: string;
  subject: string;
  body: string;
  status: LetterStatus;
  tries: Generated<number>;
  /** A failed letter's next try. */
  not_before: Timestamp | null;
  claimed_at: Timestamp | null;
  claimed_until: Timestamp | null;
  /** Given when the letter is written, so a resend after a crash carries the same Message-ID. */
  message_id: string;
  sent_at: Timestamp | null;
  error: Generated<string>;
  created_at: Timestamp;
}

/** Actions from one client address (a keyed hash) in one fixed window (migration 025). */
export interface ActionClientCountTable {
  client_hash: string;
  kind: 'solved' | 'unsolved';
  window_start: Timestamp;
  count: number;
}

export interface ActionTables {
  ua_bounces: UaBounceTable;
  ua_letter_templates: UaLetterTemplateTable;
  ua_supporters: UaSupporterTable;
  ua_supporter_links: UaSupporterLinkTable;
  ua_actions_taken: UaActionTakenTable;
  ua_letters: UaLetterTable;
  action_client_counts: ActionClientCountTable;
  ua_numbers: UaNumberTable;
  urgent_actions: UrgentActionTable;
  ua_people: UaPersonTable;
  ua_events: UaEventTable;
  ua_targets: UaTargetTable;
  ua_action_targets: UaActionTargetTable;
}
