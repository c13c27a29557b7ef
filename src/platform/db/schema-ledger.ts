import type { Generated } from 'kysely';

type Timestamp = string;

/** How an authority replied (actions/CONTEXT.md, *Ledger*). */
export const REPLY_CHANNELS = ['letter', 'email', 'call', 'statement'] as const;
export type ReplyChannel = (typeof REPLY_CHANNELS)[number];

/** What changed for the people at risk. */
export const OUTCOME_KINDS = [
  'released',
  'charges-dropped',
  'protection-granted',
  'investigation-opened',
  'transferred',
  'none',
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Whether an entry shows on public pages, or only in the admin. */
export const LEDGER_VISIBILITIES = ['public', 'internal'] as const;
export type LedgerVisibility = (typeof LEDGER_VISIBILITIES)[number];

/** A reply from a target or copy of an urgent action (migration 031). */
export interface UaReplyTable {
  id: Generated<number>;
  article_id: number;
  target_id: number;
  /** The day it came, YYYY-MM-DD. */
  received_on: string;
  channel: ReplyChannel;
  summary: string;
  /** A media library item (a scanned letter, a screenshot); null: none. */
  attachment_id: number | null;
  visibility: LedgerVisibility;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An outcome for the people at risk of an urgent action (migration 031). */
export interface UaOutcomeTable {
  id: Generated<number>;
  article_id: number;
  kind: OutcomeKind;
  /** The day it happened, YYYY-MM-DD. */
  occurred_on: string;
  /** Where it is known from ("the family", "court records"). */
  source: Generated<string>;
  summary: string;
  attachment_id: number | null;
  visibility: LedgerVisibility;
  /** The good-news article drafted from it (the newsroom's id), if one was. */
  good_news_id: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface LedgerTables {
  ua_replies: UaReplyTable;
  ua_outcomes: UaOutcomeTable;
}
