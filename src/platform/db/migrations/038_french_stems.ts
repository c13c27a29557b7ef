import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * French stems in the search index (issue 15, item 4; src/search/stems.ts).
 *
 * A French item's words are indexed a second time as their Snowball French stems, beside the
 * words as written. The stems are made by the application (a JavaScript stemmer neither database
 * can run): `search_stems` holds them per item (title and summary as `head`, the body as `body`,
 * space-separated, accents folded), and `search_source` hands them to the index with the rest.
 * Triggers queue the items whose words or language change (`search_stem_queue`); the application
 * stems them before the next search and `candle reindex` stems every item.
 *
 * - SQLite: `search_fts` gains `stems_head` and `stems_body` (FTS5 cannot add a column: the table
 *   is made again, and 006's triggers with it, now filling six columns); a French page's query
 *   looks its stems up in those columns only, and every other word in the other four.
 * - PostgreSQL: the stems join the item's vectors (`head` weighted C, the body's D) as lexemes
 *   marked with a leading '§', which the text parser never puts in a lexeme, so a stem never
 *   meets a word as written or stemmed by PostgreSQL's own configurations.
 *
 * The French items already there are queued: the first search (or `candle reindex`) stems them.
 * No user text is involved: every statement is fixed DDL.
 */

const LINKS = [
  ['article_countries', 'countries', 'country_id'],
  ['article_cases', 'cases', 'case_id'],
  ['article_topics', 'topics', 'topic_id'],
] as const;

/** 006's SQLite triggers, dropped and made again with the index. */
const SQLITE_INDEX_TRIGGERS = [
  'search_articles_insert',
  'search_articles_update',
  'search_articles_delete',
  ...LINKS.flatMap(([link, table]) => [
    `search_${link}_insert`,
    `search_${link}_delete`,
    `search_${link}_update`,
    `search_${table}_rename`,
  ]),
];

const SQLITE_STEM_TRIGGERS = ['search_stems_insert', 'search_stems_update', 'search_stems_delete'];

/** 002's SQLite view of what a published article contributes, with or without the stems. */
function sqliteSourceView(withStems: boolean): string {
  const names = (link: string, table: string, fk: string) =>
    `coalesce((select group_concat(n.name, ' ') from ${link} x join ${table} n on n.id = x.${fk} where x.article_id = a.id), '')`;
  return `create view search_source as
    select a.id, a.title,
      ${[
        names('article_countries', 'countries', 'country_id'),
        names('article_cases', 'cases', 'case_id'),
        names('article_topics', 'topics', 'topic_id'),
        'a.location',
        'a.reference',
      ].join(` || ' ' || `)} as names,
      a.summary, a.body_md as body, a.type, a.published_at${
        withStems ? `,\n      coalesce(st.head, '') as stems_head, coalesce(st.body, '') as stems_body` : ''
      }
    from articles a${withStems ? ' left join search_stems st on st.article_id = a.id' : ''} where a.status = 'published'`;
}

/** 006's narrow rows' source, unchanged (it reads search_source, made again). */
const SQLITE_META_SOURCE = `create view search_meta_source as
     select s.id, s.type, s.published_at, trim(
       coalesce((select group_concat('c' || x.country_id, ' ') from article_countries x where x.article_id = s.id), '')
       || ' ' || coalesce((select group_concat('t' || x.topic_id, ' ') from article_topics x where x.article_id = s.id), '')
       || ' ' || coalesce((select group_concat('k' || x.case_id, ' ') from article_cases x where x.article_id = s.id), '')
     ) as facets
     from search_source s`;

/** 006's SQLite triggers, with the index's columns as given. */
async function sqliteIndexTriggers(db: AnyDb, columns: string): Promise<void> {
  const refresh = (id: string) => `
    delete from search_fts where rowid = ${id};
    delete from search_words where rowid = ${id};
    delete from search_meta where id = ${id};
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = ${id};
    insert into search_fts(rowid, ${columns})
      select id, ${columns} from search_source where id = ${id};
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = ${id};`;
  const refreshMany = (ids: string) => `
    delete from search_fts where rowid in (${ids});
    delete from search_words where rowid in (${ids});
    delete from search_meta where id in (${ids});
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id in (${ids});
    insert into search_fts(rowid, ${columns})
      select id, ${columns} from search_source where id in (${ids});
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id in (${ids});`;

  await run(
    db,
    `create trigger search_articles_insert after insert on articles begin ${refresh('new.id')} end`,
  );
  await run(
    db,
    `create trigger search_articles_update
     after update of id, type, title, summary, body_md, status, location, reference, published_at
     on articles begin
       delete from search_fts where rowid = old.id;
       delete from search_words where rowid = old.id;
       delete from search_meta where id = old.id;
       ${refresh('new.id')}
     end`,
  );
  await run(
    db,
    `create trigger search_articles_delete after delete on articles begin
       delete from search_fts where rowid = old.id;
       delete from search_words where rowid = old.id;
       delete from search_meta where id = old.id;
     end`,
  );
  for (const [link, table, fk] of LINKS) {
    await run(
      db,
      `create trigger search_${link}_insert after insert on ${link} begin ${refresh('new.article_id')} end`,
    );
    await run(
      db,
      `create trigger search_${link}_delete after delete on ${link} begin ${refresh('old.article_id')} end`,
    );
    await run(
      db,
      `create trigger search_${link}_update after update on ${link} begin
         ${refresh('old.article_id')} ${refresh('new.article_id')} end`,
    );
    await run(
      db,
      `create trigger search_${table}_rename after update of name on ${table} begin
         ${refreshMany(`select article_id from ${link} where ${fk} = new.id`)} end`,
    );
  }
}

