import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { recordPurge } from '../../src/platform/cache/purge-bus.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';
import { findMexico, mexicoForm } from '../support/content.js';
import { mediaIdFrom, pngFile, uploadAs } from '../support/media.js';

/*
 * The items listings show are kept between pages, per language, with their rendered cards
 * (newsroom/listed-items.ts), and dropped with the content keys they were made from. With the
 * page cache off, every page here is rendered, so whatever it shows of an item came from that
 * cache or from the database; each change below must show at once on the pages that list it.
 */

let t: TestApp;
let plain: App;
let editor: Session;
let mexico: { id: number; region_id: number };
let id: number;
let version: string;

const get = (url: string, app: App = t) => app.app.inject({ method: 'GET', url });
const idFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
const article = (fields: Record<string, string | string[]>) => ({
  title: 'Defenders held in Oaxaca',
  slug: 'defenders-held-in-oaxaca',
  type: 'news',
  summary: 'Two defenders of land rights were detained at a checkpoint.',
  body: 'They were detained on **3 March**.',
  countries: [String(mexico.id)],
  version: '0',
  action: 'publish',
  ...fields,
});
const country = (f: Record<string, string>) =>
  mexicoForm(mexico, { name_fr: 'Mexique', slug_fr: 'mexique', ...f });

async function edit(fields: Record<string, string | string[]>) {
  const res = await editor.post(`/admin/articles/${id}`, article({ version, ...fields }));
  expect(res.statusCode).toBe(303);
  version = versionOf((await editor.get(`/admin/articles/${id}`)).body);
}

beforeAll(async () => {
  t = await testApp({ pageCacheEntries: 0 });
  // The same site on the same database keeping nothing: what every page must equal.
  plain = await buildApp(
    loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      DATA_DIR: t.dataDir,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: TEST_PUBLIC_URL,
      PAGE_CACHE_ENTRIES: '0',
      ITEM_CACHE_ENTRIES: '0',
    }),
    t.db,
  );
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
  mexico = await findMexico(t.db);
  const created = await editor.post('/admin/articles/new', article({}));
  expect(created.statusCode).toBe(303);
  id = idFrom(created.headers.location);
  version = versionOf((await editor.get(`/admin/articles/${id}`)).body);
});
afterAll(async () => {
  await plain?.app.close();
  await t?.close();
});

/** The item's card on a page: from its opening tag to the end of its list entry. */
function cardOf(html: string, slug: string): string {
  const at = html.indexOf(`/articles/${slug}"`);
  expect(at, slug).toBeGreaterThan(-1);
  return html.slice(html.lastIndexOf('<article class="item', at), html.indexOf('</li>', at));
}

describe(`listed items kept between pages, on ${dialectUnderTest}`, () => {
  it('gives every page the bytes of one rendered with nothing kept, whatever was shown before', async () => {
    // The same items at two heading levels (a country's page, the home page) and in two languages.
    const urls = ['/countries/mexico', '/', '/latest', '/fr/pays/mexique', '/fr/', '/regions/americas'];
    for (let round = 0; round < 2; round++) {
      for (const url of urls) {
        const [kept, fresh] = [await get(url), await get(url, plain)];
        expect(kept.statusCode, url).toBe(200);
        expect(kept.body, url).toBe(fresh.body);
      }
    }
    expect(cardOf((await get('/')).body, 'defenders-held-in-oaxaca')).toContain('<h3 class="item__title"');
    expect(cardOf((await get('/countries/mexico')).body, 'defenders-held-in-oaxaca')).toContain(
      '<h2 class="item__title"',
    );
  });

  it('shows an edit to the article at once', async () => {
    await get('/countries/mexico');
    await edit({ title: 'Defenders released in Oaxaca', summary: 'Both were released without charge.' });
    const card = cardOf((await get('/countries/mexico')).body, 'defenders-held-in-oaxaca');
    expect(card).toContain('Defenders released in Oaxaca');
    expect(card).toContain('Both were released without charge.');
  });

  it('shows its picture, and an edit to the picture’s words, at once', async () => {
    const uploaded = await uploadAs(
      t.app,
      editor,
      '/admin/media',
      { alt: 'A checkpoint on a mountain road', caption: 'The checkpoint', credit: 'Candle' },
      await pngFile({ r: 30, g: 90, b: 160 }, 'checkpoint.png'),
    );
    const picture = mediaIdFrom(uploaded.headers.location);
    await get('/countries/mexico');
    await edit({ lead_image_id: String(picture) });
    expect(cardOf((await get('/countries/mexico')).body, 'defenders-held-in-oaxaca')).toContain(
      'alt="A checkpoint on a mountain road"',
    );
    const res = await editor.post(`/admin/media/${picture}`, {
      alt: 'Soldiers at a checkpoint on a mountain road',
      caption: 'The checkpoint at dawn',
      credit: 'Candle',
    });
    expect(res.statusCode).toBe(303);
    const card = cardOf((await get('/countries/mexico')).body, 'defenders-held-in-oaxaca');
    expect(card).toContain('alt="Soldiers at a checkpoint on a mountain road"');
    expect(card).toContain('The checkpoint at dawn');
  });

  it('shows a country’s new name, in English and in French, on the items of every listing', async () => {
    await get('/latest');
    await get('/fr/actualites');
    const saved = await editor.post(
      `/admin/countries/${mexico.id}`,
      country({ name: 'United Mexican States', name_fr: 'États-Unis du Mexique' }),
    );
    expect(saved.statusCode).toBe(303);
    expect(cardOf((await get('/latest')).body, 'defenders-held-in-oaxaca')).toContain(
      '>United Mexican States</a>',
    );
    expect(cardOf((await get('/fr/actualites')).body, 'defenders-held-in-oaxaca')).toContain(
      '>États-Unis du Mexique</a>',
    );
    await editor.post(`/admin/countries/${mexico.id}`, country({}));
  });

  it('hears of a change another process made through the purge log', async () => {
    await t.purges.poll();
    await get('/countries/mexico');
    // Another instance's edit: the row changed and its purge recorded, in one transaction.
    await t.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('articles')
        .set({ title: 'Defenders freed in Oaxaca' })
        .where('id', '=', id)
        .execute();
      await recordPurge(trx, [`article:${id}`], new Date());
    });
    expect(cardOf((await get('/countries/mexico')).body, 'defenders-held-in-oaxaca')).not.toContain(
      'Defenders freed in Oaxaca',
    );
    await t.purges.poll();
    expect(cardOf((await get('/countries/mexico')).body, 'defenders-held-in-oaxaca')).toContain(
      'Defenders freed in Oaxaca',
    );
  });
});
