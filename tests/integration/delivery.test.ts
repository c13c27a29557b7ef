import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FollowKind, SubscriberFrequency, SubscriberStatus } from '../../src/platform/db/index.js';
import * as sendLog from '../../src/subscriptions/delivery/queries.js';
import { addressHash } from '../../src/subscriptions/index.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { mailHtmlProblems } from '../support/mail-html.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';
import { insertSubscriber } from '../support/subscribers.js';

/**
 * Alerts on publish (issue 12, item 3), through the app and a real SMTP peer that parses every
 * message: each matching confirmed subscriber gets one message, whatever else happens (a publish
 * that rolls back, a schedule, a refusing server, a worker that dies mid-batch).
 */

let t: TestApp;
let smtp: SmtpPeer;
let editor: Session;
let clock = new Date('2026-12-01T10:00:00Z');
let mexico: number;
let americas: number;
let otherCountry: number;
let topic: number;

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({ now: () => clock, env: { SMTP_URL: smtp.url, MAIL_RATE_PER_DOMAIN: '0' } });
  await makeUser(t.db, 'editor');
  await makeUser(t.db, 'campaigner');
  editor = await logIn(t.app, 'editor@candle.test');
  const mx = await t.db
    .selectFrom('countries')
    .select(['id', 'region_id'])
    .where('slug', '=', 'mexico')
    .executeTakeFirstOrThrow();
  mexico = mx.id;
  americas = mx.region_id;
  otherCountry = (
    await t.db
      .selectFrom('countries')
      .select('id')
      .where('region_id', '!=', americas)
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
  topic = (await t.db.selectFrom('topics').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

beforeEach(async () => {
  clock = new Date('2026-12-01T10:00:00Z');
  smtp.received.length = 0;
  smtp.refuse.clear();
  smtp.hold(null);
  await t.db.deleteFrom('alerts').execute();
  await t.db.deleteFrom('subscribers').execute();
  await t.db.deleteFrom('jobs').execute();
});

const subscriber = (
  email: string,
  follows: Array<[FollowKind, number]>,
  status: SubscriberStatus = 'confirmed',
  frequency: SubscriberFrequency = 'each',
) => insertSubscriber(t.db, clock, { email, follows, status, frequency });

const article = (slug: string, fields: Record<string, string | string[]> = {}) => ({
  title: `Release the defenders (${slug})`,
  type: 'urgent-action',
  summary: 'Three defenders were detained in Mérida.',
  body: 'Write to the Governor.',
  countries: [String(mexico)],
  topics: [String(topic)],
  slug,
  version: '0',
  action: 'publish',
  ...fields,
});

/** Runs every job due now, including those the jobs queue, until none is left. */
async function drain() {
  for (let i = 0; i < 50; i++) if ((await t.worker.runDue()) === 0) return;
  throw new Error('jobs kept coming');
}

async function alertOf(slug: string) {
  return t.db
    .selectFrom('alerts')
    .innerJoin('articles', 'articles.id', 'alerts.article_id')
    .selectAll('alerts')
    .where('articles.slug', '=', slug)
    .executeTakeFirst();
}

const sentTo = () => smtp.received.flatMap((r) => r.to).sort();

describe(`alerts on publish on ${dialectUnderTest}`, () => {
  it('mails each matching confirmed subscriber once, and nobody else', async () => {
    await subscriber('country@one.test', [['country', mexico]]);
    await subscriber('both@two.test', [
      ['country', mexico],
      ['topic', topic],
    ]);
    await subscriber('region@one.test', [['region', americas]]);
    await subscriber('all@three.test', [['everything', 0]]);
    await subscriber('pending@one.test', [['country', mexico]], 'pending');
    await subscriber('gone@one.test', [['country', mexico]], 'unsubscribed');
    await subscriber('elsewhere@one.test', [['country', otherCountry]]);
    const daily = await subscriber('daily@one.test', [['country', mexico]], 'confirmed', 'daily');

    const res = await editor.post('/admin/articles/new', article('published-now'));
    expect(res.statusCode).toBe(303);
    await drain();

    expect(sentTo()).toEqual(['all@three.test', 'both@two.test', 'country@one.test', 'region@one.test']);
    const alert = await alertOf('published-now');
    const mail = smtp.to('both@two.test')[0]!.parsed;
    expect(mail.subject).toBe('Release the defenders (published-now)');
    expect(mail.messageId).toMatch(new RegExp(`^<alert-${alert!.id}-\\d+@candle>$`));
    expect(mail.text).toContain('Three defenders were detained in Mérida.');
    expect(mail.text).toContain('http://candle.test/articles/published-now');
    expect(mail.html).toContain('href="http://candle.test/articles/published-now"');
    // No pixel, no rewritten link: every address in the HTML is the site's own.
    for (const href of String(mail.html).match(/(?:href|src)="[^"]*"/g) ?? [])
      expect(href).toMatch(/^(href|src)="http:\/\/candle\.test\//);
    expect(mail.html).not.toContain('<img');
    // Every message carries its own signed preference and one-click unsubscribe links (RFC 8058).
    const header = (name: string) =>
      mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    const listUnsubscribe = String(header('list-unsubscribe'));
    expect(listUnsubscribe).toMatch(/^<http:\/\/candle\.test\/subscribe\/unsubscribe\/[^>]+>$/);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toMatch(/http:\/\/candle\.test\/subscribe\/preferences\/\S+/);
    // The link works: a mail client's one-click POST unsubscribes, with no cookie or token.
    const oneClick = await t.app.inject({
      method: 'POST',
      url: new URL(listUnsubscribe.slice(1, -1)).pathname,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBeLessThan(400);

    // The digest subscriber is not mailed now: the item waits for their digest.
    const entries = await t.db.selectFrom('digest_entries').selectAll().execute();
    expect(entries).toMatchObject([{ subscriber_id: daily, alert_id: alert!.id }]);

    // Publishing again (after an unpublish) alerts nobody a second time.
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(res.headers.location))![1]);
    const form = await editor.get(`/admin/articles/${id}`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    await editor.post(`/admin/articles/${id}`, article('published-now', { version, action: 'unpublish' }));
    const again = await editor.get(`/admin/articles/${id}`);
    const v2 = /name="version" value="(\d+)"/.exec(again.body)![1]!;
    await editor.post(`/admin/articles/${id}`, article('published-now', { version: v2, action: 'publish' }));
    await drain();
    expect(smtp.received).toHaveLength(4);
  });

  it('shows the item’s type, date and lead picture (alt text, caption, credit) in both parts, in the subscriber’s language', async () => {
    await subscriber('pictures@one.test', [['country', mexico]]);
    // A demo picture (its files exist), described with what a hostile editor might type.
    const image = await t.db
      .selectFrom('media')
      .select(['id', 'storage_key'])
      .where('kind', '=', 'image')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const alt = 'Lupe "La Flaca" <Pérez> & her banner';
    const caption = 'Outside the court</figcaption><img src="https://evil.test/p.gif">';
    const credit = 'Ana Ruiz <script>alert(1)</script>';
    await t.db.updateTable('media').set({ alt, caption, credit }).where('id', '=', image.id).execute();
    const title = 'Release the defenders <b>now</b>\r\nBcc: victim@evil.test';
    const res = await editor.post(
      '/admin/articles/new',
      article('with-picture', { lead_image_id: String(image.id), title }),
    );
    expect(res.statusCode).toBe(303);
    await drain();

    const alert = (await alertOf('with-picture'))!;
    expect(alert).toMatchObject({
      item_type: 'urgent-action',
      image_path: `/media/${image.storage_key}-share.jpg`,
      image_alt: alt,
      image_caption: caption,
      image_credit: credit,
    });
    const mail = smtp.to('pictures@one.test')[0]!.parsed;
    const html = String(mail.html);
    // The header stays one line: the title's line break starts no header of its own.
    expect(mail.subject).toBe('Release the defenders <b>now</b> Bcc: victim@evil.test');
    expect(mail.bcc).toBeUndefined();
    expect(html.startsWith('<!doctype html><html lang="en"')).toBe(true);
    expect(html).toContain('Urgent action');
    expect(html).toContain('<time datetime="2026-12-01T10:00:00.000Z">December 1, 2026</time>');
    const share = `http://candle.test/media/${image.storage_key}-share.jpg`;
    expect(html).toContain(`src="${share}" alt="Lupe &quot;La Flaca&quot; &lt;Pérez> &amp; her banner"`);
    expect(html).toContain(
      'Outside the court&lt;/figcaption>&lt;img src=&quot;https://evil.test/p.gif&quot;>',
    );
    expect(html).toContain('Photo: Ana Ruiz &lt;script>alert(1)&lt;/script>');
    expect(html).toContain('Release the defenders &lt;b>now&lt;/b>');
    expect(mailHtmlProblems(html, 'http://candle.test/')).toEqual([]);
    // The plain-text part says the same: type and date, title, the picture as words, the summary.
    const text = String(mail.text);
    expect(text).toContain('Urgent action · December 1, 2026\nRelease the defenders <b>now</b>');
    expect(text).toContain(`Picture: ${alt}\n${caption}\nPhoto: ${credit}`);
    expect(text).toContain('Three defenders were detained in Mérida.');
    // The picture is there to be fetched: media makes the 1200 × 630 JPEG on its first request.
    const picture = await t.app.inject({ method: 'GET', url: new URL(share).pathname });
    expect(picture.statusCode).toBe(200);
    expect(picture.headers['content-type']).toBe('image/jpeg');
  });

  it('still renders an alert written before alerts kept a type and a picture', async () => {
    await subscriber('old@one.test', [['country', mexico]]);
    expect((await editor.post('/admin/articles/new', article('old-alert'))).statusCode).toBe(303);
    // As a row from before migration 022 reads, with its fan-out still to run.
    await t.db
      .updateTable('alerts')
      .set({ item_type: null, item_language: null, image_path: null })
      .where('id', '=', (await alertOf('old-alert'))!.id)
      .execute();
    await drain();
    const mail = smtp.to('old@one.test')[0]!.parsed;
    expect(String(mail.html)).not.toContain('<img');
    expect(String(mail.html)).not.toContain('Urgent action');
    expect(String(mail.text)).toContain('December 1, 2026\nRelease the defenders (old-alert)');
    expect(mailHtmlProblems(String(mail.html), 'http://candle.test/')).toEqual([]);
  });

  it('never mails an address on the suppression list, even one still marked confirmed', async () => {
    await subscriber('bounced@one.test', [['country', mexico]]);
    await subscriber('fine@one.test', [['country', mexico]]);
    const salt = (
      await t.db
        .selectFrom('site_secrets')
        .select('value')
        .where('name', '=', 'suppression-salt')
        .executeTakeFirstOrThrow()
    ).value;
    // Written straight to the list, as a bounce recorded while this row was already queued would
    // leave it: the subscriber still reads 'confirmed'.
    const at = clock.toISOString();
    await t.db
      .insertInto('suppressions')
      .values({
        email_hash: addressHash(salt, 'bounced@one.test'),
        reason: 'bounce',
        source: 'webhook',
        note: '',
        occurred_at: at,
        created_at: at,
      })
      .execute();

    expect((await editor.post('/admin/articles/new', article('suppressed-one'))).statusCode).toBe(303);
    await drain();
    expect(sentTo()).toEqual(['fine@one.test']);

    // The delivery pages count it as skipped for the suppression list, not with those not sent
    // for another reason (here one no longer confirmed when its batch went).
    const alert = (await alertOf('suppressed-one'))!;
    const gone = await subscriber('gone@one.test', [['country', mexico]], 'unsubscribed');
    await t.db
      .insertInto('alert_deliveries')
      .values({
        alert_id: alert.id,
        subscriber_id: gone,
        status: 'cancelled',
        next_attempt_at: at,
        claimed_until: null,
        sent_at: null,
        last_error: null,
      })
      .execute();
    const campaigner = await logIn(t.app, 'campaigner@candle.test');
    const page = (await campaigner.get(`/admin/subscribers/alerts/${alert.id}`)).body;
    expect(page).toMatch(
      /<th scope="col">Dead<\/th><th scope="col">Skipped, suppressed<\/th><th scope="col">Not sent<\/th>/,
    );
    const cells = [...page.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    // queued, sent, failed, dead, skipped as suppressed, not sent, digests
    expect(cells.slice(0, 7)).toEqual([0, 1, 0, 0, 1, 1, 0]);
    // Each one skipped, with the list's reason in words; not the one no longer confirmed.
    const skipped = page.slice(page.indexOf('<h2 id="alert-suppressed">'));
    expect(skipped).toContain('<h2 id="alert-suppressed">Skipped: on the suppression list</h2>');
    expect(skipped).toContain('<td>bounced@one.test</td><td>Hard bounce</td>');
    expect(skipped).not.toContain('gone@one.test');
    const list = (await campaigner.get('/admin/subscribers/alerts')).body;
    expect(list).toMatch(
      new RegExp(
        `/admin/subscribers/alerts/${alert.id}">[^<]*</a></td><td><time[^>]*>[^<]*</time></td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td><td>1</td><td>0</td>`,
      ),
    );
  });

  it('alerts nobody when the publish rolls back', async () => {
    await subscriber('country@one.test', [['country', mexico]]);
    // The publish transaction fails at its last write (the purge log), after the alert was written.
    if (dialectUnderTest === 'sqlite') {
      await sql`create trigger fail_purge before insert on cache_purges begin select raise(abort, 'simulated failure'); end`.execute(
        t.db,
      );
    } else {
      await sql`create function fail_purge() returns trigger language plpgsql as $$ begin raise exception 'simulated failure'; end $$`.execute(
        t.db,
      );
      await sql`create trigger fail_purge before insert on cache_purges for each row execute function fail_purge()`.execute(
        t.db,
      );
    }
    try {
      const res = await editor.post('/admin/articles/new', article('rolled-back'));
      expect(res.statusCode).toBe(500);
    } finally {
      await sql`drop trigger fail_purge${dialectUnderTest === 'postgres' ? sql` on cache_purges` : sql``}`.execute(
        t.db,
      );
      if (dialectUnderTest === 'postgres') await sql`drop function fail_purge()`.execute(t.db);
    }
    await drain();
    expect(await t.db.selectFrom('alerts').selectAll().execute()).toEqual([]);
    expect(
      await t.db.selectFrom('articles').select('id').where('slug', '=', 'rolled-back').execute(),
    ).toEqual([]);
    expect(smtp.received).toEqual([]);

    // The same publish, once it commits, alerts.
    expect((await editor.post('/admin/articles/new', article('rolled-back'))).statusCode).toBe(303);
    await drain();
    expect(sentTo()).toEqual(['country@one.test']);
  });

  it('alerts for a scheduled item only when it goes out', async () => {
    await subscriber('country@one.test', [['country', mexico]]);
    const res = await editor.post(
      '/admin/articles/new',
      article('embargoed', { action: 'schedule', publish_at: '2026-12-01T12:00' }),
    );
    expect(res.statusCode).toBe(303);
    await drain();
    expect(await alertOf('embargoed')).toBeUndefined();
    expect(smtp.received).toEqual([]);

    clock = new Date('2026-12-01T11:59:00Z');
    await drain();
    expect(smtp.received).toEqual([]);

    clock = new Date('2026-12-01T12:00:01Z');
    await drain();
    expect(sentTo()).toEqual(['country@one.test']);
    expect(smtp.to('country@one.test')[0]!.parsed.subject).toBe('Release the defenders (embargoed)');
  });

  it('retries a refused recipient, then marks it dead in the admin, and mails the others once', async () => {
    await subscriber('ok@one.test', [['country', mexico]]);
    await subscriber('refused@two.test', [['country', mexico]]);
    await subscriber('also-ok@three.test', [['topic', topic]]);
    smtp.refuse.add('refused@two.test');

    await editor.post('/admin/articles/new', article('refused'));
    await drain();
    expect(sentTo()).toEqual(['also-ok@three.test', 'ok@one.test']);
    const alert = (await alertOf('refused'))!;
    const row = () =>
      t.db
        .selectFrom('alert_deliveries as d')
        .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
        .select(['d.status', 'd.attempts', 'd.last_error'])
        .where('s.email', '=', 'refused@two.test')
        .executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: 'failed', attempts: 1 });

    // Each retry comes after its wait (1 min, 5 min, 30 min, 2 h); the fifth try is the last.
    for (let i = 0; i < 8; i++) {
      clock = new Date(clock.getTime() + 60 * 60_000);
      await drain();
    }
    expect(await row()).toMatchObject({ status: 'dead', attempts: 5 });
    expect((await row()).last_error).toContain('550');
    expect(sentTo()).toEqual(['also-ok@three.test', 'ok@one.test']);
    // Nothing is left queued for it.
    expect(
      await t.db
        .selectFrom('jobs')
        .select('id')
        .where('status', '=', 'queued')
        .where('kind', 'like', 'subscriptions.alert.%')
        .execute(),
    ).toEqual([]);

    const campaigner = await logIn(t.app, 'campaigner@candle.test');
    const page = await campaigner.get(`/admin/subscribers/alerts/${alert.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('refused@two.test');
    expect(page.body).toContain('550');
    const cells = [...page.body.matchAll(/<td>(\d+)<\/td>/g)].map((m) => Number(m[1]));
    // queued, sent, failed, dead, skipped as suppressed, not sent, digests
    expect(cells.slice(0, 7)).toEqual([0, 2, 0, 1, 0, 0, 0]);
    const list = await campaigner.get('/admin/subscribers/alerts');
    expect(list.body).toContain(`/admin/subscribers/alerts/${alert.id}`);

    const author = await (async () => {
      await makeUser(t.db, 'author', `author${Date.now()}@candle.test`);
      return logIn(
        t.app,
        (
          await t.db
            .selectFrom('users')
            .select('email')
            .where('role', '=', 'author')
            .executeTakeFirstOrThrow()
        ).email,
      );
    })();
    expect((await author.get(`/admin/subscribers/alerts/${alert.id}`)).statusCode).toBe(403);
    expect((await campaigner.get('/admin/subscribers/alerts/not-a-number')).statusCode).toBe(404);
    expect((await campaigner.get('/admin/subscribers/alerts/99999999999999')).statusCode).toBe(404);
  });

  it('sends nothing twice when a batch runs twice or its worker dies mid-batch', async () => {
    for (const n of [1, 2, 3, 4, 5, 6]) await subscriber(`s${n}@one.test`, [['country', mexico]]);
    smtp.hold('s3@one.test');
    await editor.post('/admin/articles/new', article('crash'));

    // The send job is queued twice (a worker that died before marking it done runs it again).
    const fanOut = t.worker.runDue(1);
    await fanOut;
    const send = await t.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'subscriptions.alert.send')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('jobs')
      .values({
        kind: send.kind,
        payload: send.payload,
        status: 'queued',
        run_at: send.run_at,
        max_attempts: 8,
        idempotency_key: 'a second copy',
        created_at: send.created_at,
        updated_at: send.updated_at,
      })
      .execute();

    // The first worker's message to s3 never gets an answer (the process is as good as dead); its
    // other connections carry on with the rest of the batch.
    const stuck = t.worker.runDue(1);
    for (let i = 0; i < 300 && (smtp.held.length === 0 || sentTo().length < 5); i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(smtp.held).toHaveLength(1);
    expect(sentTo()).toEqual(['s1@one.test', 's2@one.test', 's4@one.test', 's5@one.test', 's6@one.test']);

    // Later, other workers take over: the second copy of the job, and the first once its lease ran out.
    smtp.hold(null);
    clock = new Date(clock.getTime() + 6 * 60_000);
    await drain();
    // The abandoned try finally fails: too late, the row is another's, and nothing changes.
    smtp.held[0]!.answer(Object.assign(new Error('451 try later'), { responseCode: 451 }));
    await stuck;
    await drain();

    expect(sentTo()).toEqual([
      's1@one.test',
      's2@one.test',
      's3@one.test',
      's4@one.test',
      's5@one.test',
      's6@one.test',
    ]);
    const statuses = await t.db.selectFrom('alert_deliveries').select('status').execute();
    expect(statuses.map((s) => s.status)).toEqual(Array(6).fill('sent'));
  });

  it('lets a worker whose lease ran out change nothing when it finishes late', async () => {
    const id = await subscriber('late@one.test', [['country', mexico]]);
    const alert = await t.db
      .insertInto('alerts')
      .values({
        article_id: 999_999,
        title: 'x',
        summary: 'x',
        path: '/articles/x',
        follows: '[]',
        published_at: clock.toISOString(),
        created_at: clock.toISOString(),
        fanned_out_at: null,
        withdrawn_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sendLog.logDeliveries(t.db, alert.id, [id], clock);
    const claimOf = async (at: Date) => {
      const taken = await sendLog.claim(t.db, alert.id, [id], at);
      return taken.subscriberIds.has(id) ? { alertId: alert.id, subscriberId: id, until: taken.until } : null;
    };
    const first = await claimOf(clock);
    expect(first).not.toBeNull();
    // Taken: nobody else may claim it while the lease runs.
    expect(await claimOf(new Date(clock.getTime() + 60_000))).toBeNull();
    // The lease ran out (the worker died, as far as anyone can tell): another takes it.
    const later = new Date(clock.getTime() + 3 * 60_000);
    const second = await claimOf(later);
    expect(second).not.toBeNull();
    // The first worker's late failure is ignored; the second's success stands.
    await sendLog.markFailed(t.db, first!, 0, 'timed out', later);
    const row = () =>
      t.db
        .selectFrom('alert_deliveries')
        .selectAll()
        .where('subscriber_id', '=', id)
        .executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ status: 'sending', attempts: 0 });
    await sendLog.markSent(t.db, second!, later);
    expect(await row()).toMatchObject({ status: 'sent' });
    await sendLog.markFailed(t.db, second!, 0, 'late', later);
    expect(await row()).toMatchObject({ status: 'sent', last_error: null });
  });

  it('stops an alert whose item is unpublished before it went out', async () => {
    await subscriber('country@one.test', [['country', mexico]]);
    const res = await editor.post('/admin/articles/new', article('withdrawn'));
    const id = Number(/\/admin\/articles\/(\d+)/.exec(String(res.headers.location))![1]);
    const form = await editor.get(`/admin/articles/${id}`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    await editor.post(`/admin/articles/${id}`, article('withdrawn', { version, action: 'unpublish' }));
    await drain();
    expect(smtp.received).toEqual([]);
    expect((await alertOf('withdrawn'))?.withdrawn_at).not.toBeNull();
  });
});

describe(`the per-domain limit on ${dialectUnderTest}`, () => {
  let limited: TestApp;
  let session: Session;
  beforeAll(async () => {
    limited = await testApp({ now: () => clock, env: { SMTP_URL: smtp.url, MAIL_RATE_PER_DOMAIN: '2' } });
    await makeUser(limited.db, 'editor');
    session = await logIn(limited.app, 'editor@candle.test');
  });
  afterAll(() => limited?.close());

  it('sends at most N a minute to one domain; the rest wait, none is dropped', async () => {
    const at = clock.toISOString();
    for (const email of [
      'a@busy.test',
      'b@busy.test',
      'c@busy.test',
      'd@busy.test',
      'e@busy.test',
      'x@quiet.test',
    ]) {
      const row = await limited.db
        .insertInto('subscribers')
        .values({
          email,
          name: null,
          language: 'en',
          frequency: 'each',
          status: 'confirmed',
          created_at: at,
          confirmed_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await limited.db
        .insertInto('subscriber_follows')
        .values({ subscriber_id: row.id, kind: 'everything', target_id: 0 })
        .execute();
    }
    await session.post('/admin/articles/new', article('limited'));
    const run = async () => {
      for (let i = 0; i < 50; i++) if ((await limited.worker.runDue()) === 0) return;
    };
    await run();
    const busy = () => smtp.received.filter((r) => r.to[0]!.endsWith('@busy.test')).length;
    expect(busy()).toBe(2);
    expect(smtp.to('x@quiet.test')).toHaveLength(1);
    clock = new Date(clock.getTime() + 60_000);
    await run();
    expect(busy()).toBe(4);
    clock = new Date(clock.getTime() + 60_000);
    await run();
    expect(busy()).toBe(5);
    expect(new Set(smtp.received.map((r) => r.to[0])).size).toBe(6);
  });
});

describe(`a mail server that is down on ${dialectUnderTest}`, () => {
  let down: TestApp;
  let session: Session;
  let port: number;
  beforeAll(async () => {
    // A port where nothing listens (yet): the peer is started, its port kept, and stopped.
    const gone = await smtpPeer();
    port = gone.port;
    await gone.close();
    down = await testApp({
      now: () => clock,
      env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_RATE_PER_DOMAIN: '0' },
    });
    await makeUser(down.db, 'editor');
    session = await logIn(down.app, 'editor@candle.test');
  });
  let closed = false;
  afterAll(async () => {
    if (!closed) await down?.close();
  });

  it('loses nothing and kills nothing: the messages wait, and go out once when it is back', async () => {
    const at = clock.toISOString();
    for (const email of ['a@one.test', 'b@two.test', 'c@three.test']) {
      const row = await down.db
        .insertInto('subscribers')
        .values({
          email,
          name: null,
          language: 'en',
          frequency: 'each',
          status: 'confirmed',
          created_at: at,
          confirmed_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await down.db
        .insertInto('subscriber_follows')
        .values({ subscriber_id: row.id, kind: 'country', target_id: mexico })
        .execute();
    }
    await session.post('/admin/articles/new', article('while-down'));
    const run = async () => {
      for (let i = 0; i < 50; i++) if ((await down.worker.runDue()) === 0) return;
      throw new Error('jobs kept coming');
    };
    // Down for an hour: tried every 30 seconds, and nobody's message dies.
    for (let i = 0; i < 120; i++) {
      await run();
      clock = new Date(clock.getTime() + 30_000);
    }
    const rows = () => down.db.selectFrom('alert_deliveries').select(['status', 'attempts']).execute();
    expect((await rows()).map((r) => r.status).sort()).toEqual(['queued', 'queued', 'queued']);
    expect((await rows()).every((r) => r.attempts === 0)).toBe(true);

    const back = await smtpPeer(port);
    try {
      clock = new Date(clock.getTime() + 30_000);
      await run();
      expect(back.received.flatMap((r) => r.to).sort()).toEqual(['a@one.test', 'b@two.test', 'c@three.test']);
      expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    } finally {
      // The app's pooled connections first: the peer closes once its clients have gone.
      closed = true;
      await down.close();
      await back.close();
    }
  });
});
