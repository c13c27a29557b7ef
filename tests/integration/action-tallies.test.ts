import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { cookieSetBy } from '../support/trusted-browser.js';

/**
 * The tallies of migration 028 (issue 14, item 4) on both databases: the triggers follow what the
 * intake and the confirmation link do (nothing counts before the address is confirmed, then each
 * action once, on its UTC day, with its detail), letters follow their status, an erased
 * supporter's counted action stays in the figures; the counters, the impact page of one urgent
 * action and the page of all of them read the tallies; each table downloads as formula-safe CSV,
 * in the audit log; each chart is an image with a title, a description and its table.
 */

let t: TestApp;
// A Monday afternoon, within the demo's update's dates (loaded 2020-07-01, open for 60 days).
let clock = new Date('2020-07-06T15:00:00Z');
let open: number;
let other: number;
let campaigner: Session;
let author: Session;
let ip = 0;

const PATH = '/articles/mexico-adrian-vasquez-further-information';

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  const idOf = async (slug: string) =>
    (await t.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  open = await idOf('mexico-adrian-vasquez-further-information');
  other = await idOf('mexico-adrian-vasquez-covid-19-reparation');
  await makeUser(t.db, 'campaigner');
  await makeUser(t.db, 'author');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  author = await logIn(t.app, 'author@candle.test');
});
afterAll(async () => {
  await t?.close();
});

/** Each supporter's browser once they confirmed from it: the trust cookie it was given. */
const browsers = new Map<string, { cookie: string }>();

function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  ip++;
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': `203.0.113.${ip % 250}`,
      ...headers,
    },
    payload: formBody(form),
  });
}

/** "I did it", from the supporter's own browser (trusted once they confirmed from it). */
const done = (email: string, channel: string, detail = '') =>
  post(
    `/actions/${open}/done`,
    {
      channel,
      detail,
      name: 'Ana Torres',
      email,
      wording: '',
      source_page: PATH,
    },
    browsers.get(email),
  );

const letter = (email: string) =>
  post(`/actions/${open}/email`, {
    name: 'Ana Torres',
    email,
    city: 'Montréal',
    country: 'Canada',
    subject: 'Adrián Vásquez',
    body: 'Le escribo para pedirle que repare el daño causado.',
    wording: '',
    source_page: PATH,
    leave_empty: '',
  });

/** The confirmation link mailed to an address, read from the outbox after the worker ran. */
async function confirm(email: string): Promise<void> {
  await t.worker.runDue();
  const mail = await t.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const path = /http:\/\/candle\.test(\/actions\/confirm\/[\w-]{43})/.exec(mail.text_body)![1]!;
  const res = await post(path, {});
  expect(res.statusCode, res.body).toBe(200);
  browsers.set(email, cookieSetBy(res));
}

const tallies = (articleId: number) =>
  t.db
    .selectFrom('ua_action_tallies')
    .select(['day', 'channel', 'detail', 'actions'])
    .where('article_id', '=', articleId)
    .where('actions', '<>', 0)
    .orderBy('day')
    .orderBy('channel')
    .orderBy('detail')
    .execute();

/** Letters per status, every target of the urgent action together. */
const letterTallies = async (articleId: number) =>
  (
    await t.db
      .selectFrom('ua_letter_tallies')
      .select((eb) => ['status', eb.fn.sum<number>('letters').as('letters')])
      .where('article_id', '=', articleId)
      .groupBy('status')
      .having((eb) => eb.fn.sum('letters'), '<>', 0)
      .orderBy('status')
      .execute()
  ).map((r) => ({ status: r.status, letters: Number(r.letters) }));

/** What a scan of the actions says, to compare with the tallies. */
const scanned = async (articleId: number) =>
  (
    await t.db
      .selectFrom('ua_actions_taken')
      .select((eb) => ['channel', 'detail', eb.fn.countAll<number>().as('n')])
      .where('article_id', '=', articleId)
      .where('state', '=', 'counted')
      .groupBy(['channel', 'detail'])
      .execute()
  )
    .map((r) => `${r.channel}/${r.detail}=${Number(r.n)}`)
    .sort();

