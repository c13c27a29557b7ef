import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formBody, logIn, makeUser } from '../support/admin.js';
import { type TestApp, testApp } from '../support/app.js';

/**
 * Double opt-in and the consent ledger, through the app as a browser uses it (issue 12): one
 * confirmation mail and nothing else before confirming, the same answer whatever the address's
 * state, links that expire and confirm once, refusals that keep what was typed, and the proof an
 * administrator can download.
 */

let t: TestApp;
let clock = new Date('2026-12-01T10:00:00Z');
let mexico: number;
let torture: number;
let client = 0;

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  const country = await t.db
    .selectFrom('countries')
    .select('id')
    .where('slug', '=', 'mexico')
    .executeTakeFirstOrThrow();
  const topic = await t.db.selectFrom('topics').select('id').orderBy('id').executeTakeFirstOrThrow();
  mexico = country.id;
  torture = topic.id;
});
afterAll(() => t?.close());

beforeEach(async () => {
  clock = new Date('2026-12-01T10:00:00Z');
  // A fresh client address per test, so the per-client limit only bites in the test about it.
  client++;
  await t.db.deleteFrom('subscribers').execute();
  await t.db.deleteFrom('mail_outbox').execute();
  await t.db.deleteFrom('jobs').execute();
});

async function wordingHash(): Promise<string> {
  const page = await t.app.inject({ method: 'GET', url: '/subscribe' });
  return /name="wording" value="([0-9a-f]{64})"/.exec(page.body)?.[1] ?? '';
}

let posts = 0;

/**
 * Sends the form as a browser without JavaScript would (no proof of work), each time from a
 * client address of its own so the tight limit for that only bites in the test about it; then
 * runs the request's job, as the worker would (subscribe-proof-of-work.test.ts has the rest).
 */
async function post(form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  posts++;
  const res = await t.app.inject({
    method: 'POST',
    url: '/subscribe',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': `10.${client}.${Math.floor(posts / 250)}.${posts % 250}`,
      ...headers,
    },
    payload: formBody(form),
  });
  await t.worker.runDue();
  return res;
}

async function validForm(overrides: Record<string, string | string[]> = {}) {
  return {
    email: `  Ana.Lopez${client}@Example.ORG `,
    name: 'Ana',
    language: 'en',
    frequency: 'daily',
    follow: [`country:${mexico}`, `topic:${torture}`],
    consent: 'yes',
    wording: await wordingHash(),
    source_page: '/subscribe?country=mexico',
    source_form: 'subscribe-page',
    ...overrides,
  };
}

/** Delivers the queued mail to the outbox and returns all of it. */
async function outbox() {
  await t.worker.runDue();
  return t.db.selectFrom('mail_outbox').selectAll().orderBy('id').execute();
}

const linkIn = (text: string, kind: 'confirm' | 'manage') =>
  new RegExp(`http://candle\\.test(/subscribe/${kind}/[A-Za-z0-9_-]{43})`).exec(text)?.[1] ?? '';

const confirmPost = (path: string) =>
  t.app.inject({ method: 'POST', url: path, headers: { 'sec-fetch-site': 'same-origin' } });

/** How many hourly sweeps of requests ran (other rooms' recurring jobs run beside them). */
const sweepsRun = async () =>
  (
    await t.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'subscriptions.expire')
      .where('status', '=', 'done')
      .execute()
  ).length;

describe('the subscribe page', () => {
  it('pre-selects what its link names, by slug, and ignores what it does not know', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: '/subscribe?utm_source=news&country=mexico&topic=no-such-topic&fbclid=x',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`value="country:${mexico}" checked`));
    expect(page.body.match(/type="checkbox" name="follow" value="[^"]+" checked/g)).toHaveLength(1);
    // The page it was opened on travels with the form, to be recorded with the consent.
    expect(page.body).toContain(
      'name="source_page" value="/subscribe?country=mexico&amp;topic=no-such-topic"',
    );
    expect(page.body).not.toMatch(/name="consent"[^>]*checked/);
  });
});

