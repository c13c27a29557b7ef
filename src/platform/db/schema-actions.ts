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
  created_at: Timestamp;
  updated_at: Timestamp;
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

export interface ActionTables {
  ua_numbers: UaNumberTable;
  urgent_actions: UrgentActionTable;
  ua_people: UaPersonTable;
  ua_events: UaEventTable;
  ua_targets: UaTargetTable;
  ua_action_targets: UaActionTargetTable;
}
