import { type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import { z } from 'zod';
import {
  type Database,
  SUBSCRIBER_FREQUENCIES,
  SUBSCRIBER_STATUSES,
  type SubscriberFrequency,
  type SubscriberStatus,
} from '../platform/db/index.js';
import { type Follow, LANGUAGES, parseFollowValue } from './rules.js';

/**
 * What the admin's list of subscribers reads (issue 12, item 7): the filtered list a page at a
 * time, its total, its export in batches, and one subscriber's history. Nothing here reads or
 * could read an open or a click: Candle records none.
 */

type Executor = Kysely<Database>;

/** The list's filters, as the address bar carries them; anything unreadable is "any". */
export const listFilterSchema = z
  .object({
    follow: z
      .string()
      .max(40)
      .transform((v) => (v ? parseFollowValue(v) : null))
      .catch(null),
    status: z.enum(SUBSCRIBER_STATUSES).optional().catch(undefined),
    language: z
      .enum(LANGUAGES.map((l) => l.code))
      .optional()
      .catch(undefined),
    frequency: z.enum(SUBSCRIBER_FREQUENCIES).optional().catch(undefined),
    /** Part of an address: compared with the normalised addresses (lower case). */
    q: z
      .string()
      .max(254)
      .transform((v) => v.trim().normalize('NFC').toLowerCase())
      .catch(''),
    match: z.enum(['contains', 'prefix']).catch('contains'),
    /** Keyset: the page after this subscriber id (newest first). */
    after: z.coerce.number().int().min(1).max(2_147_483_647).optional().catch(undefined),
  })
  .catch({ follow: null, q: '', match: 'contains' });

export interface ListFilter {
  follow: Follow | null;
  status?: SubscriberStatus | undefined;
  language?: string | undefined;
  frequency?: SubscriberFrequency | undefined;
  q: string;
  match: 'contains' | 'prefix';
}

/** LIKE's own characters in a search are searched for, not patterns (backslash as the escape). */
function likePattern(text: string, match: 'contains' | 'prefix'): string {
  const escaped = text.replace(/[\\%_]/g, (c) => `\\${c}`);
  return match === 'prefix' ? `${escaped}%` : `%${escaped}%`;
}

function filtered<O>(
  query: SelectQueryBuilder<Database, 'subscribers', O>,
  filter: ListFilter,
): SelectQueryBuilder<Database, 'subscribers', O> {
  let out = query;
  if (filter.status) out = out.where('subscribers.status', '=', filter.status);
  if (filter.language) out = out.where('subscribers.language', '=', filter.language);
  if (filter.frequency) out = out.where('subscribers.frequency', '=', filter.frequency);
  if (filter.q) {
    const pattern = likePattern(filter.q, filter.match);
    // Addresses are stored lower case, so one LIKE matches alike on both databases.
    out = out.where(sql<boolean>`${sql.ref('subscribers.email')} like ${pattern} escape '\\'`);
  }
  const follow = filter.follow;
  if (follow)
    out = out.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('subscriber_follows as f')
          .select('f.subscriber_id')
          .whereRef('f.subscriber_id', '=', 'subscribers.id')
          .where('f.kind', '=', follow.kind)
          .where('f.target_id', '=', follow.targetId),
      ),
    );
  return out;
}

export async function countSubscribers(db: Executor, filter: ListFilter): Promise<number> {
  const row = await filtered(
    db.selectFrom('subscribers').select((eb) => eb.fn.countAll<number>().as('n')),
    filter,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A page of the list, newest first, after the subscriber `after` (keyset: no offset to scan past). */
export async function listSubscribers(
  db: Executor,
  filter: ListFilter,
  after: number | undefined,
  limit: number,
) {
  let query = filtered(
    db
      .selectFrom('subscribers')
      .select([
        'subscribers.id',
        'subscribers.email',
        'subscribers.name',
        'subscribers.language',
        'subscribers.frequency',
        'subscribers.status',
        'subscribers.created_at',
        'subscribers.confirmed_at',
      ]),
    filter,
  );
  if (after !== undefined) query = query.where('subscribers.id', '<', after);
  return query.orderBy('subscribers.id', 'desc').limit(limit).execute();
}

export type ListedSubscriber = Awaited<ReturnType<typeof listSubscribers>>[number];

/** The follows of several subscribers at once, by subscriber. */
export async function followsOfMany(db: Executor, ids: readonly number[]): Promise<Map<number, Follow[]>> {
  const out = new Map<number, Follow[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('subscriber_follows')
    .select(['subscriber_id', 'kind', 'target_id'])
    .where('subscriber_id', 'in', ids)
    .orderBy('subscriber_id')
    .orderBy('kind')
    .orderBy('target_id')
    .execute();
  for (const r of rows) {
    const list = out.get(r.subscriber_id) ?? [];
    list.push({ kind: r.kind, targetId: r.target_id });
    out.set(r.subscriber_id, list);
  }
  return out;
}

export interface ConfirmingEvent {
  kind: string;
  occurred_at: string;
  source_page: string;
  source_form: string;
  wording_hash: string | null;
  wording_text: string | null;
  /** JSON; an import's holds the date the person gave their consent (`consent_date`). */
  details: string | null;
}

/**
 * The event that made each subscriber's consent: their latest confirmation or import (a changed
 * choice is made under a consent already given, so it is not one).
 */
export async function confirmingEvents(
  db: Executor,
  ids: readonly number[],
): Promise<Map<number, ConfirmingEvent>> {
  const out = new Map<number, ConfirmingEvent>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('consent_events as e')
    .leftJoin('consent_wordings as w', 'w.hash', 'e.wording_hash')
    .select([
      'e.subscriber_id',
      'e.kind',
      'e.occurred_at',
      'e.source_page',
      'e.source_form',
      'e.wording_hash',
      'w.text as wording_text',
      'e.details',
    ])
    .where('e.subscriber_id', 'in', ids)
    .where('e.kind', 'in', ['confirmed', 'imported'])
    .orderBy('e.id')
    .execute();
  // Oldest first, so the latest of each subscriber is the one kept.
  for (const r of rows) out.set(r.subscriber_id, r);
  return out;
}

/** One subscriber's messages: every alert sent, failed or dead, newest first, with its item. */
export async function deliveriesOf(db: Executor, subscriberId: number, limit: number) {
  return db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alerts as a', 'a.id', 'd.alert_id')
    .select([
      'a.id as alert_id',
      'a.title',
      'a.published_at',
      'd.status',
      'd.attempts',
      'd.sent_at',
      'd.last_error',
    ])
    .where('d.subscriber_id', '=', subscriberId)
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}

export async function digestsOf(db: Executor, subscriberId: number, limit: number) {
  return db
    .selectFrom('digests')
    .select(['period', 'status', 'sent_at', 'created_at'])
    .where('subscriber_id', '=', subscriberId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
}

/** Items waiting for the subscriber's next digest. */
export async function waitingDigestEntries(db: Executor, subscriberId: number): Promise<number> {
  const row = await db
    .selectFrom('digest_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subscriber_id', '=', subscriberId)
    .where('period', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
