import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await testApp({ now: () => new Date('2026-01-10T09:00:00Z') });
  await makeUser(t.db, 'admin');
  admin = await logIn(t.app, 'admin@candle.test');
});
afterAll(async () => {
  await t?.close();
});

const idFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

describe(`the audit log on ${dialectUnderTest}`, () => {
  it('says what happened in the catalogue’s words, for every editor action', async () => {
    const country = await t.db.selectFrom('countries').select('id').executeTakeFirstOrThrow();
    const form = (fields: Record<string, string>) => ({
      title: 'A statement to log',
      type: 'news',
      summary: 'A summary.',
      body: 'A body.',
      countries: [String(country.id)],
      version: '0',
      action: 'save',
      ...fields,
    });
    const created = await admin.post('/admin/articles/new', form({}));
    const id = idFrom(created.headers.location);
    const act = async (action: string, extra: Record<string, string> = {}) => {
      const page = await admin.get(`/admin/articles/${id}`);
      const res = await admin.post(
        `/admin/articles/${id}`,
        form({ action, version: versionOf(page.body), ...extra }),
      );
      expect(res.statusCode).toBe(303);
    };
    await act('schedule', { publish_at: '2026-02-01T10:00' });
    await act('publish');
    await act('unpublish');
    await act('archive');

    const log = (await admin.get('/admin/audit')).body;
    for (const sentence of [
      'Created “A statement to log” (draft)',
      'Scheduled “A statement to log”',
      'Published “A statement to log”',
      'Unpublished “A statement to log” (draft)',
      'Archived “A statement to log”',
    ])
      expect(log).toContain(sentence);
    // Verbs are the catalogue's, not made by adding "ed" to an action's name.
    expect(log).not.toMatch(/Scheduleed|Archiveed|Unpublished.*\(archived\)/);

    // Stored as data: the key and its values, so another language can say it in its own words.
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'message'])
      .where('entity_type', '=', 'article')
      .where('entity_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(rows.map((r) => JSON.parse(r.message ?? 'null')?.key)).toEqual([
      'audit.article.created',
      'audit.article.scheduled',
      'audit.article.published',
      'audit.article.unpublished',
      'audit.article.archived',
    ]);
  });

  it('still shows entries written before messages were data, by their summary', async () => {
    await t.db
      .insertInto('audit_log')
      .values({
        user_id: null,
        actor: 'system',
        action: 'article.update',
        entity_type: 'article',
        entity_id: '1',
        summary: 'An entry from an older version',
        before_json: null,
        after_json: null,
        ip: '',
        created_at: new Date('2026-01-10T10:00:00Z').toISOString(),
      })
      .execute();
    expect((await admin.get('/admin/audit')).body).toContain('An entry from an older version');
  });
});