describe(`tallies on ${dialectUnderTest}`, () => {
  it('count nothing before the address is confirmed, then each action once on the day it counted', async () => {
    expect(await tallies(open)).toEqual([]);
    expect((await letter('tally@example.org')).statusCode).toBe(303);
    expect((await done('tally@example.org', 'call', 'answered')).statusCode).toBe(303);
    expect(await tallies(open)).toEqual([]);
    // The letter to the governor and its copy wait for the confirmation.
    expect(await letterTallies(open)).toEqual([{ status: 'waiting', letters: 2 }]);

    // Confirmed the next day (UTC): both count on that day, and the letters are queued.
    clock = new Date('2020-07-07T00:30:00Z');
    await confirm('tally@example.org');
    expect(await tallies(open)).toEqual([
      { day: '2020-07-07', channel: 'call', detail: 'answered', actions: 1 },
      { day: '2020-07-07', channel: 'email', detail: '', actions: 1 },
    ]);
    expect(await letterTallies(open)).toEqual([{ status: 'queued', letters: 2 }]);

    // A confirmed supporter's next action counts at once; a repeat is not counted again.
    expect((await done('tally@example.org', 'post', 'mastodon')).statusCode).toBe(303);
    expect((await done('tally@example.org', 'post', 'x')).statusCode).toBe(303);
    expect(await tallies(open)).toContainEqual({
      day: '2020-07-07',
      channel: 'post',
      detail: 'mastodon',
      actions: 1,
    });
    expect(await scanned(open)).toEqual(['call/answered=1', 'email/=1', 'post/mastodon=1']);
  });

  it('follow every change of a letter’s status, and letters deleted with an unconfirmed supporter', async () => {
    const [first] = await t.db
      .selectFrom('ua_letters')
      .select('id')
      .where('article_id', '=', open)
      .orderBy('id')
      .execute();
    await t.db.updateTable('ua_letters').set({ status: 'sent' }).where('id', '=', first!.id).execute();
    expect(await letterTallies(open)).toEqual([
      { status: 'queued', letters: 1 },
      { status: 'sent', letters: 1 },
    ]);
    // An address never confirmed: its waiting letters come and go with it.
    expect((await letter('never@example.org')).statusCode).toBe(303);
    expect(await letterTallies(open)).toContainEqual({ status: 'waiting', letters: 2 });
    await t.db.deleteFrom('ua_supporters').where('email', '=', 'never@example.org').execute();
    expect(await letterTallies(open)).toEqual([
      { status: 'queued', letters: 1 },
      { status: 'sent', letters: 1 },
    ]);
  });

  it('stay an exact mirror of the letters through statements that move many at once', async () => {
    const scan = async () =>
      (
        await t.db
          .selectFrom('ua_letters')
          .select((eb) => ['status', eb.fn.countAll<number>().as('letters')])
          .where('article_id', '=', open)
          .groupBy('status')
          .orderBy('status')
          .execute()
      ).map((r) => ({ status: r.status, letters: Number(r.letters) }));
    const model = await t.db
      .selectFrom('ua_letters')
      .selectAll()
      .where('article_id', '=', open)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const { id: _id, ...rest } = model;
    // One statement of 600 letters to both officials, as a group of the intake writes them.
    await t.db
      .insertInto('ua_letters')
      .values(
        Array.from({ length: 600 }, (_, i) => ({
          ...rest,
          status: 'queued' as const,
          message_id: `bulk-${i}@candle`,
        })),
      )
      .execute();
    expect(await letterTallies(open)).toEqual(await scan());
    // Set aside in one statement; a statement that changes no status moves nothing.
    await t.db
      .updateTable('ua_letters')
      .set({ status: 'cancelled', error: 'set aside' })
      .where('message_id', 'like', 'bulk-%')
      .execute();
    await t.db.updateTable('ua_letters').set({ error: '' }).where('article_id', '=', open).execute();
    expect(await letterTallies(open)).toEqual(await scan());
    expect(await letterTallies(open)).toContainEqual({ status: 'cancelled', letters: 600 });
    await t.db.deleteFrom('ua_letters').where('message_id', 'like', 'bulk-%').execute();
    expect(await letterTallies(open)).toEqual(await scan());
  });

  it('keep an erased supporter’s counted actions in the figures (anonymous), not in the rows', async () => {
    expect((await done('erased@example.org', 'letter')).statusCode).toBe(303);
    await confirm('erased@example.org');
    const before = await tallies(open);
    expect(before).toContainEqual({ day: '2020-07-07', channel: 'letter', detail: '', actions: 1 });
    await t.db.deleteFrom('ua_supporters').where('email', '=', 'erased@example.org').execute();
    expect(await tallies(open)).toEqual(before);
    expect(await scanned(open)).not.toContain('letter/=1');
  });

  it('are what the counters fragment and the listings show', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/actions/${open}/counts` });
    expect(res.statusCode).toBe(200);
    // Email, letter (kept after the erasure), post and call: four.
    expect(res.body).toContain('4 actions taken');
  });
});

/** Counted actions written straight into the table, as intake does, on another urgent action. */
async function counted(
  articleId: number,
  channel: 'email' | 'letter' | 'post' | 'call',
  at: string,
  detail = '',
) {
  ip++;
  const s = await t.db
    .insertInto('ua_supporters')
    .values({
      email: `bulk${ip}@example.org`,
      name: `Bulk ${ip}`,
      confirmed_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('ua_actions_taken')
    .values({
      article_id: articleId,
      supporter_id: s.id,
      channel,
      state: 'counted',
      detail,
      created_at: at,
      counted_at: at,
    })
    .execute();
}

describe(`the impact pages on ${dialectUnderTest}`, () => {
  beforeAll(async () => {
    await counted(other, 'email', '2020-07-05T23:59:59.000Z');
    await counted(other, 'email', '2020-07-06T00:00:00.000Z');
    await counted(other, 'call', '2020-07-06T10:00:00.000Z', 'refused');
    // A title a spreadsheet would run as a formula.
    await t.db
      .updateTable('articles')
      .set({ title: '=HYPERLINK("http://evil.test")' })
      .where('id', '=', other)
      .execute();
  });

  it('draws one urgent action’s chart with a title, a description and the table of the same figures', async () => {
    const res = await campaigner.get(`/admin/actions/${other}/impact`);
    expect(res.statusCode).toBe(200);
    const svg = /<svg class="ua-chart__svg"[^>]*role="img"[^>]*>[\s\S]*?<\/svg>/.exec(res.body)?.[0] ?? '';
    expect(svg).toContain('aria-labelledby="ua-chart-title"');
    expect(svg).toContain('<title id="ua-chart-title">Counted actions per day, by channel</title>');
    expect(svg).toMatch(
      /<desc id="ua-chart-desc">Stacked bars, one a day for 2 days from July 5, 2020 to July 6, 2020;[^<]*Emails 2;[^<]*Calls 1\./,
    );
    // The days' table beside it: the UTC day each counted on.
    expect(res.body).toMatch(
      /<time datetime="2020-07-05">July 5, 2020<\/time><\/th><td>1<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/,
    );
    expect(res.body).toMatch(/<th scope="row">Refused<\/th><td>1<\/td>/);
    expect(res.body).toContain(`href="/admin/actions/${other}/impact/days.csv"`);
  });

  it('downloads each table of one urgent action as CSV, audited; an unknown table is 404, authors 403', async () => {
    const res = await campaigner.get(`/admin/actions/${other}/impact/days.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="urgent-action-${other}-days-2020-07-07.csv"`,
    );
    expect(res.body).toBe(
      [
        '"Day","Emails","Letters posted","Social media posts","Calls","All channels"',
        '"2020-07-05","1","0","0","0","1"',
        '"2020-07-06","1","0","0","1","2"',
        '',
      ].join('\r\n'),
    );
    const calls = await campaigner.get(`/admin/actions/${other}/impact/calls.csv`);
    expect(calls.body).toContain('"Refused","1"');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'summary'])
      .where('action', '=', 'urgent-action.table-exported')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.entity_id)).toEqual([String(other), String(other)]);
    expect(audit[0]!.summary).toContain('Counted actions per day (UTC) and channel');
    expect((await campaigner.get(`/admin/actions/${other}/impact/nothing.csv`)).statusCode).toBe(404);
    expect((await campaigner.get(`/admin/actions/${other}/impact/days.txt`)).statusCode).toBe(404);
    expect((await campaigner.get('/admin/actions/99999999/impact/days.csv')).statusCode).toBe(404);
    expect((await author.get(`/admin/actions/${other}/impact/days.csv`)).statusCode).toBe(403);
  });

  it('shows every urgent action together: per channel, per day, per urgent action, linked from the list', async () => {
    expect((await campaigner.get('/admin/actions')).body).toContain('href="/admin/actions/impact"');
    expect((await author.get('/admin/actions/impact')).statusCode).toBe(403);
    const res = await campaigner.get('/admin/actions/impact');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Impact of every urgent action</h1>');
    // Both urgent actions: 3 + 4 counted, 3 emails of which 2 on the other, 2 calls, 1 letter, 1 post.
    expect(res.body).toMatch(/<th scope="row">All channels<\/th><td>7<\/td>/);
    expect(res.body).toMatch(/<th scope="row">Emails<\/th><td>3<\/td>/);
    expect(res.body).toContain('<title id="impact-all-chart-title">');
    expect(res.body).toContain('<desc id="impact-all-chart-desc">');
    expect(res.body).toMatch(/from July 5, 2020 to July 7, 2020/);
    // Per urgent action, the most first, each linked to its own page.
    const totals = res.body.slice(res.body.indexOf('Counted actions per urgent action'));
    expect(totals.indexOf(`href="/admin/actions/${open}/impact"`)).toBeGreaterThan(0);
    expect(totals.indexOf(`href="/admin/actions/${open}/impact"`)).toBeLessThan(
      totals.indexOf(`href="/admin/actions/${other}/impact"`),
    );
    expect(totals).toContain('=HYPERLINK(&quot;http://evil.test&quot;)');
  });

  it('downloads the tables of every urgent action as formula-safe CSV, audited', async () => {
    const res = await campaigner.get('/admin/actions/impact/totals.csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="urgent-actions-totals-2020-07-07.csv"',
    );
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      '"Urgent action","Number","Emails","Letters posted","Social media posts","Calls","All channels"',
    );
    expect(lines[1]).toBe(
      '"Further information: Adrián Vásquez is recovering, and the reparation is still owed","UA 87/20, 1st update","1","1","1","1","4"',
    );
    // The apostrophe keeps the title a text, not a formula.
    expect(lines[2]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil.test""\)","[^"]*","2","0","0","1","3"$/);
    const channels = await campaigner.get('/admin/actions/impact/channels.csv');
    expect(channels.body).toContain('"All channels","7"');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['entity_type', 'entity_id', 'summary'])
      .where('action', '=', 'urgent-action.table-exported')
      .where('entity_type', '=', 'urgent-actions')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.summary)).toEqual([
      'Exported the table “Counted actions per urgent action and channel, the most first” of the impact page of every urgent action',
      'Exported the table “Counted actions per channel, every urgent action, since the first” of the impact page of every urgent action',
    ]);
    expect((await campaigner.get('/admin/actions/impact/letters.csv')).statusCode).toBe(404);
  });
});
