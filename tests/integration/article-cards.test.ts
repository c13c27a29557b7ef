import Database from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rendererId } from '../../src/newsroom/cards.js';
import { queries as q } from '../../src/newsroom/service.js';
import { SQLITE_BUSY_TIMEOUT_MS } from '../../src/platform/db/index.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { deleteArticle } from '../support/content.js';

// The page cache is off: every request reads the stored cards, as a first visit after a purge does.
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ pageCacheEntries: 0 });
});
afterAll(async () => {
  await t?.close();
});

const page = async (url: string) => (await t.app.inject({ url })).body;

async function mexico() {
  return t.db.selectFrom('countries').selectAll().where('slug', '=', 'mexico').executeTakeFirstOrThrow();
}

/** The newest item on the Mexico page that has a lead picture. */
async function newestWithPicture() {
  const country = await mexico();
  return t.db
    .selectFrom('articles')
    .innerJoin('article_countries', 'article_countries.article_id', 'articles.id')
    .select(['articles.id', 'articles.title', 'articles.lead_image_id'])
    .where('article_countries.country_id', '=', country.id)
    .where('articles.status', '=', 'published')
    .where('articles.lead_image_id', 'is not', null)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .executeTakeFirstOrThrow();
}

/**
 * Takes, from another connection, the lock a card's store would wait for: SQLite's write lock, or
 * the card's row on PostgreSQL. Returns the release.
 */
async function holdWriteLock(articleId: number): Promise<() => Promise<void>> {
  if (dialectUnderTest === 'sqlite') {
    const other = new Database(t.databaseUrl.replace(/^sqlite:/, ''));
    other.exec('begin immediate');
    return async () => {
      other.exec('rollback');
      other.close();
    };
  }
  const client = new pg.Client({ connectionString: t.databaseUrl });
  await client.connect();
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.db)).rows[0]?.s;
  await client.query('begin');
  await client.query(`select 1 from "${schema}".article_cards where article_id = $1 for update`, [articleId]);
  return async () => {
    await client.query('rollback');
    await client.end();
  };
}

const card = (id: number) =>
  t.db.selectFrom('article_cards').selectAll().where('article_id', '=', id).executeTakeFirst();

