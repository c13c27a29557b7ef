import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * Tallies of what supporters did (issue 14, item 4): the impact pages and the counters read a few
 * hundred rows of these instead of counting a million actions. Triggers keep them in the same
 * transaction as the change, so the intake and the dispatcher write nothing more themselves.
 *
 * - `ua_action_tallies`: counted actions per (urgent action, UTC day counted, channel, detail: a
 *   call's outcome, the network posted to, else ''). Raised when an action is inserted `counted`
 *   or becomes `counted`; lowered only when a counted action is changed to count elsewhere (never
 *   happens today) or back to pending. Deleting a counted action (its supporter erased) leaves the
 *   tally as it was: the figure is anonymous, and those letters were written and sent
 *   (src/actions/CONTEXT.md, *Tallies*). Rows go with their urgent action.
 * - `ua_letter_tallies`: emailed letters per (urgent action, target, status), an exact mirror of
 *   `ua_letters`: insert, delete and every change of status, target or urgent action.
 *
 * Both are filled from the rows already there. On PostgreSQL every transaction that counts an
 * action on the same urgent action, day, channel and detail updates the same row, so they wait
 * for each other's commit: short transactions keep that wait short. No user text is involved:
 * every statement is fixed DDL.
 */

const ACTION_KEY = ['article_id', 'day', 'channel', 'detail'] as const;
const LETTER_KEY = ['article_id', 'target_id', 'status'] as const;

/** The UTC day an action counts on, as YYYY-MM-DD, from a row (`new` or `old`). */
const daySqlite = (row: string) => `substr(coalesce(${row}.counted_at, ${row}.created_at), 1, 10)`;
const dayPostgres = (row: string) =>
  `to_char(coalesce(${row}.counted_at, ${row}.created_at) at time zone 'UTC', 'YYYY-MM-DD')`;

/** The tallies a row counts in differ between `old` and `new`. */
const actionMoved = (day: (row: string) => string) =>
  `(old.article_id <> new.article_id or old.channel <> new.channel or old.detail <> new.detail
    or ${day('old')} <> ${day('new')})`;
const letterMoved = `(old.article_id <> new.article_id or old.target_id <> new.target_id or old.status <> new.status)`;

const addAction = (day: (row: string) => string) =>
  `insert into ua_action_tallies (article_id, day, channel, detail, actions)
   values (new.article_id, ${day('new')}, new.channel, new.detail, 1)
   on conflict (${ACTION_KEY.join(', ')}) do update set actions = ua_action_tallies.actions + 1;`;
const removeAction = (day: (row: string) => string) =>
  `update ua_action_tallies set actions = actions - 1
   where article_id = old.article_id and day = ${day('old')} and channel = old.channel and detail = old.detail;`;

const addLetter = `insert into ua_letter_tallies (article_id, target_id, status, letters)
   values (new.article_id, new.target_id, new.status, 1)
   on conflict (${LETTER_KEY.join(', ')}) do update set letters = ua_letter_tallies.letters + 1;`;
const removeLetter = `update ua_letter_tallies set letters = letters - 1
   where article_id = old.article_id and target_id = old.target_id and status = old.status;`;

const ACTION_COLUMNS = 'state, counted_at, created_at, channel, detail, article_id';
const LETTER_COLUMNS = 'status, target_id, article_id';

async function tables(db: AnyDb, day: (row: string) => string): Promise<void> {
  await run(
    db,
    `create table ua_action_tallies (
      article_id integer not null references urgent_actions (article_id) on delete cascade,
      day text not null,
      channel text not null,
      detail text not null default '',
      actions integer not null,
      primary key (${ACTION_KEY.join(', ')})
    )`,
  );
  // The page for all urgent actions reads the latest days of every one.
  await run(db, 'create index ua_action_tallies_by_day on ua_action_tallies (day)');
  await run(
    db,
    `insert into ua_action_tallies (article_id, day, channel, detail, actions)
     select article_id, ${day('a')}, channel, detail, count(*) from ua_actions_taken a
     where state = 'counted' group by article_id, ${day('a')}, channel, detail`,
  );
  await run(
    db,
    `create table ua_letter_tallies (
      article_id integer not null references urgent_actions (article_id) on delete cascade,
      target_id integer not null,
      status text not null,
      letters integer not null,
      primary key (${LETTER_KEY.join(', ')})
    )`,
  );
  await run(
    db,
    `insert into ua_letter_tallies (article_id, target_id, status, letters)
     select l.article_id, l.target_id, l.status, count(*) from ua_letters l
     join urgent_actions u on u.article_id = l.article_id
     group by l.article_id, l.target_id, l.status`,
  );
}

async function upSqlite(db: AnyDb): Promise<void> {
  await tables(db, daySqlite);
  await run(
    db,
    `create trigger ua_action_tallies_insert after insert on ua_actions_taken
     when new.state = 'counted'
     begin ${addAction(daySqlite)} end`,
  );
  await run(
    db,
    `create trigger ua_action_tallies_uncount after update of ${ACTION_COLUMNS} on ua_actions_taken
     when old.state = 'counted' and (new.state <> 'counted' or ${actionMoved(daySqlite)})
     begin ${removeAction(daySqlite)} end`,
  );
  await run(
    db,
    `create trigger ua_action_tallies_count after update of ${ACTION_COLUMNS} on ua_actions_taken
     when new.state = 'counted' and (old.state <> 'counted' or ${actionMoved(daySqlite)})
     begin ${addAction(daySqlite)} end`,
  );
  await run(db, `create trigger ua_letter_tallies_insert after insert on ua_letters begin ${addLetter} end`);
  await run(
    db,
    `create trigger ua_letter_tallies_delete after delete on ua_letters begin ${removeLetter} end`,
  );
  await run(
    db,
    `create trigger ua_letter_tallies_update after update of ${LETTER_COLUMNS} on ua_letters
     when ${letterMoved}
     begin ${removeLetter} ${addLetter} end`,
  );
}

/**
 * PostgreSQL keeps a trigger function's plans; planned while the tallies looked empty they could
 * scan them for every row, so inside these functions only the planner keeps to the indexes.
 */
const PG_BY_INDEX = 'set enable_seqscan = off';

async function upPostgres(db: AnyDb): Promise<void> {
  await tables(db, dayPostgres);
  // Each count leaves the row's previous version behind. Room on its page lets the new version go
  // there (a HOT update, no index touched, the old one pruned on a later visit), and the vacuum
  // comes after a fixed number of dead versions, not after a fifth of a table that stays small.
  for (const table of ['ua_action_tallies', 'ua_letter_tallies'])
    await run(
      db,
      `alter table ${table} set (fillfactor = 50, autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000)`,
    );
  await run(
    db,
    `create function candle_ua_action_tally() returns trigger language plpgsql ${PG_BY_INDEX} as $$
     begin
       if tg_op = 'UPDATE' then
         if old.state = 'counted' and new.state = 'counted' and not ${actionMoved(dayPostgres)} then
           return null;
         end if;
         if old.state = 'counted' then
           ${removeAction(dayPostgres)}
         end if;
       end if;
       if new.state = 'counted' then
         ${addAction(dayPostgres)}
       end if;
       return null;
     end $$`,
  );
  await run(
    db,
    `create trigger ua_action_tallies_insert after insert on ua_actions_taken
     for each row when (new.state = 'counted') execute function candle_ua_action_tally()`,
  );
  await run(
    db,
    `create trigger ua_action_tallies_update after update of ${ACTION_COLUMNS} on ua_actions_taken
     for each row when (old.state = 'counted' or new.state = 'counted') execute function candle_ua_action_tally()`,
  );
  await run(
    db,
    `create function candle_ua_letter_tally() returns trigger language plpgsql ${PG_BY_INDEX} as $$
     begin
       if tg_op = 'UPDATE' and not ${letterMoved} then
         return null;
       end if;
       if tg_op <> 'INSERT' then
         ${removeLetter}
       end if;
       if tg_op <> 'DELETE' then
         ${addLetter}
       end if;
       return null;
     end $$`,
  );
  await run(
    db,
    `create trigger ua_letter_tallies after insert or delete or update of ${LETTER_COLUMNS} on ua_letters
     for each row execute function candle_ua_letter_tally()`,
  );
}

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await run(db, 'drop trigger ua_action_tallies_insert on ua_actions_taken');
    await run(db, 'drop trigger ua_action_tallies_update on ua_actions_taken');
    await run(db, 'drop function candle_ua_action_tally()');
    await run(db, 'drop trigger ua_letter_tallies on ua_letters');
    await run(db, 'drop function candle_ua_letter_tally()');
  } else {
    for (const name of ['insert', 'uncount', 'count'])
      await run(db, `drop trigger ua_action_tallies_${name}`);
    for (const name of ['insert', 'delete', 'update'])
      await run(db, `drop trigger ua_letter_tallies_${name}`);
  }
  await run(db, 'drop table ua_letter_tallies');
  await run(db, 'drop table ua_action_tallies');
}
