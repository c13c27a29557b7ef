import type { ActionChannel, LetterStatus } from './schema-actions.js';

/** Counted actions per urgent action, UTC day, channel and detail, kept by triggers (migration 028). */
export interface UaActionTallyTable {
  article_id: number;
  /** YYYY-MM-DD, the UTC day the actions were counted. */
  day: string;
  channel: ActionChannel;
  /** A call's outcome or the network posted to; '' for the others. */
  detail: string;
  actions: number;
}

/** Emailed letters per urgent action, target and status, kept by triggers (migration 028). */
export interface UaLetterTallyTable {
  article_id: number;
  target_id: number;
  status: LetterStatus;
  letters: number;
}

export interface TallyTables {
  ua_action_tallies: UaActionTallyTable;
  ua_letter_tallies: UaLetterTallyTable;
}
