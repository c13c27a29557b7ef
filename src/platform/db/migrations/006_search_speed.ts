import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * Search at archive scale (issue 4, docs/benchmarks.md "Search").
 *
 * - `articles.language` ('en', 'es', 'fr'; null when not stated): the language an item is written
 *   in. PostgreSQL stems each item in its own language (with a guess from its commonest words when
 *   none is stated) instead of in all three, a third of the work at publishing and a third of the
 *   index.
 * - SQLite: "did you mean" reads the vocabulary of a small word index of titles and names
 *   (`search_words`, accents folded, no positions, no stored text) instead of ranking every title
 *   by trigrams; the trigram table goes.
 * - PostgreSQL: one weighted tsvector per item in its language, names in `candle_simple` (folded,
 *   never stemmed); a small `head` vector (title, names, summary) ranks matches, so ranking never
 *   reads a whole body's vector; `type` and `published_at` beside it, so filtering and counting
 *   never join the long article rows; every vector stored out of line, so finding the matches reads
 *   narrow rows.
 *
 * Works on an empty database and on one with content: the index is rebuilt from `search_source`.
 * No user text is involved: every statement is fixed DDL.
 */

const LINKS = [
  ['article_countries', 'countries', 'country_id'],
  ['article_cases', 'cases', 'case_id'],
  ['article_topics', 'topics', 'topic_id'],
] as const;

