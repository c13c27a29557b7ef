import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * The published items of each country, topic and case, newest first, as one index: a page of a
 * country's listing is a range of `article_listings_order` and its count a range of the primary
 * key, instead of the articles' status index joined against the country's links. Inside a busy
 * server what a page costs is how much work SQLite's interpreter does (docs/benchmarks.md), and
 * this is the least: no subquery, no Bloom filter, no sort.
 *
 * Triggers keep it true in the same transaction as the change: an article's status or date, and
 * every link added, moved or removed. An entry exists exactly when the article is published.
 * No user text is involved: every statement is fixed DDL.
 */

/** [link table, its column naming the listing, the listing's kind] */
const LINKS = [
  ['article_countries', 'country_id', 'country'],
  ['article_topics', 'topic_id', 'topic'],
  ['article_cases', 'case_id', 'case'],
] as const;

const TABLE = (timestamp: string) => `create table article_listings (
  kind text not null,
  scope_id integer not null,
  article_id integer not null references articles(id) on delete cascade,
  published_at ${timestamp},
  primary key (kind, scope_id, article_id)
)`;

/** Entries of the links `links` selects (aliased `l`), for published articles (aliased `a`). */
const entries = (link: string, column: string, kind: string, where: string) =>
  `select '${kind}', l.${column}, a.id, a.published_at from ${link} l join articles a on a.id = l.article_id
   where a.status = 'published' and ${where}`;

/**
 * The entries of the article `new` after a change to its status or date, from the row itself: a
 * join back to `articles` filtered by status let PostgreSQL's planner, whose statistics still saw
 * drafts, walk the status index over every published article for each row of a bulk publish.
 */
const refill = LINKS.map(
  ([link, column, kind]) =>
    `insert into article_listings (kind, scope_id, article_id, published_at)
     select '${kind}', l.${column}, new.id, new.published_at from ${link} l
     where l.article_id = new.id and new.status = 'published';`,
).join('\n');

async function fill(db: AnyDb): Promise<void> {
  for (const [link, column, kind] of LINKS) {
    await run(
      db,
      `insert into article_listings (kind, scope_id, article_id, published_at) ${entries(link, column, kind, 'true')}`,
    );
  }
  await run(
    db,
    'create index article_listings_order on article_listings (kind, scope_id, published_at, article_id)',
  );
  // An article's entries are replaced whenever it changes, and go when it is deleted: without this,
  // each would scan the whole index (publishing 100,000 articles became quadratic).
  await run(db, 'create index article_listings_article on article_listings (article_id)');
}

/**
 * For PostgreSQL trigger functions: their statements are planned once and the plan kept; planned
 * while the tables looked small (before ANALYZE, or in the middle of a bulk publish), they scan
 * whole tables for every row. Inside such a function only, the planner uses the indexes.
 */
const PG_BY_INDEX = 'set enable_seqscan = off';

/**
 * The trigger that rebuilds an article's entries when its status or date changes. 010 replaces it
 * with a copy of its own that adds the regions: a migration never reads another's SQL, so an edit
 * here cannot change what 010 made. (The blank line is what this migration has always made.)
 */
const articleTriggerSqlite = () =>
  `create trigger listings_articles after update of status, published_at on articles begin
     delete from article_listings where article_id = new.id;
     ${refill}
     
   end`;

/** The same on PostgreSQL, as the trigger's function (see articleTriggerSqlite). */
const articleFunctionPostgres = () =>
  `create or replace function candle_listings_on_article() returns trigger language plpgsql ${PG_BY_INDEX} as $$
   begin
     delete from article_listings where article_id = new.id;
     ${refill}
     
     return null;
   end $$`;

async function upSqlite(db: AnyDb): Promise<void> {
  await run(db, TABLE('text'));
  await fill(db);
  await run(db, articleTriggerSqlite());
  for (const [link, column, kind] of LINKS) {
    const add = `insert or ignore into article_listings (kind, scope_id, article_id, published_at)
      ${entries(link, column, kind, `l.article_id = new.article_id and l.${column} = new.${column}`)};`;
    const remove = `delete from article_listings
      where kind = '${kind}' and scope_id = old.${column} and article_id = old.article_id;`;
    await run(db, `create trigger listings_${link}_insert after insert on ${link} begin ${add} end`);
    await run(db, `create trigger listings_${link}_delete after delete on ${link} begin ${remove} end`);
    await run(
      db,
      `create trigger listings_${link}_update after update of article_id, ${column} on ${link}
       begin ${remove} ${add} end`,
    );
  }
}

async function upPostgres(db: AnyDb): Promise<void> {
  await run(db, TABLE('timestamptz'));
  await fill(db);
  await run(db, articleFunctionPostgres());
  await run(
    db,
    `create trigger listings_articles after update of status, published_at on articles
     for each row execute function candle_listings_on_article()`,
  );
  for (const [link, column, kind] of LINKS) {
    await run(
      db,
      `create function candle_listings_on_${link}() returns trigger language plpgsql ${PG_BY_INDEX} as $$
       declare
         article_status text;
         article_date timestamptz;
       begin
         if tg_op <> 'INSERT' then
           delete from article_listings
           where kind = '${kind}' and scope_id = old.${column} and article_id = old.article_id;
         end if;
         if tg_op <> 'DELETE' then
           -- The article by its key alone (see refill), then its status.
           select a.status, a.published_at into article_status, article_date from articles a where a.id = new.article_id;
           if article_status = 'published' then
             insert into article_listings (kind, scope_id, article_id, published_at)
             values ('${kind}', new.${column}, new.article_id, article_date)
             on conflict do nothing;
           end if;
         end if;
         return null;
       end $$`,
    );
    await run(
      db,
      `create trigger listings_${link} after insert or delete or update of article_id, ${column} on ${link}
       for each row execute function candle_listings_on_${link}()`,
    );
  }
}

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await run(db, 'drop trigger listings_articles on articles');
    await run(db, 'drop function candle_listings_on_article()');
    for (const [link] of LINKS) {
      await run(db, `drop trigger listings_${link} on ${link}`);
      await run(db, `drop function candle_listings_on_${link}()`);
    }
  } else {
    await run(db, 'drop trigger listings_articles');
    for (const [link] of LINKS) {
      for (const event of ['insert', 'delete', 'update'])
        await run(db, `drop trigger listings_${link}_${event}`);
    }
  }
  await run(db, 'drop table article_listings');
}