const WORD_COLUMNS = 'title, names, summary, body';
const ALL_COLUMNS = `${WORD_COLUMNS}, stems_head, stems_body`;

async function sqliteIndex(db: AnyDb, withStems: boolean): Promise<void> {
  for (const name of SQLITE_INDEX_TRIGGERS) await run(db, `drop trigger if exists ${name}`);
  await run(db, 'drop view if exists search_meta_source');
  await run(db, 'drop view if exists search_source');
  await run(db, 'drop table if exists search_fts');
  await run(db, sqliteSourceView(withStems));
  await run(db, SQLITE_META_SOURCE);
  const columns = withStems ? ALL_COLUMNS : WORD_COLUMNS;
  // Porter stems English; unicode61 folds case and accents ("Vásquez" = "vasquez").
  await run(
    db,
    `create virtual table search_fts using fts5(${columns},
       tokenize = 'porter unicode61 remove_diacritics 2')`,
  );
  // Title above names above summary above body; a French stem of the title or summary counts as
  // the summary's words do, a stem of the body as the body's.
  await run(
    db,
    `insert into search_fts(search_fts, rank) values ('rank', '${
      withStems ? 'bm25(10.0, 6.0, 3.0, 1.0, 3.0, 1.0)' : 'bm25(10.0, 6.0, 3.0, 1.0)'
    }')`,
  );
  await sqliteIndexTriggers(db, columns);
  await run(db, `insert into search_fts(rowid, ${columns}) select id, ${columns} from search_source`);
}

async function upSqlite(db: AnyDb): Promise<void> {
  await run(
    db,
    'create table search_stems (article_id integer primary key, head text not null, body text not null)',
  );
  await run(
    db,
    'create table search_stem_queue (seq integer primary key autoincrement, article_id integer not null)',
  );
  await sqliteIndex(db, true);
  // Only the languages the application stems (stems.ts STEMMED_LANGUAGES); an item that leaves
  // French is queued too, so its stems go.
  await run(
    db,
    `create trigger search_stems_insert after insert on articles when new.language = 'fr' begin
       insert into search_stem_queue(article_id) values (new.id);
     end`,
  );
  await run(
    db,
    `create trigger search_stems_update after update of id, title, summary, body_md, language on articles
     when new.language = 'fr' or old.language = 'fr' begin
       delete from search_stems where article_id = old.id and old.id <> new.id;
       insert into search_stem_queue(article_id) values (new.id);
     end`,
  );
  await run(
    db,
    `create trigger search_stems_delete after delete on articles begin
       delete from search_stems where article_id = old.id;
     end`,
  );
  await run(
    db,
    `insert into search_stem_queue(article_id) select id from articles where language = 'fr' order by id`,
  );
}

async function downSqlite(db: AnyDb): Promise<void> {
  for (const name of SQLITE_STEM_TRIGGERS) await run(db, `drop trigger if exists ${name}`);
  await sqliteIndex(db, false);
  await run(db, 'drop table search_stem_queue');
  await run(db, 'drop table search_stems');
}

/** 006's PostgreSQL view of what a published article contributes, with or without the stems. */
function postgresSourceView(withStems: boolean): string {
  return `create view search_source as
  select a.id, a.title,
    concat_ws(' ', ${LINKS.map(
      ([link, table, fk]) =>
        `coalesce((select string_agg(n.name, ' ') from ${link} x join ${table} n on n.id = x.${fk} where x.article_id = a.id), '')`,
    ).join(', ')}, a.location, a.reference) as names,
    a.summary, a.body_md as body, a.type, a.published_at, a.language${
      withStems ? `,\n    coalesce(st.head, '') as stems_head, coalesce(st.body, '') as stems_body` : ''
    }
  from articles a${withStems ? ' left join search_stems st on st.article_id = a.id' : ''} where a.status || '' = 'published'`;
}

