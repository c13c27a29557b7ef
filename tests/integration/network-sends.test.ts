import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressHash, loadSubscriberKeys, type SubscriberKeys } from '../../src/subscriptions/index.js';
import { readEvents } from '../../src/subscriptions/network/delivery.js';
import { formBody, logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';

/**
 * The Urgent Action Network seen by campaigners and left by members (issue 14, items 1 and 4), on
 * both databases, through the app and a real SMTP peer: per message, how many it was sent to, how
 * many members their weekly cap held back (and why), whose server refused it; every network mail
 * carries List-Unsubscribe (https and mailto) and List-Unsubscribe-Post, and a member's one POST
 * leaves the network (their other subscriptions stay); the network's size and growth on the page
 * of every urgent action, and its sends on one urgent action's page, with their CSV.
 */

let t: TestApp;
let smtp: SmtpPeer;
let keys: SubscriberKeys;
let campaigner: Session;
let author: Session;
let clock = new Date('2026-12-01T10:00:00Z');
let mexico: number;

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({
    now: () => clock,
    env: { SMTP_URL: smtp.url, MAIL_RATE_PER_DOMAIN: '0', UNSUBSCRIBE_MAILTO: 'unsubscribe@candle.test' },
  });
  keys = await loadSubscriberKeys(
    t.db,
    {
      publicUrl: TEST_PUBLIC_URL,
      linkSecret: undefined,
      linkSecretPrevious: undefined,
      unsubscribeMailto: 'unsubscribe@candle.test',
    },
    clock,
  );
  await makeUser(t.db, 'campaigner');
  await makeUser(t.db, 'author');
  author = await logIn(t.app, 'author@candle.test');
  mexico = (
    await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** Reads the urgent actions' events, then runs every job due now until none is left. */
async function drain() {
  await readEvents({ db: t.db, now: () => clock });
  for (let i = 0; i < 60; i++) if ((await t.worker.runDue()) === 0) return;
  throw new Error('jobs kept coming');
}

const pathOf = (url: string) => url.replace(TEST_PUBLIC_URL, '');
const header = (mail: SmtpPeer['received'][number]['parsed'], name: string) =>
  mail.headerLines
    .find((h) => h.key === name)
    ?.line.replace(/^[^:]+:\s*/, '')
    // A long header is folded over lines: unfolded as a mail client reads it (RFC 5322).
    .replace(/\r?\n\s+/g, ' ');

/** A new urgent action about Mexico, published now by a campaigner; its article id. */
async function publishAction(slug: string): Promise<number> {
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  const res = await campaigner.post('/admin/articles/new', {
    title: `Act now: ${slug}`,
    type: 'urgent-action',
    slug,
    summary: 'A defender is at risk.',
    body: 'Write to the Governor.',
    countries: [String(mexico)],
    version: '0',
    action: 'publish',
  });
  expect(res.statusCode, res.body).toBe(303);
  return Number(/\/admin\/articles\/(\d+)/.exec(String(res.headers.location))![1]);
}

/** A confirmed subscriber who joins the network from the preference centre, as a person does. */
async function join(email: string, cap: number, follow: string) {
  const at = clock.toISOString();
  const { id } = await t.db
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
  const prefs = pathOf(keys.subscriberLinks({ id, email }, clock).manageUrl);
  const centre = await t.app.inject({ method: 'GET', url: prefs });
  const wording =
    /action="[^"]*\/network"[^>]*>\s*<input type="hidden" name="wording" value="([0-9a-f]{64})"/.exec(
      centre.body,
    )![1]!;
  const res = await t.app.inject({
    method: 'POST',
    url: `${prefs}/network`,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    payload: formBody({ do: 'save', cap: String(cap), follow: [follow], wording }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

const messageOf = async (articleId: number, kind: string) =>
  (
    await t.db
      .selectFrom('network_messages')
      .select('id')
      .where('article_id', '=', articleId)
      .where('kind', '=', kind as 'action')
      .executeTakeFirstOrThrow()
  ).id;

const consentKinds = async (subscriberId: number) =>
  (
    await t.db
      .selectFrom('consent_events')
      .select(['kind', 'source_form', 'details'])
      .where('subscriber_id', '=', subscriberId)
      .orderBy('id')
      .execute()
  ).map((e) => `${e.kind}/${e.source_form}/${e.details}`);

/** A message's counts in the list of the network's sends: each cell after its kind and time. */
const sendsRow = (body: string, id: number) =>
  new RegExp(
    `href="/admin/subscribers/network/${id}">[^<]*</a></td><td>[^<]*</td><td><time[^>]*>[^<]*</time></td>((?:<td>\\d+</td>){7})`,
  )
    .exec(body)![1]!
    .replace(/<\/?td>/g, ' ')
    .trim()
    .split(/\s+/);

describe(`the network's sends and one-click leaving, on ${dialectUnderTest}`, () => {
  let first = 0;
  let second = 0;
  let one = 0;
  let all = 0;

  it('shows campaigners, per message, what was sent, capped with the reason, and refused', async () => {
    one = await join('one-a-week@sends.test', 1, 'everything');
    all = await join('three@sends.test', 3, 'everything');
    clock = new Date('2026-12-02T10:00:00Z');
    await join('refused@sends.test', 3, `country:${mexico}`);
    smtp.refuse.add('refused@sends.test');

    first = await publishAction('sends-first');
    await drain();
    clock = new Date('2026-12-03T10:00:00Z');
    second = await publishAction('sends-second');
    await drain();
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual([
      'one-a-week@sends.test',
      'three@sends.test',
      'three@sends.test',
    ]);

    // Sessions do not last the days these tests move over: a fresh one.
    author = await logIn(t.app, 'author@candle.test');
    expect((await author.get('/admin/subscribers/network')).statusCode).toBe(403);
    const list = await campaigner.get('/admin/subscribers/network');
    expect(list.statusCode).toBe(200);
    // Linked from the subscriptions' admin: the menu and the alerts' deliveries.
    expect(list.body).toContain('<a href="/admin/subscribers/network" aria-current="page">Network sends</a>');
    expect((await campaigner.get('/admin/subscribers/alerts')).body).toContain(
      '<a href="/admin/subscribers/network">Urgent Action Network sends</a>',
    );
    const secondId = await messageOf(second, 'action');
    const firstId = await messageOf(first, 'action');
    // Sent, capped, waiting, failed, dead, skipped as suppressed, cancelled: the newest first.
    expect(list.body).toMatch(
      /<th scope="col">Dead<\/th><th scope="col">Skipped, suppressed<\/th><th scope="col">Cancelled<\/th>/,
    );
    expect(sendsRow(list.body, secondId)).toEqual(['1', '1', '0', '1', '0', '0', '0']);
    expect(sendsRow(list.body, firstId)).toEqual(['2', '0', '0', '1', '0', '0', '0']);
    expect(list.body.indexOf(`/admin/subscribers/network/${secondId}`)).toBeLessThan(
      list.body.indexOf(`/admin/subscribers/network/${firstId}`),
    );

    const page = await campaigner.get(`/admin/subscribers/network/${secondId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(
      '<td>weekly cap 1: 1 sent in the last 7 days, 0 newer waiting</td><td>1</td>',
    );
    expect(page.body).toMatch(/<td>one-a-week@sends\.test<\/td><td>Capped<\/td>/);
    expect(page.body).toMatch(
      /<td>refused@sends\.test<\/td><td>Failed, to retry<\/td><td>1<\/td><td><code>[^<]*550/,
    );
    expect(page.body).toContain(`href="/admin/actions/${second}/impact"`);
    expect((await campaigner.get('/admin/subscribers/network/999999')).statusCode).toBe(404);
    expect((await campaigner.get('/admin/subscribers/network/nope')).statusCode).toBe(404);
  });

  it('gives every network mail List-Unsubscribe (https and mailto); a member’s one POST leaves the network', async () => {
    const mail = smtp.to('one-a-week@sends.test')[0]!.parsed;
    const list = String(header(mail, 'list-unsubscribe'));
    expect(list).toMatch(
      /^<http:\/\/candle\.test\/network\/leave\/([\w.-]+)>, <mailto:unsubscribe@candle\.test\?subject=leave-network%20\1>$/,
    );
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const url = /^<http:\/\/candle\.test([^>]+)>/.exec(list)![1]!;

    // Opening the link only shows the button (a scanner leaves nobody).
    const shown = await t.app.inject({ method: 'GET', url });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Leave the network');
    expect(
      await t.db
        .selectFrom('network_members')
        .select('subscriber_id')
        .where('subscriber_id', '=', one)
        .execute(),
    ).toHaveLength(1);

    // The mail client's POST, with no cookie, origin or token.
    const oneClick = () =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      });
    const left = await oneClick();
    expect(left.statusCode).toBe(200);
    expect(left.body).toContain('You have left the Urgent Action Network');
    expect(left.body).toMatch(/href="\/subscribe\/preferences\/[\w.-]+"/);
    expect(
      await t.db
        .selectFrom('network_members')
        .select('subscriber_id')
        .where('subscriber_id', '=', one)
        .execute(),
    ).toEqual([]);
    expect(
      await t.db
        .selectFrom('network_follows')
        .select('subscriber_id')
        .where('subscriber_id', '=', one)
        .execute(),
    ).toEqual([]);
    // Their other subscriptions stay: still a confirmed subscriber, and the leaving is in the ledger.
    const s = await t.db
      .selectFrom('subscribers')
      .select('status')
      .where('id', '=', one)
      .executeTakeFirstOrThrow();
    expect(s.status).toBe('confirmed');
    const ledger = await consentKinds(one);
    expect(ledger.at(-1)).toBe('changed/one-click/{"network":null}');
    // Pressed again: nothing more.
    expect((await oneClick()).statusCode).toBe(200);
    expect(await consentKinds(one)).toEqual(ledger);
    // A forged link opens nothing; an unsubscribe link does not leave the network, nor this one unsubscribe.
    expect((await t.app.inject({ method: 'POST', url: `${url.slice(0, -3)}AAA` })).statusCode).toBe(404);
    const unsubscribe = pathOf(
      keys.subscriberLinks({ id: all, email: 'three@sends.test' }, clock).unsubscribeUrl,
    );
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: unsubscribe.replace('/subscribe/unsubscribe/', '/network/leave/'),
        })
      ).statusCode,
    ).toBe(404);

    // Unsubscribing from everything (the alerts' one-click) ends the membership too.
    expect((await t.app.inject({ method: 'POST', url: unsubscribe })).statusCode).toBe(200);
    expect(
      await t.db
        .selectFrom('network_members')
        .select('subscriber_id')
        .where('subscriber_id', '=', all)
        .execute(),
    ).toEqual([]);
  });

  it('gives a supporter’s update List-Unsubscribe with its mailto; skips one on the suppression list, saying why: a hard reason always, a soft one unless they asked to hear back (confirmed) since', async () => {
    const at = clock.toISOString();
    const acted = async (email: string) => {
      const supporter = await t.db
        .insertInto('ua_supporters')
        .values({ email, name: 'Ana', confirmed_at: at, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await t.db
        .insertInto('ua_actions_taken')
        .values({
          article_id: first,
          supporter_id: supporter.id,
          channel: 'email',
          state: 'counted',
          hear_back: 1,
          wording_hash: 'a'.repeat(64),
          created_at: at,
          counted_at: at,
        })
        .execute();
      return supporter.id;
    };
    const listed = (email: string, reason: 'bounce' | 'erased' | 'unsubscribed', minutes: number) =>
      t.db
        .insertInto('suppressions')
        .values({
          email_hash: addressHash(keys.salt, email),
          reason,
          source: reason === 'bounce' ? 'webhook' : 'link',
          occurred_at: new Date(clock.getTime() + minutes * 60_000).toISOString(),
          created_at: at,
        })
        .execute();
    await acted('acted@sends.test');
    // She asked to hear back, then her address bounced: never mailed again, and the log says why.
    await acted('bounced@sends.test');
    await listed('bounced@sends.test', 'bounce', -60 * 24);
    // Erased a day ago, then acted again and asked to hear back: the newer wish wins.
    await acted('came-back@sends.test');
    await listed('came-back@sends.test', 'erased', -60 * 24);
    // Asked to hear back, then unsubscribed from everything: skipped.
    await acted('unsubscribed@sends.test');
    await listed('unsubscribed@sends.test', 'unsubscribed', 0.5);
    // Unsubscribed, then someone typed the address with "keep me informed" ticked: an action not
    // confirmed by the address's owner is not their wish, so still skipped.
    const typed = await acted('typed@sends.test');
    await listed('typed@sends.test', 'unsubscribed', 0.5);
    await t.db
      .insertInto('ua_actions_taken')
      .values({
        article_id: first,
        supporter_id: typed,
        channel: 'call',
        state: 'pending',
        hear_back: 1,
        wording_hash: 'a'.repeat(64),
        created_at: new Date(clock.getTime() + 45_000).toISOString(),
        counted_at: null,
      })
      .execute();
    campaigner = await logIn(t.app, 'campaigner@candle.test');
    const closed = await campaigner.post(`/admin/actions/${first}/events`, { kind: 'closed', note: 'Over.' });
    expect(closed.statusCode).toBe(303);
    clock = new Date(clock.getTime() + 60_000);
    await drain();
    const mail = smtp.to('acted@sends.test')[0]!.parsed;
    expect(String(header(mail, 'list-unsubscribe'))).toMatch(
      /^<http:\/\/candle\.test\/network\/stop\/([\w.-]+)>, <mailto:unsubscribe@candle\.test\?subject=stop-hearing%20\1>$/,
    );
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    expect(smtp.to('bounced@sends.test')).toEqual([]);
    expect(smtp.to('unsubscribed@sends.test')).toEqual([]);
    expect(smtp.to('typed@sends.test')).toEqual([]);
    expect(smtp.to('came-back@sends.test')).toHaveLength(1);
    const closing = await messageOf(first, 'closed');
    const rows = await t.db
      .selectFrom('network_deliveries')
      .select(['status', 'last_error'])
      .where('message_id', '=', closing)
      .orderBy('supporter_id')
      .execute();
    expect(rows).toEqual([
      { status: 'sent', last_error: null },
      { status: 'cancelled', last_error: 'suppressed: bounce' },
      { status: 'sent', last_error: null },
      { status: 'cancelled', last_error: 'suppressed: unsubscribed' },
      { status: 'cancelled', last_error: 'suppressed: unsubscribed' },
    ]);
    const page = await campaigner.get(`/admin/subscribers/network/${closing}`);
    expect(page.body).toContain('<h2 id="network-suppressed">Skipped: on the suppression list</h2>');
    expect(page.body).toContain(
      '<td>bounced@sends.test</td><td>Skipped</td><td>On the suppression list: Hard bounce</td>',
    );
    expect(page.body).toContain(
      '<td>unsubscribed@sends.test</td><td>Skipped</td><td>On the suppression list: Unsubscribed</td>',
    );
    expect(page.body).not.toMatch(/<td>(acted|came-back)@sends\.test<\/td><td>Skipped/);

    // Counted as skipped, not as cancelled: one cancelled for another reason (a supporter who
    // withdrew before the send) stays under Cancelled.
    const withdrew = await t.db
      .insertInto('ua_supporters')
      .values({ email: 'withdrew@sends.test', name: 'Bo', confirmed_at: at, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('network_deliveries')
      .values({
        message_id: closing,
        supporter_id: withdrew.id,
        subscriber_id: null,
        status: 'cancelled',
        attempts: 0,
        next_attempt_at: at,
        claimed_until: null,
        sent_at: null,
        last_error: null,
      })
      .execute();
    // Sent, capped, waiting, failed, dead, skipped as suppressed, cancelled.
    const list = await campaigner.get('/admin/subscribers/network');
    expect(sendsRow(list.body, closing)).toEqual(['2', '0', '0', '0', '0', '3', '1']);
    const counts = (await campaigner.get(`/admin/subscribers/network/${closing}`)).body;
    expect(counts).toMatch(
      /<caption>Sends by state<\/caption>.*?<tr><td>2<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>3<\/td><td>1<\/td><\/tr>/s,
    );
  });

  it('draws the network’s size and growth on the page of every urgent action, and its sends on one', async () => {
    const page = await campaigner.get('/admin/actions/impact');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h2 id="impact-slot-network">The Urgent Action Network</h2>');
    expect(page.body).toContain('1 member now');
    expect(page.body).toContain(
      '<title id="impact-slot-network-chart-title">Members of the network at the end of each day</title>',
    );
    expect(page.body).toMatch(
      /<desc id="impact-slot-network-chart-desc">[^<]*3 days[^<]*Members 1\.[^<]*<\/desc>/,
    );
    const growth = await campaigner.get('/admin/actions/impact/network-growth.csv');
    expect(growth.statusCode).toBe(200);
    expect(growth.body).toBe(
      [
        '"Day (UTC)","Members","Joined","Left"',
        '"2026-12-01","2","2","0"',
        '"2026-12-02","3","1","0"',
        '"2026-12-03","1","0","2"',
        '',
      ].join('\r\n'),
    );
    const caps = await campaigner.get('/admin/actions/impact/network-caps.csv');
    expect(caps.body).toBe(
      ['"Weekly cap","Members"', '"at most 3 urgent actions a week","1"', '"All","1"', ''].join('\r\n'),
    );

    const sends = await campaigner.get(`/admin/actions/${second}/impact/network-sends.csv`);
    expect(sends.statusCode).toBe(200);
    expect(sends.body).toBe(
      [
        '"Message","Sent","Capped","Waiting","Failed, to retry","Dead","Skipped, suppressed","Cancelled"',
        '"New urgent action, to members","1","1","0","1","0","0","0"',
        '',
      ].join('\r\n'),
    );
    const closedSends = await campaigner.get(`/admin/actions/${first}/impact/network-sends.csv`);
    expect(closedSends.body.split('\r\n').slice(1, 3)).toEqual([
      '"New urgent action, to members","2","0","0","1","0","0","0"',
      '"Closing, to those who acted","2","0","0","0","0","3","1"',
    ]);
  });

  it('withdraws a message whose urgent action is unpublished before it went: nobody mailed', async () => {
    clock = new Date(clock.getTime() + 24 * 60 * 60_000);
    const before = smtp.received.length;
    const id = await publishAction('sends-withdrawn');
    const form = await campaigner.get(`/admin/articles/${id}`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const unpublished = await campaigner.post(`/admin/articles/${id}`, {
      title: 'Act now: sends-withdrawn',
      type: 'urgent-action',
      slug: 'sends-withdrawn',
      summary: 'A defender is at risk.',
      body: 'Write to the Governor.',
      countries: [String(mexico)],
      version,
      action: 'unpublish',
    });
    expect(unpublished.statusCode, unpublished.body.slice(0, 300)).toBe(303);
    await drain();
    expect(smtp.received.length).toBe(before);
    const message = await t.db
      .selectFrom('network_messages')
      .select(['withdrawn_at'])
      .where('article_id', '=', id)
      .executeTakeFirst();
    // The message was made from its opening event, then withdrawn by its fan-out (`withdrawSends`).
    expect(message?.withdrawn_at).toEqual(expect.any(String));
  });
});
