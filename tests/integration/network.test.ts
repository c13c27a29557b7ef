import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fanOut, type NetworkDeliveryDeps, readEvents } from '../../src/subscriptions/network/delivery.js';
import { formBody, logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { mailHtmlProblems } from '../support/mail-html.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';

/**
 * The Urgent Action Network and updates to those who acted (issue 14, items 1 and 2), through the
 * app and a real SMTP peer: an update, a closing or a success reaches exactly the confirmed
 * supporters who acted on the series and asked to hear back, once; a new urgent action reaches
 * the members who asked for it, within their weekly cap (the most recent first); joining is
 * double opt-in through the consent ledger, managed in the preference centre, undone by erasure.
 */

let t: TestApp;
let smtp: SmtpPeer;
let campaigner: Session;
let clock = new Date('2026-12-01T10:00:00Z');
let mexico: number;
let otherCountry: number;

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({ now: () => clock, env: { SMTP_URL: smtp.url, MAIL_RATE_PER_DOMAIN: '0' } });
  await makeUser(t.db, 'campaigner');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  mexico = (
    await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow()
  ).id;
  otherCountry = (
    await t.db
      .selectFrom('countries')
      .select('id')
      .where('id', '!=', mexico)
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

beforeEach(async () => {
  smtp.received.length = 0;
  smtp.refuse.clear();
  await t.db.deleteFrom('network_deliveries').execute();
  await t.db.deleteFrom('network_messages').execute();
  await t.db.deleteFrom('subscribers').execute();
  await t.db.deleteFrom('ua_supporters').execute();
  await t.db.deleteFrom('jobs').execute();
});

/**
 * Reads the urgent actions' events (the minute's job, which tests run when they choose), then
 * runs every job due now, including those the jobs queue, until none is left.
 */
async function drain() {
  await readEvents({ db: t.db, now: () => clock });
  for (let i = 0; i < 60; i++) if ((await t.worker.runDue()) === 0) return;
  throw new Error('jobs kept coming');
}

const idFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);

let loggedInAt = clock;
/** The clock moves by days in these tests and a session would not last: a new one when it moved. */
async function freshSession() {
  if (Math.abs(clock.getTime() - loggedInAt.getTime()) < 30 * 60_000) return;
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  loggedInAt = clock;
}

/** A new urgent action about Mexico (or `country`), published now; returns its article id. */
async function publishAction(slug: string, country = mexico): Promise<number> {
  await freshSession();
  const res = await campaigner.post('/admin/articles/new', {
    title: `Act now: ${slug}`,
    type: 'urgent-action',
    slug,
    summary: 'A defender is at risk.',
    body: 'Write to the Governor.',
    countries: [String(country)],
    version: '0',
    action: 'publish',
  });
  expect(res.statusCode, res.body).toBe(303);
  return idFrom(res.headers.location);
}

/** An update of `first`'s series, published now. */
async function publishUpdate(first: number, slug: string): Promise<number> {
  await freshSession();
  const created = await campaigner.post('/admin/articles/new', {
    title: `Further information: ${slug}`,
    type: 'urgent-action',
    slug,
    summary: 'She was moved to a hospital.',
    body: 'Keep writing.',
    countries: [String(mexico)],
    version: '0',
    action: 'save',
  });
  expect(created.statusCode, created.body).toBe(303);
  const id = idFrom(created.headers.location);
  const details = await campaigner.post(`/admin/actions/${id}`, {
    follows_id: String(first),
    document_index: '',
    issued_on: '',
    act_before: '',
    languages: 'English',
    asks: 'Release her',
    background: '',
    person_name: [''],
    person_pronouns: [''],
    person_case: [''],
    goal: '0',
    hourly_cap: '20',
  });
  expect(details.statusCode, details.body).toBe(303);
  const form = await campaigner.get(`/admin/articles/${id}`);
  const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
  const res = await campaigner.post(`/admin/articles/${id}`, {
    title: `Further information: ${slug}`,
    type: 'urgent-action',
    slug,
    summary: 'She was moved to a hospital.',
    body: 'Keep writing.',
    countries: [String(mexico)],
    version,
    action: 'publish',
  });
  expect(res.statusCode, res.body).toBe(303);
  return id;
}

/** A supporter who acted on an urgent action, as the intake leaves them. */
async function acted(
  email: string,
  articleId: number,
  options: { hearBack: boolean; confirmed: boolean; channel?: 'email' | 'letter' | 'post' | 'call' },
) {
  const at = clock.toISOString();
  const existing = await t.db
    .selectFrom('ua_supporters')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirst();
  const supporter =
    existing ??
    (await t.db
      .insertInto('ua_supporters')
      .values({
        email,
        name: email.split('@')[0]!,
        confirmed_at: options.confirmed ? at : null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow());
  await t.db
    .insertInto('ua_actions_taken')
    .values({
      article_id: articleId,
      supporter_id: supporter.id,
      channel: options.channel ?? 'email',
      state: options.confirmed ? 'counted' : 'pending',
      hear_back: options.hearBack ? 1 : 0,
      wording_hash: options.hearBack ? 'a'.repeat(64) : null,
      created_at: at,
      counted_at: options.confirmed ? at : null,
    })
    .execute();
  return supporter.id;
}

/** A confirmed network member, written as a confirmation leaves them. */
async function member(email: string, cap: number, follows: Array<['country' | 'everything', number]>) {
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
  await t.db
    .insertInto('network_members')
    .values({
      subscriber_id: id,
      weekly_cap: cap,
      wording_hash: null,
      token_hash: null,
      requested_at: clock.toISOString(),
      confirmed_at: clock.toISOString(),
      updated_at: clock.toISOString(),
    })
    .execute();
  await t.db
    .insertInto('network_follows')
    .values(follows.map(([kind, target]) => ({ subscriber_id: id, kind, target_id: target })))
    .execute();
  return id;
}

const sentTo = () => smtp.received.flatMap((r) => r.to).sort();
const header = (mail: SmtpPeer['received'][number]['parsed'], name: string) =>
  mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');

describe(`updates reach those who acted, on ${dialectUnderTest}`, () => {
  it('announces nothing of the past: a backdated publication, an old closing', async () => {
    const old = await publishAction('from-the-archive');
    await campaigner.post(`/admin/actions/${old}/events`, { kind: 'closed', note: 'Long ago.' });
    const monthAgo = new Date(clock.getTime() - 30 * 24 * 60 * 60_000).toISOString();
    await t.db.updateTable('alerts').set({ published_at: monthAgo }).where('article_id', '=', old).execute();
    await t.db
      .updateTable('ua_events')
      .set({ occurred_at: monthAgo })
      .where('article_id', '=', old)
      .where('kind', '=', 'closed')
      .execute();
    expect(await readEvents({ db: t.db, now: () => clock })).toBe(0);
    expect(await t.db.selectFrom('network_messages').select('id').execute()).toEqual([]);
  });

  it('mails an update, once, to exactly the confirmed supporters who acted on the series and asked to hear back', async () => {
    const first = await publishAction('series-first');
    const other = await publishAction('another-action');
    await acted('wants@one.test', first, { hearBack: true, confirmed: true });
    await acted('twice@one.test', first, { hearBack: false, confirmed: true, channel: 'call' });
    await acted('twice@one.test', first, { hearBack: true, confirmed: true, channel: 'email' });
    await acted('silent@one.test', first, { hearBack: false, confirmed: true });
    await acted('unconfirmed@one.test', first, { hearBack: true, confirmed: false });
    // A confirmed supporter whose only "keep me informed" waits on an action not yet confirmed
    // (anyone may type an address): not their wish yet, so not told.
    await acted('typed@one.test', first, { hearBack: false, confirmed: true, channel: 'call' });
    await acted('typed@one.test', first, { hearBack: true, confirmed: false, channel: 'post' });
    await acted('elsewhere@one.test', other, { hearBack: true, confirmed: true });
    // A network member who did not act hears of new actions, not of this series' updates.
    await member('member@one.test', 10, [['everything', 0]]);
    await drain();
    smtp.received.length = 0;

    clock = new Date(clock.getTime() + 60_000);
    const update = await publishUpdate(first, 'series-update');
    await drain();
    expect(sentTo()).toEqual(['twice@one.test', 'wants@one.test']);

    const mail = smtp.to('wants@one.test')[0]!.parsed;
    expect(mail.subject).toBe('Further information: series-update');
    expect(mail.text).toMatch(/Further information on UA \d+\/26/);
    expect(mail.text).toContain('http://candle.test/articles/series-update');
    const message = await t.db
      .selectFrom('network_messages')
      .selectAll()
      .where('article_id', '=', update)
      .executeTakeFirstOrThrow();
    expect(message.kind).toBe('update');
    expect(mail.messageId).toMatch(new RegExp(`^<network-${message.id}-s\\d+@candle>$`));
    expect(mailHtmlProblems(String(mail.html), 'http://candle.test/')).toEqual([]);
    for (const href of String(mail.html).match(/(?:href|src)="[^"]*"/g) ?? [])
      expect(href).toMatch(/^(href|src)="http:\/\/candle\.test\//);
    const stop = String(header(mail, 'list-unsubscribe'));
    expect(stop).toMatch(/^<http:\/\/candle\.test\/network\/stop\/[^>]+>$/);
    expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // Exactly once: the jobs run again (a worker that died before marking them done) send nothing.
    const jobs = await t.db
      .selectFrom('jobs')
      .select(['kind', 'payload'])
      .where('kind', 'like', 'network.%')
      .execute();
    await t.db
      .updateTable('jobs')
      .set({ status: 'queued', run_at: clock.toISOString() })
      .where('kind', 'in', ['network.fanout', 'network.send'])
      .execute();
    expect(jobs.length).toBeGreaterThan(0);
    await drain();
    expect(sentTo()).toEqual(['twice@one.test', 'wants@one.test']);
    const log = await t.db
      .selectFrom('network_deliveries')
      .select(['status'])
      .where('message_id', '=', message.id)
      .execute();
    expect(log.map((r) => r.status)).toEqual(['sent', 'sent']);

    // One click stops hearing about the series, recorded with the button's words.
    const url = stop.slice(1, -1).replace('http://candle.test', '');
    const page = await t.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Stop hearing about this urgent action');
    const oneClick = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.statusCode).toBe(200);
    const supporter = await t.db
      .selectFrom('ua_supporters')
      .select('id')
      .where('email', '=', 'wants@one.test')
      .executeTakeFirstOrThrow();
    const consent = await t.db
      .selectFrom('ua_actions_taken')
      .select('hear_back')
      .where('supporter_id', '=', supporter.id)
      .execute();
    expect(consent.map((c) => c.hear_back)).toEqual([0]);
    const withdrawal = await t.db
      .selectFrom('hear_back_events as e')
      .innerJoin('consent_wordings as w', 'w.hash', 'e.wording_hash')
      .select(['e.kind', 'e.series_id', 'w.text'])
      .where('e.supporter_id', '=', supporter.id)
      .executeTakeFirstOrThrow();
    expect(withdrawal).toEqual({
      kind: 'withdrawn',
      series_id: first,
      text: 'Stop hearing about this urgent action',
    });
    const forged = await t.app.inject({ method: 'POST', url: `${url.slice(0, -3)}AAA` });
    expect(forged.statusCode).toBe(404);

    // A success tells those still listening what their letters did; not the one who stopped.
    smtp.received.length = 0;
    clock = new Date(clock.getTime() + 60_000);
    await freshSession();
    const success = await campaigner.post(`/admin/actions/${first}/events`, {
      kind: 'closed',
      note: 'The authorities replied.',
    });
    expect(success.statusCode).toBe(303);
    const good = await campaigner.post(`/admin/actions/${first}/events`, {
      kind: 'success',
      note: 'She was released.',
    });
    expect(good.statusCode).toBe(303);
    // Nothing is told before the minute's reading of the events, which tells both once.
    expect(sentTo()).toEqual([]);
    clock = new Date(clock.getTime() + 60_000);
    expect(await readEvents({ db: t.db, now: () => clock })).toBe(2);
    await drain();
    expect(sentTo()).toEqual(['twice@one.test', 'twice@one.test']);
    const told = smtp.to('twice@one.test').map((r) => r.parsed);
    const good_ = told.find((m) => /Good news on UA/.test(String(m.text)))!;
    expect(good_.text).toContain('What you did: 1 letter(s) emailed, 1 call(s).');
    expect(good_.text).toContain('She was released.');
    const closed = told.find((m) => /is closed/.test(String(m.text)))!;
    expect(closed.text).toContain('The authorities replied.');
    // Read again: nothing is told twice.
    expect(await readEvents({ db: t.db, now: () => clock })).toBe(0);
  });

  it('sends a message held by a worker that died once its lease runs out, and only then', async () => {
    const first = await publishAction('lease-first');
    await acted('lease@one.test', first, { hearBack: true, confirmed: true });
    await drain();
    clock = new Date(clock.getTime() + 60_000);
    await publishUpdate(first, 'lease-update');
    await readEvents({ db: t.db, now: () => clock });
    // The fan-out runs; a worker claims the row and dies before sending.
    const message = await t.db
      .selectFrom('network_messages')
      .select('id')
      .where('kind', '=', 'update')
      .executeTakeFirstOrThrow();
    await fanOut(
      { db: t.db, now: () => clock, items: { isPublic: async () => true } } as unknown as NetworkDeliveryDeps,
      {
        messageId: message.id,
        after: 0,
      },
    );
    const held = new Date(clock.getTime() + 120_000).toISOString();
    await t.db
      .updateTable('network_deliveries')
      .set({ status: 'sending', claimed_until: held })
      .where('status', '=', 'queued')
      .execute();
    await drain();
    expect(sentTo()).toEqual([]);
    clock = new Date(clock.getTime() + 121_000);
    await drain();
    expect(sentTo()).toEqual(['lease@one.test']);
  });
});

describe(`the network's new urgent actions and weekly cap, on ${dialectUnderTest}`, () => {
  it('mails members who asked for the country, within their cap; over it the send log says why', async () => {
    const capped = await member('one-a-week@two.test', 1, [['country', mexico]]);
    await member('three@two.test', 3, [['everything', 0]]);
    await member('elsewhere@two.test', 3, [['country', otherCountry]]);
    const pending = await member('pending@two.test', 3, [['everything', 0]]);
    await t.db
      .updateTable('network_members')
      .set({ confirmed_at: null })
      .where('subscriber_id', '=', pending)
      .execute();

    clock = new Date('2026-12-07T10:00:00Z');
    const a = await publishAction('cap-a');
    await drain();
    expect(sentTo()).toEqual(['one-a-week@two.test', 'three@two.test']);
    const mail = smtp.to('one-a-week@two.test')[0]!.parsed;
    expect(mail.text).toMatch(/New urgent action UA \d+\/26/);
    expect(mail.text).toContain('See every way to act: http://candle.test/articles/cap-a#ua-act');
    expect(String(header(mail, 'list-unsubscribe'))).toMatch(
      /^<http:\/\/candle\.test\/network\/leave\/[^>]+>$/,
    );
    expect(mail.text).toMatch(/http:\/\/candle\.test\/subscribe\/preferences\/\S+/);
    expect(mailHtmlProblems(String(mail.html), 'http://candle.test/')).toEqual([]);

    // The same week: the member with a cap of one is not mailed, and the row says why.
    smtp.received.length = 0;
    clock = new Date('2026-12-09T10:00:00Z');
    const b = await publishAction('cap-b');
    await drain();
    expect(sentTo()).toEqual(['three@two.test']);
    const row = await t.db
      .selectFrom('network_deliveries as d')
      .innerJoin('network_messages as m', 'm.id', 'd.message_id')
      .select(['d.status', 'd.last_error'])
      .where('m.article_id', '=', b)
      .where('d.subscriber_id', '=', capped)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      status: 'capped',
      last_error: 'weekly cap 1: 1 sent in the last 7 days, 0 newer waiting',
    });

    // A week after the first, there is room again.
    smtp.received.length = 0;
    clock = new Date('2026-12-14T11:00:00Z');
    await publishAction('cap-c');
    await drain();
    expect(sentTo()).toEqual(['one-a-week@two.test', 'three@two.test']);
    expect(a).toBeLessThan(b);
  });

  it('gives the room to the most recent when several wait at once', async () => {
    const capped = await member('burst@three.test', 1, [['everything', 0]]);
    clock = new Date('2026-12-21T10:00:00Z');
    await publishAction('burst-older');
    clock = new Date('2026-12-21T10:05:00Z');
    const newer = await publishAction('burst-newer');
    await drain();
    expect(smtp.to('burst@three.test').map((r) => r.parsed.subject)).toEqual(['Act now: burst-newer']);
    const rows = await t.db
      .selectFrom('network_deliveries as d')
      .innerJoin('network_messages as m', 'm.id', 'd.message_id')
      .select(['m.article_id', 'd.status'])
      .where('d.subscriber_id', '=', capped)
      .orderBy('m.article_id')
      .execute();
    expect(rows.map((r) => r.status)).toEqual(['capped', 'sent']);
    expect(rows[1]!.article_id).toBe(newer);
  });
});

describe(`joining the network, on ${dialectUnderTest}`, () => {
  let posts = 0;
  const join = (form: Record<string, string | string[]>) => {
    posts++;
    return t.app.inject({
      method: 'POST',
      url: '/network',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'sec-fetch-site': 'same-origin',
        'x-forwarded-for': `10.77.${Math.floor(posts / 250)}.${posts % 250}`,
      },
      payload: formBody(form),
    });
  };

  it('joins by double opt-in through the consent ledger, is managed in the preference centre, and goes with an erasure', async () => {
    clock = new Date('2026-12-28T10:00:00Z');
    const page = await t.app.inject({ method: 'GET', url: '/network?from=/articles/some-action' });
    expect(page.statusCode).toBe(200);
    const wording = /name="wording" value="([0-9a-f]{64})"/.exec(page.body)![1]!;
    expect(page.body).toContain('value="/articles/some-action"');

    const bad = await join({
      email: 'nobody',
      cap: '7',
      follow: [],
      consent: '',
      wording,
      source_page: '/network',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="nobody"');
    expect(bad.body).toContain('Choose how many urgent actions a week at most.');
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toEqual([]);

    const ok = await join({
      email: 'Joiner@Four.test',
      language: 'en',
      cap: '2',
      follow: [`country:${mexico}`],
      consent: 'yes',
      wording,
      source_page: '/articles/some-action',
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.body).toContain('Check your email');
    await drain();
    const confirmMail = smtp.to('joiner@four.test')[0]!.parsed;
    expect(confirmMail.subject).toContain('Urgent Action Network');
    const link = /http:\/\/candle\.test(\/subscribe\/confirm\/[A-Za-z0-9_-]{43})/.exec(
      String(confirmMail.text),
    )![1]!;
    const s = await t.db
      .selectFrom('subscribers')
      .selectAll()
      .where('email', '=', 'joiner@four.test')
      .executeTakeFirstOrThrow();
    expect(s.status).toBe('pending');
    expect(
      (await t.db.selectFrom('network_members').selectAll().executeTakeFirstOrThrow()).confirmed_at,
    ).toBeNull();

    // Nothing is sent to a member not yet confirmed.
    await publishAction('before-confirming');
    await drain();
    expect(smtp.to('joiner@four.test')).toHaveLength(1);

    const confirmed = await t.app.inject({
      method: 'POST',
      url: link,
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(confirmed.statusCode).toBe(200);
    const m = await t.db.selectFrom('network_members').selectAll().executeTakeFirstOrThrow();
    expect(m).toMatchObject({ subscriber_id: s.id, weekly_cap: 2, confirmed_at: clock.toISOString() });
    const ledger = await t.db
      .selectFrom('consent_events as e')
      .leftJoin('consent_wordings as w', 'w.hash', 'e.wording_hash')
      .select(['e.kind', 'e.source_page', 'e.source_form', 'w.text'])
      .where('e.subscriber_id', '=', s.id)
      .orderBy('e.id')
      .execute();
    expect(ledger.map((e) => [e.kind, e.source_form])).toEqual([
      ['requested', 'network-page'],
      ['confirmed', 'confirm-page'],
    ]);
    expect(ledger[0]!.source_page).toBe('/articles/some-action');
    expect(ledger[0]!.text).toContain('Email me new urgent actions');
    expect(ledger[1]!.text).toContain('Email me new urgent actions');
    // Confirming joined the network only: the subscriber follows nothing by alert.
    expect(
      await t.db.selectFrom('subscriber_follows').select('kind').where('subscriber_id', '=', s.id).execute(),
    ).toEqual([]);

    clock = new Date(clock.getTime() + 60_000);
    await publishAction('after-confirming');
    await drain();
    const mails = smtp.to('joiner@four.test').map((r) => r.parsed);
    expect(mails.map((x) => x.subject)).toEqual([confirmMail.subject, 'Act now: after-confirming']);
    const prefs = /http:\/\/candle\.test(\/subscribe\/preferences\/\S+)/.exec(String(mails[1]!.text))![1]!;

    // The preference centre shows the network; a change is saved and recorded; then leaving.
    const centre = await t.app.inject({ method: 'GET', url: prefs });
    expect(centre.statusCode).toBe(200);
    expect(centre.body).toContain('You are in the network: at most 2 urgent actions a week.');
    const prefsWording =
      /action="[^"]*\/network"[^>]*>\s*<input type="hidden" name="wording" value="([0-9a-f]{64})"/.exec(
        centre.body,
      )![1]!;
    const change = (form: Record<string, string | string[]>) =>
      t.app.inject({
        method: 'POST',
        url: `${prefs}/network`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
        payload: formBody(form),
      });
    const refused = await change({ do: 'save', cap: '5', follow: [], wording: prefsWording });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose all urgent actions, or at least one country');
    const saved = await change({ do: 'save', cap: '5', follow: ['everything'], wording: prefsWording });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Your network choices are saved.');
    expect(
      (await t.db.selectFrom('network_members').select('weekly_cap').executeTakeFirstOrThrow()).weekly_cap,
    ).toBe(5);

    // The person's data download includes the membership.
    const data = await t.app.inject({ method: 'GET', url: `${prefs}/data` });
    expect(data.json().network).toMatchObject({
      weekly_cap: 5,
      follows: [{ kind: 'everything', id: 0, name: 'All urgent actions' }],
      messages: { sent: 1, capped: 0 },
    });

    // Erasure: the membership and every pending send go with the person.
    await t.db
      .insertInto('network_deliveries')
      .values({
        message_id: (await t.db.selectFrom('network_messages').select('id').executeTakeFirstOrThrow()).id,
        subscriber_id: s.id,
        supporter_id: null,
        status: 'queued',
        next_attempt_at: clock.toISOString(),
        claimed_until: null,
        sent_at: null,
        last_error: null,
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const erase = await t.app.inject({
      method: 'POST',
      url: `${prefs}/erase`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: 'confirm=yes',
    });
    expect(erase.statusCode).toBe(200);
    expect(await t.db.selectFrom('network_members').select('subscriber_id').execute()).toEqual([]);
    expect(await t.db.selectFrom('network_follows').select('subscriber_id').execute()).toEqual([]);
    expect(
      await t.db
        .selectFrom('network_deliveries')
        .select('status')
        .where('subscriber_id', '=', s.id)
        .execute(),
    ).toEqual([]);
  });

  it('links the network from every urgent action’s page', async () => {
    await publishAction('with-a-way-in');
    const page = await t.app.inject({ method: 'GET', url: '/articles/with-a-way-in' });
    expect(page.body).toContain('href="/network?from=%2Farticles%2Fwith-a-way-in"');
  });
});
