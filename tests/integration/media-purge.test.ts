import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MISSING_PAGE_KEY } from '../../src/platform/cache/purge-bus.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { type FilePart, mediaIdFrom, pngFile, uploadAs } from '../support/media.js';

/**
 * A change to a media item purges the pages that show it, and only those: media names its own key
 * (`media:<id>`), and every page that shows the item names that key among its content keys.
 */

let t: TestApp;
let editor: Session;

/** Pages that show the picture: lead image of the newest Mexican item, a featured case's portrait. */
let showing: string[];
/** A page that does not show it, kept warm to prove the purge is exact. */
const UNRELATED = '/countries/kenya';
let articlePage: string;
let picture: number;

const get = (url: string) => t.app.inject({ method: 'GET', url });
const storageKey = async (id: number) =>
  (await t.db.selectFrom('media').select('storage_key').where('id', '=', id).executeTakeFirstOrThrow())
    .storage_key;

const pdfFile = (title: string): FilePart => ({
  name: `${title}.pdf`,
  type: 'application/pdf',
  bytes: Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${title}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  ),
});

/** Renders every page once, then checks each is now served from the page cache. */
async function warm(urls: readonly string[]) {
  for (const url of urls) expect((await get(url)).statusCode).toBe(200);
  for (const url of urls) expect((await get(url)).headers['x-cache'], url).toBe('HIT');
}

/** Whether each page is served from the cache (HIT) or rendered again (MISS), with its body. */
async function served(urls: readonly string[]) {
  const out: Record<string, { cache: unknown; body: string }> = {};
  for (const url of urls) {
    const res = await get(url);
    out[url] = { cache: res.headers['x-cache'], body: res.body };
  }
  return out;
}

/** The content keys of the purges recorded by `change` (every purge also names MISSING_PAGE_KEY). */
async function purgedBy(change: () => Promise<{ statusCode: number }>): Promise<string[]> {
  const before = await t.db.selectFrom('cache_purges').select('id').execute();
  expect((await change()).statusCode).toBe(303);
  const rows = await t.db.selectFrom('cache_purges').select(['id', 'keys']).orderBy('id').execute();
  const seen = new Set(before.map((r) => r.id));
  const keys = rows.filter((r) => !seen.has(r.id)).flatMap((r) => r.keys.split(' '));
  expect(keys).toContain(MISSING_PAGE_KEY);
  return keys.filter((key) => key !== MISSING_PAGE_KEY);
}

beforeAll(async () => {
  t = await testApp();
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');

  // A fresh picture, so its uses are exactly the ones made here.
  const uploaded = await uploadAs(
    t.app,
    editor,
    '/admin/media',
    { alt: 'Mothers of the disappeared at a vigil', caption: 'A vigil', credit: 'Candle' },
    await pngFile({ r: 200, g: 120, b: 20 }, 'vigil.png'),
  );
  picture = mediaIdFrom(uploaded.headers.location);
  const newest = await t.db
    .selectFrom('articles as a')
    .innerJoin('article_countries as l', 'l.article_id', 'a.id')
    .innerJoin('countries as c', 'c.id', 'l.country_id')
    .select(['a.id', 'a.slug'])
    .where('c.slug', '=', 'mexico')
    .where('a.status', '=', 'published')
    // The English pages list originals; the demo's French translations are on the French ones.
    .where('a.translation_of', 'is', null)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .executeTakeFirstOrThrow();
  // A case the home page features, so the portrait is on the home page too.
  const person = await t.db
    .selectFrom('cases')
    .select(['id', 'slug'])
    .where('featured', '=', 1)
    .orderBy('updated_at', 'desc')
    .executeTakeFirstOrThrow();
  await t.db.updateTable('articles').set({ lead_image_id: picture }).where('id', '=', newest.id).execute();
  await t.db.updateTable('cases').set({ portrait_id: picture }).where('id', '=', person.id).execute();
  articlePage = `/articles/${newest.slug}`;
  showing = [articlePage, '/countries/mexico', `/cases/${person.slug}`, '/cases', '/'];
  t.cache.clear();
});
afterAll(async () => {
  await t?.close();
});

