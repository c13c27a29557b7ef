import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webhookSignature } from '../../src/subscriptions/handlers/webhook.js';
import {
  addressHash,
  isSuppressed,
  loadSubscriberKeys,
  type SubscriberKeys,
} from '../../src/subscriptions/index.js';
import { formBody, logIn, makeUser } from '../support/admin.js';
import { TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';

/**
 * A supporter's rights through the app (issue 12, items 4, 5 and 8): signed links that refuse
 * tampering and age, one-click unsubscribe as a mail client posts it, the suppression list fed by
 * a signed webhook and by hand, and a person's own data: download and erasure.
 */

const WEBHOOK_SECRET = 'relay-secret-relay-secret-relay-secret-0123';
const DAY = 24 * 60 * 60_000;

let t: TestApp;
let keys: SubscriberKeys;
let clock = new Date('2026-12-01T10:00:00Z');
let mexico: number;
let client = 0;
let n = 0;

beforeAll(async () => {
  t = await testApp({ now: () => clock, env: { SUPPRESSION_WEBHOOK_SECRET: WEBHOOK_SECRET } });
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
  const country = await t.db
    .selectFrom('countries')
    .select('id')
    .where('slug', '=', 'mexico')
    .executeTakeFirstOrThrow();
  mexico = country.id;
});
afterAll(() => t?.close());

beforeEach(async () => {
  clock = new Date('2026-12-01T10:00:00Z');
  client++;
  await t.db.deleteFrom('subscribers').execute();
  await t.db.deleteFrom('suppressions').execute();
  await t.db.deleteFrom('mail_outbox').execute();
  await t.db.deleteFrom('jobs').execute();
});

const sameSite = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };

async function requestSubscription(email: string) {
  const page = await t.app.inject({ method: 'GET', url: '/subscribe' });
  const wording = /name="wording" value="([0-9a-f]{64})"/.exec(page.body)?.[1] ?? '';
  return t.app.inject({
    method: 'POST',
    url: '/subscribe',
    headers: { ...sameSite, 'x-forwarded-for': `203.0.113.${client}` },
    payload: formBody({
      email,
      name: 'Ana',
      language: 'en',
      frequency: 'daily',
      follow: [`country:${mexico}`],
      consent: 'yes',
      wording,
      source_page: '/subscribe',
      source_form: 'subscribe-page',
    }),
  });
}

async function mailTo(email: string) {
  await t.worker.runDue();
  return t.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id').execute();
}

/** Subscribes and confirms an address through the pages, as a person does. */
async function confirmedSubscriber() {
  const email = `supporter${++n}@example.org`;
  await requestSubscription(email);
  const [mail] = await mailTo(email);
  const path = /http:\/\/candle\.test(\/subscribe\/confirm\/[\w-]{43})/.exec(mail?.text_body ?? '')?.[1];
  const res = await t.app.inject({ method: 'POST', url: path ?? '/x', headers: sameSite });
  expect(res.statusCode).toBe(200);
  const row = await t.db
    .selectFrom('subscribers')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('confirmed');
  return row;
}

const pathOf = (url: string) => url.slice(TEST_PUBLIC_URL.length);

async function eventsOf(id: number) {
  const rows = await t.db
    .selectFrom('consent_events')
    .select(['kind', 'source_form', 'token_hash', 'details'])
    .where('subscriber_id', '=', id)
    .orderBy('id')
    .execute();
  return rows;
}