const SQLITE_TRIGGERS = [
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

async function upSqlite(db: AnyDb): Promise<void> {
  for (const name of SQLITE_TRIGGERS) await run(db, `drop trigger if exists ${name}`);
  await run(db, 'drop table if exists search_trigram');
  // Contentless (the text is never read back), positions not kept: only its vocabulary is used.
  await run(
    db,
    `create virtual table search_words using fts5(words,
       tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1, detail = none)`,
  );
  await run(db, 'create virtual table search_words_vocab using fts5vocab(search_words, row)');
  // Each narrow row carries its links ('c12 t3 k77'), so counting per filter value reads one row
  // per match instead of a lookup per match in each link table.
  await run(db, `alter table search_meta add column facets text not null default ''`);
  await run(
    db,
    `create view search_meta_source as
     select s.id, s.type, s.published_at, trim(
       coalesce((select group_concat('c' || x.country_id, ' ') from article_countries x where x.article_id = s.id), '')
       || ' ' || coalesce((select group_concat('t' || x.topic_id, ' ') from article_topics x where x.article_id = s.id), '')
       || ' ' || coalesce((select group_concat('k' || x.case_id, ' ') from article_cases x where x.article_id = s.id), '')
     ) as facets
     from search_source s`,
  );

  const refresh = (id: string) => `
    delete from search_fts where rowid = ${id};
    delete from search_words where rowid = ${id};
    delete from search_meta where id = ${id};
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id = ${id};
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = ${id};
    insert into search_words(rowid, words) select id, title || ' ' || names from search_source where id = ${id};`;
  const refreshMany = (ids: string) => `
    delete from search_fts where rowid in (${ids});
    delete from search_words where rowid in (${ids});
    delete from search_meta where id in (${ids});
    insert into search_meta(id, type, published_at, facets) select id, type, published_at, facets from search_meta_source where id in (${ids});
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id in (${ids});
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
  await run(
    db,
    'update search_meta set facets = (select f.facets from search_meta_source f where f.id = search_meta.id)',
  );
  await run(db, `insert into search_words(rowid, words) select id, title || ' ' || names from search_source`);
  await run(db, `insert into search_words(search_words) values ('optimize')`);
}

async function downSqlite(db: AnyDb): Promise<void> {
  for (const name of SQLITE_TRIGGERS) await run(db, `drop trigger if exists ${name}`);
  await run(db, 'drop view if exists search_meta_source');
  await run(db, 'drop table if exists search_words_vocab');
  await run(db, 'drop table if exists search_words');
  // 002's index as it was, rebuilt from the content.
  await down002(db);
  await up002(db);
}

/**
 * What a published article contributes to search, now with its language (PostgreSQL).
 *
 * The status test is an expression on purpose: the index is refreshed one article at a time, and
 * with statistics from before a bulk publish (no published rows) the planner read every published
 * row through the status index for each article instead of looking the id up, which made
 * publishing n articles in one statement take time in n² (100,000 had not finished in 15 minutes).
 */
const PG_SOURCE_VIEW = `create view search_source as
  select a.id, a.title,
    concat_ws(' ', ${LINKS.map(
      ([link, table, fk]) =>
        `coalesce((select string_agg(n.name, ' ') from ${link} x join ${table} n on n.id = x.${fk} where x.article_id = a.id), '')`,
    ).join(', ')}, a.location, a.reference) as names,
    a.summary, a.body_md as body, a.type, a.published_at, a.language
  from articles a where a.status || '' = 'published'`;

/**
 * Words that mark a text as English, Spanish or French and are rare in the other two: an item
 * whose language is not stated is stemmed in the language whose words it uses most (English on a
 * tie, the site's language).
 */
const MARKERS = {
  en: 'the and of to is that for with was are by this has have from were will their which been not but',
  es: 'el los las del y por con para una se su al como pero sus fue entre desde muy sin sobre hasta',
  fr: 'le les des du et est dans pour pas sur au avec une il elle sont aux ces ont qui leur mais',
};
const markerList = (lang: keyof typeof MARKERS) =>
  MARKERS[lang]
    .split(' ')
    .map((w) => `'${w}'`)
    .join(', ');

async function upPostgres(db: AnyDb): Promise<void> {
  await run(db, 'select pg_advisory_xact_lock(7426001)');
  // Names are folded and never stemmed: "Lagunes" must not become "lagun".
  await run(db, 'create text search configuration candle_simple (copy = simple)');
  await run(
    db,
    `alter text search configuration candle_simple
       alter mapping for hword, hword_part, word with public.unaccent, simple`,
  );
  await run(
    db,
    `create function candle_search_config(language text, sample text) returns regconfig
     language sql stable as $$
       select case coalesce(language, (
           select case when c.es > c.en and c.es >= c.fr then 'es' when c.fr > c.en and c.fr > c.es then 'fr' else 'en' end
           from (select count(*) filter (where w in (${markerList('en')})) as en,
                        count(*) filter (where w in (${markerList('es')})) as es,
                        count(*) filter (where w in (${markerList('fr')})) as fr
                 from regexp_split_to_table(lower(left(sample, 3000)), '[^[:alpha:]]+') w) c))
         when 'en' then 'candle_en'::regconfig
         when 'es' then 'candle_es'::regconfig
         when 'fr' then 'candle_fr'::regconfig
         else 'candle_simple'::regconfig
       end
     $$`,
  );
  // The view gains the language; functions that read it are replaced below.
  await run(db, 'drop function candle_search_refresh(integer[])');
  await run(db, 'drop function candle_search_vector(text, "char")');
  await run(db, 'drop view search_source');
  await run(db, PG_SOURCE_VIEW);
  await run(db, 'drop table search_documents');
  // Vectors out of line (toast_tuple_target): finding and counting matches reads ~60-byte rows.
  await run(
    db,
    `create table search_documents (
       article_id integer primary key,
       type text not null,
       published_at timestamptz,
       document tsvector not null,
       head tsvector not null,
       fuzzy text not null
     ) with (toast_tuple_target = 128)`,
  );
  await run(db, 'create index search_documents_document on search_documents using gin (document)');
  await run(db, 'create index search_documents_published on search_documents (published_at)');
  // The words of titles and names, for "did you mean": thousands of rows, not one per article.
  // Kept by the refresh below; a word whose last item went stays until `candle reindex` (a stale
  // suggestion is searched like any query, so it can only find published items).
  await run(db, 'create table search_words (word text primary key)');
  await run(db, 'create index search_words_trigram on search_words using gin (word public.gin_trgm_ops)');
  await run(
    db,
    `create function candle_search_refresh(ids integer[]) returns void language plpgsql as $$
     begin
       delete from search_documents where article_id = any(ids);
       insert into search_documents (article_id, type, published_at, document, head, fuzzy)
       select v.id, v.type, v.published_at, v.head || v.body, v.head, v.fuzzy
       from (
         select s.id, s.type, s.published_at,
                setweight(to_tsvector(c.cfg, s.title), 'A')
                  || setweight(to_tsvector('candle_simple', s.names), 'B')
                  || setweight(to_tsvector(c.cfg, s.summary), 'C') as head,
                setweight(to_tsvector(c.cfg, s.body), 'D') as body,
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
     end $$`,
  );
  // The index now holds type and date, and the language chooses the stemming: changes to them
  // refresh it too.
  await run(db, 'drop trigger search_articles_update on articles');
  await run(
    db,
    `create trigger search_articles_update
     after update of id, type, title, summary, body_md, status, location, reference, published_at, language
     on articles for each row execute function candle_search_on_article()`,
  );
  await run(db, 'select candle_search_refresh(array(select id from articles))');
}

async function downPostgres(db: AnyDb): Promise<void> {
  // 002's index as it was, rebuilt from the content.
  await down002(db);
  await run(db, 'drop table if exists search_words');
  await run(db, 'drop function if exists candle_search_config(text, text)');
  await run(db, 'drop text search configuration if exists candle_simple');
  await up002(db);
}

export async function up(db: AnyDb): Promise<void> {
  await run(db, 'alter table articles add column language text');
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await downPostgres(db);
  else await downSqlite(db);
  await run(db, 'alter table articles drop column language');
}

/*
 * Rolling back restores 002's index as 002 made it. What follows is 002's up and down, copied
 * as they were when both migrations ran (names suffixed): a migration never imports another, so
 * no later edit of 002's file can change what rolling this one back makes.
 */
function sourceView002(concat: (parts: string[]) => string, agg: (expr: string) => string): string {
  const names = (link: string, table: string, fk: string) =>
    `coalesce((select ${agg('n.name')} from ${link} x join ${table} n on n.id = x.${fk} where x.article_id = a.id), '')`;
  return `create view search_source as
    select a.id, a.title,
      ${concat([
        names('article_countries', 'countries', 'country_id'),
        names('article_cases', 'cases', 'case_id'),
        names('article_topics', 'topics', 'topic_id'),
        'a.location',
        'a.reference',
      ])} as names,
      a.summary, a.body_md as body, a.type, a.published_at
    from articles a where a.status = 'published'`;
}
const LINKS_002 = [
  ['article_countries', 'countries', 'country_id'],
  ['article_cases', 'cases', 'case_id'],
  ['article_topics', 'topics', 'topic_id'],
] as const;

async function up002Sqlite(db: AnyDb): Promise<void> {
  await run(
    db,
    sourceView002(
      (parts) => parts.join(` || ' ' || `),
      (expr) => `group_concat(${expr}, ' ')`,
    ),
  );
  // Porter stems English; unicode61 folds case and accents ("Vásquez" = "vasquez").
  await run(
    db,
    `create virtual table search_fts using fts5(title, names, summary, body,
       tokenize = 'porter unicode61 remove_diacritics 2')`,
  );
  // Title above names above summary above body.
  await run(db, `insert into search_fts(search_fts, rank) values ('rank', 'bm25(10.0, 6.0, 3.0, 1.0)')`);
  // What filters and sorting need, in a narrow table: reading it never touches the long article rows.
  await run(db, 'create table search_meta (id integer primary key, type text not null, published_at text)');
  await run(db, 'create index search_meta_published on search_meta (published_at)');
  // Titles and names by trigram: the candidates for "did you mean".
  await run(
    db,
    `create virtual table search_trigram using fts5(words, tokenize = 'trigram remove_diacritics 1')`,
  );

  const refresh = (id: string) => `
    delete from search_fts where rowid = ${id};
    delete from search_trigram where rowid = ${id};
    delete from search_meta where id = ${id};
    insert into search_meta(id, type, published_at) select id, type, published_at from search_source where id = ${id};
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id = ${id};
    insert into search_trigram(rowid, words) select id, title || ' ' || names from search_source where id = ${id};`;
  const refreshMany = (ids: string) => `
    delete from search_fts where rowid in (${ids});
    delete from search_trigram where rowid in (${ids});
    delete from search_meta where id in (${ids});
    insert into search_meta(id, type, published_at) select id, type, published_at from search_source where id in (${ids});
    insert into search_fts(rowid, title, names, summary, body)
      select id, title, names, summary, body from search_source where id in (${ids});
    insert into search_trigram(rowid, words) select id, title || ' ' || names from search_source where id in (${ids});`;

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
       delete from search_trigram where rowid = old.id;
       delete from search_meta where id = old.id;
       ${refresh('new.id')}
     end`,
  );
  await run(
    db,
    `create trigger search_articles_delete after delete on articles begin
       delete from search_fts where rowid = old.id;
       delete from search_trigram where rowid = old.id;
       delete from search_meta where id = old.id;
     end`,
  );
  for (const [link, table, fk] of LINKS_002) {
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
  await run(
    db,
    'insert into search_fts(rowid, title, names, summary, body) select id, title, names, summary, body from search_source',
  );
  await run(
    db,
    `insert into search_trigram(rowid, words) select id, title || ' ' || names from search_source`,
  );
  await run(
    db,
    'insert into search_meta(id, type, published_at) select id, type, published_at from search_source',
  );
}

async function up002Postgres(db: AnyDb): Promise<void> {
  // Extensions live in public and are always called schema-qualified: tests confine search_path to
  // a schema of their own. The lock keeps concurrent first migrations from racing to create them.
  await run(db, 'select pg_advisory_xact_lock(7426001)');
  await run(db, 'create extension if not exists unaccent schema public');
  await run(db, 'create extension if not exists pg_trgm schema public');

  for (const [name, base] of [
    ['candle_en', 'english'],
    ['candle_es', 'spanish'],
    ['candle_fr', 'french'],
  ] as const) {
    await run(db, `create text search configuration ${name} (copy = ${base})`);
    await run(
      db,
      `alter text search configuration ${name}
         alter mapping for hword, hword_part, word with public.unaccent, ${base}_stem`,
    );
  }

  await run(
    db,
    sourceView002(
      (parts) => `concat_ws(' ', ${parts.join(', ')})`,
      (expr) => `string_agg(${expr}, ' ')`,
    ),
  );

  await run(
    db,
    `create table search_documents (
       article_id integer primary key,
       document tsvector not null,
       fuzzy text not null
     )`,
  );
  await run(db, 'create index search_documents_document on search_documents using gin (document)');
  await run(
    db,
    'create index search_documents_fuzzy on search_documents using gin (fuzzy public.gin_trgm_ops)',
  );

  // Every text in English, Spanish and French stems: items carry no language, and a reader's query
  // matches whichever fits.
  await run(
    db,
    `create function candle_search_vector(body text, weight "char") returns tsvector
     language sql stable as $$
       select setweight(to_tsvector('candle_en', body) || to_tsvector('candle_es', body)
                        || to_tsvector('candle_fr', body), weight)
     $$`,
  );
  await run(
    db,
    `create function candle_search_refresh(ids integer[]) returns void language plpgsql as $$
     begin
       delete from search_documents where article_id = any(ids);
       insert into search_documents (article_id, document, fuzzy)
       select s.id,
              candle_search_vector(s.title, 'A') || candle_search_vector(s.names, 'B')
                || candle_search_vector(s.summary, 'C') || candle_search_vector(s.body, 'D'),
              lower(public.unaccent('public.unaccent'::regdictionary, s.title || ' ' || s.names))
       from search_source s where s.id = any(ids);
     end $$`,
  );
  await run(
    db,
    `create function candle_search_on_article() returns trigger language plpgsql as $$
     begin
       if tg_op = 'DELETE' then
         delete from search_documents where article_id = old.id;
         return null;
       end if;
       if tg_op = 'UPDATE' and old.id <> new.id then
         delete from search_documents where article_id = old.id;
       end if;
       perform candle_search_refresh(array[new.id]);
       return null;
     end $$`,
  );
  await run(
    db,
    `create function candle_search_on_link() returns trigger language plpgsql as $$
     begin
       if tg_op in ('UPDATE', 'DELETE') then perform candle_search_refresh(array[old.article_id]); end if;
       if tg_op in ('UPDATE', 'INSERT') then perform candle_search_refresh(array[new.article_id]); end if;
       return null;
     end $$`,
  );
  await run(
    db,
    `create function candle_search_on_rename() returns trigger language plpgsql as $$
     begin
       if tg_table_name = 'countries' then
         perform candle_search_refresh(array(select article_id from article_countries where country_id = new.id));
       elsif tg_table_name = 'cases' then
         perform candle_search_refresh(array(select article_id from article_cases where case_id = new.id));
       else
         perform candle_search_refresh(array(select article_id from article_topics where topic_id = new.id));
       end if;
       return null;
     end $$`,
  );
  await run(
    db,
    `create trigger search_articles_insert_delete after insert or delete on articles
     for each row execute function candle_search_on_article()`,
  );
  await run(
    db,
    `create trigger search_articles_update
     after update of id, title, summary, body_md, status, location, reference on articles
     for each row execute function candle_search_on_article()`,
  );
  for (const [link, table] of LINKS_002) {
    await run(
      db,
      `create trigger search_${link} after insert or update or delete on ${link}
       for each row execute function candle_search_on_link()`,
    );
    await run(
      db,
      `create trigger search_${table}_rename after update of name on ${table}
       for each row when (old.name is distinct from new.name) execute function candle_search_on_rename()`,
    );
  }
  await run(db, 'select candle_search_refresh(array(select id from articles))');
}

async function up002(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await up002Postgres(db);
  else await up002Sqlite(db);
}

async function down002(db: AnyDb): Promise<void> {
  const postgres = isPostgres(db);
  const triggers: Array<[string, string]> = postgres
    ? [
        ['search_articles_insert_delete', 'articles'],
        ['search_articles_update', 'articles'],
        ...LINKS_002.flatMap(
          ([link, table]): Array<[string, string]> => [
            [`search_${link}`, link],
            [`search_${table}_rename`, table],
          ],
        ),
      ]
    : [
        ['search_articles_insert', 'articles'],
        ['search_articles_update', 'articles'],
        ['search_articles_delete', 'articles'],
        ...LINKS_002.flatMap(
          ([link, table]): Array<[string, string]> => [
            [`search_${link}_insert`, link],
            [`search_${link}_delete`, link],
            [`search_${link}_update`, link],
            [`search_${table}_rename`, table],
          ],
        ),
      ];
  for (const [name, table] of triggers) {
    await run(db, postgres ? `drop trigger if exists ${name} on ${table}` : `drop trigger if exists ${name}`);
  }
  if (postgres) {
    for (const fn of [
      'candle_search_on_rename()',
      'candle_search_on_link()',
      'candle_search_on_article()',
      'candle_search_refresh(integer[])',
      'candle_search_vector(text, "char")',
    ]) {
      await run(db, `drop function if exists ${fn}`);
    }
    await run(db, 'drop table if exists search_documents');
    await run(db, 'drop view if exists search_source');
    for (const name of ['candle_en', 'candle_es', 'candle_fr']) {
      await run(db, `drop text search configuration if exists ${name}`);
    }
    // The extensions stay: other schemas in the same database may use them.
  } else {
    await run(db, 'drop table if exists search_meta');
    await run(db, 'drop table if exists search_trigram');
    await run(db, 'drop table if exists search_fts');
    await run(db, 'drop view if exists search_source');
  }
}
