import { type AnyDb, isPostgres, run } from './ddl.js';

/**
 * The search index (issue 4). One view, `search_source`, says what a published article contributes
 * to search: its title, the names it is filed under (countries, people and cases, topics, dateline,
 * reference), its summary and its body. Triggers on every table that feeds the view keep the index
 * true in the same transaction as the change; `candle reindex` rebuilds it from the same view.
 *
 * No user text is involved here: every statement below is fixed DDL.
 */
function sourceView(concat: (parts: string[]) => string, agg: (expr: string) => string): string {
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
const LINKS = [
  ['article_countries', 'countries', 'country_id'],
  ['article_cases', 'cases', 'case_id'],
  ['article_topics', 'topics', 'topic_id'],
] as const;

async function upSqlite(db: AnyDb): Promise<void> {
  await run(
    db,
    sourceView(
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

async function upPostgres(db: AnyDb): Promise<void> {
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
    sourceView(
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
  for (const [link, table] of LINKS) {
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

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: AnyDb): Promise<void> {
  const postgres = isPostgres(db);
  const triggers: Array<[string, string]> = postgres
    ? [
        ['search_articles_insert_delete', 'articles'],
        ['search_articles_update', 'articles'],
        ...LINKS.flatMap(
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
        ...LINKS.flatMap(
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