describe('subscriberLinks, for each message', () => {
  it('gives a preference link, a one-click unsubscribe URL and the RFC 8058 headers', async () => {
    const s = await confirmedSubscriber();
    const links = keys.subscriberLinks(s, clock);
    expect(links.manageUrl).toMatch(/^http:\/\/candle\.test\/subscribe\/preferences\/\d+\.\d+\.[\w-]{43}$/);
    expect(links.unsubscribeUrl).toMatch(
      /^http:\/\/candle\.test\/subscribe\/unsubscribe\/\d+\.\d+\.[\w-]{43}$/,
    );
    expect(links.listUnsubscribeHeaders['List-Unsubscribe']).toBe(
      `<${links.unsubscribeUrl}>, <mailto:unsubscribe@candle.test?subject=unsubscribe%20${links.unsubscribeUrl.split('/').pop()}>`,
    );
    expect(links.listUnsubscribeHeaders['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    // The address is signed but never written in a link.
    expect(links.manageUrl).not.toContain('example.org');
  });
});

describe('a signed link', () => {
  it('refuses a tampered link with a page offering a fresh one, naming nobody, never a 500', async () => {
    const s = await confirmedSubscriber();
    const url = pathOf(keys.subscriberLinks(s, clock).manageUrl);
    const [id, expiry, mac] = url.split('/').pop()!.split('.') as [string, string, string];
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    const tampered = [
      `/subscribe/preferences/${id}.${expiry}.${flipped}`,
      `/subscribe/preferences/${id}.${Number(expiry) + 86400}.${mac}`,
      `/subscribe/preferences/${Number(id) + 1}.${expiry}.${mac}`,
      `/subscribe/preferences/${id}.${expiry}`,
      `/subscribe/preferences/${'9'.repeat(300)}`,
      `/subscribe/preferences/%00${id}.${expiry}.${mac}`,
      // The unsubscribe link's signature does not open the preference centre, and the reverse.
      `/subscribe/unsubscribe/${id}.${expiry}.${mac}`,
    ];
    for (const path of tampered) {
      const res = await t.app.inject({ method: 'GET', url: path });
      expect(res.statusCode, path).toBe(404);
      expect(res.body).toContain('This link does not work');
      expect(res.body).toContain('action="/subscribe/link"');
      expect(res.body).not.toContain(s.email);
    }
    // Not even decodable: refused by the router before any handler, still not a 500.
    expect((await t.app.inject({ method: 'GET', url: '/subscribe/preferences/%ff' })).statusCode).toBe(400);
    const post = await t.app.inject({
      method: 'POST',
      url: `/subscribe/unsubscribe/${id}.${expiry}.${flipped}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(post.statusCode).toBe(404);
    expect(
      (await t.db.selectFrom('subscribers').select('status').where('id', '=', s.id).executeTakeFirst())
        ?.status,
    ).toBe('confirmed');
  });

  it('works within its days and is refused as expired after them', async () => {
    const s = await confirmedSubscriber();
    const url = pathOf(keys.subscriberLinks(s, clock).manageUrl);
    clock = new Date(clock.getTime() + 29 * DAY);
    const fresh = await t.app.inject({ method: 'GET', url });
    expect(fresh.statusCode).toBe(200);
    expect(fresh.body).toContain(s.email);
    clock = new Date(clock.getTime() + 2 * DAY);
    const old = await t.app.inject({ method: 'GET', url });
    expect(old.statusCode).toBe(410);
    expect(old.body).toContain('This link is too old to use.');
    expect(old.body).not.toContain(s.email);
  });

  it('replayed after the person erased their data opens nothing, even for a new subscriber', async () => {
    const s = await confirmedSubscriber();
    const url = pathOf(keys.subscriberLinks(s, clock).manageUrl);
    await t.app.inject({ method: 'POST', url: `${url}/erase`, headers: sameSite, payload: 'confirm=yes' });
    const replay = await t.app.inject({ method: 'GET', url });
    expect(replay.statusCode).toBe(404);
    expect(replay.body).toContain('This link does not work');
  });

  it('mails a fresh link on request, with the same answer for an address not on the list', async () => {
    const s = await confirmedSubscriber();
    const ask = (email: string) =>
      t.app.inject({
        method: 'POST',
        url: '/subscribe/link',
        headers: sameSite,
        payload: formBody({ email }),
      });
    const known = await ask(s.email);
    const unknown = await ask('nobody@example.org');
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(200);
    expect(known.body.replace(s.email, 'X')).toBe(unknown.body.replace('nobody@example.org', 'X'));
    const mail = await mailTo(s.email);
    expect(mail.map((m) => m.subject)).toContain('Your subscription to Candle');
    const link = /http:\/\/candle\.test(\/subscribe\/preferences\/[\w.-]+)/.exec(mail.at(-1)!.text_body)?.[1];
    expect((await t.app.inject({ method: 'GET', url: link! })).statusCode).toBe(200);
    expect(await mailTo('nobody@example.org')).toEqual([]);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/subscribe/link',
      headers: sameSite,
      payload: 'email=%0d%0a',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('id="field-email-error"');
    const typo = await t.app.inject({
      method: 'POST',
      url: '/subscribe/link',
      headers: sameSite,
      payload: 'email=ana.example.org',
    });
    expect(typo.statusCode).toBe(400);
    expect(typo.body).toContain('value="ana.example.org"');
    const json = await t.app.inject({
      method: 'POST',
      url: '/subscribe/link',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":["a@b.org"]}',
    });
    expect(json.statusCode).toBe(400);
  });
});

describe('one-click unsubscribe', () => {
  it('unsubscribes on a single POST with no cookie, origin or token: event and suppression recorded', async () => {
    const s = await confirmedSubscriber();
    const url = pathOf(keys.subscriberLinks(s, clock).unsubscribeUrl);
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const row = await t.db
      .selectFrom('subscribers')
      .select('status')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('unsubscribed');
    const events = await eventsOf(s.id);
    expect(events.map((e) => e.kind)).toEqual(['requested', 'confirmed', 'unsubscribed']);
    expect(events[2]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(true);
    const suppression = await t.db.selectFrom('suppressions').selectAll().executeTakeFirstOrThrow();
    expect(suppression).toMatchObject({
      reason: 'unsubscribed',
      source: 'link',
      email_hash: addressHash(keys.salt, s.email),
    });

    // A second press (or a replay of the same link) changes nothing more.
    const again = await t.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(again.statusCode).toBe(200);
    expect((await eventsOf(s.id)).map((e) => e.kind)).toEqual(['requested', 'confirmed', 'unsubscribed']);
  });

  it('accepts the multipart body some mail clients send', async () => {
    const s = await confirmedSubscriber();
    const boundary = 'xYzZy';
    const res = await t.app.inject({
      method: 'POST',
      url: pathOf(keys.subscriberLinks(s, clock).unsubscribeUrl),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(res.statusCode).toBe(200);
    const row = await t.db
      .selectFrom('subscribers')
      .select('status')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('unsubscribed');
  });

  it('shows a page with one button on GET, and a GET unsubscribes nobody (link scanners)', async () => {
    const s = await confirmedSubscriber();
    const url = pathOf(keys.subscriberLinks(s, clock).unsubscribeUrl);
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<form method="post" action="${url}">`);
      expect(res.body.match(/<button/g)?.length ?? 0).toBeGreaterThanOrEqual(1);
      expect(res.body).toContain('name="List-Unsubscribe" value="One-Click"');
    }
    const row = await t.db
      .selectFrom('subscribers')
      .select('status')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('confirmed');
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(false);
  });

  it('lets a person who unsubscribed come back only through a fresh opt-in they confirm', async () => {
    const s = await confirmedSubscriber();
    await t.app.inject({ method: 'POST', url: pathOf(keys.subscriberLinks(s, clock).unsubscribeUrl) });
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(true);
    await t.db.deleteFrom('mail_outbox').execute();
    await requestSubscription(s.email);
    const mail = await mailTo(s.email);
    expect(mail.map((m) => m.subject)).toEqual(['Confirm your subscription to Candle']);
    // Still suppressed, and not subscribed, until the confirmation is pressed.
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(true);
    const path = /http:\/\/candle\.test(\/subscribe\/confirm\/[\w-]{43})/.exec(mail[0]!.text_body)?.[1];
    await t.app.inject({ method: 'POST', url: path!, headers: sameSite });
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(false);
    const row = await t.db
      .selectFrom('subscribers')
      .select('status')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('confirmed');
  });
});

describe('the suppression webhook', () => {
  const hook = (body: string, signature: string | undefined, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url: '/hooks/suppressions',
      headers: { 'content-type': contentType, ...(signature ? { 'x-candle-signature': signature } : {}) },
      payload: body,
    });

  it('records a signed bounce: the subscriber is suppressed with an event, and a re-subscribe sends nothing', async () => {
    const s = await confirmedSubscriber();
    const body = JSON.stringify({
      type: 'bounce',
      email: s.email.toUpperCase(),
      reason: '550 5.1.1 no such user',
      at: '2026-12-01T09:59:00Z',
    });
    const res = await hook(body, webhookSignature(WEBHOOK_SECRET, body));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: 1, recorded: 1 });
    const row = await t.db
      .selectFrom('subscribers')
      .select('status')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('suppressed');
    const events = await eventsOf(s.id);
    expect(events.at(-1)).toMatchObject({ kind: 'suppressed', source_form: 'webhook' });
    expect(JSON.parse(events.at(-1)!.details!)).toMatchObject({
      reason: 'bounce',
      note: '550 5.1.1 no such user',
    });

    await t.db.deleteFrom('mail_outbox').execute();
    const again = await requestSubscription(s.email);
    expect(again.body).toContain('Check your inbox');
    expect(await mailTo(s.email)).toEqual([]);
  });

  it('keeps a bounce through an erasure: erasing never weakens a hard suppression', async () => {
    const s = await confirmedSubscriber();
    const body = JSON.stringify({
      type: 'bounce',
      email: s.email,
      reason: '550',
      at: '2026-12-01T09:59:00Z',
    });
    expect((await hook(body, webhookSignature(WEBHOOK_SECRET, body))).statusCode).toBe(200);
    const url = pathOf(keys.subscriberLinks(s, clock).manageUrl);
    const page = await t.app.inject({ method: 'GET', url });
    expect(page.body).toContain('This address is not subscribed');
    await t.app.inject({ method: 'POST', url: `${url}/erase`, headers: sameSite, payload: 'confirm=yes' });
    expect(await t.db.selectFrom('subscribers').selectAll().execute()).toEqual([]);
    const left = await t.db.selectFrom('suppressions').select(['reason', 'source']).execute();
    expect(left).toEqual([{ reason: 'bounce', source: 'webhook' }]);
    await requestSubscription(s.email);
    expect(await mailTo(s.email)).toEqual([]);
  });

  it('suppresses an address nobody subscribed yet, so its later sign-up is sent nothing', async () => {
    const body = JSON.stringify([
      {
        type: 'complaint',
        email: 'angry@example.org',
        reason: 'abuse report',
        at: '2026-12-01T09:00:00+01:00',
      },
    ]);
    expect((await hook(body, webhookSignature(WEBHOOK_SECRET, body))).statusCode).toBe(200);
    await requestSubscription('angry@example.org');
    expect(await mailTo('angry@example.org')).toEqual([]);
    expect(
      await t.db.selectFrom('subscribers').selectAll().where('email', '=', 'angry@example.org').execute(),
    ).toEqual([]);
  });

  it('answers 401 to a missing or wrong signature and 400 to malformed JSON or shapes, never a 500', async () => {
    const good = JSON.stringify({
      type: 'bounce',
      email: 'a@example.org',
      reason: '',
      at: '2026-12-01T09:00:00Z',
    });
    expect((await hook(good, undefined)).statusCode).toBe(401);
    expect(
      (await hook(good, webhookSignature('another-secret-another-secret-another', good))).statusCode,
    ).toBe(401);
    expect((await hook(good, 'sha256=zz')).statusCode).toBe(401);
    expect((await hook(`${good} `, webhookSignature(WEBHOOK_SECRET, good))).statusCode).toBe(401);
    for (const bad of [
      '{not json',
      '',
      'null',
      '[]',
      JSON.stringify({ type: 'soft-bounce', email: 'a@example.org', at: '2026-12-01T09:00:00Z' }),
      JSON.stringify({ type: 'bounce', email: 'not an address', at: '2026-12-01T09:00:00Z' }),
      JSON.stringify({
        type: 'bounce',
        email: 'a@example.org\r\nBcc: b@example.org',
        at: '2026-12-01T09:00:00Z',
      }),
      JSON.stringify({ type: 'bounce', email: 'a@example.org', at: 'yesterday' }),
      JSON.stringify(Array.from({ length: 101 }, () => JSON.parse(good))),
    ]) {
      const res = await hook(bad, webhookSignature(WEBHOOK_SECRET, bad));
      expect(res.statusCode, bad).toBe(400);
    }
    expect((await hook('{', undefined, 'text/plain')).statusCode).toBeLessThan(500);
    expect(await t.db.selectFrom('suppressions').selectAll().execute()).toEqual([]);
  });

  it('is off (404) when no secret is configured', async () => {
    const off = await testApp({ demo: false });
    try {
      const res = await off.app.inject({
        method: 'POST',
        url: '/hooks/suppressions',
        headers: { 'content-type': 'application/json' },
        payload: '{}',
      });
      expect(res.statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('suppressions by hand in the admin', () => {
  it('lets an administrator add one, audited without the address; campaigners see, editors do not', async () => {
    const s = await confirmedSubscriber();
    await makeUser(t.db, 'admin', `root${n}@candle.test`);
    await makeUser(t.db, 'campaigner', `camp${n}@candle.test`);
    await makeUser(t.db, 'editor', `ed${n}@candle.test`);
    const admin = await logIn(t.app, `root${n}@candle.test`);
    const bad = await admin.post('/admin/subscribers/suppressions', { email: 'nope', reason: 'manual' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter an email address');
    const res = await admin.post('/admin/subscribers/suppressions', {
      email: s.email,
      reason: 'manual',
      note: 'asked by phone',
    });
    expect(res.statusCode).toBe(303);
    const page = await admin.get('/admin/subscribers/suppressions');
    expect(page.body).toContain(s.email);
    expect(page.body).toContain('asked by phone');
    expect((await eventsOf(s.id)).at(-1)?.kind).toBe('suppressed');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'subscriber.suppressed')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(s.email);

    // Taken off the list by hand, audited: the person is not mailed for it, they must opt in again.
    const hash = addressHash(keys.salt, s.email);
    expect(page.body).toContain(`name="email_hash" value="${hash}"`);
    expect(
      (await admin.post('/admin/subscribers/suppressions/lift', { email_hash: 'nope' })).statusCode,
    ).toBe(303);
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(true);
    expect((await admin.post('/admin/subscribers/suppressions/lift', { email_hash: hash })).statusCode).toBe(
      303,
    );
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(false);
    const after = await t.db
      .selectFrom('subscribers')
      .select('status')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('unsubscribed');
    const lifted = await t.db
      .selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'subscriber.suppression-lifted')
      .execute();
    expect(lifted).toEqual([{ summary: 'Took an address off the suppression list' }]);

    const campaigner = await logIn(t.app, `camp${n}@candle.test`);
    const seen = await campaigner.get('/admin/subscribers/suppressions');
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('/admin/subscribers/suppressions/lift');
    expect(
      (await campaigner.post('/admin/subscribers/suppressions/lift', { email_hash: hash })).statusCode,
    ).toBe(403);
    expect(
      (await campaigner.post('/admin/subscribers/suppressions', { email: 'x@example.org', reason: 'manual' }))
        .statusCode,
    ).toBe(403);
    const editor = await logIn(t.app, `ed${n}@candle.test`);
    expect((await editor.get('/admin/subscribers/suppressions')).statusCode).toBe(403);
  });
});

describe('a supporter’s own data', () => {
  it('downloads as JSON: the subscriber, what they follow, every consent with its wording', async () => {
    const s = await confirmedSubscriber();
    const url = pathOf(keys.subscriberLinks(s, clock).manageUrl);
    const page = await t.app.inject({ method: 'GET', url });
    expect(page.body).toContain(`href="${url}/data"`);
    const res = await t.app.inject({ method: 'GET', url: `${url}/data` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="my-subscription.json"');
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.json();
    expect(data.subscriber).toMatchObject({
      email: s.email,
      name: 'Ana',
      frequency: 'daily',
      status: 'confirmed',
    });
    expect(data.follows).toEqual([{ kind: 'country', id: mexico, name: 'Mexico' }]);
    expect(data.consent_events.map((e: { event: string }) => e.event)).toEqual(['requested', 'confirmed']);
    expect(data.consent_events[0].wording).toMatch(/^I agree that Candle may email me/);
    expect(data.consent_events[1].wording).toBe(data.consent_events[0].wording);
    expect(JSON.stringify(data)).not.toContain(keys.salt);
  });

  it('is reachable from the manage link a confirmed person gets by signing up again', async () => {
    const s = await confirmedSubscriber();
    await requestSubscription(s.email);
    const mail = (await mailTo(s.email)).at(-1)!;
    expect(mail.subject).toBe('You are already subscribed to Candle');
    const manage = /http:\/\/candle\.test(\/subscribe\/manage\/[\w-]{43})/.exec(mail.text_body)?.[1];
    // It leads to the one preference centre.
    const moved = await t.app.inject({ method: 'GET', url: manage! });
    expect(moved.statusCode).toBe(303);
    const page = await t.app.inject({ method: 'GET', url: String(moved.headers.location) });
    const data = /href="(\/subscribe\/preferences\/[\w.-]+\/data)"/.exec(page.body)?.[1];
    expect(data).toBeDefined();
    const res = await t.app.inject({ method: 'GET', url: data! });
    expect(res.json().subscriber.email).toBe(s.email);
  });

  it('changes frequency from the preference centre, recorded as changed', async () => {
    const s = await confirmedSubscriber();
    const url = pathOf(keys.subscriberLinks(s, clock).manageUrl);
    const page = await t.app.inject({ method: 'GET', url });
    const wording = /name="wording" value="([0-9a-f]{64})"/.exec(page.body)?.[1] ?? '';
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...sameSite, 'x-forwarded-for': `203.0.113.${client}` },
      payload: formBody({
        name: 'Ana',
        language: 'en',
        frequency: 'weekly',
        follow: ['everything'],
        wording,
      }),
    });
    expect(res.statusCode).toBe(200);
    const row = await t.db
      .selectFrom('subscribers')
      .select('frequency')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.frequency).toBe('weekly');
    expect((await eventsOf(s.id)).at(-1)?.kind).toBe('changed');
    const foreign = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...sameSite, 'sec-fetch-site': 'cross-site' },
      payload: 'frequency=each',
    });
    expect(foreign.statusCode).toBe(403);
  });

  it('erases after a second press: only the salted hash stays, and nobody can re-add the address silently', async () => {
    const s = await confirmedSubscriber();
    const url = pathOf(keys.subscriberLinks(s, clock).manageUrl);
    // One mail to them delivered to the outbox (the confirmation), one still queued: both go.
    await t.app.inject({
      method: 'POST',
      url: '/subscribe/link',
      headers: sameSite,
      payload: formBody({ email: s.email }),
    });
    const queued = await t.db.selectFrom('jobs').select('status').where('kind', '=', 'mail.send').execute();
    expect(queued.map((j) => j.status).sort()).toEqual(['done', 'queued']);
    expect(await mailTo(s.email)).not.toEqual([]);
    const ask = await t.app.inject({ method: 'POST', url: `${url}/erase`, headers: sameSite });
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Erase your data?');
    expect(await t.db.selectFrom('subscribers').selectAll().where('id', '=', s.id).execute()).toHaveLength(1);
    const foreign = await t.app.inject({
      method: 'POST',
      url: `${url}/erase`,
      headers: { ...sameSite, 'sec-fetch-site': 'cross-site' },
      payload: 'confirm=yes',
    });
    expect(foreign.statusCode).toBe(403);

    const res = await t.app.inject({
      method: 'POST',
      url: `${url}/erase`,
      headers: sameSite,
      payload: 'confirm=yes',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Your data is erased');
    expect(await t.db.selectFrom('subscribers').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('subscriber_follows').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('subscriber_tokens').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('consent_events').selectAll().execute()).toEqual([]);
    expect(
      await t.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', s.email).execute(),
    ).toEqual([]);
    // Nor does a sign-up's job (it holds the address and the choices).
    const mailJobs = await t.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', 'in', ['mail.send', 'subscriptions.request'])
      .execute();
    expect(mailJobs.filter((j) => j.payload.includes(s.email))).toEqual([]);
    const left = await t.db.selectFrom('suppressions').selectAll().execute();
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({
      email_hash: addressHash(keys.salt, s.email),
      reason: 'erased',
      source: 'erasure',
    });
    expect(JSON.stringify(left)).not.toContain('example.org');
    // What an import must ask before adding anyone.
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(true);

    // Signing up again only asks for a confirmation; until it is pressed nothing is subscribed.
    await requestSubscription(` ${s.email.toUpperCase()} `);
    const mail = await mailTo(s.email);
    expect(mail.map((m) => m.subject)).toEqual(['Confirm your subscription to Candle']);
    const again = await t.db
      .selectFrom('subscribers')
      .select('status')
      .where('email', '=', s.email)
      .executeTakeFirstOrThrow();
    expect(again.status).toBe('pending');
    expect(await isSuppressed(t.db, keys.salt, s.email)).toBe(true);
  });
});
