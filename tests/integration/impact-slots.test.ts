import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

/**
 * The ledger's slots of the impact pages (issue 14, item 4) on both databases, for known entries:
 * replies received per target (by how they came, public ones, the latest day) and per day, with a
 * chart that has a title, a description and its table; the outcomes in order and per kind. One
 * urgent action's page counts its series' ledger; the page of every urgent action counts all.
 * Each table downloads as CSV with exactly the figures the page shows.
 */

let t: TestApp;
const clock = new Date('2026-12-03T10:00:00Z');
let campaigner: Session;
let author: Session;
const ids = { root: 0, update: 0, other: 0, governor: 0, ambassador: 0, otherGovernor: 0 };

const articleId = async (slug: string) =>
  (await t.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const targetId = async (email: string) =>
  (await t.db.selectFrom('ua_targets').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

const GOVERNOR = 'Ing. Jaime Bonilla Valdez, Gobernador Constitucional del Estado de Baja California';
const AMBASSADOR = 'Excmo. Sr. Embajador de México, Embajador de México en Canadá';
const OTHER_GOVERNOR = 'Lic. Mauricio Vila Dosal, Gobernador Constitucional del Estado de Yucatán';

async function reply(
  article: number,
  target: number,
  day: string,
  channel: 'letter' | 'email' | 'call' | 'statement',
  visibility: 'public' | 'internal',
) {
  await t.db
    .insertInto('ua_replies')
    .values({
      article_id: article,
      target_id: target,
      received_on: day,
      channel,
      summary: `A ${channel} on ${day}.`,
      attachment_id: null,
      visibility,
      created_at: clock.toISOString(),
      updated_at: clock.toISOString(),
    })
    .execute();
}

async function outcome(
  article: number,
  kind: 'released' | 'protection-granted' | 'investigation-opened',
  day: string,
  source: string,
  visibility: 'public' | 'internal',
  goodNews: number | null = null,
) {
  await t.db
    .insertInto('ua_outcomes')
    .values({
      article_id: article,
      kind,
      occurred_on: day,
      source,
      summary: `${kind} on ${day}.`,
      attachment_id: null,
      visibility,
      good_news_id: goodNews,
      created_at: clock.toISOString(),
      updated_at: clock.toISOString(),
    })
    .execute();
}

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  await makeUser(t.db, 'campaigner');
  await makeUser(t.db, 'author');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  author = await logIn(t.app, 'author@candle.test');
  // UA 87/20 and its first update (the demo), about Adrián; UA 58/20 writes to another governor.
  ids.root = await articleId('mexico-adrian-vasquez-covid-19-reparation');
  ids.update = await articleId('mexico-adrian-vasquez-further-information');
  ids.other = await articleId('mexico-adelaida-protection-withdrawn');
  ids.governor = await targetId('gobernador@bc-demo.example.org');
  ids.ambassador = await targetId('embajada@mx-demo.example.org');
  ids.otherGovernor = await targetId('gobernador@yuc-demo.example.org');
  await t.db.deleteFrom('ua_replies').execute();
  await t.db.deleteFrom('ua_outcomes').execute();
});
afterAll(async () => {
  await t?.close();
});