describe(`stored cards on ${dialectUnderTest}`, () => {
  it('are written on the first visit and read on the next', async () => {
    await page('/countries/mexico');
    const stored = await t.db
      .selectFrom('article_cards')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('html', 'is not', null)
      .where('renderer', '=', rendererId())
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBeGreaterThanOrEqual(12);

    // What is stored is what the page shows: a card stored for a later generation (as another
    // process would after an edit) is read from the store.
    const item = await newestWithPicture();
    const before = await card(item.id);
    await t.db
      .updateTable('article_cards')
      .set((eb) => ({
        html: Buffer.from(`${before?.html?.toString()}<!-- read from the store -->`),
        generation: eb('generation', '+', 1),
      }))
      .where('article_id', '=', item.id)
      .execute();
    expect(await page('/countries/mexico')).toContain('<!-- read from the store -->');

    // Its bytes are then kept by this process, read once per generation: bytes changed under the
    // same generation (which no store does) are not read again.
    await t.db
      .updateTable('article_cards')
      .set({ html: Buffer.from('<p>changed without a new generation</p>') })
      .where('article_id', '=', item.id)
      .execute();
    expect(await page('/countries/mexico')).toContain('<!-- read from the store -->');
    await t.db
      .updateTable('article_cards')
      .set({ html: before?.html ?? null, generation: Number(before?.generation) + 2 })
      .where('article_id', '=', item.id)
      .execute();
    expect(await page('/countries/mexico')).not.toContain('<!-- read from the store -->');
  });

  it('show a change to the title, the picture or a country at once', async () => {
    const item = await newestWithPicture();
    await page('/countries/mexico');

    await t.db
      .updateTable('articles')
      .set({ title: 'A title changed by an editor' })
      .where('id', '=', item.id)
      .execute();
    expect((await card(item.id))?.html).toBeNull();
    expect(await page('/countries/mexico')).toContain('A title changed by an editor');

    await t.db
      .updateTable('media')
      .set({ caption: 'A caption changed in the media library' })
      .where('id', '=', item.lead_image_id!)
      .execute();
    expect(await page('/countries/mexico')).toContain('A caption changed in the media library');

    await t.db
      .updateTable('countries')
      .set({ name: 'Mexico (renamed)' })
      .where('slug', '=', 'mexico')
      .execute();
    expect(await page('/countries/mexico')).toContain('>Mexico (renamed)</a>');
    await t.db.updateTable('countries').set({ name: 'Mexico' }).where('slug', '=', 'mexico').execute();
  });

  it('drop a render of content that changed while it was made', async () => {
    const item = await newestWithPicture();
    await page('/countries/mexico');
    const country = await mexico();
    const { rows } = await q.listCardPage(
      t.db,
      { kind: 'country', countryId: country.id },
      12,
      0,
      rendererId(),
    );
    const read = rows.find((r) => r.id === item.id);
    expect(read?.generation).not.toBeNull();

    // An edit lands between the read and the store.
    await t.db
      .updateTable('articles')
      .set({ title: 'Edited during the render' })
      .where('id', '=', item.id)
      .execute();
    await q.storeCards(t.db, [
      {
        id: item.id,
        generation: read!.generation,
        renderer: rendererId(),
        html: Buffer.from('<p>rendered from the old title</p>'),
      },
    ]);
    expect((await card(item.id))?.html).toBeNull();
    const html = await page('/countries/mexico');
    expect(html).toContain('Edited during the render');
    expect(html).not.toContain('rendered from the old title');
  });

  it('are rendered again when the card markup changes', async () => {
    const item = await newestWithPicture();
    await page('/countries/mexico');
    await t.db
      .updateTable('article_cards')
      .set({ renderer: 'an-older-release', html: Buffer.from('<p>an older card</p>') })
      .where('article_id', '=', item.id)
      .execute();
    expect(await page('/countries/mexico')).not.toContain('an older card');
    expect((await card(item.id))?.renderer).toBe(rendererId());
  });

  it('keep their titles under the heading of the page around them', async () => {
    const html = await page('/regions/americas');
    expect(html).toMatch(/<h3 class="item__title"><a href="\/articles\/[^"]+">[^<]+<\/a><\/h3>/);
    expect(html).not.toContain('<h2 class="item__title">');
  });

  it('are served without waiting while another process holds the write lock', async () => {
    const item = await newestWithPicture();
    await t.db
      .updateTable('articles')
      .set({ title: 'Changed while locked' })
      .where('id', '=', item.id)
      .execute();
    const release = await holdWriteLock(item.id);
    try {
      const started = Date.now();
      expect(await page('/countries/mexico')).toContain('Changed while locked');
      // Not stored: the store gave up at once rather than wait out the lock (SQLite: 5 s).
      expect(Date.now() - started).toBeLessThan(SQLITE_BUSY_TIMEOUT_MS);
      expect((await card(item.id))?.html).toBeNull();
    } finally {
      await release();
    }
    await page('/countries/mexico');
    expect((await card(item.id))?.html?.toString()).toContain('Changed while locked');
  });

  it('go with their article', async () => {
    const item = await newestWithPicture();
    await page('/countries/mexico');
    expect(await card(item.id)).toBeDefined();
    await deleteArticle(t.db, item.id);
    expect(await card(item.id)).toBeUndefined();
    expect(await page('/countries/mexico')).not.toContain(item.title);
    // Nothing else was left marked by the links' triggers.
    const orphans = await sql<{ n: number }>`
      select count(*) as n from article_cards c where not exists (select 1 from articles a where a.id = c.article_id)`.execute(
      t.db,
    );
    expect(Number(orphans.rows[0]?.n)).toBe(0);
  });
});
