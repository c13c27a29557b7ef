import { sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * A digest the recipient's server refuses is tried again, like an alert (issue 12): `digests`
 * gains the states `failed` (tried, with `retry_at`) and `dead` (given up after the last try, its
 * items back to waiting for the next digest), the count of `tries` and the server's last `error`.
 * SQLite cannot change a CHECK constraint, so there the table is rebuilt with the same rows.
 */
const STATES = "'sending', 'sent', 'empty', 'failed', 'dead'";

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`alter table digests drop constraint digests_status_check`.execute(db);
    await sql
      .raw(`alter table digests add constraint digests_status_check check (status in (${STATES}))`)
      .execute(db);
    await sql`alter table digests add column tries integer not null default 0`.execute(db);
    await sql`alter table digests add column retry_at timestamptz`.execute(db);
    await sql`alter table digests add column error text not null default ''`.execute(db);
    return;
  }
  await sql
    .raw(`create table digests_new (
      subscriber_id integer not null references subscribers (id) on delete cascade,
      period text not null,
      status text not null check (status in (${STATES})),
      claimed_until text,
      sent_at text,
      created_at text not null,
      tries integer not null default 0,
      retry_at text,
      error text not null default '',
      constraint digests_pk primary key (subscriber_id, period)
    )`)
    .execute(db);
  await sql`insert into digests_new (subscriber_id, period, status, claimed_until, sent_at, created_at)
    select subscriber_id, period, status, claimed_until, sent_at, created_at from digests`.execute(db);
  await sql`drop table digests`.execute(db);
  await sql`alter table digests_new rename to digests`.execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  await sql`delete from digests where status in ('failed', 'dead')`.execute(db);
  if (isPostgres(db)) {
    await sql`alter table digests drop column error`.execute(db);
    await sql`alter table digests drop column retry_at`.execute(db);
    await sql`alter table digests drop column tries`.execute(db);
    await sql`alter table digests drop constraint digests_status_check`.execute(db);
    await sql`alter table digests add constraint digests_status_check check (status in ('sending', 'sent', 'empty'))`.execute(
      db,
    );
    return;
  }
  await sql`create table digests_old (
      subscriber_id integer not null references subscribers (id) on delete cascade,
      period text not null,
      status text not null check (status in ('sending', 'sent', 'empty')),
      claimed_until text,
      sent_at text,
      created_at text not null,
      constraint digests_pk primary key (subscriber_id, period)
    )`.execute(db);
  await sql`insert into digests_old select subscriber_id, period, status, claimed_until, sent_at, created_at from digests`.execute(
    db,
  );
  await sql`drop table digests`.execute(db);
  await sql`alter table digests_old rename to digests`.execute(db);
}
