import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchArchive, searchEngine } from '../../src/search/index.js';
import { parseQuery } from '../../src/search/query.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { addArticle, addGeneratedArchive } from './search-support.js';

let t: TestApp;

beforeAll(async () => {
  t = await testApp();
  await addGeneratedArchive(t.db, 60);
});
afterAll(async () => {
  await t?.close();
});

const typeLabel = (type: string) => type;
const request = { q: 'government', sort: 'relevance' as const, page: 1 };

describe(`bounded search work on ${dialectUnderTest}`, () => {
  it('counts every match, and says when the counts per filter value cover only the newest', async () => {
    const full = await searchArchive({ db: t.db, engine: searchEngine(t.db) }, request, typeLabel);
    const bounded = await searchArchive(
      { db: t.db, engine: searchEngine(t.db, { facetSample: 5, rankWindow: 5000 }) },
      request,
      typeLabel,
    );
    if (!full.ok || !bounded.ok) throw new Error('both searches answer');
    expect(full.view.total).toBeGreaterThan(5);
    expect(bounded.view.total).toBe(full.view.total);
    expect(full.view.facetsSampled).toBeNull();
    expect(bounded.view.facetsSampled).toBe(5);
    const typeCounts = (view: typeof full.view) =>
      (view.facets.find((g) => g.facet === 'type')?.values ?? []).reduce((n, v) => n + v.count, 0);
    expect(typeCounts(full.view)).toBe(full.view.total);
    expect(typeCounts(bounded.view)).toBe(5);
  });

  it('shows the bound on the page and in the API', async () => {
    const page = await t.app.inject({ url: '/search?q=government' });
    expect(page.body).not.toContain('most recent results');
    const api = (await t.app.inject({ url: '/api/search?q=government' })).json();
    expect(api.facetsSampled).toBeNull();
  });

  it('ranks a common word among its newest matches, then goes on newest first', async () => {
    const q = parseQuery('government');
    const all = await searchEngine(t.db).hits(q, {}, 'newest', 1000, 0);
    const windowed = await searchEngine(t.db, { facetSample: 2000, rankWindow: 4 }).hits(
      q,
      {},
      'relevance',
      10,
      0,
    );
    expect(all.length).toBeGreaterThan(10);
    expect(windowed.length).toBe(10);
    const matching = new Set(all.map((h) => h.id));
    for (const hit of windowed) expect(matching.has(hit.id)).toBe(true);
    // The window is the newest additions to the index: the highest ids, ranked; the rest follow
    // newest additions first.
    const byAddition = all.map((h) => h.id).sort((a, b) => b - a);
    expect(
      windowed
        .slice(0, 4)
        .map((h) => h.id)
        .sort((a, b) => b - a),
    ).toEqual(byAddition.slice(0, 4));
    expect(windowed.slice(4).map((h) => h.id)).toEqual(byAddition.slice(4, 10));
    // A page past the window is the continuation, with no gap and no repeat.
    const page2 = await searchEngine(t.db, { facetSample: 2000, rankWindow: 4 }).hits(
      q,
      {},
      'relevance',
      10,
      10,
    );
    expect(page2.map((h) => h.id)).toEqual(byAddition.slice(10, 20));
  });

  it('sorts newest first exactly when the matches outnumber the window', async () => {
    const q = parseQuery('government');
    const whole = await searchEngine(t.db).search(q, {}, 'newest', 10, 5);
    const bounded = await searchEngine(t.db, { facetSample: 5, rankWindow: 5 }).search(
      q,
      {},
      'newest',
      10,
      5,
    );
    expect(whole.total).toBeGreaterThan(15);
    expect(bounded.total).toBe(whole.total);
    expect(bounded.hits.map((h) => h.id)).toEqual(whole.hits.map((h) => h.id));
    const dates = bounded.hits.map((h) => h.publishedAt);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('keeps counts per filter value true to links, regions and publishing', async () => {
    const search = async () => {
      const { counts } = await searchEngine(t.db).search(parseQuery('Zwischenzug'), {}, 'relevance', 10, 0);
      return (facet: string, value: number | string) =>
        counts.find((c) => c.facet === facet && c.value === String(value))?.count ?? 0;
    };
    const id = await addArticle(t.db, { slug: 'facet-kept-true', title: 'Zwischenzug report' });
    const kenya = await t.db
      .selectFrom('countries')
      .select(['id', 'region_id'])
      .where('slug', '=', 'kenya')
      .executeTakeFirstOrThrow();
    const other = await t.db
      .selectFrom('regions')
      .select('id')
      .where('id', '<>', kenya.region_id)
      .executeTakeFirstOrThrow();
    expect((await search())('country', kenya.id)).toBe(0);

    await t.db
      .insertInto('article_countries')
      .values({ article_id: id, country_id: kenya.id, position: 0 })
      .execute();
    let count = await search();
    expect(count('country', kenya.id)).toBe(1);
    expect(count('region', kenya.region_id)).toBe(1);

    // A country moved to another region takes its items' counts with it.
    await t.db.updateTable('countries').set({ region_id: other.id }).where('id', '=', kenya.id).execute();
    count = await search();
    expect(count('region', kenya.region_id)).toBe(0);
    expect(count('region', other.id)).toBe(1);
    await t.db
      .updateTable('countries')
      .set({ region_id: kenya.region_id })
      .where('id', '=', kenya.id)
      .execute();

    await t.db.deleteFrom('article_countries').where('article_id', '=', id).execute();
    expect((await search())('country', kenya.id)).toBe(0);

    await t.db
      .insertInto('article_countries')
      .values({ article_id: id, country_id: kenya.id, position: 0 })
      .execute();
    await t.db.updateTable('articles').set({ status: 'archived' }).where('id', '=', id).execute();
    const archived = await searchEngine(t.db).search(parseQuery('Zwischenzug'), {}, 'relevance', 10, 0);
    expect(archived.total).toBe(0);
    expect(archived.counts).toEqual([]);
  });
});
