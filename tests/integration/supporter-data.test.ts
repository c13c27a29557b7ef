import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSubscriberKeys, type SubscriberKeys } from '../../src/subscriptions/index.js';
import { formBody } from '../support/admin.js';
import { TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';
import { articleIdOf } from '../support/content.js';
import { insertSubscriber } from '../support/subscribers.js';

/**
 * A supporter's own data (issue 13's "export and erase what we hold"), on both databases: a link
 * mailed to an address that acted opens what is held about it (the actions, the letters, the
 * wording agreed to); the download holds it all and the subscription under the same address; the
 * erasure deletes all of it, in both rooms, and the link then opens nothing. Asking for a link
 * tells nothing about whether the address acted.
 */

let t: TestApp;
let keys: SubscriberKeys;
const clock = new Date('2020-07-06T15:00:00Z');
let open: number;
let ip = 0;
const PATH = '/articles/mexico-adrian-vasquez-further-information';
const sameSite = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  keys = await loadSubscriberKeys(
    t.db,
    {
      publicUrl: TEST_PUBLIC_URL,
      linkSecret: undefined,
      linkSecretPrevious: undefined,
      unsubscribeMailto: undefined,
    },
    clock,
  );
  open = await articleIdOf(t.db, 'mexico-adrian-vasquez-further-information');
});
afterAll(async () => {
  await t?.close();
});

function post(url: string, form: Record<string, string>, headers: Record<string, string> = sameSite) {
  ip++;
  return t.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, 'x-forwarded-for': `198.51.100.${ip % 250}` },
    payload: formBody(form),
  });
}

async function mailsTo(email: string) {
  await t.worker.runDue();
  return t.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id').execute();
}

/** A supporter who wrote to the governor, kept informed, and confirmed their address. */
async function actedAndConfirmed(email: string) {
  const page = await t.app.inject({ method: 'GET', url: PATH });
  const wording = /name="wording" value="([0-9a-f]{64})"/.exec(page.body)![1]!;
  const acted = await post(`/actions/${open}/email`, {
    name: 'Ana Torres',
    email,
    city: 'Montréal',
    country: 'Canada',
    subject: 'Adrián Vásquez',
    body: 'Le escribo para pedirle justicia.',
    keep_informed: 'yes',
    wording,
    source_page: PATH,
    leave_empty: '',
  });
  expect(acted.statusCode, acted.body).toBe(303);
  const mail = (await mailsTo(email)).at(-1)!;
  // The confirmation mail says where a supporter's data is, from the first message on.
  expect(mail.text_body).toContain(`${TEST_PUBLIC_URL}/actions/your-data`);
  const confirm = /http:\/\/candle\.test(\/actions\/confirm\/[\w-]{43})/.exec(mail.text_body)![1]!;
  expect((await post(confirm, {})).statusCode).toBe(200);
}

async function dataLinkFor(email: string): Promise<string> {
  const asked = await post('/actions/your-data', { email });
  expect(asked.statusCode).toBe(200);
  const mail = (await mailsTo(email)).find((m) => m.subject === 'Your data at Candle');
  expect(mail).toBeDefined();
  return /http:\/\/candle\.test(\/actions\/your-data\/[\w.-]+)/.exec(mail!.text_body)![1]!;
}