describe(`purging the pages that show a media item, on ${dialectUnderTest}`, () => {
  it('names the item on every page that shows it, and not on others', async () => {
    const key = await storageKey(picture);
    for (const url of showing) {
      const res = await get(url);
      expect(res.body, url).toContain(`/media/${key}-`);
      // The key a cache in front purges by.
      expect(String(res.headers['surrogate-key']).split(' '), url).toContain(`media:${picture}`);
    }
    const other = await get(UNRELATED);
    expect(other.body).not.toContain(key);
    expect(String(other.headers['surrogate-key']).split(' ')).not.toContain(`media:${picture}`);
  });

  it('purges them when the alt text, caption or credit change', async () => {
    await warm([...showing, UNRELATED]);
    const keys = await purgedBy(() =>
      editor.post(`/admin/media/${picture}`, {
        alt: 'Mothers of the disappeared hold photographs',
        caption: 'A corrected caption',
        credit: 'A corrected credit',
      }),
    );
    expect(keys).toEqual([`media:${picture}`]);
    const after = await served([...showing, UNRELATED]);
    for (const url of showing) {
      expect(after[url]!.cache, url).toBe('MISS');
      expect(after[url]!.body, url).toContain('A corrected caption');
    }
    expect(after[UNRELATED]!.cache).toBe('HIT');
  });

  it('purges them when the file is replaced', async () => {
    const old = await storageKey(picture);
    const green = await pngFile({ r: 20, g: 200, b: 20 }, 'green.png');
    await warm([...showing, UNRELATED]);
    const keys = await purgedBy(() =>
      uploadAs(t.app, editor, `/admin/media/${picture}/file`, {}, { ...green, field: 'replacement' }),
    );
    expect(keys).toEqual([`media:${picture}`]);
    const now = await storageKey(picture);
    const after = await served([...showing, UNRELATED]);
    for (const url of showing) {
      expect(after[url]!.cache, url).toBe('MISS');
      expect(after[url]!.body, url).toContain(`/media/${now}-`);
      expect(after[url]!.body, url).not.toContain(old);
    }
    expect(after[UNRELATED]!.cache).toBe('HIT');
  });

  it('purges the article page when a download it offers is replaced', async () => {
    const uploaded = await uploadAs(t.app, editor, '/admin/media', {}, pdfFile('first'));
    const document = mediaIdFrom(uploaded.headers.location);
    const article = await t.db
      .selectFrom('articles')
      .select('id')
      .where('lead_image_id', '=', picture)
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('article_attachments')
      .values({ article_id: article.id, media_id: document, position: 0 })
      .execute();
    t.cache.clear();
    const old = await storageKey(document);
    expect((await get(articlePage)).body).toContain(`/media/${old}.pdf`);
    await warm([articlePage, UNRELATED]);
    const keys = await purgedBy(() =>
      uploadAs(
        t.app,
        editor,
        `/admin/media/${document}/file`,
        {},
        { ...pdfFile('second'), field: 'replacement' },
      ),
    );
    expect(keys).toEqual([`media:${document}`]);
    const after = await served([articlePage, UNRELATED]);
    expect(after[articlePage]!.cache).toBe('MISS');
    expect(after[articlePage]!.body).toContain(`/media/${await storageKey(document)}.pdf`);
    expect(after[UNRELATED]!.cache).toBe('HIT');
  });

  it('purges them when the item is deleted, and they show it no more', async () => {
    const key = await storageKey(picture);
    await warm([...showing, UNRELATED]);
    const keys = await purgedBy(() => editor.post(`/admin/media/${picture}/delete`, { confirm: 'yes' }));
    expect(keys).toEqual([`media:${picture}`]);
    const after = await served([...showing, UNRELATED]);
    for (const url of showing) {
      expect(after[url]!.cache, url).toBe('MISS');
      expect(after[url]!.body, url).not.toContain(key);
    }
    expect(after[UNRELATED]!.cache).toBe('HIT');
  });
});
