import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, WebhookEventKind } from '../platform/db/index.js';
import { enqueue } from '../platform/jobs/index.js';

export const DELIVER_JOB = 'webhooks.deliver';

/** An urgent action as events name it: its article's id and its reference ("UA 58/20"), if numbered. */
interface UrgentActionRef {
  urgentActionId: number;
  reference: string | null;
}

/**
 * A ledger entry new (`recorded`), changed afterwards (`edited`) or removed (`deleted`): the
 * event's `change`.
 */
export type LedgerChange = 'recorded' | 'edited' | 'deleted';

/**
 * What each event says: ids, channels and times, never a supporter's name or address (the one
 * exception is `subscriber.confirmed`'s `email`, sent only to endpoints that ask for it).
 */
export interface EventData {
  /** A supporter's action was counted (their address confirmed). */
  'action.taken': UrgentActionRef & { actionId: number; channel: string; takenAt: string };
  /**
   * An official's reply was recorded against an urgent action, or a reply recorded before was
   * changed (`change: 'edited'`) or deleted (`'deleted'`): the same kind, so an endpoint told of
   * replies hears of all three and updates or drops its copy by `replyId`. `recordedAt` is when
   * the reply was first recorded.
   */
  'reply.recorded': UrgentActionRef & {
    replyId: number;
    targetId: number | null;
    recordedAt: string;
    change: LedgerChange;
  };
  /**
   * An outcome for the people at risk was recorded in the ledger, or changed (`edited`) or deleted
   * (`deleted`, with `note: ''`).
   */
  'outcome.recorded': UrgentActionRef & {
    outcomeId: number;
    outcome: string;
    note: string;
    recordedAt: string;
    change: LedgerChange;
  };
  /** A subscriber confirmed their subscription. */
  'subscriber.confirmed': {
    subscriberId: number;
    follows: Array<{ kind: string; targetId: number }>;
    confirmedAt: string;
    /** Removed from the body for every endpoint without "include email addresses". */
    email: string;
  };
}

/** The body as an endpoint gets it: the personal field only where the endpoint asked for it. */
function dataFor<K extends WebhookEventKind>(kind: K, data: EventData[K], includeEmails: boolean): object {
  if (kind === 'subscriber.confirmed' && !includeEmails) {
    const { email: _left, ...rest } = data as EventData['subscriber.confirmed'];
    return rest;
  }
  return data;
}

/**
 * A sent body as the log keeps it: without the subscriber's address, which the receiver now holds
 * and Candle's log need not (an erasure could not find it there). Other bodies are kept as sent.
 */
export function loggedBody(event: string, body: string): string {
  if (event !== 'subscriber.confirmed') return body;
  try {
    const parsed = JSON.parse(body) as { data?: Record<string, unknown> };
    if (!parsed.data || !('email' in parsed.data)) return body;
    const { email: _sent, ...data } = parsed.data;
    return JSON.stringify({ ...parsed, data: { ...data, email: '(removed once delivered)' } });
  } catch {
    return body;
  }
}

/** The JSON sent, byte for byte the same at every try: what the signature covers. */
export function eventBody(id: string, event: string, createdAt: string, data: object): string {
  return JSON.stringify({ id, event, createdAt, data });
}

/**
 * Tells every active endpoint subscribed to `kind` of each of `events` (many of one kind at once:
 * the actions a group commit counted): one delivery row and one job per event and endpoint,
 * written in the caller's transaction, the endpoints read once for them all. Each event has its
 * own id, the same at every endpoint. A change that rolls back emits nothing; a change that
 * commits never waits for an endpoint (the worker sends). Returns how many deliveries were queued.
 */
export async function emitEvents<K extends WebhookEventKind>(
  trx: Kysely<Database>,
  kind: K,
  events: readonly EventData[K][],
  now: Date,
): Promise<number> {
  if (events.length === 0) return 0;
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'events', 'include_emails'])
    .where('active', '=', 1)
    .execute();
  const subscribed = endpoints.filter((e) => (JSON.parse(e.events) as string[]).includes(kind));
  if (subscribed.length === 0) return 0;
  const at = now.toISOString();
  for (const data of events) {
    const eventId = randomUUID();
    for (const endpoint of subscribed) {
      const body = eventBody(eventId, kind, at, dataFor(kind, data, endpoint.include_emails === 1));
      await queueDelivery(trx, endpoint.id, kind, body, now);
    }
  }
  return events.length * subscribed.length;
}

/** One event: `emitEvents` of one. */
export function emitEvent<K extends WebhookEventKind>(
  trx: Kysely<Database>,
  kind: K,
  data: EventData[K],
  now: Date,
): Promise<number> {
  return emitEvents(trx, kind, [data], now);
}

/** A delivery row and the job that sends it, due now. */
export async function queueDelivery(
  trx: Kysely<Database>,
  endpointId: number,
  event: string,
  body: string,
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const row = await trx
    .insertInto('webhook_deliveries')
    .values({
      endpoint_id: endpointId,
      event,
      body,
      status: 'queued',
      next_attempt_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await scheduleTry(trx, row.id, 1, now, now);
  return row.id;
}

/**
 * The job of one try, keyed by the delivery, the try and the time it is due, so a re-sent
 * delivery's tries never collide with its old keys. (A job run twice cannot queue a try twice
 * anyway: only the worker holding the claim marks the delivery and queues the next.)
 */
export async function scheduleTry(
  trx: Kysely<Database>,
  deliveryId: number,
  tryNumber: number,
  at: Date,
  now: Date,
): Promise<void> {
  await enqueue(
    trx,
    {
      kind: DELIVER_JOB,
      payload: { deliveryId },
      runAt: at,
      idempotencyKey: `webhook:${deliveryId}:${tryNumber}:${at.toISOString()}`,
      // The delivery keeps its own tries and backoff; the job's retries only cover a database
      // that could not be reached.
      maxAttempts: 3,
    },
    now,
  );
}
