import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COUNTS_PURGE_JOB } from '../../src/actions/counts.js';
import { actionItemExtras, countsChanged } from '../../src/actions/index.js';
import { getLatest } from '../../src/newsroom/service.js';
import { TaggedCache } from '../../src/platform/cache/tagged-cache.js';
import type { ActionChannel } from '../../src/platform/db/index.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

/**
 * The counters of an urgent action (issue 13): counted actions per channel and in all with the
 * goal, the fragment that carries them through the page cache and its bounded purges, the page
 * and the listings that show them without depending on them, and the campaigner's impact page and
 * CSV export. Actions are written straight into the tables of migration 025, as intake would.
 */

let t: TestApp;
// Friday 10 July 2020, 16:00 in Tijuana: the demo governor's office (Mon-Fri 09:00-15:00) is closed.
let clock = new Date('2020-07-10T23:00:00.000Z');
let campaigner: Session;
let author: Session;
let actionId: number;
let otherId: number;
let supporters = 0;

const PAGE = '/articles/mexico-adrian-vasquez-covid-19-reparation';
const get = (url: string) => t.app.inject({ method: 'GET', url });
const deps = () => ({ db: t.db, now: () => clock });

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  await makeUser(t.db, 'campaigner');
  await makeUser(t.db, 'author');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  author = await logIn(t.app, 'author@candle.test');
  const ids = await t.db
    .selectFrom('articles')
    .select(['id', 'slug'])
    .where('slug', 'in', ['mexico-adrian-vasquez-covid-19-reparation', 'kenya-nasieku-lemayian-arrested'])
    .execute();
  actionId = ids.find((a) => a.slug.startsWith('mexico'))!.id;
  otherId = ids.find((a) => a.slug.startsWith('kenya'))!.id;
});
afterAll(async () => {
  await t?.close();
});

