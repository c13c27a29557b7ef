import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { deleteArticle, newestItemOf } from '../support/content.js';
import { expectListingsTrue } from '../support/listings.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ pageCacheEntries: 0 });
});
afterAll(async () => {
  await t?.close();
});

/** The listing index holds exactly what the articles and their links say (tests/support/listings.ts). */
const expectIndexTrue = () => expectListingsTrue(t.db);

async function mexicoItems() {
  const html = (await t.app.inject({ url: '/countries/mexico' })).body;
  return [...html.matchAll(/class="item__title"><a href="\/articles\/([^"]+)"/g)].map((m) => m[1]!);
}

const newestOfMexico = () => newestItemOf(t.db, 'mexico');

describe(`the listing index on ${dialectUnderTest}`, () => {
  it('holds every published item of every country, region, topic and case after the demo loads', async () => {
    const { rows } = await sql<{ n: number }>`select count(*) as n from article_listings`.execute(t.db);
    expect(Number(rows[0]?.n)).toBeGreaterThan(20);
    await expectIndexTrue();
  });

  it('follows unpublishing, publishing again and a new date', async () => {
    const item = await newestOfMexico();
    expect((await mexicoItems())[0]).toBe(item.slug);

    await t.db.updateTable('articles').set({ status: 'draft' }).where('id', '=', item.id).execute();
    await expectIndexTrue();
    expect(await mexicoItems()).not.toContain(item.slug);

    await t.db.updateTable('articles').set({ status: 'published' }).where('id', '=', item.id).execute();
    await expectIndexTrue();
    expect((await mexicoItems())[0]).toBe(item.slug);

    await t.db
      .updateTable('articles')
      .set({ published_at: '2001-01-01T00:00:00.000Z' })
      .where('id', '=', item.id)
      .execute();
    await expectIndexTrue();
    expect((await mexicoItems())[0]).not.toBe(item.slug);
    await t.db
      .updateTable('articles')
      .set({ published_at: item.published_at })
      .where('id', '=', item.id)
      .execute();
    await expectIndexTrue();
  });

  it('follows links added, moved and removed', async () => {
    const item = await newestOfMexico();
    const topic = await t.db.selectFrom('topics').select(['id', 'slug']).executeTakeFirstOrThrow();
    await t.db.deleteFrom('article_topics').where('article_id', '=', item.id).execute();
    await t.db
      .insertInto('article_topics')
      .values({ article_id: item.id, topic_id: topic.id, position: 0 })
      .execute();
    await expectIndexTrue();
    expect((await t.app.inject({ url: `/topics/${topic.slug}` })).body).toContain(`/articles/${item.slug}"`);

    const other = await t.db
      .selectFrom('countries')
      .select('id')
      .where('slug', '!=', 'mexico')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('article_countries')
      .set({ country_id: other.id })
      .where('article_id', '=', item.id)
      .where('country_id', '=', item.country_id)
      .execute();
    await expectIndexTrue();
    expect(await mexicoItems()).not.toContain(item.slug);

    await t.db.deleteFrom('article_countries').where('article_id', '=', item.id).execute();
    await expectIndexTrue();
  });

  it('keeps an item in a region once, for as long as one of its countries is there', async () => {
    const item = await newestOfMexico();
    const mexico = await t.db
      .selectFrom('countries')
      .innerJoin('regions', 'regions.id', 'countries.region_id')
      .select(['countries.id', 'countries.region_id', 'regions.slug as region'])
      .where('countries.slug', '=', 'mexico')
      .executeTakeFirstOrThrow();
    const regionItems = async (slug: string) => {
      const html = (await t.app.inject({ url: `/regions/${slug}` })).body;
      return [...html.matchAll(/class="item__title"><a href="\/articles\/([^"]+)"/g)].map((m) => m[1]!);
    };
    // The newest item anywhere, so it heads every listing it is in.
    await t.db
      .updateTable('articles')
      .set({ published_at: '2030-01-01T00:00:00.000Z' })
      .where('id', '=', item.id)
      .execute();
    // A second country of the same region: one entry, and it stays when Mexico's link goes.
    const neighbour = await t.db
      .insertInto('countries')
      .values({ code: 'ZZ', slug: 'neighbour', name: 'Neighbour', region_id: mexico.region_id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('article_countries')
      .values({ article_id: item.id, country_id: neighbour.id, position: 1 })
      .execute();
    await expectIndexTrue();
    await t.db
      .deleteFrom('article_countries')
      .where('article_id', '=', item.id)
      .where('country_id', '=', mexico.id)
      .execute();
    await expectIndexTrue();
    expect((await regionItems(mexico.region))[0]).toBe(item.slug);

    // The other country moves to another region, and its items with it.
    const elsewhere = await t.db
      .selectFrom('regions')
      .select(['id', 'slug'])
      .where('id', '!=', mexico.region_id)
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('countries')
      .set({ region_id: elsewhere.id })
      .where('id', '=', neighbour.id)
      .execute();
    await expectIndexTrue();
    expect(await regionItems(mexico.region)).not.toContain(item.slug);
    expect((await regionItems(elsewhere.slug))[0]).toBe(item.slug);

    // Mexico's link back, then the other country deleted with its links.
    await t.db
      .insertInto('article_countries')
      .values({ article_id: item.id, country_id: mexico.id, position: 0 })
      .execute();
    await t.db.deleteFrom('countries').where('id', '=', neighbour.id).execute();
    await expectIndexTrue();
    expect(await regionItems(elsewhere.slug)).not.toContain(item.slug);
    expect((await regionItems(mexico.region))[0]).toBe(item.slug);
    await t.db
      .updateTable('articles')
      .set({ published_at: item.published_at })
      .where('id', '=', item.id)
      .execute();
    await expectIndexTrue();
  });

  it('serves a country with no items, and refuses an unknown one or a page past the last', async () => {
    const region = await t.db.selectFrom('regions').select('id').executeTakeFirstOrThrow();
    const empty = { slug: 'tuvalu' };
    await t.db
      .insertInto('countries')
      .values({ code: 'TV', slug: empty.slug, name: 'Tuvalu', region_id: region.id })
      .execute();
    const res = await t.app.inject({ url: `/countries/${empty.slug}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('class="empty"');
    expect((await t.app.inject({ url: '/countries/atlantis' })).statusCode).toBe(404);
    const beyond = await t.app.inject({ url: '/countries/mexico?page=99' });
    expect(beyond.statusCode).toBe(302);
    expect(beyond.headers.location).toMatch(/^\/countries\/mexico(\?page=\d+)?$/);
  });

  it('drops a deleted article', async () => {
    const item = await newestOfMexico();
    await deleteArticle(t.db, item.id);
    await expectIndexTrue();
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from article_listings where article_id = ${item.id}`.execute(t.db);
    expect(Number(rows[0]?.n)).toBe(0);
  });
});
