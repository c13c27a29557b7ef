import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * The Urgent Action Network's size and growth (issue 14, item 4): `network_tallies`, one row per
 * UTC day with the memberships confirmed (`joins`) and ended (`leaves`: left, unsubscribed from
 * the network, erased) that day. Written by the network's own writes in the transaction that
 * confirms or ends a membership (membership.ts), not by triggers: a trigger knows the
 * database's clock, not the application's, and a deleted row says nothing of when it went. A
 * tally holds no person. The size on a day is every join up to it less every leave.
 *
 * Filled from the memberships already confirmed, on the day each was; the leaves before this
 * migration are not known (they left no row), so the size starts from those still there.
 */
export async function up(db: AnyDb): Promise<void> {
  await run(
    db,
    `create table network_tallies (
      day text primary key,
      joins integer not null default 0,
      leaves integer not null default 0
    )`,
  );
  const day = isPostgres(db)
    ? `to_char(confirmed_at at time zone 'UTC', 'YYYY-MM-DD')`
    : 'substr(confirmed_at, 1, 10)';
  await run(
    db,
    `insert into network_tallies (day, joins, leaves)
     select ${day}, count(*), 0 from network_members where confirmed_at is not null group by ${day}`,
  );
}

export async function down(db: AnyDb): Promise<void> {
  await run(db, 'drop table network_tallies');
}
