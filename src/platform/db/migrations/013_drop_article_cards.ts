import { sql } from 'kysely';
import { type AnyDb, isPostgres } from './ddl.js';

/**
 * Drops the stored cards of migration 007 (`article_cards`), its triggers and, on PostgreSQL,
 * their functions: listings render each item from the article itself on every uncached request,
 * so no copy of an item's HTML can outlive a change to the item or to the code that renders it.
 * Triggers go first, so that no edit between two statements fires one that writes to a table that
 * is gone. Written out here rather than taken from 007, so that this migration never changes.
 */
const SQLITE_TRIGGERS = [
  'cards_articles',
  'cards_links_insert',
  'cards_links_delete',
  'cards_links_update',
  'cards_media',
  'cards_countries',
];

const POSTGRES_TRIGGERS: ReadonlyArray<readonly [trigger: string, table: string]> = [
  ['cards_articles', 'articles'],
  ['cards_links', 'article_countries'],
  ['cards_media', 'media'],
  ['cards_countries', 'countries'],
];

const POSTGRES_FUNCTIONS = [
  'candle_cards_on_article()',
  'candle_cards_on_link()',
  'candle_cards_on_media()',
  'candle_cards_on_country()',
  'candle_cards_stale(integer[])',
];

export async function up(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    for (const [trigger, table] of POSTGRES_TRIGGERS) {
      await sql`drop trigger if exists ${sql.id(trigger)} on ${sql.id(table)}`.execute(db);
    }
    for (const fn of POSTGRES_FUNCTIONS) await sql.raw(`drop function if exists ${fn}`).execute(db);
  } else {
    for (const trigger of SQLITE_TRIGGERS) await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  }
  await sql`drop table if exists article_cards`.execute(db);
}

/** The cards are not brought back: the code that filled them is gone with this migration. */
export async function down(): Promise<void> {}
