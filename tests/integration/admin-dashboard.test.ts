import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAudit } from '../../src/accounts/index.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

/**
 * The dashboard is assembled from the sections each room declares with its permissions: the
 * accounts room's (waiting work, recent changes) and the newsroom's (scheduled, drafts).
 */

let t: TestApp;
let editor: Session;
let author: Session;

beforeAll(async () => {
  t = await testApp();
  const editorUser = await makeUser(t.db, 'editor');
  const authorUser = await makeUser(t.db, 'author');
  editor = await logIn(t.app, 'editor@candle.test');
  author = await logIn(t.app, 'author@candle.test');
  const now = new Date();
  for (const [user, name] of [
    [editorUser, 'Ana'],
    [authorUser, 'Bea'],
  ] as const) {
    await recordAudit(
      t.db,
      { userId: user.id, label: user.email, ip: '' },
      {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        message: {
          key: 'audit.user.create',
          params: { role: 'author', email: `${name.toLowerCase()}@candle.test` },
        },
      },
      now,
    );
  }
  await t.db
    .insertInto('jobs')
    .values({
      kind: 'gave.up',
      payload: '{}',
      status: 'dead',
      run_at: now.toISOString(),
      max_attempts: 1,
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    })
    .execute();
});
afterAll(async () => {
  await t?.close();
});

/** Where each of these texts first appears in the page, -1 if it does not. */
const positions = (html: string, texts: string[]) => texts.map((x) => html.indexOf(x));

describe(`the admin dashboard on ${dialectUnderTest}`, () => {
  it('shows every room’s sections in their declared order', async () => {
    const page = await editor.get('/admin');
    expect(page.statusCode).toBe(200);
    const at = positions(page.body, [
      '<h1>Dashboard</h1>',
      'background jobs failed for good',
      'id="scheduled-heading"',
      'id="drafts-heading"',
      'id="changes-heading"',
    ]);
    expect(at.every((p) => p >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  it('shows everyone’s recent changes to editors, and authors only their own', async () => {
    const editors = (await editor.get('/admin')).body;
    expect(editors).toContain('ana@candle.test');
    expect(editors).toContain('bea@candle.test');
    const authors = (await author.get('/admin')).body;
    expect(authors).toContain('bea@candle.test');
    expect(authors).not.toContain('ana@candle.test');
  });
});