/** A supporter and one action of theirs, written as intake would. */
async function act(
  articleId: number,
  channel: ActionChannel,
  state: 'pending' | 'counted',
  extra: { detail?: string; countedAt?: string; name?: string; hearBack?: boolean } = {},
) {
  supporters++;
  const at = clock.toISOString();
  const supporter = await t.db
    .insertInto('ua_supporters')
    .values({
      email: `supporter${supporters}@example.org`,
      name: extra.name ?? `Supporter ${supporters}`,
      city: 'Leeds',
      country: 'GB',
      confirmed_at: state === 'counted' ? at : null,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return t.db
    .insertInto('ua_actions_taken')
    .values({
      article_id: articleId,
      supporter_id: supporter.id,
      channel,
      state,
      detail: extra.detail ?? '',
      hear_back: extra.hearBack ? 1 : 0,
      wording_hash: extra.hearBack ? 'a'.repeat(64) : null,
      created_at: at,
      counted_at: state === 'counted' ? (extra.countedAt ?? at) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

const purgeJobs = () =>
  t.db
    .selectFrom('jobs')
    .select(['idempotency_key', 'status', 'run_at'])
    .where('kind', '=', COUNTS_PURGE_JOB)
    .orderBy('id')
    .execute();

/** Runs the jobs due now, as many rounds as they take. */
async function drain() {
  for (let i = 0; i < 20; i++) if ((await t.worker.runDue()) === 0) return;
}

describe(`urgent action counters on ${dialectUnderTest}`, () => {
  it('counts counted actions per channel and in all, never pending ones', async () => {
    for (const channel of ['email', 'email', 'email', 'letter', 'letter', 'post'] as const) {
      await act(actionId, channel, 'counted', { countedAt: '2020-07-08T10:00:00.000Z' });
    }
    await act(actionId, 'call', 'counted', { detail: 'answered' });
    await act(actionId, 'call', 'counted', { detail: 'voicemail' });
    await act(actionId, 'call', 'counted', { detail: 'wrong-number' });
    await act(actionId, 'call', 'counted');
    await act(actionId, 'email', 'pending');
    await act(actionId, 'call', 'pending', { detail: 'refused' });
    // Another urgent action's actions are its own.
    await act(otherId, 'post', 'counted');
    await t.db.updateTable('urgent_actions').set({ goal: 40 }).where('article_id', '=', actionId).execute();

    const res = await get(`/actions/${actionId}/counts`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toContain('public');
    expect(String(res.headers['surrogate-key']).split(' ')).toContain(`ua-count:${actionId}`);
    expect(res.body).toContain('10 actions taken');
    expect(res.body).toMatch(/Emails: <strong>3<\/strong>/);
    expect(res.body).toMatch(/Letters posted: <strong>2<\/strong>/);
    expect(res.body).toMatch(/Social media posts: <strong>1<\/strong>/);
    expect(res.body).toMatch(/Calls: <strong>4<\/strong>/);
    expect(res.body).toContain('10 of our goal of 40 actions (25%)');
    expect(res.body).toMatch(/<progress[^>]*max="40"[^>]*value="10"/);
    expect((await get(`/actions/${otherId}/counts`)).body).toContain('1 action taken');
  });

  it('answers 404 for what is not a published urgent action, and for malformed ids', async () => {
    const news = await t.db
      .selectFrom('articles')
      .select('id')
      .where('type', '!=', 'urgent-action')
      .executeTakeFirstOrThrow();
    expect((await get(`/actions/${news.id}/counts`)).statusCode).toBe(404);
    expect((await get('/actions/99999999/counts')).statusCode).toBe(404);
    // An urgent action taken off the site has no public counts either.
    const archived = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'philippines-joy-dalisay-journalist-shot-at')
      .executeTakeFirstOrThrow();
    await t.db.updateTable('articles').set({ status: 'archived' }).where('id', '=', archived.id).execute();
    expect((await get(`/actions/${archived.id}/counts`)).statusCode).toBe(404);
    await t.db.updateTable('articles').set({ status: 'published' }).where('id', '=', archived.id).execute();
    expect((await get(`/actions/${archived.id}/counts`)).statusCode).toBe(200);
    expect((await get('/actions/x1/counts')).statusCode).toBe(404);
    expect((await get('/actions/1234567890123/counts')).statusCode).toBe(404);
  });

  it('serves the fragment from the cache until countsChanged purges it, after its bucket', async () => {
    expect((await get(`/actions/${actionId}/counts`)).headers['x-cache']).toBe('HIT');
    await act(actionId, 'post', 'counted');
    const stale = await get(`/actions/${actionId}/counts`);
    expect(stale.headers['x-cache']).toBe('HIT');
    expect(stale.body).toContain('10 actions taken');

    await countsChanged(deps(), actionId);
    // Due at the end of the 5-second bucket: nothing runs before.
    await drain();
    expect((await get(`/actions/${actionId}/counts`)).headers['x-cache']).toBe('HIT');
    clock = new Date(clock.getTime() + 5_000);
    await drain();
    const fresh = await get(`/actions/${actionId}/counts`);
    expect(fresh.headers['x-cache']).toBe('MISS');
    expect(fresh.body).toContain('11 actions taken');
  });

  it('queues one purge per urgent action per bucket, whatever the number of actions or processes', async () => {
    clock = new Date(Math.ceil(clock.getTime() / 5_000) * 5_000 + 1_000);
    const before = (await purgeJobs()).length;
    const purgesBefore = await t.db
      .selectFrom('cache_purges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 500; i++) await countsChanged(deps(), actionId);
    // Another process (its own memory of queued buckets): the idempotency key holds it to one.
    const elsewhere = { db: t.db.withoutPlugins(), now: () => clock };
    for (let i = 0; i < 5; i++) await countsChanged(elsewhere, actionId);
    await countsChanged(deps(), otherId);
    let jobs = await purgeJobs();
    expect(jobs.length - before).toBe(2);
    clock = new Date(clock.getTime() + 2_000);
    for (let i = 0; i < 100; i++) await countsChanged(deps(), actionId);
    expect((await purgeJobs()).length - before).toBe(2);
    clock = new Date(clock.getTime() + 5_000);
    await countsChanged(deps(), actionId);
    jobs = await purgeJobs();
    expect(jobs.length - before).toBe(3);
    await drain();
    const purgesAfter = await t.db
      .selectFrom('cache_purges')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    // The two buckets that ended: one purge each (the third is due when its bucket ends).
    expect(Number(purgesAfter.n) - Number(purgesBefore.n)).toBe(2);
    // A purge that ran takes its job with it: only the one still due is left.
    expect((await purgeJobs()).map((j) => j.status)).toEqual(['queued']);
  });

  it('gives a listing’s items their counts with one call for the whole page, never one per item', async () => {
    const calls: number[][] = [];
    const extras = actionItemExtras({ db: t.db });
    const latest = await getLatest(
      {
        db: t.db,
        listedItems: new TaggedCache(0),
        names: new TaggedCache(0),
        itemExtras: (items) => {
          calls.push(items.map((i) => i.id));
          return extras(items);
        },
      },
      1,
      undefined,
    );
    expect(latest.ok).toBe(true);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.length).toBeGreaterThan(1);
  });

  it('shows the counts on the page as rendered, with the script, and never purges the page for them', async () => {
    clock = new Date(clock.getTime() + 10_000);
    await drain();
    const page = await get(PAGE);
    expect(page.statusCode).toBe(200);
    expect(String(page.headers['surrogate-key'])).not.toContain('ua-count:');
    expect(page.body).toContain(`data-counts-src="/actions/${actionId}/counts"`);
    expect(page.body).toContain('11 actions taken');
    expect(page.body).toMatch(/<script src="\/assets\/action-counts\.[0-9a-f]{12}\.js" defer/);
    expect((await get(PAGE)).headers['x-cache']).toBe('HIT');

    await act(actionId, 'letter', 'counted');
    await countsChanged(deps(), actionId);
    clock = new Date(clock.getTime() + 5_000);
    await drain();
    const after = await get(PAGE);
    expect(after.headers['x-cache']).toBe('HIT');
    expect(after.body).toContain('11 actions taken');
    expect((await get(`/actions/${actionId}/counts`)).body).toContain('12 actions taken');
  });

  it('serves the refresh script', async () => {
    const page = await get(PAGE);
    const src = /<script src="(\/assets\/action-counts\.[0-9a-f]{12}\.js)"/.exec(page.body)![1]!;
    const script = await get(src);
    expect(script.statusCode).toBe(200);
    expect(script.body).toContain('data-counts-src');
  });

  it('shows the total and the goal bar in listing items, and a goal change purges the listing', async () => {
    const listing = await get('/latest?type=urgent-action');
    expect(listing.statusCode).toBe(200);
    const item = new RegExp(`href="${PAGE}"[\\s\\S]*?</article>`).exec(listing.body)?.[0] ?? '';
    expect(item).toContain('12 actions taken');
    expect(item).toContain('12 of our goal of 40 actions (30%)');
    expect(String(listing.headers['surrogate-key'])).not.toContain('ua-count:');
    expect((await get('/latest?type=urgent-action')).headers['x-cache']).toBe('HIT');
    // The listing depends on the details (the goal), which the campaigner's save purges.
    expect(String(listing.headers['surrogate-key']).split(' ')).toContain(`ua:${actionId}`);
    await t.db.updateTable('urgent_actions').set({ goal: 10 }).where('article_id', '=', actionId).execute();
    t.cache.purge([`ua:${actionId}`]);
    const raised = await get('/latest?type=urgent-action');
    expect(raised.headers['x-cache']).toBe('MISS');
    expect(raised.body).toContain('Goal reached: 12 actions, our goal was 10');
  });

  it('lets campaigners, not authors, see the impact page, with every figure', async () => {
    // Letters to the named targets: the governor's office is closed now, so queued ones are held.
    const targets = await t.db
      .selectFrom('ua_action_targets')
      .select(['target_id', 'role'])
      .where('article_id', '=', actionId)
      .execute();
    const governor = targets.find((x) => x.role === 'target')!.target_id;
    const anAction = await act(actionId, 'email', 'counted');
    let n = 0;
    const letter = (status: 'queued' | 'sent' | 'bounced' | 'dead' | 'waiting') =>
      t.db
        .insertInto('ua_letters')
        .values({
          action_id: anAction.id,
          article_id: actionId,
          target_id: governor,
          role: 'target',
          language: 'es',
          subject: 'Subject',
          body: 'Body',
          status,
          message_id: `<letter-${++n}-${status}@candle.test>`,
          created_at: clock.toISOString(),
        })
        .execute();
    await letter('queued');
    await letter('queued');
    await letter('sent');
    await letter('bounced');
    await letter('dead');
    await letter('waiting');

    expect((await author.get(`/admin/actions/${actionId}/impact`)).statusCode).toBe(403);
    expect((await author.get(`/admin/actions/${actionId}/actions.csv`)).statusCode).toBe(403);
    const res = await campaigner.get(`/admin/actions/${actionId}/impact`);
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).toContain('Impact: ');
    // Per channel, counted and pending: emails 3 + 1 counted, 1 pending.
    expect(body).toMatch(/<th scope="row">Emails<\/th><td>4<\/td><td>1<\/td>/);
    expect(body).toMatch(/<th scope="row">Calls<\/th><td>4<\/td><td>1<\/td>/);
    expect(body).toMatch(/<th scope="row">All channels<\/th><td>13<\/td><td>2<\/td>/);
    // Per day: the six actions of 8 July, a day with none, then the rest on 10 July.
    expect(body).toMatch(
      /<time datetime="2020-07-08">[^<]*<\/time><\/th><td>3<\/td><td>2<\/td><td>1<\/td><td>0<\/td><td>6<\/td>/,
    );
    expect(body).toMatch(
      /<time datetime="2020-07-09">[^<]*<\/time><\/th><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td>/,
    );
    expect(body).toContain('<svg class="ua-chart__svg"');
    expect(body).toContain('role="img"');
    expect(body).toContain('<title id="ua-chart-title">');
    // Call outcomes of counted calls only (the pending refusal is not one).
    expect(body).toMatch(/<th scope="row">Answered<\/th><td>1<\/td>/);
    expect(body).toMatch(/<th scope="row">Refused<\/th><td>0<\/td>/);
    expect(body).toMatch(/<th scope="row">Not said<\/th><td>1<\/td>/);
    // The governor: 1 waiting, 0 queued, 2 held, 0 sending, 1 sent, 0 failed, 1 bounced, 1 dead.
    expect(body).toMatch(
      /Closed \(America\/Tijuana\): queued letters held<\/td><td>1<\/td><td>0<\/td><td>2<\/td><td>0<\/td><td>1<\/td><td>0<\/td><td>1<\/td><td>1<\/td>/,
    );
    // Friday noon in Tijuana: the office is open, and the same letters are queued, not held.
    const saved = clock;
    clock = new Date('2020-07-10T19:00:00.000Z');
    const open = await campaigner.get(`/admin/actions/${actionId}/impact`);
    clock = saved;
    expect(open.body).toMatch(/Open \(America\/Tijuana\)<\/td><td>1<\/td><td>2<\/td><td>0<\/td>/);
    // Linked from the details page.
    expect((await campaigner.get(`/admin/actions/${actionId}`)).body).toContain(
      `href="/admin/actions/${actionId}/impact"`,
    );
    expect((await campaigner.get('/admin/actions/99999999/impact')).statusCode).toBe(404);
    const news = await t.db
      .selectFrom('articles')
      .select('id')
      .where('type', '!=', 'urgent-action')
      .executeTakeFirstOrThrow();
    expect((await campaigner.get(`/admin/actions/${news.id}/impact`)).statusCode).toBe(404);
  });

  it('exports the actions as formula-safe CSV with consent columns, audited', async () => {
    await act(actionId, 'post', 'counted', { name: '=HYPERLINK("http://evil.example","x")', hearBack: true });
    await act(actionId, 'call', 'counted', { name: 'Ana "Nana" López', detail: '+SUM(1)' });
    const res = await campaigner.get(`/admin/actions/${actionId}/actions.csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="urgent-action-\d+-actions-/);
    const lines = res.body.split('\r\n');
    expect(lines[0]).toBe(
      '"created_at","counted_at","channel","detail","state","name","email","city","country","hear_back","wording_hash"',
    );
    const total = await t.db
      .selectFrom('ua_actions_taken')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('article_id', '=', actionId)
      .executeTakeFirstOrThrow();
    expect(lines.filter((l) => l !== '')).toHaveLength(Number(total.n) + 1);
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(res.body).toContain('"Ana ""Nana"" López"');
    expect(res.body).toContain(`"'+SUM(1)"`);
    expect(res.body).toMatch(/"post","","counted","'=HYPERLINK[^\r]*,"yes","a{64}"/);
    expect(res.body).toContain('"pending"');
    // Another urgent action's supporters are not in it.
    expect(res.body).not.toContain('supporter13@example.org');
    expect(res.body).toContain('supporter12@example.org');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id', 'summary'])
      .where('action', '=', 'urgent-action.exported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.entity_id).toBe(String(actionId));
    expect(audit[0]!.summary).toContain(`Exported the ${total.n} actions`);
    expect(audit[0]!.summary).not.toContain('@');
  });
});
