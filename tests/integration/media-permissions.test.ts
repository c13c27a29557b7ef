import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as m012 from '../../src/platform/db/migrations/012_document_details.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp, testDatabase } from '../support/app.js';
import { mediaIdFrom, pngFile, storedFiles, uploadAs } from '../support/media.js';

let t: TestApp;
let author: Session;
let otherAuthor: Session;
let editor: Session;
let campaigner: Session;

beforeAll(async () => {
  t = await testApp();
  await makeUser(t.db, 'author');
  await makeUser(t.db, 'author', 'other-author@candle.test');
  await makeUser(t.db, 'editor');
  await makeUser(t.db, 'campaigner');
  author = await logIn(t.app, 'author@candle.test');
  otherAuthor = await logIn(t.app, 'other-author@candle.test');
  editor = await logIn(t.app, 'editor@candle.test');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
});
afterAll(async () => {
  await t?.close();
});

const row = (id: number) =>
  t.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const articleIdFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))?.[1]);
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? '0';
const LOCKED = 'You cannot change this item';

let slugs = 0;
function articleForm(fields: Record<string, string | string[]>) {
  slugs += 1;
  return {
    title: `Media permissions ${slugs}`,
    slug: `media-permissions-${slugs}`,
    type: 'news',
    summary: 'A test item.',
    body: 'Text.',
    version: '0',
    action: 'save',
    ...fields,
  };
}

async function uploadImage(session: Session, alt: string, colour = { r: 20, g: 20, b: 200 }) {
  const res = await uploadAs(
    t.app,
    session,
    '/admin/media',
    { alt, caption: `${alt} caption` },
    await pngFile(colour),
  );
  expect(res.statusCode).toBe(303);
  return mediaIdFrom(res.headers.location);
}

/** A draft written by `session`, then acted on by `actor` (publish, schedule) with the same fields. */
async function article(
  session: Session,
  fields: Record<string, string | string[]>,
  actor?: Session,
  extra = {},
) {
  const form = articleForm(fields);
  const created = await session.post('/admin/articles/new', form);
  expect(created.statusCode).toBe(303);
  const id = articleIdFrom(created.headers.location);
  if (actor) {
    const page = await actor.get(`/admin/articles/${id}`);
    const res = await actor.post(`/admin/articles/${id}`, {
      ...form,
      version: versionOf(page.body),
      ...extra,
    });
    expect(res.statusCode).toBe(303);
  }
  return id;
}

const describeForm = (id: number) => `action="/admin/media/${id}"`;
const replaceForm = (id: number) => `action="/admin/media/${id}/file`;