describe('a supporter’s data', () => {
  it('is mailed as a link only to an address that acted, with the same answer for any address', async () => {
    const form = await t.app.inject({ method: 'GET', url: '/actions/your-data' });
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');

    const unknown = await post('/actions/your-data', { email: 'nobody@example.org' });
    const email = 'link@example.org';
    await actedAndConfirmed(email);
    const known = await post('/actions/your-data', { email });
    expect(unknown.statusCode).toBe(200);
    expect(known.body.replace(email, 'X')).toBe(unknown.body.replace('nobody@example.org', 'X'));
    expect(await mailsTo('nobody@example.org')).toHaveLength(0);

    // Asked for again and again within the hour: one mail.
    await post('/actions/your-data', { email });
    await post('/actions/your-data', { email });
    expect((await mailsTo(email)).filter((m) => m.subject === 'Your data at Candle')).toHaveLength(1);
  });

  it('refuses a malformed address with the form and what was typed, and a post from another site', async () => {
    const bad = await post('/actions/your-data', { email: 'not an address' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="not an address"');
    const foreign = await post(
      '/actions/your-data',
      { email: 'link@example.org' },
      { 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(foreign.statusCode).toBe(403);
  });

  it('shows the actions, downloads them with the letters, the wording and the subscription under the same address', async () => {
    const email = 'both@example.org';
    await actedAndConfirmed(email);
    await insertSubscriber(t.db, clock, { email, follows: [['everything', 0]] });
    const link = await dataLinkFor(email);

    const page = await t.app.inject({ method: 'GET', url: link });
    expect(page.statusCode).toBe(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toContain('Montréal');
    expect(page.body).toContain('Your actions: 1');

    const data = await t.app.inject({ method: 'GET', url: `${link}/data` });
    expect(data.headers['content-disposition']).toContain('attachment');
    const file = data.json();
    expect(file.urgent_actions.supporter).toMatchObject({ email, name: 'Ana Torres', city: 'Montréal' });
    expect(file.urgent_actions.actions).toEqual([
      expect.objectContaining({
        urgent_action_id: open,
        channel: 'email',
        state: 'counted',
        keep_me_informed: true,
      }),
    ]);
    expect(file.urgent_actions.actions[0].wording).toMatch(/keep me informed|Keep me/i);
    expect(file.urgent_actions.letters.length).toBeGreaterThan(0);
    expect(file.urgent_actions.letters[0].text).toContain('Le escribo para pedirle justicia.');
    expect(file.subscription.subscriber.email).toBe(email);

    // The subscriber's own download holds the actions too: one person, one file.
    const s = await t.db
      .selectFrom('subscribers')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const manage = new URL(keys.subscriberLinks(s, clock).manageUrl).pathname;
    const theirs = (await t.app.inject({ method: 'GET', url: `${manage}/data` })).json();
    expect(theirs.subscriber.email).toBe(email);
    expect(theirs.urgent_actions.actions).toHaveLength(1);
  });

  it('erases everything under the address after a second press, in both rooms; the link then opens nothing', async () => {
    const email = 'erase@example.org';
    await actedAndConfirmed(email);
    await insertSubscriber(t.db, clock, { email, follows: [['everything', 0]] });
    // Her confirmation, told to a tool that asked for addresses, not delivered yet (webhooks' log).
    const at = clock.toISOString();
    const endpoint = await t.db
      .insertInto('webhook_endpoints')
      .values({
        url: 'https://crm.example.org/in',
        secret: 'whsec_x',
        events: '[]',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const body = JSON.stringify({
      id: 'e1',
      event: 'subscriber.confirmed',
      createdAt: at,
      data: { subscriberId: 1, email },
    });
    await t.db
      .insertInto('webhook_deliveries')
      .values({
        endpoint_id: endpoint.id,
        event: 'subscriber.confirmed',
        body,
        status: 'failed',
        next_attempt_at: at,
        created_at: at,
        updated_at: at,
      })
      .execute();
    const link = await dataLinkFor(email);

    const ask = await post(`${link}/erase`, {});
    expect(ask.statusCode).toBe(200);
    expect(ask.body).toContain('Yes, erase everything');
    expect(
      await t.db.selectFrom('ua_supporters').select('id').where('email', '=', email).executeTakeFirst(),
    ).toBeDefined();

    const done = await post(`${link}/erase`, { confirm: 'yes' });
    expect(done.statusCode).toBe(200);
    expect(
      await t.db.selectFrom('ua_supporters').select('id').where('email', '=', email).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await t.db.selectFrom('subscribers').select('id').where('email', '=', email).executeTakeFirst(),
    ).toBeUndefined();
    expect(
      await t.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute(),
    ).toHaveLength(0);
    // Erased from the webhooks' log too, from this page as from the preference centre: row and state kept.
    const delivery = await t.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'body'])
      .where('endpoint_id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(delivery.status).toBe('failed');
    expect(JSON.parse(delivery.body).data).toEqual({ subscriberId: 1, email: 'erased' });
    const letters = await t.db
      .selectFrom('ua_letters')
      .select('id')
      .where('body', 'like', '%pedirle justicia%')
      .execute();
    // Only the other test's supporters' letters are left.
    const remaining = await t.db.selectFrom('ua_supporters').select('email').execute();
    expect(remaining.map((r) => r.email)).not.toContain(email);
    expect(letters.length).toBe(2 * remaining.length);

    expect((await t.app.inject({ method: 'GET', url: link })).statusCode).toBe(404);
    expect((await post(`${link}/erase`, { confirm: 'yes' })).statusCode).toBe(404);
  });

  it('erasing a subscription from the preference centre erases the actions under the same address', async () => {
    const email = 'fromsub@example.org';
    await actedAndConfirmed(email);
    const id = await insertSubscriber(t.db, clock, { email, follows: [['everything', 0]] });
    const s = await t.db.selectFrom('subscribers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const manage = new URL(keys.subscriberLinks(s, clock).manageUrl).pathname;
    const res = await post(`${manage}/erase`, { confirm: 'yes' });
    expect(res.statusCode).toBe(200);
    expect(
      await t.db.selectFrom('ua_supporters').select('id').where('email', '=', email).executeTakeFirst(),
    ).toBeUndefined();
  });

  it('opens nothing for a forged, altered or expired link', async () => {
    const email = 'forged@example.org';
    await actedAndConfirmed(email);
    const link = await dataLinkFor(email);
    const [, id, expiry, mac] = /\/(\d+)\.(\d+)\.([\w-]{43})$/.exec(link)!;
    for (const bad of [
      `/actions/your-data/${id}.${Number(expiry) + 1}.${mac}`,
      `/actions/your-data/${Number(id) + 1}.${expiry}.${mac}`,
      `/actions/your-data/${id}.${expiry}`,
      `/actions/your-data/${'9'.repeat(120)}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url: bad });
      expect(res.statusCode, bad).toBe(404);
      expect(res.body).toContain('Mail me the link');
    }
    // A subscriber's preference link for the same id and address is not a data link.
    const asSubscriber = keys
      .subscriberLinks({ id: Number(id), email }, clock)
      .manageUrl.split('/')
      .at(-1);
    expect(
      (await t.app.inject({ method: 'GET', url: `/actions/your-data/${asSubscriber}` })).statusCode,
    ).toBe(404);
    const later = await testAppAt(new Date(clock.getTime() + 31 * 24 * 3600_000), link);
    expect(later).toBe(410);
  });
});

/** The status a link gets when opened at another time (the same database, another clock). */
async function testAppAt(at: Date, link: string): Promise<number> {
  const original = clock.getTime();
  clock.setTime(at.getTime());
  try {
    return (await t.app.inject({ method: 'GET', url: link })).statusCode;
  } finally {
    clock.setTime(original);
  }
}
