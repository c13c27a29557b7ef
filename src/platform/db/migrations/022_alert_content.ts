import type { AnyDb } from './ddl.js';

/**
 * What an alert's message shows besides its title and summary (issue 12, item 4), kept on the
 * alert as it was when the item was published, as its title is:
 *
 * - `item_type`: the item's type (`urgent-action`, …), whose label the message shows; null on
 *   alerts written before this migration, whose messages show no label.
 * - `item_language`: the language the item is written in, when the newsroom states it (so a
 *   screen reader reads its title in that language); null when not stated.
 * - `image_path`: the lead picture's 1200 × 630 JPEG share copy, as a path on the site
 *   (`/media/…-share.jpg`); null when the item has none (and on older alerts). With its alt text,
 *   caption and credit ('' when none).
 *
 * One column a statement: SQLite adds one at a time.
 */
export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('alerts').addColumn('item_type', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('item_language', 'text').execute();
  await db.schema.alterTable('alerts').addColumn('image_path', 'text').execute();
  for (const column of ['image_alt', 'image_caption', 'image_credit'])
    await db.schema
      .alterTable('alerts')
      .addColumn(column, 'text', (col) => col.notNull().defaultTo(''))
      .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const column of [
    'image_credit',
    'image_caption',
    'image_alt',
    'image_path',
    'item_language',
    'item_type',
  ])
    await db.schema.alterTable('alerts').dropColumn(column).execute();
}