describe(`the ledger's impact slots (${dialectUnderTest})`, () => {
  it('says so when nothing is recorded yet', async () => {
    const page = await campaigner.get(`/admin/actions/${ids.update}/impact`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="impact-slot-replies">Replies from the authorities</h2>');
    expect(page.body).toContain('No reply has been recorded yet.');
    expect(page.body).toContain('No outcome has been recorded yet.');
    expect((await campaigner.get(`/admin/actions/${ids.update}/impact/replies-targets.csv`)).statusCode).toBe(
      404,
    );
  });

  it('counts the replies of the series per target and per day, public and internal, on the page and in CSV', async () => {
    // The series of UA 87/20: three replies on the update, one on the first.
    await reply(ids.update, ids.governor, '2026-11-20', 'letter', 'public');
    await reply(ids.update, ids.governor, '2026-11-22', 'email', 'internal');
    await reply(ids.update, ids.ambassador, '2026-11-22', 'email', 'public');
    await reply(ids.root, ids.governor, '2026-11-25', 'statement', 'public');
    // Another urgent action: not in this series.
    await reply(ids.other, ids.otherGovernor, '2026-11-24', 'call', 'public');

    const page = await campaigner.get(`/admin/actions/${ids.update}/impact`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '4 replies from 2 authorities on this urgent action and its series, public and internal',
    );
    // The chart: an image with its title and description, the table of the same figures beside it.
    expect(page.body).toContain(
      'role="img" aria-labelledby="impact-slot-replies-chart-title" aria-describedby="impact-slot-replies-chart-desc"',
    );
    expect(page.body).toContain(
      '<title id="impact-slot-replies-chart-title">Replies received per day, by how they came</title>',
    );
    expect(page.body).toMatch(/<desc id="impact-slot-replies-chart-desc">[^<]*6 days[^<]*<\/desc>/);
    expect(page.body).toContain('href="/admin/actions/' + ids.update + '/impact/replies-targets.csv"');
    expect(page.body).toContain('href="/admin/actions/' + ids.update + '/impact/replies-days.csv"');

    const targets = await campaigner.get(`/admin/actions/${ids.update}/impact/replies-targets.csv`);
    expect(targets.statusCode).toBe(200);
    expect(targets.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(targets.body).toBe(
      [
        '"Target","Letter","Email","Phone call","Public statement","All","Public","Latest reply"',
        `"${GOVERNOR}","1","1","0","1","3","2","2026-11-25"`,
        `"${AMBASSADOR}","0","1","0","0","1","1","2026-11-22"`,
        '"Every target","1","2","0","1","4","3","2026-11-25"',
        '',
      ].join('\r\n'),
    );
    // Every day from the first reply to the last, those without any as zero.
    const days = await campaigner.get(`/admin/actions/${ids.root}/impact/replies-days.csv`);
    expect(days.body).toBe(
      [
        '"Day (UTC)","Letter","Email","Phone call","Public statement","All"',
        '"2026-11-20","1","0","0","0","1"',
        '"2026-11-21","0","0","0","0","0"',
        '"2026-11-22","0","2","0","0","2"',
        '"2026-11-23","0","0","0","0","0"',
        '"2026-11-24","0","0","0","0","0"',
        '"2026-11-25","0","0","0","1","1"',
        '',
      ].join('\r\n'),
    );
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('action', '=', 'urgent-action.table-exported')
      .orderBy('id')
      .execute();
    expect(audit[0]!.summary).toContain('Replies received per target and how they came');

    // Every urgent action: the other governor's call too.
    const all = await campaigner.get('/admin/actions/impact/replies-targets.csv');
    expect(all.statusCode).toBe(200);
    expect(all.body.split('\r\n')).toEqual([
      '"Target","Letter","Email","Phone call","Public statement","All","Public","Latest reply"',
      `"${GOVERNOR}","1","1","0","1","3","2","2026-11-25"`,
      `"${AMBASSADOR}","0","1","0","0","1","1","2026-11-22"`,
      `"${OTHER_GOVERNOR}","0","0","1","0","1","1","2026-11-24"`,
      '"Every target","1","2","1","1","5","4","2026-11-25"',
      '',
    ]);
    expect((await campaigner.get('/admin/actions/impact')).body).toContain(
      '5 replies from 3 authorities on every urgent action',
    );
    expect((await author.get('/admin/actions/impact/replies-targets.csv')).statusCode).toBe(403);
  });

  it('lists the outcomes of the series in order, and counts them per kind on the page of all', async () => {
    await outcome(ids.update, 'protection-granted', '2026-11-28', 'Adrián’s lawyer', 'public');
    await outcome(ids.root, 'investigation-opened', '2026-11-26', '=HYPERLINK("x")', 'internal', ids.other);
    await outcome(ids.other, 'released', '2026-11-27', 'Family', 'public');
    await outcome(ids.other, 'released', '2026-11-29', 'Press', 'public');

    const page = await campaigner.get(`/admin/actions/${ids.update}/impact`);
    expect(page.body).toContain('<h2 id="impact-slot-outcomes">Outcomes for the people at risk</h2>');
    expect(page.body).toContain('2 outcomes recorded, public and internal');
    const list = await campaigner.get(`/admin/actions/${ids.update}/impact/outcomes-list.csv`);
    expect(list.body).toBe(
      [
        '"Day (UTC)","Outcome","Source","Shown","Good news"',
        // A cell that a spreadsheet would run as a formula is written as text.
        `"2026-11-26","investigation opened","'=HYPERLINK(""x"")","Internal","Drafted"`,
        '"2026-11-28","protection granted","Adrián’s lawyer","Public",""',
        '',
      ].join('\r\n'),
    );

    const kinds = await campaigner.get('/admin/actions/impact/outcomes-kinds.csv');
    expect(kinds.body).toBe(
      [
        '"Outcome","Outcomes","Latest"',
        '"released","2","2026-11-29"',
        '"protection granted","1","2026-11-28"',
        '"investigation opened","1","2026-11-26"',
        '"All","4","2026-11-29"',
        '',
      ].join('\r\n'),
    );
    const latest = await campaigner.get('/admin/actions/impact/outcomes-list.csv');
    expect(latest.body.split('\r\n')[0]).toBe(
      '"Day (UTC)","Urgent action","Outcome","Source","Shown","Good news"',
    );
    expect(latest.body.split('\r\n')).toHaveLength(6);
    const all = await campaigner.get('/admin/actions/impact');
    expect(all.body).toContain(`href="/admin/actions/${ids.other}/ledger"`);
  });
});