describe('double opt-in', () => {
  it('sends only the confirmation, records the wording shown, and confirms from the link once', async () => {
    const form = await validForm();
    const res = await post(form);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Check your inbox');

    const subscriber = await t.db.selectFrom('subscribers').selectAll().executeTakeFirstOrThrow();
    expect(subscriber).toMatchObject({
      email: `ana.lopez${client}@example.org`,
      status: 'pending',
      frequency: 'daily',
      confirmed_at: null,
    });

    const mail = await outbox();
    expect(mail).toHaveLength(1);
    expect(mail[0]!.to_address).toBe(`ana.lopez${client}@example.org`);
    expect(mail[0]!.subject).toBe('Confirm your subscription to Candle');
    const link = linkIn(mail[0]!.text_body, 'confirm');
    expect(link).not.toBe('');
    const token = link.split('/').pop()!;

    const [requested] = await t.db.selectFrom('consent_events').selectAll().execute();
    expect(requested).toMatchObject({
      kind: 'requested',
      source_page: '/subscribe?country=mexico',
      source_form: 'subscribe-page',
      wording_hash: form.wording,
      token_hash: sha256(token),
      ip: null,
    });
    const wording = await t.db.selectFrom('consent_wordings').selectAll().executeTakeFirstOrThrow();
    expect(sha256(wording.text)).toBe(wording.hash);
    expect(wording.text).toContain('I agree that Candle may email me');
    // The token itself is nowhere in the database.
    expect(JSON.stringify(await t.db.selectFrom('subscriber_tokens').selectAll().execute())).not.toContain(
      token,
    );

    // Opening the link changes nothing (mail scanners open links); pressing the button confirms.
    const shown = await t.app.inject({ method: 'GET', url: link });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Confirm my subscription');
    expect((await t.db.selectFrom('subscribers').select('status').executeTakeFirstOrThrow()).status).toBe(
      'pending',
    );

    clock = new Date('2026-12-02T09:00:00Z');
    const confirmed = await confirmPost(link);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('Subscription confirmed');
    expect(await t.db.selectFrom('subscribers').selectAll().executeTakeFirstOrThrow()).toMatchObject({
      status: 'confirmed',
      confirmed_at: '2026-12-02T09:00:00.000Z',
    });
    const follows = await t.db
      .selectFrom('subscriber_follows')
      .select(['kind', 'target_id'])
      .orderBy('kind')
      .execute();
    expect(follows).toEqual([
      { kind: 'country', target_id: mexico },
      { kind: 'topic', target_id: torture },
    ]);
    const events = await t.db.selectFrom('consent_events').selectAll().orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['requested', 'confirmed']);
    expect(events[1]).toMatchObject({ wording_hash: form.wording, token_hash: sha256(token) });

    // A replayed link is refused with a way to a fresh one; nothing more is recorded or sent.
    const again = await confirmPost(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('already been used');
    expect(again.body).toContain('href="/subscribe"');
    expect(await t.db.selectFrom('consent_events').select('id').execute()).toHaveLength(2);
    expect(await outbox()).toHaveLength(1);
  });

  it('refuses a tampered link', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/subscribe/confirm/${'A'.repeat(43)}` });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('not one we sent');
    const short = await confirmPost('/subscribe/confirm/abc');
    expect(short.statusCode).toBe(404);
  });

  it('refuses a link after 7 days, and the hourly sweep then deletes the request and its events', async () => {
    await post(await validForm());
    const link = linkIn((await outbox())[0]!.text_body, 'confirm');
    clock = new Date('2026-12-08T10:01:00Z');
    const late = await confirmPost(link);
    expect(late.statusCode).toBe(410);
    expect(late.body).toContain('more than 7 days old');
    expect((await t.db.selectFrom('subscribers').select('status').executeTakeFirstOrThrow()).status).toBe(
      'pending',
    );

    await t.scheduleRecurringJobs();
    clock = new Date('2026-12-08T11:00:00Z');
    await t.worker.runDue();
    expect(await sweepsRun()).toBe(1);
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('consent_events').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('subscriber_follows').select('kind').execute()).toEqual([]);
    // The sweep queued the next one, an hour on.
    const next = await t.db
      .selectFrom('jobs')
      .select(['kind', 'run_at'])
      .where('status', '=', 'queued')
      .where('kind', '=', 'subscriptions.expire')
      .execute();
    expect(next).toEqual([{ kind: 'subscriptions.expire', run_at: '2026-12-08T12:00:00.000Z' }]);
  });

  it('keeps a request younger than 7 days through the sweep', async () => {
    await post(await validForm());
    clock = new Date('2026-12-08T09:59:00Z');
    await t.scheduleRecurringJobs();
    clock = new Date('2026-12-08T10:00:00Z');
    await t.worker.runDue();
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toHaveLength(1);
  });

  it('gives each request its own 7 days: asked again on day 6, the address survives the sweep of day 8', async () => {
    await post(await validForm());
    clock = new Date('2026-12-07T10:00:00Z');
    await post(await validForm());
    const link = linkIn((await outbox())[1]!.text_body, 'confirm');
    clock = new Date('2026-12-09T09:59:00Z');
    await t.scheduleRecurringJobs();
    clock = new Date('2026-12-09T10:00:00Z');
    await t.worker.runDue();
    expect(await sweepsRun()).toBe(1);
    expect((await confirmPost(link)).statusCode).toBe(200);
    const events = await t.db.selectFrom('consent_events').select('kind').orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['requested', 'requested', 'confirmed']);
  });

  it('gives the same answer for a subscribed address, mails a manage link, and changes nothing', async () => {
    const first = await post(await validForm());
    const link = linkIn((await outbox())[0]!.text_body, 'confirm');
    await confirmPost(link);

    const second = await post(await validForm({ frequency: 'weekly', follow: 'everything' }));
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);

    const mail = await outbox();
    expect(mail.map((m) => m.subject)).toEqual([
      'Confirm your subscription to Candle',
      'You are already subscribed to Candle',
    ]);
    const manage = linkIn(mail[1]!.text_body, 'manage');
    expect(manage).not.toBe('');
    expect(await t.db.selectFrom('subscribers').select(['frequency', 'status']).execute()).toEqual([
      { frequency: 'daily', status: 'confirmed' },
    ]);
    expect(await t.db.selectFrom('subscriber_follows').select('kind').orderBy('kind').execute()).toEqual([
      { kind: 'country' },
      { kind: 'topic' },
    ]);
    // The mailed link opens the one preference centre, the page of every message's signed link.
    const moved = await t.app.inject({ method: 'GET', url: manage });
    expect(moved.statusCode).toBe(303);
    expect(String(moved.headers.location)).toMatch(/^\/subscribe\/preferences\/[\w.-]+$/);
    const page = await t.app.inject({ method: 'GET', url: String(moved.headers.location) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`value="country:${mexico}" checked`));
    expect(page.body).toMatch(/value="daily" checked/);
    expect(page.body).not.toContain('name="email"');
  });

  it('lets a confirmed subscriber change their choices from the manage link, recorded as changed', async () => {
    await post(await validForm());
    await confirmPost(linkIn((await outbox())[0]!.text_body, 'confirm'));
    await post(await validForm());
    const mailed = linkIn((await outbox())[1]!.text_body, 'manage');
    const manage = String((await t.app.inject({ method: 'GET', url: mailed })).headers.location);
    const send = (form: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: manage,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          ...headers,
        },
        payload: formBody(form),
      });
    const wording = await wordingHash();

    const bad = await send({
      name: 'Ana',
      language: 'en',
      frequency: 'hourly',
      follow: 'everything',
      wording,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose how often');
    expect(bad.body).toContain('value="everything" checked');
    expect(
      (
        await send(
          { frequency: 'weekly', follow: 'everything', language: 'en', wording },
          { 'sec-fetch-site': 'cross-site' },
        )
      ).statusCode,
    ).toBe(403);

    const saved = await send({
      name: 'Ana M.',
      language: 'en',
      frequency: 'weekly',
      follow: 'everything',
      wording,
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Saved. Your choices apply from now on.');
    expect(await t.db.selectFrom('subscribers').select(['name', 'frequency', 'status']).execute()).toEqual([
      { name: 'Ana M.', frequency: 'weekly', status: 'confirmed' },
    ]);
    expect(await t.db.selectFrom('subscriber_follows').select('kind').execute()).toEqual([
      { kind: 'everything' },
    ]);
    const changed = await t.db
      .selectFrom('consent_events')
      .selectAll()
      .where('kind', '=', 'changed')
      .executeTakeFirstOrThrow();
    expect(changed).toMatchObject({
      source_page: '/subscribe/preferences',
      source_form: 'preferences-page',
      wording_hash: wording,
      token_hash: sha256(manage.split('/').pop()!),
    });
    expect(JSON.parse(changed.details!)).toMatchObject({
      frequency: 'weekly',
      follows: [{ kind: 'everything', targetId: 0 }],
    });

    // A form posted to the mailed link follows it (307) with its body.
    const through = await t.app.inject({
      method: 'POST',
      url: mailed,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: formBody({ language: 'en', frequency: 'weekly', follow: 'everything', wording }),
    });
    expect(through.statusCode).toBe(307);
    expect(String(through.headers.location)).toMatch(/^\/subscribe\/preferences\//);

    // The mailed link lasts 7 days (the signed page it opens, 30, like every message's).
    clock = new Date('2026-12-08T10:01:00Z');
    expect((await t.app.inject({ method: 'GET', url: mailed })).statusCode).toBe(410);
    expect((await t.app.inject({ method: 'POST', url: mailed })).statusCode).toBe(410);
    expect(
      (await t.db.selectFrom('subscribers').select('frequency').executeTakeFirstOrThrow()).frequency,
    ).toBe('weekly');
  });

  it('mails nothing but confirmations to an address that keeps asking, and at most 3 an hour', async () => {
    for (let i = 0; i < 5; i++) expect((await post(await validForm())).statusCode).toBe(200);
    const mail = await outbox();
    expect(mail).toHaveLength(3);
    expect(new Set(mail.map((m) => m.subject))).toEqual(new Set(['Confirm your subscription to Candle']));
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toHaveLength(1);
    // Every mail job was one of those mails (beside each request's own job): nothing else is on
    // its way to the address.
    const jobs = await t.db
      .selectFrom('jobs')
      .select('kind')
      .where('kind', '!=', 'subscriptions.request')
      .execute();
    expect(jobs.map((j) => j.kind)).toEqual(['mail.send', 'mail.send', 'mail.send']);
    // The limit is counted in the database, by the hour: an hour on, one more may go.
    clock = new Date(clock.getTime() + 61 * 60_000);
    await post(await validForm());
    expect(await outbox()).toHaveLength(4);
  });

  it('applies, on confirmation, what that link’s own request asked for', async () => {
    await post(await validForm({ frequency: 'weekly' }));
    await post(await validForm({ frequency: 'each', follow: 'everything' }));
    const [older, newer] = await outbox();
    // The newer request's link confirms the newer choices.
    await confirmPost(linkIn(newer!.text_body, 'confirm'));
    expect(
      (await t.db.selectFrom('subscribers').select('frequency').executeTakeFirstOrThrow()).frequency,
    ).toBe('each');
    expect(await t.db.selectFrom('subscriber_follows').select('kind').execute()).toEqual([
      { kind: 'everything' },
    ]);
    // The older link no longer works: it would confirm choices the person replaced.
    expect((await confirmPost(linkIn(older!.text_body, 'confirm'))).statusCode).toBe(404);
  });
});

describe('an address that was subscribed before', () => {
  it('asks an unsubscribed person to confirm again, changing nothing until they do', async () => {
    await post(await validForm());
    await confirmPost(linkIn((await outbox())[0]!.text_body, 'confirm'));
    await t.db.updateTable('subscribers').set({ status: 'unsubscribed' }).execute();

    const again = await post(await validForm({ frequency: 'weekly', follow: 'everything' }));
    expect(again.statusCode).toBe(200);
    const mail = await outbox();
    expect(mail.map((m) => m.subject)).toEqual([
      'Confirm your subscription to Candle',
      'Confirm your subscription to Candle',
    ]);
    expect(await t.db.selectFrom('subscribers').select(['status', 'frequency']).execute()).toEqual([
      { status: 'unsubscribed', frequency: 'daily' },
    ]);
    await confirmPost(linkIn(mail[1]!.text_body, 'confirm'));
    expect(await t.db.selectFrom('subscribers').select(['status', 'frequency']).execute()).toEqual([
      { status: 'confirmed', frequency: 'weekly' },
    ]);
    const events = await t.db.selectFrom('consent_events').select('kind').orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['requested', 'confirmed', 'requested', 'confirmed']);
  });

  it('sends a suppressed address nothing at all, with the same answer', async () => {
    const first = await post(await validForm());
    await t.db.updateTable('subscribers').set({ status: 'suppressed' }).execute();
    await t.db.deleteFrom('jobs').execute();
    await t.db.deleteFrom('mail_outbox').execute();
    const again = await post(await validForm());
    expect(again.statusCode).toBe(200);
    expect(again.body).toBe(first.body);
    expect(await outbox()).toEqual([]);
    expect(await t.db.selectFrom('consent_events').select('kind').execute()).toEqual([{ kind: 'requested' }]);
  });
});

describe('a confirmation link', () => {
  it('confirms once when pressed twice at the same moment', async () => {
    await post(await validForm());
    const link = linkIn((await outbox())[0]!.text_body, 'confirm');
    const both = await Promise.all([confirmPost(link), confirmPost(link)]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 410]);
    const events = await t.db.selectFrom('consent_events').select('kind').orderBy('id').execute();
    expect(events.map((e) => e.kind)).toEqual(['requested', 'confirmed']);
  });

  it('tells browsers not to pass its address on', async () => {
    await post(await validForm());
    const link = linkIn((await outbox())[0]!.text_body, 'confirm');
    const page = await t.app.inject({ method: 'GET', url: link });
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    const form = await t.app.inject({ method: 'GET', url: '/subscribe' });
    expect(form.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });
});

describe('bad input', () => {
  it('refuses malformed fields with a 400, the form again with every value kept, and writes nothing', async () => {
    const res = await post(
      await validForm({
        email: 'ana@example.org\r\nBcc: everyone@example.org',
        name: 'Ana\nBcc: x@example.org',
        follow: [`country:${mexico}`, 'country:abc'],
        consent: '',
        frequency: 'hourly',
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('Enter an email address like name@example.org.');
    expect(res.body).toContain('Your name cannot contain line breaks');
    expect(res.body).toContain('Tick the box to agree');
    expect(res.body).toContain('Choose how often');
    expect(res.body).toContain('value="ana@example.org\nBcc: everyone@example.org"');
    expect(res.body).toMatch(new RegExp(`value="country:${mexico}" checked`));
    expect(res.body).toContain('id="field-email"');
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('jobs').select('id').execute()).toEqual([]);
  });

  it('refuses an overlong address, no follows and an unknown follow, beside the fields', async () => {
    const long = await post(await validForm({ email: `${'a'.repeat(250)}@example.org` }));
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('can be at most 254 characters');
    const none = await post(await validForm({ follow: [] }));
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Choose at least one thing to follow.');
    const unknown = await post(await validForm({ follow: 'country:999999' }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Choose at least one thing to follow.');
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toEqual([]);
  });

  it('refuses a wording nobody was shown, and re-shows the current one', async () => {
    const res = await post(await validForm({ wording: 'f'.repeat(64) }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The wording of this form changed');
    expect(res.body).toContain(`value="${await wordingHash()}"`);
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toEqual([]);
  });

  it('answers a JSON body of the wrong shapes with a 400, never a 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${client}` },
      payload: JSON.stringify({ email: { $ne: 1 }, follow: [{}], name: ['a', 'b'], consent: true }),
    });
    expect(res.statusCode).toBe(400);
  });

  it('refuses a form posted from another site, keeping nothing of it', async () => {
    const res = await post(await validForm(), { 'sec-fetch-site': 'cross-site' });
    expect(res.statusCode).toBe(403);
    expect(res.body.toLowerCase()).not.toContain('ana.lopez');
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toEqual([]);
  });

  it('limits sign-ups per client address, keeping what was typed', async () => {
    const one = { 'x-forwarded-for': `198.51.100.${client}` };
    for (let i = 0; i < 3; i++) await post({ email: 'x' }, one);
    const res = await post(await validForm(), one);
    expect(res.statusCode).toBe(429);
    expect(res.body).toContain('Too many sign-ups');
    expect(res.body).toContain(`value="  Ana.Lopez${client}@Example.ORG "`);
    expect(await t.db.selectFrom('subscribers').select('id').execute()).toEqual([]);
  });
});