describe(`who may change media on ${dialectUnderTest}`, () => {
  it('lets an author change an image that only their own draft uses', async () => {
    const id = await uploadImage(author, 'Own draft');
    await article(author, { lead_image_id: String(id) });
    const page = await author.get(`/admin/media/${id}`);
    expect(page.body).toContain(describeForm(id));
    expect(page.body).not.toContain(LOCKED);
    const res = await author.post(`/admin/media/${id}`, { alt: 'Own draft', caption: 'Changed', credit: '' });
    expect(res.statusCode).toBe(303);
    expect((await row(id)).caption).toBe('Changed');
    const replaced = await uploadAs(
      t.app,
      author,
      `/admin/media/${id}/file`,
      {},
      {
        ...(await pngFile({ r: 200, g: 20, b: 20 })),
        field: 'replacement',
      },
    );
    expect(replaced.statusCode).toBe(303);
  });

  it('refuses an author the image of their article once an editor has published it; the editor may', async () => {
    const id = await uploadImage(author, 'Goes live');
    const articleId = await article(author, { lead_image_id: String(id) }, editor, { action: 'publish' });
    const slug = await t.db
      .selectFrom('articles')
      .select(['slug', 'status'])
      .where('id', '=', articleId)
      .executeTakeFirstOrThrow();
    expect(slug.status).toBe('published');
    const before = await row(id);
    const filesBefore = await storedFiles(t.dataDir);

    // The page says why and offers no form.
    const page = await author.get(`/admin/media/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(LOCKED);
    expect(page.body).toContain('published or scheduled');
    expect(page.body).not.toContain(describeForm(id));
    expect(page.body).not.toContain(replaceForm(id));

    const res = await author.post(`/admin/media/${id}`, {
      alt: 'Goes live',
      caption: 'Hijacked',
      credit: 'x',
    });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain(LOCKED);
    expect(res.body).toContain('published or scheduled');

    const replaced = await uploadAs(
      t.app,
      author,
      `/admin/media/${id}/file`,
      {},
      {
        ...(await pngFile({ r: 250, g: 0, b: 0 })),
        field: 'replacement',
      },
    );
    expect(replaced.statusCode).toBe(403);
    expect(replaced.body).toContain(LOCKED);

    expect(await row(id)).toEqual(before);
    expect(await storedFiles(t.dataDir)).toEqual(filesBefore);
    const live = await t.app.inject({ method: 'GET', url: `/articles/${slug.slug}` });
    expect(live.body).not.toContain('Hijacked');

    const editorPage = await editor.get(`/admin/media/${id}`);
    expect(editorPage.body).toContain(describeForm(id));
    expect(editorPage.body).not.toContain(LOCKED);
    const edited = await editor.post(`/admin/media/${id}`, {
      alt: 'Goes live',
      caption: 'Corrected',
      credit: '',
    });
    expect(edited.statusCode).toBe(303);
    expect((await row(id)).caption).toBe('Corrected');
  });

  it('refuses an author the attachment of a scheduled article', async () => {
    const res = await uploadAs(
      t.app,
      author,
      '/admin/media',
      {},
      {
        name: 'report.pdf',
        type: 'application/pdf',
        bytes: Buffer.from(
          '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
          'latin1',
        ),
      },
    );
    const id = mediaIdFrom(res.headers.location);
    await article(author, { attachments: [String(id)] }, editor, {
      action: 'schedule',
      publish_at: '2099-01-01T09:00',
    });
    const refused = await author.post(`/admin/media/${id}`, { caption: 'Changed', credit: '' });
    expect(refused.statusCode).toBe(403);
    expect((await row(id)).caption).toBe('');
    const page = await author.get(`/admin/media/${id}`);
    expect(page.body).toContain(LOCKED);
    expect(page.body).not.toContain(replaceForm(id));
  });

  it('refuses an author media someone else uploaded, or that another author’s draft uses', async () => {
    const theirs = await uploadImage(otherAuthor, 'Theirs');
    const refused = await author.post(`/admin/media/${theirs}`, { alt: 'Mine now', caption: '', credit: '' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Someone else uploaded it');
    expect((await row(theirs)).alt).toBe('Theirs');
    expect(
      (await otherAuthor.post(`/admin/media/${theirs}`, { alt: 'Theirs', caption: 'ok', credit: '' }))
        .statusCode,
    ).toBe(303);

    const mine = await uploadImage(author, 'Mine');
    await article(otherAuthor, { lead_image_id: String(mine) });
    const inTheirDraft = await author.post(`/admin/media/${mine}`, { alt: 'Mine', caption: 'x', credit: '' });
    expect(inTheirDraft.statusCode).toBe(403);
    expect(inTheirDraft.body).toContain('an article you cannot edit');
  });

  it('refuses an author the demo’s images of published articles, and portraits of cases', async () => {
    const lead = await t.db
      .selectFrom('articles')
      .select('lead_image_id')
      .where('status', '=', 'published')
      .where('lead_image_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const res = await author.post(`/admin/media/${lead.lead_image_id}`, {
      alt: 'x',
      caption: 'x',
      credit: 'x',
    });
    expect(res.statusCode).toBe(403);
    // A case's portrait, even one the author uploaded, is changed by those who manage cases.
    const id = await uploadImage(author, 'Portrait');
    const kase = await t.db.selectFrom('cases').select('id').orderBy('id').executeTakeFirstOrThrow();
    await t.db.updateTable('cases').set({ portrait_id: id }).where('id', '=', kase.id).execute();
    const onCase = await author.post(`/admin/media/${id}`, { alt: 'x', caption: 'x', credit: 'x' });
    expect(onCase.statusCode).toBe(403);
    expect(onCase.body).toContain('portrait of a case');
    expect(
      (await campaigner.post(`/admin/media/${id}`, { alt: 'x', caption: 'x', credit: 'x' })).statusCode,
    ).toBe(303);
  });

  it('lets a campaigner change the image of their own published urgent action, not of a news item', async () => {
    const id = await uploadImage(campaigner, 'Action');
    await article(campaigner, { lead_image_id: String(id), type: 'urgent-action', action: 'publish' });
    const res = await campaigner.post(`/admin/media/${id}`, {
      alt: 'Action',
      caption: 'Updated',
      credit: '',
    });
    expect(res.statusCode).toBe(303);

    const news = await uploadImage(campaigner, 'News');
    await article(campaigner, { lead_image_id: String(news), type: 'news' }, editor, { action: 'publish' });
    const refused = await campaigner.post(`/admin/media/${news}`, { alt: 'News', caption: 'x', credit: '' });
    expect(refused.statusCode).toBe(403);
  });
});

describe(`migration 012 on ${dialectUnderTest}`, () => {
  it('gives existing uploads the uploader named by the audit log', async () => {
    const d = await testDatabase();
    try {
      const user = await makeUser(d.db, 'author');
      await m012.down(d.db as never);
      const inserted = await sql<{ id: number }>`
        insert into media (kind, storage_key, original_name, mime, bytes, variant_widths, alt, caption, credit, created_at)
        values ('document', 'k', 'a.pdf', 'application/pdf', 1, '', '', '', '', '2020-01-01T00:00:00Z')
        returning id`.execute(d.db);
      const id = inserted.rows[0]!.id;
      await sql`
        insert into audit_log (user_id, actor, action, entity_type, entity_id, summary, ip, created_at)
        values (${user.id}, 'Test', 'media.upload', 'media', ${String(id)}, 'Uploaded', '', '2020-01-01T00:00:00Z')`.execute(
        d.db,
      );
      await m012.up(d.db as never);
      const row = await d.db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ uploaded_by: user.id, page_count: null, document_title: '' });
    } finally {
      await d.close();
    }
  });
});
