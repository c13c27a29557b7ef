import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSubscriberKeys } from '../../src/subscriptions/index.js';
import { emitEvent, emitEvents, verifySignature } from '../../src/webhooks/index.js';
import { formBody, logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';
import { cookieSetBy } from '../support/trusted-browser.js';

/**
 * Webhooks end to end (issue 14, item 5): an administrator adds an endpoint, Candle posts signed
 * JSON to a real HTTP server started here, retries on the backoff when it fails or does not
 * answer, gives up after the last try and lets the administrator send it again; nothing is sent for
 * a change that rolled back, and addresses stay out of bodies unless an endpoint asked for them.
 */

type Behaviour = 'ok' | 'error' | 'silent';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiving tool: answers each request as the next behaviour queued says (200 once they run out). */
class Receiver {
  readonly received: Received[] = [];
  readonly plan: Behaviour[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const next = this.plan.shift() ?? 'ok';
      if (next === 'silent') return; // never answers: the sender's timeout must end it
      res.writeHead(next === 'ok' ? 200 : 500, { 'content-type': 'text/plain' }).end(next);
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/candle`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let t: TestApp;
let clock = new Date('2026-12-03T10:00:00Z');
let admin: Session;
const receiver = new Receiver();
let hookUrl = '';
let client = 0;

beforeAll(async () => {
  // Each try may take 300 ms here instead of 10 s: enough for a local answer, short for the silent one.
  t = await testApp({ now: () => clock, webhookTimeoutMs: 300 });
  await makeUser(t.db, 'admin');
  await makeUser(t.db, 'campaigner');
  await makeUser(t.db, 'editor');
  admin = await logIn(t.app, 'admin@candle.test');
  hookUrl = await receiver.start();
});
afterAll(async () => {
  await receiver.stop();
  await t?.close();
});

beforeEach(async () => {
  clock = new Date('2026-12-03T10:00:00Z');
  receiver.received.length = 0;
  receiver.plan.length = 0;
  await t.db.deleteFrom('webhook_deliveries').execute();
  await t.db.deleteFrom('webhook_endpoints').execute();
  await t.db.deleteFrom('jobs').execute();
  // Signed in again when a test that moved the clock a day on ended the session.
  if ((await admin.get('/admin/account')).statusCode !== 200) admin = await logIn(t.app, 'admin@candle.test');
});

/** Runs every job due now, including those the jobs queue, until none is left. */
async function drain() {
  for (let i = 0; i < 50; i++) if ((await t.worker.runDue()) === 0) return;
}

async function addEndpoint(form: {
  url?: string;
  events: string[];
  include_emails?: string;
  description?: string;
}) {
  const res = await admin.post('/admin/webhooks', {
    url: form.url ?? hookUrl,
    description: form.description ?? '',
    events: form.events,
    include_emails: form.include_emails ?? '',
  });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  return t.db.selectFrom('webhook_endpoints').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
}

const deliveries = () => t.db.selectFrom('webhook_deliveries').selectAll().orderBy('id').execute();

async function subscribeAndConfirm(email: string): Promise<{ confirm: () => Promise<number> }> {
  client++;
  const page = await t.app.inject({ method: 'GET', url: '/subscribe' });
  const wording = /name="wording" value="([0-9a-f]{64})"/.exec(page.body)?.[1] ?? '';
  const res = await t.app.inject({
    method: 'POST',
    url: '/subscribe',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': `10.99.0.${client}`,
    },
    payload: formBody({
      email,
      name: '',
      language: 'en',
      frequency: 'each',
      follow: ['everything'],
      consent: 'yes',
      wording,
      source_page: '/subscribe',
      source_form: 'subscribe-page',
    }),
  });
  expect(res.statusCode).toBe(200);
  await t.worker.runDue();
  const mail = await t.db
    .selectFrom('mail_outbox')
    .select('text_body')
    .where('to_address', '=', email)
    .executeTakeFirstOrThrow();
  const link =
    /http:\/\/candle\.test(\/subscribe\/confirm\/[A-Za-z0-9_-]{43})/.exec(mail.text_body)?.[1] ?? '';
  return {
    confirm: async () =>
      (await t.app.inject({ method: 'POST', url: link, headers: { 'sec-fetch-site': 'same-origin' } }))
        .statusCode,
  };
}

describe(`webhooks on ${dialectUnderTest}`, () => {
  it('posts subscriber.confirmed once, signed, without the address unless the endpoint asked for it', async () => {
    const plain = await addEndpoint({ events: ['subscriber.confirmed'] });
    const withEmails = await addEndpoint({ events: ['subscriber.confirmed'], include_emails: '1' });
    // Told of something else only: sent nothing.
    await addEndpoint({ events: ['action.taken'] });
    const { confirm } = await subscribeAndConfirm('rosa@example.org');
    expect(await deliveries()).toEqual([]);

    expect(await confirm()).toBe(200);
    expect(await confirm()).not.toBe(200); // the link confirms once: no second event
    expect((await deliveries()).map((d) => [d.endpoint_id, d.event, d.status])).toEqual([
      [plain.id, 'subscriber.confirmed', 'queued'],
      [withEmails.id, 'subscriber.confirmed', 'queued'],
    ]);

    await drain();
    expect(receiver.received).toHaveLength(2);
    const subscriber = await t.db
      .selectFrom('subscribers')
      .select('id')
      .where('email', '=', 'rosa@example.org')
      .executeTakeFirstOrThrow();
    const sent = await deliveries();
    for (const [i, endpoint] of [plain, withEmails].entries()) {
      const got = receiver.received.find((r) => r.headers['x-candle-delivery'] === String(sent[i]!.id))!;
      expect(got.headers['content-type']).toBe('application/json');
      expect(got.headers['x-candle-event']).toBe('subscriber.confirmed');
      // Verified as a receiver would: the secret shown on the endpoint's page, the timestamp, the body.
      expect(got.headers['x-candle-timestamp']).toBe(String(clock.getTime() / 1000));
      const headers = {
        timestamp: got.headers['x-candle-timestamp'] as string,
        signature: got.headers['x-candle-signature'] as string,
      };
      expect(verifySignature(endpoint.secret, headers, got.body, clock)).toBe(true);
      expect(verifySignature(`${endpoint.secret}x`, headers, got.body, clock)).toBe(false);
      const body = JSON.parse(got.body);
      expect(body).toMatchObject({ event: 'subscriber.confirmed', createdAt: clock.toISOString() });
      expect(body.data).toMatchObject({
        subscriberId: subscriber.id,
        follows: [{ kind: 'everything', targetId: 0 }],
        confirmedAt: clock.toISOString(),
      });
      expect(got.body.includes('rosa@example.org')).toBe(endpoint.id === withEmails.id);
    }
    expect((await deliveries()).map((d) => [d.status, d.attempts, d.last_status])).toEqual([
      ['sent', 1, 200],
      ['sent', 1, 200],
    ]);
    // Once delivered, the log keeps no address: the receiver holds it now, Candle need not.
    expect((await deliveries()).some((d) => d.body.includes('rosa@example.org'))).toBe(false);
    // The choice to send addresses is on record, with who made it.
    const audit = await t.db
      .selectFrom('audit_log')
      .select('after_json')
      .where('action', '=', 'webhook.added')
      .where('entity_id', '=', String(withEmails.id))
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json ?? '{}')).toMatchObject({ includeEmails: true });
  });

  it('erasing a person replaces their address by "erased" in every delivery holding it, keeping the rows and their states', async () => {
    const a = await addEndpoint({ events: ['subscriber.confirmed'], include_emails: '1' });
    const b = await addEndpoint({
      events: ['subscriber.confirmed'],
      include_emails: '1',
      description: 'CRM',
    });
    // An underscore: `like` must not read it as a wildcard (anaxb@ must keep its address).
    const erased = 'ana_b@example.org';
    expect(await (await subscribeAndConfirm(erased)).confirm()).toBe(200);
    receiver.plan.push('error', 'error');
    await drain();
    expect((await deliveries()).map((d) => d.status)).toEqual(['failed', 'failed']);
    expect(await (await subscribeAndConfirm('anaxb@example.org')).confirm()).toBe(200);
    // A delivered one of hers too, from before (the log already keeps no address once delivered).
    const s = await t.db
      .selectFrom('subscribers')
      .select(['id', 'email'])
      .where('email', '=', erased)
      .executeTakeFirstOrThrow();
    const keys = await loadSubscriberKeys(
      t.db,
      {
        publicUrl: TEST_PUBLIC_URL,
        linkSecret: undefined,
        linkSecretPrevious: undefined,
        unsubscribeMailto: undefined,
      },
      clock,
    );
    const manage = keys.subscriberLinks(s, clock).manageUrl.replace(TEST_PUBLIC_URL, '');
    const sameSite = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };
    // Her download names the deliveries that hold her address and where they go.
    const download = await t.app.inject({ method: 'GET', url: `${manage}/data` });
    expect(download.statusCode).toBe(200);
    const file = JSON.parse(download.body) as {
      webhook_deliveries?: Array<{ sentTo: string; status: string }>;
    };
    expect(file.webhook_deliveries?.map((d) => [d.status, d.sentTo])).toEqual([
      ['failed', hookUrl],
      ['failed', `CRM (${hookUrl})`],
    ]);

    const before = await deliveries();
    const res = await t.app.inject({
      method: 'POST',
      url: `${manage}/erase`,
      headers: sameSite,
      payload: 'confirm=yes',
    });
    expect(res.statusCode).toBe(200);
    const after = await deliveries();
    expect(after.map((d) => [d.id, d.endpoint_id, d.status, d.attempts])).toEqual(
      before.map((d) => [d.id, d.endpoint_id, d.status, d.attempts]),
    );
    expect(after.some((d) => d.body.includes(erased))).toBe(false);
    const hers = after.slice(0, 2).map((d) => JSON.parse(d.body));
    for (const [i, body] of hers.entries()) {
      expect(body.id).toBe(JSON.parse(before[i]!.body).id);
      expect(body.data).toMatchObject({ subscriberId: s.id, email: 'erased' });
    }
    expect(after.slice(2).map((d) => JSON.parse(d.body).data.email)).toEqual([
      'anaxb@example.org',
      'anaxb@example.org',
    ]);
    expect([a.id, b.id]).toEqual(after.slice(2).map((d) => d.endpoint_id));
    // Still tried again when due, with "erased" where the address was.
    clock = new Date(clock.getTime() + 2 * 60_000);
    receiver.received.length = 0;
    await drain();
    expect(receiver.received).toHaveLength(4);
    expect(receiver.received.filter((r) => r.body.includes('"email":"erased"'))).toHaveLength(2);
  });

  it('posts action.taken when an action counts: at the confirmation, then at once for a confirmed address', async () => {
    await addEndpoint({ events: ['action.taken'] });
    const ua = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'mexico-adrian-vasquez-further-information')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('urgent_actions')
      .set({ act_before: '2099-12-31' })
      .where('article_id', '=', ua.id)
      .execute();
    // Her browser, trusted once she confirmed from it.
    let browser: { cookie: string } | undefined;
    const act = async (channel: string, detail: string) => {
      client++;
      const res = await t.app.inject({
        method: 'POST',
        url: `/actions/${ua.id}/done`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          'x-forwarded-for': `10.98.0.${client}`,
          ...browser,
        },
        payload: formBody({
          name: 'Rosa',
          email: 'rosa.acts@example.org',
          keep_informed: 'no',
          wording: '',
          source_page: '/articles/mexico-adrian-vasquez-further-information',
          channel,
          detail,
          leave_empty: '',
        }),
      });
      expect(res.statusCode, res.body.slice(0, 400)).toBe(303);
    };
    await act('call', 'answered');
    // Not counted before the address is confirmed: nothing told.
    expect(await deliveries()).toEqual([]);
    await t.worker.runDue();
    const mail = await t.db
      .selectFrom('mail_outbox')
      .select('text_body')
      .where('to_address', '=', 'rosa.acts@example.org')
      .executeTakeFirstOrThrow();
    const link =
      /http:\/\/candle\.test(\/actions\/confirm\/[A-Za-z0-9_-]{43})/.exec(mail.text_body)?.[1] ?? '';
    const confirmed = await t.app.inject({
      method: 'POST',
      url: link,
      headers: { 'sec-fetch-site': 'same-origin' },
    });
    expect(confirmed.statusCode).toBe(200);
    browser = cookieSetBy(confirmed);
    await act('post', 'mastodon');
    const events = (await deliveries()).map((d) => JSON.parse(d.body).data);
    const reference = (
      await t.db.selectFrom('articles').select('reference').where('id', '=', ua.id).executeTakeFirstOrThrow()
    ).reference;
    expect(events).toMatchObject([
      { urgentActionId: ua.id, reference, channel: 'call' },
      { urgentActionId: ua.id, reference, channel: 'post' },
    ]);
    expect(JSON.stringify(events)).not.toContain('rosa');
  });

  it('retries an endpoint that answers 500 after the backoff, and the request never waits for it', async () => {
    const endpoint = await addEndpoint({ events: ['action.taken'] });
    receiver.plan.push('error');
    const test = await admin.post(`/admin/webhooks/${endpoint.id}/test`, {});
    expect(test.statusCode).toBe(303);
    expect(receiver.received).toHaveLength(0); // queued, not sent by the request

    await drain();
    expect(receiver.received).toHaveLength(1);
    let [delivery] = await deliveries();
    expect(delivery).toMatchObject({ event: 'ping', status: 'failed', attempts: 1, last_status: 500 });
    expect(new Date(delivery!.next_attempt_at).getTime()).toBe(clock.getTime() + 60_000);

    // Not before its time.
    clock = new Date(clock.getTime() + 59_000);
    await drain();
    expect(receiver.received).toHaveLength(1);

    clock = new Date(clock.getTime() + 1_000);
    await drain();
    expect(receiver.received).toHaveLength(2);
    [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, last_status: 200, last_error: '' });
    // The same body both times, signed afresh for each try's time.
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect(receiver.received[1]!.headers['x-candle-timestamp']).not.toBe(
      receiver.received[0]!.headers['x-candle-timestamp'],
    );
  });

  it('counts no answer as a failure, gives up after the sixth try, shows it dead and sends it again', async () => {
    const endpoint = await addEndpoint({ events: ['action.taken'] });
    receiver.plan.push('silent', 'error', 'error', 'error', 'error', 'error');
    await t.db.transaction().execute((trx) =>
      emitEvent(
        trx,
        'action.taken',
        {
          urgentActionId: 7,
          reference: 'UA 12/26',
          actionId: 40,
          channel: 'email',
          takenAt: clock.toISOString(),
        },
        clock,
      ),
    );
    await drain();
    let [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, last_status: null });
    expect(delivery!.last_error).toMatch(/no answer within/);

    for (const minutes of [1, 5, 30, 120, 360]) {
      clock = new Date(clock.getTime() + minutes * 60_000);
      await drain();
    }
    expect(receiver.received).toHaveLength(6);
    [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'dead', attempts: 6, last_status: 500 });
    // Nothing more is tried, however long one waits.
    clock = new Date(clock.getTime() + 24 * 60 * 60_000);
    await drain();
    expect(receiver.received).toHaveLength(6);

    admin = await logIn(t.app, 'admin@candle.test');
    const dashboard = await admin.get('/admin');
    expect(dashboard.body).toContain('Webhook deliveries given up');
    expect(dashboard.body).toContain('1 dead');
    const page = await admin.get(`/admin/webhooks/${endpoint.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Dead');
    expect(page.body).toContain('UA 12/26');
    expect(page.body).toContain(`name="delivery" value="${delivery!.id}"`);

    const resent = await admin.post(`/admin/webhooks/${endpoint.id}/resend`, {
      delivery: String(delivery!.id),
    });
    expect(resent.statusCode).toBe(303);
    await drain();
    expect(receiver.received).toHaveLength(7);
    expect((await admin.get('/admin')).body).not.toContain('Webhook deliveries given up');
    [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'sent', attempts: 1, last_status: 200 });
    // A delivery that is not dead is not sent again.
    expect(
      (await admin.post(`/admin/webhooks/${endpoint.id}/resend`, { delivery: String(delivery!.id) }))
        .statusCode,
    ).toBe(303);
    await drain();
    expect(receiver.received).toHaveLength(7);
    const audited = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'webhook.resent')
      .execute();
    expect(audited.length).toBeGreaterThan(0);
  });

  it('emits many events of one kind in one call, reading the endpoints once: each event to each endpoint subscribed, one id per event', async () => {
    const first = await addEndpoint({ events: ['action.taken'] });
    const second = await addEndpoint({ events: ['action.taken', 'reply.recorded'] });
    await addEndpoint({ events: ['reply.recorded'] });
    // Every statement the call sends, to count its reads of the endpoints.
    const tables: string[] = [];
    const watched = t.db.withPlugin({
      transformQuery: ({ node }) => {
        if (node.kind === 'SelectQueryNode') tables.push(JSON.stringify(node.from));
        return node;
      },
      transformResult: async ({ result }) => result,
    });
    const taken = [11, 12, 13].map((actionId) => ({
      urgentActionId: 3,
      reference: 'UA 58/20',
      actionId,
      channel: 'call',
      takenAt: clock.toISOString(),
    }));
    const queued = await watched
      .transaction()
      .execute((trx) => emitEvents(trx, 'action.taken', taken, clock));
    expect(queued).toBe(6);
    expect(tables.filter((f) => f.includes('webhook_endpoints'))).toHaveLength(1);
    expect(await watched.transaction().execute((trx) => emitEvents(trx, 'action.taken', [], clock))).toBe(0);
    expect(tables.filter((f) => f.includes('webhook_endpoints'))).toHaveLength(1);

    const rows = (await deliveries()).map((d) => ({ endpoint: d.endpoint_id, ...JSON.parse(d.body) }));
    expect(rows.map((r) => r.endpoint).sort()).toEqual(
      [first.id, first.id, first.id, second.id, second.id, second.id].sort(),
    );
    // Each event once per endpoint, under one id at both; three events, three ids.
    for (const endpoint of [first.id, second.id])
      expect(
        rows
          .filter((r) => r.endpoint === endpoint)
          .map((r) => r.data.actionId)
          .sort(),
      ).toEqual([11, 12, 13]);
    const ids = new Map<number, Set<string>>();
    for (const r of rows) ids.set(r.data.actionId, (ids.get(r.data.actionId) ?? new Set()).add(r.id));
    expect([...ids.values()].map((s) => s.size)).toEqual([1, 1, 1]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
    expect(new Set(rows.map((r) => r.event))).toEqual(new Set(['action.taken']));

    await drain();
    expect(receiver.received).toHaveLength(6);
    expect((await deliveries()).map((d) => d.status)).toEqual(rows.map(() => 'sent'));
  });

  it('emits nothing for a change that rolled back, and nothing to an endpoint that is off', async () => {
    const on = await addEndpoint({ events: ['outcome.recorded'] });
    const off = await addEndpoint({ events: ['outcome.recorded'] });
    expect((await admin.post(`/admin/webhooks/${off.id}/active`, { active: '0' })).statusCode).toBe(303);
    const data = {
      urgentActionId: 3,
      reference: null,
      outcomeId: 1,
      outcome: 'released',
      note: '',
      recordedAt: clock.toISOString(),
      change: 'recorded' as const,
    };

    await expect(
      t.db.transaction().execute(async (trx) => {
        await emitEvent(trx, 'outcome.recorded', data, clock);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await deliveries()).toEqual([]);
    expect(
      await t.db.selectFrom('jobs').select('id').where('kind', '=', 'webhooks.deliver').execute(),
    ).toEqual([]);

    await t.db.transaction().execute((trx) => emitEvent(trx, 'outcome.recorded', data, clock));
    expect((await deliveries()).map((d) => d.endpoint_id)).toEqual([on.id]);
    await drain();
    expect(receiver.received).toHaveLength(1);
  });

  it('refuses at send time an address that is private, however it was saved', async () => {
    const at = clock.toISOString();
    await t.db
      .insertInto('webhook_endpoints')
      .values({
        url: 'https://10.0.0.5/hook',
        secret: 'whsec_x',
        events: '["action.taken"]',
        created_at: at,
        updated_at: at,
      })
      .execute();
    await t.db
      .transaction()
      .execute((trx) =>
        emitEvent(
          trx,
          'action.taken',
          { urgentActionId: 1, reference: null, actionId: 1, channel: 'call', takenAt: at },
          clock,
        ),
      );
    await drain();
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, last_status: null });
    expect(delivery!.last_error).toContain('address refused (private)');
  });

  it('sends to a name, checking the address it resolves to (localhost: loopback, allowed)', async () => {
    const endpoint = await addEndpoint({
      url: hookUrl.replace('127.0.0.1', 'localhost'),
      events: ['action.taken'],
    });
    expect((await admin.post(`/admin/webhooks/${endpoint.id}/test`, {})).statusCode).toBe(303);
    await drain();
    const [delivery] = await deliveries();
    expect(delivery, delivery?.last_error).toMatchObject({ status: 'sent', last_status: 200 });
    expect(receiver.received).toHaveLength(1);
  });

  it('takes up a delivery left claimed by a worker that died, once its claim ends', async () => {
    await addEndpoint({ events: ['action.taken'] });
    await t.db
      .transaction()
      .execute((trx) =>
        emitEvent(
          trx,
          'action.taken',
          { urgentActionId: 1, reference: null, actionId: 2, channel: 'email', takenAt: clock.toISOString() },
          clock,
        ),
      );
    // Another worker claimed it and died before marking it.
    const claimedUntil = new Date(clock.getTime() + 60_000).toISOString();
    await t.db
      .updateTable('webhook_deliveries')
      .set({ status: 'sending', attempts: 1, claimed_until: claimedUntil })
      .execute();
    await drain();
    expect(receiver.received).toHaveLength(0);
    clock = new Date(clock.getTime() + 61_000);
    await drain();
    expect(receiver.received).toHaveLength(1);
    expect((await deliveries())[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('tells of a deleted reply and outcome with the same kinds, change "deleted", in the deletion’s transaction, signed', async () => {
    const endpoint = await addEndpoint({ events: ['reply.recorded', 'outcome.recorded'] });
    const campaigner = await logIn(t.app, 'campaigner@candle.test');
    const ua = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'mexico-adrian-vasquez-further-information')
      .executeTakeFirstOrThrow();
    const target = await t.db
      .selectFrom('ua_action_targets')
      .select('target_id')
      .where('article_id', '=', ua.id)
      .executeTakeFirstOrThrow();
    const recordedAt = '2026-12-01T09:00:00.000Z';
    const replyRow = await t.db
      .insertInto('ua_replies')
      .values({
        article_id: ua.id,
        target_id: target.target_id,
        received_on: '2026-11-30',
        channel: 'letter',
        summary: 'Recorded against the wrong urgent action.',
        attachment_id: null,
        visibility: 'public',
        created_at: recordedAt,
        updated_at: recordedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const outcomeRow = await t.db
      .insertInto('ua_outcomes')
      .values({
        article_id: ua.id,
        kind: 'released',
        occurred_on: '2026-11-30',
        source: 'A rumour',
        summary: 'Released, said a rumour that proved false.',
        attachment_id: null,
        visibility: 'public',
        good_news_id: null,
        created_at: recordedAt,
        updated_at: recordedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const purgesBefore = (await t.db.selectFrom('cache_purges').select('id').execute()).length;

    // An entry that is not there (or not on this urgent action): nothing deleted, nothing told.
    expect((await campaigner.post(`/admin/actions/${ua.id}/replies/999999/delete`, {})).statusCode).toBe(404);
    expect(await deliveries()).toEqual([]);

    // A deletion whose transaction fails at its last write (the purge log) tells no one and keeps
    // the entry: the event is written in the deletion's transaction.
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
      const failed = await campaigner.post(`/admin/actions/${ua.id}/replies/${replyRow.id}/delete`, {});
      expect(failed.statusCode).toBe(500);
    } finally {
      await sql`drop trigger fail_purge${dialectUnderTest === 'postgres' ? sql` on cache_purges` : sql``}`.execute(
        t.db,
      );
      if (dialectUnderTest === 'postgres') await sql`drop function fail_purge()`.execute(t.db);
    }
    expect(await deliveries()).toEqual([]);
    expect(
      await t.db.selectFrom('ua_replies').select('id').where('id', '=', replyRow.id).execute(),
    ).toHaveLength(1);

    expect(
      (await campaigner.post(`/admin/actions/${ua.id}/replies/${replyRow.id}/delete`, {})).statusCode,
    ).toBe(303);
    expect(
      (await campaigner.post(`/admin/actions/${ua.id}/outcomes/${outcomeRow.id}/delete`, {})).statusCode,
    ).toBe(303);
    // Queued when the deletion committed, with the entry gone, its audit entry and its purge.
    expect((await deliveries()).map((d) => [d.event, d.status])).toEqual([
      ['reply.recorded', 'queued'],
      ['outcome.recorded', 'queued'],
    ]);
    expect(await t.db.selectFrom('ua_replies').select('id').where('id', '=', replyRow.id).execute()).toEqual(
      [],
    );
    expect(
      await t.db.selectFrom('ua_outcomes').select('id').where('id', '=', outcomeRow.id).execute(),
    ).toEqual([]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', 'in', ['urgent-action.reply.delete', 'urgent-action.outcome.delete'])
      .execute();
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'urgent-action.reply.delete', entity_id: String(replyRow.id) },
        { action: 'urgent-action.outcome.delete', entity_id: String(outcomeRow.id) },
      ]),
    );
    const purges = await t.db.selectFrom('cache_purges').select('keys').orderBy('id').execute();
    expect(purges.slice(purgesBefore).map((p) => p.keys.split(' '))).toEqual([
      expect.arrayContaining([`ua:${ua.id}`]),
      expect.arrayContaining([`ua:${ua.id}`]),
    ]);

    await drain();
    expect(receiver.received).toHaveLength(2);
    const bodies = receiver.received.map((got) => {
      const headers = {
        timestamp: got.headers['x-candle-timestamp'] as string,
        signature: got.headers['x-candle-signature'] as string,
      };
      expect(verifySignature(endpoint.secret, headers, got.body, clock)).toBe(true);
      expect(verifySignature(`${endpoint.secret}x`, headers, got.body, clock)).toBe(false);
      return JSON.parse(got.body) as { event: string; data: Record<string, unknown> };
    });
    expect(bodies.map((b) => b.event).sort()).toEqual(['outcome.recorded', 'reply.recorded']);
    expect(bodies.find((b) => b.event === 'reply.recorded')!.data).toEqual({
      urgentActionId: ua.id,
      reference: 'UA 87/20',
      replyId: replyRow.id,
      targetId: target.target_id,
      recordedAt,
      change: 'deleted',
    });
    // The deleted outcome's words are not sent again.
    expect(bodies.find((b) => b.event === 'outcome.recorded')!.data).toEqual({
      urgentActionId: ua.id,
      reference: 'UA 87/20',
      outcomeId: outcomeRow.id,
      outcome: 'released',
      note: '',
      recordedAt,
      change: 'deleted',
    });
  });

  it('is for administrators only', async () => {
    const endpoint = await addEndpoint({ events: ['action.taken'] });
    for (const role of ['campaigner', 'editor']) {
      const session = await logIn(t.app, `${role}@candle.test`);
      expect((await session.get('/admin/webhooks')).statusCode).toBe(403);
      expect((await session.get(`/admin/webhooks/${endpoint.id}`)).statusCode).toBe(403);
      expect((await session.post(`/admin/webhooks/${endpoint.id}/delete`, {})).statusCode).toBe(403);
    }
    const menu = await admin.get('/admin');
    expect(menu.body).toContain('href="/admin/webhooks"');
    expect((await admin.post(`/admin/webhooks/${endpoint.id}/delete`, {})).statusCode).toBe(303);
    expect(await t.db.selectFrom('webhook_endpoints').select('id').execute()).toEqual([]);
  });

  it('refuses a bad address, a private one or an unknown event with 400, keeping the form', async () => {
    const cases: Array<[Record<string, string | string[]>, string]> = [
      [{ url: 'not a url', events: ['action.taken'] }, 'Enter the full address'],
      [{ url: 'http://hooks.example.org/x', events: ['action.taken'] }, 'must start with https://'],
      [{ url: 'https://10.0.0.5/hook', events: ['action.taken'] }, 'private network'],
      [{ url: 'https://[fe80::1]/hook', events: ['action.taken'] }, 'private network'],
      [{ url: 'https://169.254.169.254/latest', events: ['action.taken'] }, 'private network'],
      [{ url: hookUrl, events: ['action.deleted'] }, 'Choose at least one event'],
      [{ url: hookUrl, events: [] }, 'Choose at least one event'],
    ];
    for (const [form, message] of cases) {
      const res = await admin.post('/admin/webhooks', {
        description: 'Our CRM <b>',
        include_emails: '1',
        ...form,
      });
      expect(res.statusCode, JSON.stringify(form)).toBe(400);
      expect(res.body).toContain(message);
      // What was typed comes back (escaped).
      expect(res.body).toContain('value="Our CRM &lt;b>"');
      expect(res.body).toMatch(/name="include_emails" value="1" checked/);
    }
    expect(await t.db.selectFrom('webhook_endpoints').select('id').execute()).toEqual([]);
  });
});