/** 006's refresh, with the stems in the vectors or without. */
function postgresRefresh(withStems: boolean): string {
  const stems = (column: string, weight: string) =>
    withStems ? `\n                  || setweight(candle_search_stem_vector(s.${column}), '${weight}')` : '';
  return `create or replace function candle_search_refresh(ids integer[]) returns void language plpgsql as $$
     begin
       delete from search_documents where article_id = any(ids);
       insert into search_documents (article_id, type, published_at, document, head, fuzzy)
       select v.id, v.type, v.published_at, v.head || v.body, v.head, v.fuzzy
       from (
         select s.id, s.type, s.published_at,
                setweight(to_tsvector(c.cfg, s.title), 'A')
                  || setweight(to_tsvector('candle_simple', s.names), 'B')
                  || setweight(to_tsvector(c.cfg, s.summary), 'C')${stems('stems_head', 'C')} as head,
                setweight(to_tsvector(c.cfg, s.body), 'D')${stems('stems_body', 'D')} as body,
                lower(public.unaccent('public.unaccent'::regdictionary, s.title || ' ' || s.names)) as fuzzy
         from search_source s
         cross join lateral (select candle_search_config(s.language, s.title || ' ' || s.summary) as cfg) c
         where s.id = any(ids)
       ) v;
       insert into search_words (word)
       select distinct w from search_documents d,
         regexp_split_to_table(d.fuzzy, '[^[:alnum:]]+') w
       where d.article_id = any(ids) and length(w) >= 3
       on conflict do nothing;
     end $$`;
}

async function upPostgres(db: AnyDb): Promise<void> {
  await run(
    db,
    'create table search_stems (article_id integer primary key, head text not null, body text not null)',
  );
  await run(
    db,
    `create table search_stem_queue (
       seq bigint generated always as identity primary key,
       article_id integer not null
     )`,
  );
  // Space-separated stems, in order, as marked lexemes at their positions (phrases of stems match).
  await run(
    db,
    `create function candle_search_stem_vector(stems text) returns tsvector
     language sql immutable as $$
       select coalesce(string_agg(quote_literal('§' || w) || ':' || least(n, 16383), ' '), '')::tsvector
       from unnest(string_to_array(stems, ' ')) with ordinality as t(w, n)
       where w <> ''
     $$`,
  );
  // The view gains two columns at its end; the refresh function reads them.
  await run(db, postgresSourceView(true).replace('create view', 'create or replace view'));
  await run(db, postgresRefresh(true));
  // Only the languages the application stems (stems.ts STEMMED_LANGUAGES); an item that leaves
  // French is queued too, so its stems go.
  await run(
    db,
    `create function candle_search_stem_queue() returns trigger language plpgsql as $$
     begin
       if tg_op = 'DELETE' then
         delete from search_stems where article_id = old.id;
         return null;
       end if;
       if tg_op = 'UPDATE' then
         if old.id <> new.id then
           delete from search_stems where article_id = old.id;
         end if;
         if old.language = 'fr' then
           insert into search_stem_queue (article_id) values (new.id);
           return null;
         end if;
       end if;
       if new.language = 'fr' then
         insert into search_stem_queue (article_id) values (new.id);
       end if;
       return null;
     end $$`,
  );
  await run(
    db,
    `create trigger search_stems_insert_delete after insert or delete on articles
     for each row execute function candle_search_stem_queue()`,
  );
  await run(
    db,
    `create trigger search_stems_update after update of id, title, summary, body_md, language on articles
     for each row execute function candle_search_stem_queue()`,
  );
  await run(
    db,
    `insert into search_stem_queue (article_id) select id from articles where language = 'fr' order by id`,
  );
}

async function downPostgres(db: AnyDb): Promise<void> {
  await run(db, 'drop trigger if exists search_stems_insert_delete on articles');
  await run(db, 'drop trigger if exists search_stems_update on articles');
  await run(db, 'drop function if exists candle_search_stem_queue()');
  // A view cannot lose columns in place: made again as 006 made it.
  await run(db, 'drop view search_source');
  await run(db, postgresSourceView(false));
  await run(db, postgresRefresh(false));
  await run(db, 'drop function if exists candle_search_stem_vector(text)');
  await run(db, 'drop table search_stem_queue');
  await run(db, 'drop table search_stems');
  await run(db, 'select candle_search_refresh(array(select id from articles))');
}

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await downPostgres(db);
  else await downSqlite(db);
}
