import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { deleteArticle, newestItemOf } from '../support/content.js';

// The page cache is off: every request reads the view from the database, and only the page
// around the cards or the body is reused (src/platform/views/frames.ts).
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ pageCacheEntries: 0 });
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ url });

const newestMexicoItem = () => newestItemOf(t.db, 'mexico');

describe(`pages reused around their content on ${dialectUnderTest}`, () => {
  it('show a change to what a listing’s page says around its cards at once', async () => {
    expect((await get('/countries/mexico')).body).toContain('<h1>Mexico</h1>');

    await t.db
      .updateTable('countries')
      .set({ name: 'Mexico (renamed)' })
      .where('slug', '=', 'mexico')
      .execute();
    await t.db.updateTable('regions').set({ name: 'The Americas' }).where('slug', '=', 'americas').execute();
    const renamed = (await get('/countries/mexico')).body;
    expect(renamed).toContain('<h1>Mexico (renamed)</h1>');
    expect(renamed).toContain('<title>Mexico (renamed) |');
    expect(renamed).toContain('>The Americas</a>');

    await t.db.updateTable('countries').set({ name: 'Mexico' }).where('slug', '=', 'mexico').execute();
    await t.db.updateTable('regions').set({ name: 'Americas' }).where('slug', '=', 'americas').execute();
    expect((await get('/countries/mexico')).body).toContain('<h1>Mexico</h1>');
  });

  it('show one card fewer, and the pager for it, when an item goes', async () => {
    const before = (await get('/countries/mexico')).body;
    const cards = (html: string) => html.match(/<li><article /g)?.length ?? 0;
    const lastPage = (html: string) => Number(/Page 1 of (\d+)/.exec(html)?.[1] ?? 1);
    const last = lastPage(before);
    const onLast = async () =>
      (await get(last > 1 ? `/countries/mexico?page=${last}` : '/countries/mexico')).body;
    const count = cards(await onLast());

    await deleteArticle(t.db, (await newestMexicoItem()).id);
    if (count > 1) {
      expect(cards(await onLast())).toBe(count - 1);
    } else {
      // The last page emptied: the page before it is the last now.
      expect(lastPage((await get('/countries/mexico')).body)).toBe(last - 1);
    }
  });

  it('show a change to an article’s title or body at once, each with its own fingerprint', async () => {
    const item = await newestMexicoItem();
    const url = `/articles/${item.slug}`;
    const first = await get(url);
    expect(first.body).toContain(item.body_html);

    await t.db
      .updateTable('articles')
      .set({ body_html: '<p>A paragraph added by an editor.</p>' })
      .where('id', '=', item.id)
      .execute();
    const body = await get(url);
    expect(body.body).toContain('<div class="prose"><p>A paragraph added by an editor.</p></div>');
    expect(body.body).toContain(`<h1>${item.title}</h1>`);
    expect(body.headers.etag).not.toBe(first.headers.etag);

    await t.db
      .updateTable('articles')
      .set({ title: 'A title changed too' })
      .where('id', '=', item.id)
      .execute();
    const title = await get(url);
    expect(title.body).toContain('<h1>A title changed too</h1>');
    expect(title.body).toContain('<div class="prose"><p>A paragraph added by an editor.</p></div>');
    expect(title.headers.etag).not.toBe(body.headers.etag);

    // The same bytes again, the same fingerprint.
    await t.db
      .updateTable('articles')
      .set({ title: item.title, body_html: item.body_html })
      .where('id', '=', item.id)
      .execute();
    const again = await get(url);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
  });
});