describe('consent proof in the admin', () => {
  it('shows every event with its wording, exports CSV and JSON, and records the export', async () => {
    await post(await validForm());
    await confirmPost(linkIn((await outbox())[0]!.text_body, 'confirm'));
    await makeUser(t.db, 'admin', 'root@candle.test');
    const admin = await logIn(t.app, 'root@candle.test');

    const page = await admin.get(`/admin/subscribers/consent?email=ANA.LOPEZ${client}%40example.org`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`ana.lopez${client}@example.org: confirmed`);
    expect(page.body).toContain('I agree that Candle may email me');
    expect(page.body.match(/<tr>/g)).toHaveLength(3);

    const csv = await admin.get(
      `/admin/subscribers/consent/export?email=ana.lopez${client}%40example.org&format=csv`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="consent-\d+\.csv"$/);
    const lines = csv.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      '"email","time","event","source_page","source_form","wording_hash","wording_text","token_hash","ip","details"',
    );
    expect(lines[1]).toContain('"requested","/subscribe?country=mexico","subscribe-page"');
    expect(lines[2]).toContain('"confirmed","/subscribe/confirm","confirm-page"');

    const json = await admin.get(
      `/admin/subscribers/consent/export?email=ana.lopez${client}%40example.org&format=json`,
    );
    const proof = JSON.parse(json.body);
    expect(proof.subscriber.email).toBe(`ana.lopez${client}@example.org`);
    expect(proof.events.map((e: { event: string }) => e.event)).toEqual(['requested', 'confirmed']);
    expect(sha256(proof.events[0].wording_text)).toBe(proof.events[0].wording_hash);

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'summary'])
      .where('action', '=', 'subscriber.consent-exported')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]!.summary).toMatch(/^Exported the consent record of subscriber \d+ \(csv\)$/);

    const unknown = await admin.get('/admin/subscribers/consent?email=nobody%40example.org');
    expect(unknown.body).toContain('No subscriber has this address.');
  });

  it('is for administrators and campaigners, not editors or authors', async () => {
    await makeUser(t.db, 'editor', 'ed@candle.test');
    await makeUser(t.db, 'campaigner', 'camp@candle.test');
    const editor = await logIn(t.app, 'ed@candle.test');
    expect((await editor.get('/admin/subscribers/consent')).statusCode).toBe(403);
    expect((await editor.get('/admin/subscribers/consent/export?email=a%40b.org')).statusCode).toBe(403);
    const campaigner = await logIn(t.app, 'camp@candle.test');
    expect((await campaigner.get('/admin/subscribers/consent')).statusCode).toBe(200);
  });
});

describe('the client address in the ledger', () => {
  it('is kept only when the operator turns it on', async () => {
    const on = await testApp({ demo: false, env: { CONSENT_RECORD_IP: 'on' } });
    try {
      await on.db.insertInto('regions').values({ slug: 'americas', name: 'Americas' }).execute();
      const page = await on.app.inject({ method: 'GET', url: '/subscribe' });
      const wording = /name="wording" value="([0-9a-f]{64})"/.exec(page.body)?.[1] ?? '';
      const res = await on.app.inject({
        method: 'POST',
        url: '/subscribe',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '203.0.113.9' },
        payload: formBody({
          email: 'b@example.org',
          language: 'en',
          frequency: 'each',
          follow: 'everything',
          consent: 'yes',
          wording,
        }),
      });
      expect(res.statusCode).toBe(200);
      await on.worker.runDue();
      const event = await on.db
        .selectFrom('consent_events')
        .select(['ip', 'source_page', 'source_form'])
        .executeTakeFirstOrThrow();
      expect(event).toEqual({ ip: '203.0.113.9', source_page: '', source_form: 'subscribe-page' });
    } finally {
      await on.close();
    }
  });
});
