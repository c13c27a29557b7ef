import type { Db, FollowKind, SubscriberFrequency, SubscriberStatus } from '../../src/platform/db/index.js';

/** A subscriber written straight to the database, as the double opt-in would leave them. */
export async function insertSubscriber(
  db: Db,
  at: Date,
  subscriber: {
    email: string;
    follows: Array<[FollowKind, number]>;
    status?: SubscriberStatus;
    frequency?: SubscriberFrequency;
  },
): Promise<number> {
  const status = subscriber.status ?? 'confirmed';
  const when = at.toISOString();
  const row = await db
    .insertInto('subscribers')
    .values({
      email: subscriber.email,
      name: null,
      language: 'en',
      frequency: subscriber.frequency ?? 'each',
      status,
      created_at: when,
      confirmed_at: status === 'pending' ? null : when,
      updated_at: when,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('subscriber_follows')
    .values(subscriber.follows.map(([kind, target]) => ({ subscriber_id: row.id, kind, target_id: target })))
    .execute();
  return row.id;
}
