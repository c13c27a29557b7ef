import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderPdf } from '../../src/demo/placeholders.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { pngFile, uploadAs } from '../support/media.js';

/**
 * The replies and outcomes ledger (issue 14, item 3) through the app: entries recorded by a
 * campaigner appear on every page of the urgent action's series and on the case page (public ones
 * only), a reply from an authority the urgent action does not name is refused with the form kept,
 * attachments go through the media library's checks, an outcome becomes a good-news draft, each new
 * entry is a webhook event written with it, and the impact block sums it all on country and case pages.
 */

let t: TestApp;
const clock = new Date('2026-12-03T10:00:00Z');
let campaigner: Session;
let author: Session;
const ids = { root: 0, update: 0, other: 0, governor: 0, ambassador: 0, otherGovernor: 0, caseId: 0 };

const articleId = async (slug: string) =>
  (await t.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
const targetId = async (email: string) =>
  (await t.db.selectFrom('ua_targets').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

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
  ids.caseId = (
    await t.db
      .selectFrom('cases')
      .select('id')
      .where('slug', '=', 'adrian-vasquez-lagunes')
      .executeTakeFirstOrThrow()
  ).id;
  await t.db
    .insertInto('webhook_endpoints')
    .values({
      url: 'http://127.0.0.1:9/hook',
      secret: 'whsec_test',
      events: JSON.stringify(['reply.recorded', 'outcome.recorded']),
      created_at: clock.toISOString(),
      updated_at: clock.toISOString(),
    })
    .execute();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

const reply = (fields: Record<string, string>, file?: Parameters<typeof uploadAs>[4], as = campaigner) =>
  uploadAs(
    t.app,
    as,
    `/admin/actions/${ids.update}/replies/new`,
    {
      target_id: String(ids.governor),
      received_on: '2026-11-20',
      channel: 'letter',
      summary: 'The Governor’s office wrote that the reparation is under review.',
      visibility: 'public',
      attachment_alt: '',
      ...fields,
    },
    file,
  );

const outcome = (fields: Record<string, string>, file?: Parameters<typeof uploadAs>[4]) =>
  uploadAs(
    t.app,
    campaigner,
    `/admin/actions/${ids.update}/outcomes/new`,
    {
      kind: 'protection-granted',
      occurred_on: '2026-11-28',
      source: 'Adrián’s lawyer',
      summary: 'The state granted Adrián health care and social security.',
      visibility: 'public',
      attachment_alt: '',
      ...fields,
    },
    file,
  );

const deliveries = (event: string) =>
  t.db.selectFrom('webhook_deliveries').select(['body']).where('event', '=', event).orderBy('id').execute();

describe(`the replies and outcomes ledger (${dialectUnderTest})`, () => {
  it('shows public replies and outcomes on every page of the series and on the case page, not internal ones', async () => {
    const rootPage = (await get('/articles/mexico-adrian-vasquez-covid-19-reparation')).body;
    expect(rootPage).not.toContain('under review');
    // Cached before the entries are recorded: recording must purge it.
    expect((await get('/cases/adrian-vasquez-lagunes')).body).not.toContain('under review');

    expect((await reply({})).statusCode).toBe(303);
    expect(
      (
        await reply({
          target_id: String(ids.ambassador),
          summary: 'The embassy acknowledged the letters.',
          channel: 'email',
        })
      ).statusCode,
    ).toBe(303);
    expect(
      (
        await reply({
          summary: 'Internal: a clerk said off the record it will be refused.',
          visibility: 'internal',
        })
      ).statusCode,
    ).toBe(303);
    expect((await outcome({})).statusCode).toBe(303);
    expect(
      (
        await outcome({
          kind: 'none',
          occurred_on: '2026-12-01',
          summary: 'Internal note: the family is anxious.',
          visibility: 'internal',
        })
      ).statusCode,
    ).toBe(303);

    for (const path of [
      '/articles/mexico-adrian-vasquez-further-information',
      '/articles/mexico-adrian-vasquez-covid-19-reparation',
      '/cases/adrian-vasquez-lagunes',
    ]) {
      const res = await get(path);
      expect(res.statusCode).toBe(200);
      expect(res.body, path).toContain('Replies from two authorities');
      expect(res.body).toContain('The Governor’s office wrote that the reparation is under review.');
      expect(res.body).toContain('The embassy acknowledged the letters.');
      expect(res.body).toContain('The state granted Adrián health care and social security.');
      expect(res.body).toContain('Source: Adrián’s lawyer');
      expect(res.body).not.toContain('off the record');
      expect(res.body).not.toContain('the family is anxious');
    }
    // The other urgent action's page knows nothing of them.
    expect((await get('/articles/mexico-adelaida-protection-withdrawn')).body).not.toContain('under review');
  });

  it('sums the impact on the case and country pages, the latest public outcome with its date', async () => {
    const casePage = (await get('/cases/adrian-vasquez-lagunes')).body;
    expect(casePage).toContain('2 replies, protection granted on November 28, 2026');
    const country = (await get('/countries/mexico')).body;
    expect(country).toContain('What supporters’ actions have done');
    expect(country).toContain('protection granted on November 28, 2026');
    // The country's line counts every public reply and counted action of its published urgent actions.
    const mexico = await t.db
      .selectFrom('countries')
      .select('id')
      .where('slug', '=', 'mexico')
      .executeTakeFirstOrThrow();
    const published = t.db
      .selectFrom('article_countries as ac')
      .innerJoin('articles as a', 'a.id', 'ac.article_id')
      .select('a.id')
      .where('ac.country_id', '=', mexico.id)
      .where('a.type', '=', 'urgent-action')
      .where('a.status', '=', 'published');
    const replies = await t.db
      .selectFrom('ua_replies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('visibility', '=', 'public')
      .where('article_id', 'in', published)
      .executeTakeFirstOrThrow();
    expect(Number(replies.n)).toBeGreaterThan(0);
    expect(country).toMatch(new RegExp(`\\b${Number(replies.n)} repl(y|ies)\\b`));
  });

  it('purges the cached country page when a reply is recorded', async () => {
    const replies = async () => Number(/(\d+) replies/.exec((await get('/countries/mexico')).body)?.[1]);
    const before = await replies();
    expect(before).toBeGreaterThan(0);
    expect(
      (await reply({ summary: 'A second letter from the Governor’s office.', received_on: '2026-11-22' }))
        .statusCode,
    ).toBe(303);
    expect(await replies()).toBe(before + 1);
  });

  it('refuses a reply from an authority that is not a target or copy of the urgent action, keeping the form', async () => {
    const before = await t.db.selectFrom('ua_replies').select('id').execute();
    const res = await reply({
      target_id: String(ids.otherGovernor),
      summary: 'Text that must come back as typed.',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('That authority is not a target or copy of this urgent action.');
    expect(res.body).toContain('Text that must come back as typed.');
    expect(await t.db.selectFrom('ua_replies').select('id').execute()).toHaveLength(before.length);
    // An id that names no target at all is refused the same way.
    expect((await reply({ target_id: '999999' })).statusCode).toBe(400);
  });

  it('takes attachments through the media library: a PDF is linked, a disguised file and an undescribed picture refused', async () => {
    const pdf = {
      field: 'attachment',
      name: 'reply.pdf',
      type: 'application/pdf',
      bytes: placeholderPdf('Reply', 'The ministry answers.'),
    };
    const ok = await reply({ summary: 'The ministry’s letter, attached.', received_on: '2026-11-25' }, pdf);
    expect(ok.statusCode, ok.body.slice(0, 500)).toBe(303);
    const stored = await t.db
      .selectFrom('ua_replies')
      .select('attachment_id')
      .where('summary', '=', 'The ministry’s letter, attached.')
      .executeTakeFirstOrThrow();
    const media = await t.db
      .selectFrom('media')
      .select(['kind', 'storage_key'])
      .where('id', '=', stored.attachment_id!)
      .executeTakeFirstOrThrow();
    expect(media.kind).toBe('document');
    const page = await get('/articles/mexico-adrian-vasquez-further-information');
    expect(page.body).toContain(`/media/${media.storage_key}.pdf`);
    expect(String(page.headers['surrogate-key'])).toContain(`media:${stored.attachment_id}`);

    const fake = {
      field: 'attachment',
      name: 'letter.pdf',
      type: 'application/pdf',
      bytes: Buffer.from('<script>x</script>'),
    };
    const refused = await reply({ summary: 'Kept beside a refused file.' }, fake);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Kept beside a refused file.');
    expect(refused.body).toMatch(/class="field__error"[^>]*>[^<]+/);

    const picture = { ...(await pngFile()), field: 'attachment' };
    const noAlt = await reply({ summary: 'A screenshot of the statement.' }, picture);
    expect(noAlt.statusCode).toBe(400);
    expect(noAlt.body).toContain('Enter the alt text');
    const withAlt = await reply(
      {
        summary: 'A screenshot of the statement.',
        channel: 'statement',
        attachment_alt: 'The Governor’s post on social media.',
      },
      picture,
    );
    expect(withAlt.statusCode).toBe(303);
  });

  it('emits reply.recorded and outcome.recorded with public data and ids only', async () => {
    const replies = (await deliveries('reply.recorded')).map((d) => JSON.parse(d.body));
    expect(replies.length).toBeGreaterThanOrEqual(3);
    expect(replies[0].data).toMatchObject({
      urgentActionId: ids.update,
      reference: 'UA 87/20',
      targetId: ids.governor,
      change: 'recorded',
    });
    expect(JSON.stringify(replies)).not.toContain('off the record');
    const outcomes = (await deliveries('outcome.recorded')).map((d) => JSON.parse(d.body));
    expect(outcomes).toHaveLength(2);
    expect(outcomes[0].data).toMatchObject({
      urgentActionId: ids.update,
      outcomeId: expect.any(Number),
      change: 'recorded',
      outcome: 'protection-granted',
      note: 'The state granted Adrián health care and social security.',
    });
    expect(outcomes[1].data).toMatchObject({ outcome: 'none', note: '' });
    // Queued with the entry: a job per delivery.
    expect(
      await t.db.selectFrom('jobs').select('id').where('kind', '=', 'webhooks.deliver').execute(),
    ).toHaveLength(replies.length + outcomes.length);
  });

  it('makes a good-news draft from an outcome, linked to the case, the country and the urgent action, once', async () => {
    const row = await t.db
      .selectFrom('ua_outcomes')
      .select('id')
      .where('kind', '=', 'protection-granted')
      .where('article_id', '=', ids.update)
      .executeTakeFirstOrThrow();
    const res = await campaigner.post(`/admin/actions/${ids.update}/outcomes/${row.id}/good-news`, {});
    expect(res.statusCode).toBe(303);
    const draftId = Number(/^\/admin\/articles\/(\d+)$/.exec(String(res.headers.location))?.[1]);
    const article = await t.db
      .selectFrom('articles')
      .selectAll()
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow();
    expect(article.type).toBe('good-news');
    expect(article.status).toBe('draft');
    expect(article.title).toBe('Good news: protection granted to Adrián Vásquez Lagunes');
    expect(article.body_md).toContain('/articles/mexico-adrian-vasquez-further-information');
    const cases = await t.db
      .selectFrom('article_cases')
      .select('case_id')
      .where('article_id', '=', draftId)
      .execute();
    expect(cases.map((c) => c.case_id)).toContain(ids.caseId);
    const countries = await t.db
      .selectFrom('article_countries as ac')
      .innerJoin('countries as c', 'c.id', 'ac.country_id')
      .select('c.slug')
      .where('ac.article_id', '=', draftId)
      .execute();
    expect(countries.map((c) => c.slug)).toContain('mexico');
    expect((await campaigner.get(String(res.headers.location))).statusCode).toBe(200);
    // Pressed again, it opens the same draft.
    const again = await campaigner.post(`/admin/actions/${ids.update}/outcomes/${row.id}/good-news`, {});
    expect(again.headers.location).toBe(res.headers.location);
    expect((await campaigner.get(`/admin/actions/${ids.update}/ledger`)).body).toContain(
      'Open the good-news item',
    );
  });

  it('emits the same kinds again for an edit, marked edited, in the edit’s transaction; a refused edit emits nothing', async () => {
    const replyRow = await t.db
      .selectFrom('ua_replies')
      .select(['id', 'created_at'])
      .where('summary', '=', 'A second letter from the Governor’s office.')
      .executeTakeFirstOrThrow();
    const repliesBefore = (await deliveries('reply.recorded')).length;
    const jobsBefore = (
      await t.db.selectFrom('jobs').select('id').where('kind', '=', 'webhooks.deliver').execute()
    ).length;
    const editReply = (fields: Record<string, string>) =>
      uploadAs(t.app, campaigner, `/admin/actions/${ids.update}/replies/${replyRow.id}`, {
        target_id: String(ids.governor),
        received_on: '2026-11-22',
        channel: 'letter',
        summary: 'A second letter, now scanned.',
        visibility: 'public',
        attachment_alt: '',
        ...fields,
      });
    // Refused (not a target of this urgent action): nothing changed, nothing told.
    expect((await editReply({ target_id: String(ids.otherGovernor) })).statusCode).toBe(400);
    expect(await deliveries('reply.recorded')).toHaveLength(repliesBefore);
    expect((await editReply({})).statusCode).toBe(303);
    const replies = (await deliveries('reply.recorded')).map((d) => JSON.parse(d.body));
    expect(replies).toHaveLength(repliesBefore + 1);
    expect(replies.at(-1).data).toEqual({
      urgentActionId: ids.update,
      reference: 'UA 87/20',
      replyId: replyRow.id,
      targetId: ids.governor,
      recordedAt: replyRow.created_at,
      change: 'edited',
    });
    expect(JSON.stringify(replies.at(-1))).not.toContain('scanned');

    // An outcome made internal by its edit: told with its words removed.
    const outcomeRow = await t.db
      .selectFrom('ua_outcomes')
      .select(['id', 'created_at'])
      .where('kind', '=', 'protection-granted')
      .where('article_id', '=', ids.update)
      .executeTakeFirstOrThrow();
    const edited = await uploadAs(
      t.app,
      campaigner,
      `/admin/actions/${ids.update}/outcomes/${outcomeRow.id}`,
      {
        kind: 'protection-granted',
        occurred_on: '2026-11-28',
        source: 'Adrián’s lawyer',
        summary: 'Protection granted; details withheld at the family’s request.',
        visibility: 'internal',
        attachment_alt: '',
      },
    );
    expect(edited.statusCode).toBe(303);
    const outcomes = (await deliveries('outcome.recorded')).map((d) => JSON.parse(d.body));
    expect(outcomes.at(-1).data).toEqual({
      urgentActionId: ids.update,
      reference: 'UA 87/20',
      outcomeId: outcomeRow.id,
      outcome: 'protection-granted',
      note: '',
      recordedAt: outcomeRow.created_at,
      change: 'edited',
    });
    expect(
      await t.db.selectFrom('jobs').select('id').where('kind', '=', 'webhooks.deliver').execute(),
    ).toHaveLength(jobsBefore + 2);
  });

  it('edits and deletes entries, audited, and lets only those who run urgent actions in', async () => {
    const row = await t.db
      .selectFrom('ua_replies')
      .select('id')
      .where('target_id', '=', ids.ambassador)
      .where('article_id', '=', ids.update)
      .executeTakeFirstOrThrow();
    const form = await campaigner.get(`/admin/actions/${ids.update}/replies/${row.id}`);
    expect(form.body).toContain('The embassy acknowledged the letters.');
    const edited = await uploadAs(t.app, campaigner, `/admin/actions/${ids.update}/replies/${row.id}`, {
      target_id: String(ids.ambassador),
      received_on: '2026-11-21',
      channel: 'email',
      summary: 'The embassy forwarded the letters to the Foreign Ministry.',
      visibility: 'public',
      attachment_alt: '',
    });
    expect(edited.statusCode).toBe(303);
    expect((await get('/cases/adrian-vasquez-lagunes')).body).toContain('forwarded the letters');
    const deleted = await campaigner.post(`/admin/actions/${ids.update}/replies/${row.id}/delete`, {});
    expect(deleted.statusCode).toBe(303);
    const page = (await get('/articles/mexico-adrian-vasquez-covid-19-reparation')).body;
    expect(page).not.toContain('forwarded the letters');
    expect(page).toContain('A reply from one authority');
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'urgent-action.reply.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'urgent-action.reply.create',
        'urgent-action.reply.update',
        'urgent-action.reply.delete',
      ]),
    );
    expect((await author.get(`/admin/actions/${ids.update}/ledger`)).statusCode).toBe(403);
    expect((await reply({ summary: 'An author may not.' }, undefined, author)).statusCode).toBe(403);
    expect((await campaigner.get(`/admin/actions/${ids.update}/replies/999999`)).statusCode).toBe(404);
  });
});
