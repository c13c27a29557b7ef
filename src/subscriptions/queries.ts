import type { Kysely, Selectable } from 'kysely';
import type { ConsentEventKind, ConsentEventTable, Database, SubscriberTable } from '../platform/db/index.js';
import type { Follow, Wording } from './rules.js';

type Executor = Kysely<Database>;
export type SubscriberRow = Selectable<SubscriberTable>;

export async function findSubscriberByEmail(db: Executor, email: string) {
  return db.selectFrom('subscribers').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findSubscriber(db: Executor, id: number) {
  return db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Where follows are kept: a subscriber's alerts, or their network membership's (network/). */
type FollowTable = 'subscriber_follows' | 'network_follows';

/** A subscriber's follows, in kind and id order: what their alerts (or the network) answer. */
export async function followsOf<F extends Follow = Follow>(
  db: Executor,
  subscriberId: number,
  table: FollowTable = 'subscriber_follows',
): Promise<F[]> {
  const rows = await db
    .selectFrom(table)
    .select(['kind', 'target_id'])
    .where('subscriber_id', '=', subscriberId)
    .orderBy('kind')
    .orderBy('target_id')
    .execute();
  return rows.map((r) => ({ kind: r.kind, targetId: r.target_id }) as F);
}

/** Replaces a subscriber's follows with these (the network's: `table` 'network_follows'). */
export async function replaceFollows(
  db: Executor,
  subscriberId: number,
  follows: readonly Follow[],
  table: FollowTable = 'subscriber_follows',
) {
  await db.deleteFrom(table).where('subscriber_id', '=', subscriberId).execute();
  if (follows.length === 0) return;
  const rows = follows.map((f) => ({ subscriber_id: subscriberId, kind: f.kind, target_id: f.targetId }));
  await db.insertInto(table).values(rows).execute();
}

/** Stores a wording the first time it is shown to anyone; later uses refer to it by hash. */
export async function keepWording(db: Executor, wording: Wording, now: Date) {
  await db
    .insertInto('consent_wordings')
    .values({
      hash: wording.hash,
      language: wording.language,
      text: wording.text,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

export async function wordingExists(db: Executor, hash: string): Promise<boolean> {
  const row = await db
    .selectFrom('consent_wordings')
    .select('hash')
    .where('hash', '=', hash)
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewConsentEvent {
  subscriberId: number;
  kind: ConsentEventKind;
  sourcePage: string;
  sourceForm: string;
  wordingHash: string | null;
  tokenHash: string | null;
  ip: string | null;
  details: unknown;
}

export async function recordConsent(db: Executor, event: NewConsentEvent, now: Date) {
  await db
    .insertInto('consent_events')
    .values({
      subscriber_id: event.subscriberId,
      kind: event.kind,
      occurred_at: now.toISOString(),
      source_page: event.sourcePage,
      source_form: event.sourceForm,
      wording_hash: event.wordingHash,
      token_hash: event.tokenHash,
      ip: event.ip,
      details: event.details === undefined ? null : JSON.stringify(event.details),
    })
    .execute();
}

export async function requestedEventOf(db: Executor, tokenHash: string) {
  return db
    .selectFrom('consent_events')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('kind', '=', 'requested')
    .executeTakeFirst();
}

export type ConsentEventWithWording = Selectable<ConsentEventTable> & { wording_text: string | null };

/** Every event of a subscriber, oldest first, with the wording's text beside its hash. */
export async function consentEventsOf(
  db: Executor,
  subscriberId: number,
): Promise<ConsentEventWithWording[]> {
  return db
    .selectFrom('consent_events as e')
    .leftJoin('consent_wordings as w', 'w.hash', 'e.wording_hash')
    .selectAll('e')
    .select('w.text as wording_text')
    .where('e.subscriber_id', '=', subscriberId)
    .orderBy('e.id')
    .execute();
}

/** How many links an address was sent since a moment (the per-address limit). */
export async function linksSince(db: Executor, subscriberId: number, since: Date): Promise<number> {
  const row = await db
    .selectFrom('subscriber_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subscriber_id', '=', subscriberId)
    .where('created_at', '>', since.toISOString())
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
