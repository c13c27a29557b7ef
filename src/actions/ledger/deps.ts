import type { Kysely } from 'kysely';
import type { Actor } from '../../accounts/index.js';
import type { Database } from '../../platform/db/index.js';
import type { Site } from '../../platform/views/site.js';
import type { ActionsDeps } from '../service.js';

/*
 * What the ledger needs from outside the actions room, handed over in app.ts: the media library
 * (its upload checks and its files' addresses; this room never imports it) and the webhooks.
 */

/** A media library item as a ledger entry shows it. */
export interface LedgerAttachment {
  id: number;
  kind: 'image' | 'document';
  href: string;
  name: string;
  /** The media key: a page showing the link depends on it. */
  contentKey: string;
}

/** The media library's upload outcome, structurally (its `uploadMedia`). */
export type AttachmentUpload =
  | { ok: true; id: number }
  | { ok: false; reason: 'refused'; errors: { file?: string; alt?: string } }
  | { ok: false; reason: 'out-of-space'; error: unknown };

export interface LedgerMedia {
  /** Sniffs, checks, stores and audits an upload: the media library's own use case. */
  upload(
    input: { bytes: Buffer; originalName: string; alt: string; caption: string; credit: string },
    actor: Actor,
  ): Promise<AttachmentUpload>;
  /** The items with these ids that still exist. */
  describe(ids: readonly number[]): Promise<Map<number, LedgerAttachment>>;
}

/**
 * The webhooks' data of each event (structurally their `EventData`): public fields and ids only.
 * `change`: a new entry (`recorded`), one changed afterwards (`edited`) or removed (`deleted`),
 * the same kind of event each time, so a tool that keeps a copy of the ledger follows its edits
 * and deletions; `recordedAt` is the entry's first recording in all three.
 */
export type LedgerChange = 'recorded' | 'edited' | 'deleted';

export interface ReplyRecorded {
  urgentActionId: number;
  reference: string | null;
  replyId: number;
  targetId: number | null;
  recordedAt: string;
  change: LedgerChange;
}

export interface OutcomeRecorded {
  urgentActionId: number;
  reference: string | null;
  outcomeId: number;
  outcome: string;
  /** The summary of a public outcome; '' for an internal one and for a deleted one. */
  note: string;
  recordedAt: string;
  change: LedgerChange;
}

/** Told inside the transaction that records, edits or deletes an entry (app.ts hands them the webhooks' `emitEvent`). */
export interface LedgerEvents {
  replyRecorded(trx: Kysely<Database>, data: ReplyRecorded, at: Date): Promise<void>;
  outcomeRecorded(trx: Kysely<Database>, data: OutcomeRecorded, at: Date): Promise<void>;
}

export interface LedgerDeps extends ActionsDeps {
  ledgerMedia: LedgerMedia;
  ledgerEvents: LedgerEvents;
}

export interface LedgerContext extends LedgerDeps {
  site: Site;
}
