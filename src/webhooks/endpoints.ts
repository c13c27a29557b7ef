import { randomUUID } from 'node:crypto';
import { type Actor, recordAudit } from '../accounts/index.js';
import { inTransaction } from '../platform/db/errors.js';
import type { Db, WebhookEventKind } from '../platform/db/index.js';
import { eventBody, queueDelivery, scheduleTry } from './events.js';
import { newSecret } from './rules.js';

/*
 * The administrator's side: endpoints added, switched on and off, deleted, tested, and dead
 * deliveries sent again. Each change is audited in its transaction; the audit never holds a
 * secret or a body (a body may carry an address).
 */

export interface WebhooksDeps {
  db: Db;
  now: () => Date;
}

export interface NewEndpoint {
  url: string;
  description: string;
  events: WebhookEventKind[];
  includeEmails: boolean;
}

export async function listEndpoints(db: Db) {
  const [endpoints, counts] = await Promise.all([
    db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute(),
    db
      .selectFrom('webhook_deliveries')
      .select((eb) => ['endpoint_id', 'status', eb.fn.countAll<number>().as('n')])
      .groupBy(['endpoint_id', 'status'])
      .execute(),
  ]);
  return endpoints.map((e) => ({
    ...e,
    events: JSON.parse(e.events) as string[],
    counts: Object.fromEntries(
      counts.filter((c) => c.endpoint_id === e.id).map((c) => [c.status, Number(c.n)]),
    ) as Partial<Record<string, number>>,
  }));
}

export type EndpointView = Awaited<ReturnType<typeof listEndpoints>>[number];

export async function findEndpoint(db: Db, id: number) {
  const row = await db.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { ...row, events: JSON.parse(row.events) as string[] };
}

/** An endpoint's latest deliveries, newest first. */
export async function deliveriesOf(db: Db, endpointId: number, limit = 200) {
  return db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', endpointId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function addEndpoint(deps: WebhooksDeps, actor: Actor, input: NewEndpoint): Promise<number> {
  const now = deps.now();
  const at = now.toISOString();
  return inTransaction(deps.db, async (trx) => {
    const row = await trx
      .insertInto('webhook_endpoints')
      .values({
        url: input.url,
        description: input.description,
        secret: newSecret(),
        events: JSON.stringify(input.events),
        include_emails: input.includeEmails ? 1 : 0,
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      actor,
      {
        action: 'webhook.added',
        entityType: 'webhook',
        entityId: row.id,
        message: { key: 'audit.webhook.added', params: { url: input.url } },
        // Whether supporters' addresses leave Candle is a choice someone made: recorded with it.
        after: { url: input.url, events: input.events, includeEmails: input.includeEmails },
      },
      now,
    );
    return row.id;
  });
}

export async function setActive(
  deps: WebhooksDeps,
  actor: Actor,
  id: number,
  active: boolean,
): Promise<boolean> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const changed = await trx
      .updateTable('webhook_endpoints')
      .set({ active: active ? 1 : 0, updated_at: now.toISOString() })
      .where('id', '=', id)
      .returning('url')
      .executeTakeFirst();
    if (!changed) return false;
    await recordAudit(
      trx,
      actor,
      {
        action: active ? 'webhook.enabled' : 'webhook.disabled',
        entityType: 'webhook',
        entityId: id,
        message: {
          key: active ? 'audit.webhook.enabled' : 'audit.webhook.disabled',
          params: { url: changed.url },
        },
      },
      now,
    );
    return true;
  });
}

/** Deletes an endpoint and its delivery log (the bodies it was sent go with it). */
export async function deleteEndpoint(deps: WebhooksDeps, actor: Actor, id: number): Promise<boolean> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const found = await trx
      .selectFrom('webhook_endpoints')
      .select('url')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!found) return false;
    await trx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', id).execute();
    await trx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    await recordAudit(
      trx,
      actor,
      {
        action: 'webhook.deleted',
        entityType: 'webhook',
        entityId: id,
        message: { key: 'audit.webhook.deleted', params: { url: found.url } },
      },
      now,
    );
    return true;
  });
}

/** Queues a `ping` to one active endpoint: what it receives shows the signature and headers work. */
export async function sendTest(deps: WebhooksDeps, actor: Actor, id: number): Promise<boolean> {
  const now = deps.now();
  return inTransaction(deps.db, async (trx) => {
    const found = await trx
      .selectFrom('webhook_endpoints')
      .select(['url', 'active'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (found?.active !== 1) return false;
    const body = eventBody(randomUUID(), 'ping', now.toISOString(), { endpointId: id });
    const deliveryId = await queueDelivery(trx, id, 'ping', body, now);
    await recordAudit(
      trx,
      actor,
      {
        action: 'webhook.tested',
        entityType: 'webhook',
        entityId: id,
        message: { key: 'audit.webhook.tested', params: { url: found.url, delivery: deliveryId } },
      },
      now,
    );
    return true;
  });
}

/** A dead delivery is tried again from the start, with the same body (the receiver may dedupe by its id). */
export async function resend(
  deps: WebhooksDeps,
  actor: Actor,
  endpointId: number,
  deliveryId: number,
): Promise<boolean> {
  const now = deps.now();
  const at = now.toISOString();
  return inTransaction(deps.db, async (trx) => {
    const changed = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'queued', attempts: 0, next_attempt_at: at, claimed_until: null, updated_at: at })
      .where('id', '=', deliveryId)
      .where('endpoint_id', '=', endpointId)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    if (Number(changed.numUpdatedRows) !== 1) return false;
    await scheduleTry(trx, deliveryId, 1, now, now);
    await recordAudit(
      trx,
      actor,
      {
        action: 'webhook.resent',
        entityType: 'webhook',
        entityId: endpointId,
        message: { key: 'audit.webhook.resent', params: { delivery: deliveryId } },
      },
      now,
    );
    return true;
  });
}
