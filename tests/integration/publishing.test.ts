import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let clock = new Date('2026-01-10T09:00:00Z');
let editor: Session;
let author: Session;
let mexicoId: string;

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  await makeUser(t.db, 'editor');
  await makeUser(t.db, 'author');
  editor = await logIn(t.app, 'editor@candle.test');
  author = await logIn(t.app, 'author@candle.test');
  mexicoId = String(
    (await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow())
      .id,
  );
});
afterAll(async () => {
  await t?.close();
});

const publicPage = (url: string) => t.app.inject({ method: 'GET', url });
const idFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

const article = (fields: Record<string, string | string[]>) => ({
  title: 'Release Adelaida’s colleagues now',
  type: 'urgent-action',
  summary: 'Three colleagues of a defender were detained in Mérida.',
  body: 'They were detained on **1 February**.\n\nWrite to the Governor.',
  countries: [mexicoId],
  version: '0',
  action: 'save',
  ...fields,
});

describe(`the publishing lifecycle on ${dialectUnderTest}`, () => {
  it('lets an author write a draft that no reader sees, and not publish it', async () => {
    const created = await author.post('/admin/articles/new', article({ slug: 'draft-by-author' }));
    expect(created.statusCode).toBe(303);
    const id = idFrom(created.headers.location);
    expect((await publicPage('/articles/draft-by-author')).statusCode).toBe(404);
    const form = await author.get(`/admin/articles/${id}`);
    expect(form.body).toContain('Your role saves drafts');
    const refused = await author.post(
      `/admin/articles/${id}`,
      article({ slug: 'draft-by-author', version: versionOf(form.body), action: 'publish' }),
    );
    expect(refused.statusCode).toBe(403);
  });

  it('shows every field error and keeps what was typed', async () => {
    const res = await editor.post(
      '/admin/articles/new',
      article({ title: '', slug: 'Bad Slug!', body: 'Keep me', action: 'schedule', publish_at: 'tomorrow' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter a title.');
    expect(res.body).toContain('Use lower-case letters');
    expect(res.body).toContain('Enter the date and time to publish');
    expect(res.body).toContain('>Keep me</textarea>');
    expect(res.body).toContain('aria-invalid="true"');
  });

  it('refuses links and images that do not exist instead of failing', async () => {
    const res = await editor.post(
      '/admin/articles/new',
      article({ slug: 'ghost-links', countries: ['999999'], lead_image_id: '999999' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('A chosen country no longer exists.');
    expect(res.body).toContain('That image no longer exists');
  });

  it('publishes, puts the item on its country page at once, and keeps old addresses working', async () => {
    await publicPage('/countries/mexico');
    const created = await editor.post(
      '/admin/articles/new',
      article({ slug: 'colleagues-detained', action: 'publish' }),
    );
    const id = idFrom(created.headers.location);
    const page = await publicPage('/articles/colleagues-detained');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<strong>1 February</strong>');
    const country = await publicPage('/countries/mexico');
    expect(country.headers['x-cache']).toBe('MISS');
    expect(country.body).toContain('Release Adelaida’s colleagues now');

    const form = await editor.get(`/admin/articles/${id}`);
    const moved = await editor.post(
      `/admin/articles/${id}`,
      article({ slug: 'colleagues-detained-merida', version: versionOf(form.body) }),
    );
    expect(moved.statusCode).toBe(303);
    const old = await publicPage('/articles/colleagues-detained');
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/articles/colleagues-detained-merida');
    expect((await publicPage('/articles/colleagues-detained-merida')).statusCode).toBe(200);
  });

  it('refuses the second of two concurrent saves and keeps both versions', async () => {
    const created = await editor.post('/admin/articles/new', article({ slug: 'two-editors' }));
    const id = idFrom(created.headers.location);
    const opened = versionOf((await editor.get(`/admin/articles/${id}`)).body);
    const first = await editor.post(
      `/admin/articles/${id}`,
      article({ slug: 'two-editors', version: opened, body: 'First editor’s words' }),
    );
    expect(first.statusCode).toBe(303);
    const second = await editor.post(
      `/admin/articles/${id}`,
      article({ slug: 'two-editors', version: opened, body: 'Second editor’s words' }),
    );
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Someone else saved this article');
    expect(second.body).toContain('>Second editor’s words</textarea>');
    expect(second.body).toContain('First editor’s words');
    const stored = await t.db
      .selectFrom('articles')
      .select(['body_md', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.body_md).toBe('First editor’s words');
    const refused = await t.db
      .selectFrom('article_revisions')
      .select('snapshot')
      .where('article_id', '=', id)
      .where('kind', '=', 'refused')
      .execute();
    expect(refused.map((r) => JSON.parse(r.snapshot).body)).toEqual(['Second editor’s words']);
    // Saving again from the conflict form is a deliberate choice, and goes through.
    const again = await editor.post(
      `/admin/articles/${id}`,
      article({ slug: 'two-editors', version: versionOf(second.body), body: 'Merged words' }),
    );
    expect(again.statusCode).toBe(303);
  });

  it('schedules an article that publishes itself when its time comes', async () => {
    // The alerts of items published by the tests above go out first.
    while ((await t.worker.runDue()) > 0);
    const created = await editor.post(
      '/admin/articles/new',
      article({ slug: 'scheduled-statement', action: 'schedule', publish_at: '2026-01-10T12:30' }),
    );
    expect(created.statusCode).toBe(303);
    expect((await publicPage('/articles/scheduled-statement')).statusCode).toBe(404);
    expect(await t.worker.runDue()).toBe(0);
    clock = new Date('2026-01-10T12:31:00Z');
    // The publish job, and the fan-out of the item's alert to subscribers that it queues.
    expect(await t.worker.runDue()).toBe(2);
    const live = await publicPage('/articles/scheduled-statement');
    expect(live.statusCode).toBe(200);
    expect(live.body).toContain('2026-01-10T12:30:00.000Z');
    expect((await publicPage('/countries/mexico')).body).toContain('href="/articles/scheduled-statement"');
    // The job is done and is not run twice.
    expect(await t.worker.runDue()).toBe(0);
  });

  it('drops the old publish job when an article is rescheduled', async () => {
    const created = await editor.post(
      '/admin/articles/new',
      article({ slug: 'rescheduled', action: 'schedule', publish_at: '2026-01-10T13:00' }),
    );
    const id = idFrom(created.headers.location);
    const form = await editor.get(`/admin/articles/${id}`);
    await editor.post(
      `/admin/articles/${id}`,
      article({
        slug: 'rescheduled',
        version: versionOf(form.body),
        action: 'schedule',
        publish_at: '2026-01-10T14:00',
      }),
    );
    clock = new Date('2026-01-10T13:30:00Z');
    await t.worker.runDue();
    expect((await publicPage('/articles/rescheduled')).statusCode).toBe(404);
    clock = new Date('2026-01-10T14:01:00Z');
    await t.worker.runDue();
    expect((await publicPage('/articles/rescheduled')).statusCode).toBe(200);
  });

  it('keeps every save as a revision with a readable diff, and restores one', async () => {
    const created = await editor.post(
      '/admin/articles/new',
      article({ slug: 'revised', body: 'Line one\nLine two', action: 'publish' }),
    );
    const id = idFrom(created.headers.location);
    const v1 = versionOf((await editor.get(`/admin/articles/${id}`)).body);
    await editor.post(
      `/admin/articles/${id}`,
      article({ slug: 'revised', body: 'Line one\nLine 2, corrected', version: v1 }),
    );
    const list = await editor.get(`/admin/articles/${id}/revisions`);
    const firstRev = [...list.body.matchAll(/href="\/admin\/articles\/\d+\/revisions\/(\d+)"/g)]
      .map((m) => m[1]!)
      .at(-1)!;
    const diff = await editor.get(`/admin/articles/${id}/revisions/${firstRev}`);
    expect(diff.body).toContain('<del>- Line two\n</del>');
    expect(diff.body).toContain('<ins>+ Line 2, corrected\n</ins>');
    const current = versionOf(diff.body);
    const restore = await editor.post(`/admin/articles/${id}/revisions/${firstRev}/restore`, {
      version: current,
    });
    expect(restore.statusCode).toBe(303);
    expect((await publicPage('/articles/revised')).body).toContain('Line one\nLine two');
  });

  it('records who changed what in the audit log, for administrators only', async () => {
    await makeUser(t.db, 'admin');
    const admin = await logIn(t.app, 'admin@candle.test');
    const audit = await admin.get('/admin/audit');
    expect(audit.statusCode).toBe(200);
    expect(audit.body).toContain('Test editor (editor@candle.test)');
    expect(audit.body).toContain('Published “Release Adelaida’s colleagues now” as scheduled');
    expect((await editor.get('/admin/audit')).statusCode).toBe(403);
    const dashboard = await editor.get('/admin');
    expect(dashboard.body).toContain('Recent changes');
  });
});

describe(`password reset through the outbox on ${dialectUnderTest}`, () => {
  it('mails a one-time link that sets a new password and ends old sessions', async () => {
    await makeUser(t.db, 'campaigner');
    const before = await logIn(t.app, 'campaigner@candle.test');
    const ask = await t.app.inject({
      method: 'POST',
      url: '/admin/reset',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'email=campaigner%40candle.test',
    });
    expect(ask.body).toContain('a link is on its way');
    await t.worker.runDue();
    const mail = await t.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', 'campaigner@candle.test')
      .executeTakeFirstOrThrow();
    const link = /http:\/\/candle\.test(\/admin\/reset\/[\w-]+)/.exec(mail.text_body)![1]!;
    const reset = await t.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'password=a+brand+new+long+password',
    });
    expect(reset.body).toContain('Your password is changed');
    expect((await before.get('/admin')).statusCode).toBe(303);
    await logIn(t.app, 'campaigner@candle.test', 'a brand new long password');
    const reuse = await t.app.inject({
      method: 'POST',
      url: link,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'password=another+long+password+here',
    });
    expect(reuse.statusCode).toBe(400);
  });
});

describe(`sessions on ${dialectUnderTest}`, () => {
  it('end after twelve idle hours', async () => {
    const fresh = await logIn(t.app, 'editor@candle.test');
    expect((await fresh.get('/admin')).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 11 * 60 * 60_000);
    expect((await fresh.get('/admin')).statusCode).toBe(200);
    clock = new Date(clock.getTime() + 12 * 60 * 60_000 + 60_000);
    expect((await fresh.get('/admin')).statusCode).toBe(303);
  });
});

describe(`cases and countries on ${dialectUnderTest}`, () => {
  it('lets a campaigner update a case, shows it at once and records it', async () => {
    await makeUser(t.db, 'campaigner', 'camila@candle.test');
    const campaigner = await logIn(t.app, 'camila@candle.test');
    const row = await t.db
      .selectFrom('cases')
      .selectAll()
      .where('slug', '=', 'adrian-vasquez-lagunes')
      .executeTakeFirstOrThrow();
    expect((await publicPage('/cases/adrian-vasquez-lagunes')).statusCode).toBe(200);
    const form = await campaigner.get(`/admin/cases/${row.id}`);
    expect(form.statusCode).toBe(200);
    const bad = await campaigner.post(`/admin/cases/${row.id}`, {
      name: row.name,
      slug: 'Not a slug',
      summary: 'Kept summary',
      status: 'ongoing',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('>Kept summary</textarea>');
    const saved = await campaigner.post(`/admin/cases/${row.id}`, {
      name: row.name,
      slug: row.slug,
      summary: 'Reparation finally agreed in November.',
      story_md: 'The state **agreed** to pay.',
      status: 'closed',
      country_id: String(row.country_id),
      portrait_id: String(row.portrait_id ?? ''),
    });
    expect(saved.statusCode).toBe(303);
    const page = await publicPage('/cases/adrian-vasquez-lagunes');
    expect(page.body).toContain('Reparation finally agreed in November.');
    expect(page.body).toContain('<strong>agreed</strong>');
    expect(page.body).toContain('Case closed');
    // Countries are an editor's to manage, not a campaigner's.
    expect((await campaigner.get('/admin/countries')).statusCode).toBe(403);
  });
});

describe(`downloads on ${dialectUnderTest}`, () => {
  it('attaches a PDF from the media library to an article', async () => {
    const pdf = await t.db
      .selectFrom('media')
      .select(['id', 'original_name'])
      .where('kind', '=', 'document')
      .executeTakeFirstOrThrow();
    // What the upload read from the file: the page shows it beside the download.
    await t.db
      .updateTable('media')
      .set({ page_count: 24, document_title: 'Annual report on defenders' })
      .where('id', '=', pdf.id)
      .execute();
    const editor = await logIn(t.app, 'editor@candle.test');
    const form = await editor.get('/admin/articles/new');
    expect(form.body).toContain(`name="attachments" value="${pdf.id}"`);
    const saved = await editor.post(
      '/admin/articles/new',
      article({ slug: 'with-download', attachments: [String(pdf.id)], action: 'publish' }),
    );
    expect(saved.statusCode).toBe(303);
    const page = await publicPage('/articles/with-download');
    expect(page.body).toContain(`${pdf.original_name}</a>`);
    expect(page.body).toMatch(/\(PDF, 24 pages, [\d.]+ [KM]?B\)/);
    expect(page.body).toContain('Annual report on defenders');
    const bad = await editor.post(
      '/admin/articles/new',
      article({ slug: 'bad-download', attachments: ['999999'] }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('A chosen download no longer exists.');
  });
});
