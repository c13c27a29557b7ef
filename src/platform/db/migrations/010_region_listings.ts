import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * Regions in the listing index (migration 008): a region's page was the articles' status index
 * against the links of the region's countries, 23–25 ms at 100,000 articles (docs/benchmarks.md),
 * where a country's is a fraction of a millisecond. An article has one entry per region of its
 * countries while it is published, however many of its countries are in that region.
 *
 * Kept true by triggers in the same transaction as the change: an article's status or date (the
 * article trigger of 008, rebuilt with the regions), a link to a country added, moved or removed
 * (an article's region entries are then exactly those its remaining links justify), and a
 * country moving to another region. No user text is involved: every statement is fixed DDL.
 */

/** For PostgreSQL trigger functions: plan by the indexes (see 008). */
const PG_BY_INDEX = 'set enable_seqscan = off';

/**
 * 008's statements that refill an article's country, topic and case entries, copied as they were
 * made: this migration replaces 008's article trigger with one that adds the regions, and rolling
 * back puts 008's back, so both must stay what 008 made whatever becomes of 008's file.
 */
const REFILL_008 = `insert into article_listings (kind, scope_id, article_id, published_at)
     select 'country', l.country_id, new.id, new.published_at from article_countries l
     where l.article_id = new.id and new.status = 'published';
insert into article_listings (kind, scope_id, article_id, published_at)
     select 'topic', l.topic_id, new.id, new.published_at from article_topics l
     where l.article_id = new.id and new.status = 'published';
insert into article_listings (kind, scope_id, article_id, published_at)
     select 'case', l.case_id, new.id, new.published_at from article_cases l
     where l.article_id = new.id and new.status = 'published';`;

/** 008's article trigger, with `more` statements after its own (this migration's: REFILL). */
const articleTriggerSqlite = (more = '') =>
  `create trigger listings_articles after update of status, published_at on articles begin
     delete from article_listings where article_id = new.id;
     ${REFILL_008}
     ${more}
   end`;

/** The same on PostgreSQL, as the trigger's function. */
const articleFunctionPostgres = (more = '') =>
  `create or replace function candle_listings_on_article() returns trigger language plpgsql ${PG_BY_INDEX} as $$
   begin
     delete from article_listings where article_id = new.id;
     ${REFILL_008}
     ${more}
     return null;
   end $$`;

/** Region entries of the articles `where` selects (links aliased `l`, articles `a`). */
const regionEntries = (where: string) =>
  `select 'region', c.region_id, a.id, a.published_at
   from article_countries l join countries c on c.id = l.country_id join articles a on a.id = l.article_id
   where a.status = 'published' and ${where}`;

/** Drops the region entries of `article` that no link of it to a country of that region justifies. */
const unjustified = (article: string) =>
  `delete from article_listings
   where kind = 'region' and article_id = ${article}
     and not exists (
       select 1 from article_countries l join countries c on c.id = l.country_id
       where l.article_id = article_listings.article_id and c.region_id = article_listings.scope_id
     );`;

/**
 * After the country `new` moved from the region `old.region_id`: its articles leave that region
 * unless another of their countries is still there.
 */
const MOVED_OUT = `delete from article_listings
  where kind = 'region' and scope_id = old.region_id
    and article_id in (select article_id from article_countries where country_id = new.id)
    and not exists (
      select 1 from article_countries l join countries c on c.id = l.country_id
      where l.article_id = article_listings.article_id and c.region_id = old.region_id
    );`;

/** The entries of the article `new` after a change to its status or date (see 008's refill). */
const REFILL = `insert into article_listings (kind, scope_id, article_id, published_at)
  select distinct 'region', c.region_id, new.id, new.published_at
  from article_countries l join countries c on c.id = l.country_id
  where l.article_id = new.id and new.status = 'published';`;

async function upSqlite(db: AnyDb): Promise<void> {
  await run(
    db,
    `insert or ignore into article_listings (kind, scope_id, article_id, published_at) ${regionEntries('true')}`,
  );
  await run(db, 'drop trigger listings_articles');
  await run(db, articleTriggerSqlite(REFILL));
  const add = `insert or ignore into article_listings (kind, scope_id, article_id, published_at)
    ${regionEntries('l.article_id = new.article_id and l.country_id = new.country_id')};`;
  await run(
    db,
    `create trigger region_listings_link_insert after insert on article_countries begin ${add} end`,
  );
  await run(
    db,
    `create trigger region_listings_link_delete after delete on article_countries begin ${unjustified('old.article_id')} end`,
  );
  await run(
    db,
    `create trigger region_listings_link_update after update of article_id, country_id on article_countries
     begin ${unjustified('old.article_id')} ${add} end`,
  );
  await run(
    db,
    `create trigger region_listings_country after update of region_id on countries
     when old.region_id is not new.region_id
     begin
       ${MOVED_OUT}
       insert or ignore into article_listings (kind, scope_id, article_id, published_at)
       ${regionEntries('l.country_id = new.id')};
     end`,
  );
}

async function upPostgres(db: AnyDb): Promise<void> {
  await run(
    db,
    `insert into article_listings (kind, scope_id, article_id, published_at)
     ${regionEntries('true')} on conflict do nothing`,
  );
  await run(db, articleFunctionPostgres(REFILL));
  await run(
    db,
    `create function candle_region_listings_on_link() returns trigger language plpgsql ${PG_BY_INDEX} as $$
     begin
       if tg_op <> 'INSERT' then
         ${unjustified('old.article_id')}
       end if;
       if tg_op <> 'DELETE' then
         insert into article_listings (kind, scope_id, article_id, published_at)
         ${regionEntries('l.article_id = new.article_id and l.country_id = new.country_id')}
         on conflict do nothing;
       end if;
       return null;
     end $$`,
  );
  await run(
    db,
    `create trigger region_listings_link after insert or delete or update of article_id, country_id
     on article_countries for each row execute function candle_region_listings_on_link()`,
  );
  await run(
    db,
    `create function candle_region_listings_on_country() returns trigger language plpgsql ${PG_BY_INDEX} as $$
     begin
       ${MOVED_OUT}
       insert into article_listings (kind, scope_id, article_id, published_at)
       ${regionEntries('l.country_id = new.id')}
       on conflict do nothing;
       return null;
     end $$`,
  );
  await run(
    db,
    `create trigger region_listings_country after update of region_id on countries
     for each row when (old.region_id is distinct from new.region_id)
     execute function candle_region_listings_on_country()`,
  );
}

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await run(db, 'drop trigger region_listings_link on article_countries');
    await run(db, 'drop function candle_region_listings_on_link()');
    await run(db, 'drop trigger region_listings_country on countries');
    await run(db, 'drop function candle_region_listings_on_country()');
    await run(db, articleFunctionPostgres());
  } else {
    for (const event of ['insert', 'delete', 'update'])
      await run(db, `drop trigger region_listings_link_${event}`);
    await run(db, 'drop trigger region_listings_country');
    await run(db, 'drop trigger listings_articles');
    await run(db, articleTriggerSqlite());
  }
  await run(db, `delete from article_listings where kind = 'region'`);
}
