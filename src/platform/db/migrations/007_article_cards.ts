import { type AnyDb, isPostgres, PG_BY_INDEX, run } from './ddl.js';

/**
 * Each article's card, the HTML a listing shows for it, kept beside the article so that a page of
 * twelve cards reads twelve short rows instead of joining pictures and countries and rendering
 * them again (src/newsroom/cards.tsx writes them). The HTML is kept as UTF-8 bytes, which go into
 * the page's bytes as they are (src/platform/views/slots.ts).
 *
 * The database keeps them true: every change to what a card shows (the article's listed fields,
 * its countries, its lead picture, a country's name) marks the card stale in the same
 * transaction, by clearing its HTML and raising its `generation`. A reader that rendered a card
 * stores it only if the generation it read is still the current one, so a render of old content
 * that loses a race with an edit is dropped instead of kept.
 *
 * No user text is involved: every statement is fixed DDL.
 */

/** What a card shows, per table: an update of any other column leaves the cards alone. */
const ARTICLE_COLUMNS =
  'type, slug, title, summary, location, reference, lead_image_id, published_at, status';
const MEDIA_COLUMNS = 'storage_key, width, height, variant_widths, avif_widths, alt, caption, credit';
const COUNTRY_COLUMNS = 'slug, name, code';

/** The articles whose cards show the picture or the country `new`. */
const CARDS_OF = {
  media: 'select id from articles where lead_image_id = new.id',
  country: 'select article_id from article_countries where country_id = new.id',
};

/**
 * Marks stale the cards of the articles `ids` selects. Only articles that still exist get a row:
 * the links of a deleted article go with it, and their triggers must not bring its card back.
 */
const sqliteStale = (ids: string) =>
  `insert into article_cards (article_id, generation)
     select id, 1 from articles where id in (${ids})
     on conflict (article_id) do update set generation = article_cards.generation + 1, html = null;`;

async function upSqlite(db: AnyDb): Promise<void> {
  await run(
    db,
    `create table article_cards (
       article_id integer primary key references articles(id) on delete cascade,
       generation integer not null default 0,
       renderer text,
       html blob
     )`,
  );
  await run(
    db,
    `create trigger cards_articles after update of ${ARTICLE_COLUMNS} on articles
     begin ${sqliteStale('new.id')} end`,
  );
  await run(
    db,
    `create trigger cards_links_insert after insert on article_countries
     begin ${sqliteStale('new.article_id')} end`,
  );
  await run(
    db,
    `create trigger cards_links_delete after delete on article_countries
     begin ${sqliteStale('old.article_id')} end`,
  );
  await run(
    db,
    `create trigger cards_links_update after update on article_countries
     begin ${sqliteStale('old.article_id, new.article_id')} end`,
  );
  await run(
    db,
    `create trigger cards_media after update of ${MEDIA_COLUMNS} on media
     begin ${sqliteStale(CARDS_OF.media)} end`,
  );
  await run(
    db,
    `create trigger cards_countries after update of ${COUNTRY_COLUMNS} on countries
     begin ${sqliteStale(CARDS_OF.country)} end`,
  );
}

async function upPostgres(db: AnyDb): Promise<void> {
  await run(
    db,
    `create table article_cards (
       article_id integer primary key references articles(id) on delete cascade,
       generation bigint not null default 0,
       renderer text,
       html bytea
     )`,
  );
  await run(
    db,
    `create function candle_cards_stale(ids integer[]) returns void language sql ${PG_BY_INDEX} as $$
       insert into article_cards (article_id, generation)
       select id, 1 from articles where id = any(ids)
       on conflict (article_id) do update set generation = article_cards.generation + 1, html = null
     $$`,
  );
  await pgTrigger(db, 'article', 'articles', `after update of ${ARTICLE_COLUMNS} on articles`, [
    'perform candle_cards_stale(array[new.id]);',
  ]);
  await pgTrigger(db, 'link', 'links', 'after insert or update or delete on article_countries', [
    "if tg_op <> 'INSERT' then perform candle_cards_stale(array[old.article_id]); end if;",
    "if tg_op <> 'DELETE' then perform candle_cards_stale(array[new.article_id]); end if;",
  ]);
  await pgTrigger(db, 'media', 'media', `after update of ${MEDIA_COLUMNS} on media`, [
    `perform candle_cards_stale(array(${CARDS_OF.media}));`,
  ]);
  await pgTrigger(db, 'country', 'countries', `after update of ${COUNTRY_COLUMNS} on countries`, [
    `perform candle_cards_stale(array(${CARDS_OF.country}));`,
  ]);
}

/** A row trigger `cards_<trigger>` running function `candle_cards_on_<name>` made of `body`. */
async function pgTrigger(
  db: AnyDb,
  name: string,
  trigger: string,
  when: string,
  body: string[],
): Promise<void> {
  await run(
    db,
    `create function candle_cards_on_${name}() returns trigger language plpgsql ${PG_BY_INDEX} as $$
     begin ${body.join(' ')} return null; end $$`,
  );
  await run(
    db,
    `create trigger cards_${trigger} ${when} for each row execute function candle_cards_on_${name}()`,
  );
}

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) await upPostgres(db);
  else await upSqlite(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await run(db, 'drop table article_cards');
    for (const [trigger, table] of [
      ['cards_articles', 'articles'],
      ['cards_links', 'article_countries'],
      ['cards_media', 'media'],
      ['cards_countries', 'countries'],
    ])
      await run(db, `drop trigger ${trigger} on ${table}`);
    for (const fn of ['on_article', 'on_link', 'on_media', 'on_country'])
      await run(db, `drop function candle_cards_${fn}()`);
    await run(db, 'drop function candle_cards_stale(integer[])');
    return;
  }
  for (const trigger of [
    'cards_articles',
    'cards_links_insert',
    'cards_links_delete',
    'cards_links_update',
    'cards_media',
    'cards_countries',
  ])
    await run(db, `drop trigger ${trigger}`);
  await run(db, 'drop table article_cards');
}
