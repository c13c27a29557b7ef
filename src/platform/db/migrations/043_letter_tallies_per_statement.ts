import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * PostgreSQL: the letters' tallies (migration 028) kept once per statement instead of once per
 * row. Each row's trigger updated the same few tally rows, and PostgreSQL gives a row a new version
 * at each update; within one transaction none of them can be pruned, so each update walks the
 * versions before it. A statement that set aside 150,000 queued letters ran for over seven
 * minutes (docs/benchmarks.md), and a group of the intake wrote one version per letter. Now each
 * statement sums what it moved per (urgent action, target, status) from its transition tables
 * and writes each tally row once, and not at all when nothing moved (the dispatcher's claims and
 * sends that keep the status). SQLite keeps its row triggers: it updates a row in place.
 */
const KEY = 'article_id, target_id, status';
const BY_INDEX = 'set enable_seqscan = off';

/** Adds `moved` (a query of key columns and n) to the tallies, one write per tally row. */
const apply = (moved: string) =>
  `insert into ua_letter_tallies as t (${KEY}, letters)
   select ${KEY}, sum(n) from (${moved}) m group by ${KEY} having sum(n) <> 0
   on conflict (${KEY}) do update set letters = t.letters + excluded.letters`;

export async function up(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  await run(db, 'drop trigger ua_letter_tallies on ua_letters');
  await run(db, 'drop function candle_ua_letter_tally()');
  const functions = {
    insert: apply(`select ${KEY}, 1 as n from new_rows`),
    delete: apply(`select ${KEY}, -1 as n from old_rows`),
    update: apply(`select ${KEY}, -1 as n from old_rows union all select ${KEY}, 1 as n from new_rows`),
  };
  for (const [event, body] of Object.entries(functions)) {
    await run(
      db,
      `create function candle_ua_letter_tally_${event}() returns trigger language plpgsql ${BY_INDEX} as $$
       begin
         ${body};
         return null;
       end $$`,
    );
  }
  // Transition tables cannot go with a column list (`update of status, …`): every update runs it,
  // and one that moves nothing writes nothing.
  await run(
    db,
    `create trigger ua_letter_tallies_insert after insert on ua_letters
     referencing new table as new_rows for each statement execute function candle_ua_letter_tally_insert()`,
  );
  await run(
    db,
    `create trigger ua_letter_tallies_delete after delete on ua_letters
     referencing old table as old_rows for each statement execute function candle_ua_letter_tally_delete()`,
  );
  await run(
    db,
    `create trigger ua_letter_tallies_update after update on ua_letters
     referencing old table as old_rows new table as new_rows
     for each statement execute function candle_ua_letter_tally_update()`,
  );
}

export async function down(db: AnyDb): Promise<void> {
  if (!isPostgres(db)) return;
  for (const event of ['insert', 'delete', 'update']) {
    await run(db, `drop trigger ua_letter_tallies_${event} on ua_letters`);
    await run(db, `drop function candle_ua_letter_tally_${event}()`);
  }
  await run(
    db,
    `create function candle_ua_letter_tally() returns trigger language plpgsql ${BY_INDEX} as $$
     begin
       if tg_op = 'UPDATE' and not (old.article_id <> new.article_id or old.target_id <> new.target_id
         or old.status <> new.status) then
         return null;
       end if;
       if tg_op <> 'INSERT' then
         update ua_letter_tallies set letters = letters - 1
         where article_id = old.article_id and target_id = old.target_id and status = old.status;
       end if;
       if tg_op <> 'DELETE' then
         insert into ua_letter_tallies (${KEY}, letters) values (new.article_id, new.target_id, new.status, 1)
         on conflict (${KEY}) do update set letters = ua_letter_tallies.letters + 1;
       end if;
       return null;
     end $$`,
  );
  await run(
    db,
    `create trigger ua_letter_tallies after insert or delete or update of status, target_id, article_id on ua_letters
     for each row execute function candle_ua_letter_tally()`,
  );
}
