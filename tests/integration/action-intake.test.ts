import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/accounts/index.js';
import { sendConfirmation } from '../../src/actions/taking/supporters.js';
import { inTransaction } from '../../src/platform/db/errors.js';
import { formBody } from '../support/admin.js';
import { type TestApp, testApp } from '../support/app.js';
import { confirmedSupporter, cookieSetBy, trustedBrowser } from '../support/trusted-browser.js';

/**
 * Taking action (issue 13): the email form and "I did it" through the app, on both databases. An
 * action is recorded at once and counts when the address is confirmed; one per (urgent action,
 * channel, supporter); closed actions, bad links, header injection, over-long letters, the
 * honeypot, the limits per client and a target without email each get a clear answer, and nothing
 * is recorded or sent that should not be.
 */

let t: TestApp;
// A Monday afternoon, within the demo's update's dates (loaded 2020-07-01, open for 60 days).
let clock = new Date('2020-07-06T15:00:00Z');
let open: number;
let openPath: string;
let closed: number;
let ip = 0;
/** Ana's browser once she pressed her confirmation button in it: the cookie it was given. */
let anasBrowser: { cookie: string };

const PATH = '/articles/mexico-adrian-vasquez-further-information';

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  const idOf = async (slug: string) =>
    (await t.db.selectFrom('articles').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
  open = await idOf('mexico-adrian-vasquez-further-information');
  openPath = PATH;
  closed = await idOf('kenya-nasieku-lemayian-arrested');
  // A sample letter in the governor's language and its translation, in place of the demo's, so
  // the test knows the words (the editor writes these).
  await t.db.deleteFrom('ua_letter_templates').where('article_id', '=', open).execute();
  await t.db
    .insertInto('ua_letter_templates')
    .values([
      {
        article_id: open,
        language: 'es',
        subject: 'Adrián Vásquez: reparación',
        body: 'Le escribo para pedirle que repare el daño causado.',
      },
      {
        article_id: open,
        language: 'en',
        subject: 'Adrián Vásquez: reparation',
        body: 'I am writing to ask you to repair the harm done.',
      },
    ])
    .execute();
});
afterAll(async () => {
  await t?.close();
});

const wording = async () => {
  const page = await t.app.inject({ method: 'GET', url: openPath });
  return /name="wording" value="([0-9a-f]{64})"/.exec(page.body)![1]!;
};

function post(url: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  ip++;
  return t.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': `198.51.100.${ip % 250}`,
      ...headers,
    },
    payload: formBody(form),
  });
}

const letterForm = (email: string, extra: Record<string, string> = {}) => ({
  name: 'Ana Torres',
  email,
  city: 'Montréal',
  country: 'Canada',
  subject: 'Adrián Vásquez: reparación',
  body: 'Le escribo para pedirle que repare el daño causado.',
  wording: '',
  source_page: PATH,
  leave_empty: '',
  ...extra,
});

const supporter = (email: string) =>
  t.db.selectFrom('ua_supporters').selectAll().where('email', '=', email).executeTakeFirst();
const actionsOf = async (email: string) => {
  const s = await supporter(email);
  if (!s) return [];
  return t.db
    .selectFrom('ua_actions_taken')
    .selectAll()
    .where('supporter_id', '=', s.id)
    .orderBy('id')
    .execute();
};
const lettersOf = async (email: string) => {
  const actions = await actionsOf(email);
  if (actions.length === 0) return [];
  return t.db
    .selectFrom('ua_letters')
    .selectAll()
    .where(
      'action_id',
      'in',
      actions.map((a) => a.id),
    )
    .orderBy('id')
    .execute();
};

/** The confirmation link mailed to an address, read from the outbox after the worker ran. */
async function linkFor(email: string): Promise<string> {
  await t.worker.runDue();
  const mail = await t.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', email)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  expect(mail.subject).toBe('Confirm your action with Candle');
  return /http:\/\/candle\.test(\/actions\/confirm\/[\w-]{43})/.exec(mail.text_body)![1]!;
}

describe('the urgent action’s page', () => {
  it('offers the email form with the letter in the governor’s language and its translation beside it', async () => {
    const page = await t.app.inject({ method: 'GET', url: openPath });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`action="/actions/${open}/email"`);
    expect(page.body).toContain('Le escribo para pedirle que repare el daño causado.');
    expect(page.body).toContain('I am writing to ask you to repair the harm done.');
    expect(page.body).toContain('<altcha-widget challenge="/subscribe/challenge"');
    // "Keep me informed" is never ticked in advance.
    expect(page.body).toMatch(/<input type="checkbox" name="keep_informed" value="yes"\/?>/);
    expect(page.body).not.toMatch(/name="keep_informed"[^>]*checked/);
  });

  it('offers nothing on an urgent action no longer open', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/articles/kenya-nasieku-lemayian-arrested' });
    expect(page.body).not.toContain('/email"');
  });
});

describe('an action by email', () => {
  it('is recorded pending with its letters waiting, then counted and queued when the address is confirmed', async () => {
    const email = 'ana@example.org';
    const res = await post(`/actions/${open}/email`, letterForm('Ana@Example.org '));
    // On to the thanks page (post/redirect/get): a reload there sends nothing again.
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`/actions/${open}/thanks`);
    expect(res.headers['cache-control']).toBe('no-store');
    // One page for everyone who acted: it names no address, so it is a cached public page.
    const thanks = await t.app.inject({ method: 'GET', url: String(res.headers.location) });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Thank you');
    expect(thanks.body).toContain(`href="${PATH}"`);
    expect(thanks.body).toContain('name="robots" content="noindex"');
    expect(thanks.body).toContain('action="/actions/link"');
    expect(thanks.body.toLowerCase()).not.toContain('ana@example.org');
    expect(thanks.headers['cache-control']).toMatch(/^public/);
    expect(thanks.headers['surrogate-key']).toContain(`article:${open}`);

    expect(await supporter(email)).toMatchObject({
      name: 'Ana Torres',
      city: 'Montréal',
      confirmed_at: null,
    });
    const [action] = await actionsOf(email);
    expect(action).toMatchObject({ channel: 'email', state: 'pending', source_page: PATH, hear_back: 0 });
    // One letter to the governor, one to the ambassador in copy: both wait for the confirmation.
    const letters = await lettersOf(email);
    expect(letters.map((l) => [l.role, l.status, l.language])).toEqual([
      ['target', 'waiting', 'es'],
      ['copy', 'waiting', 'es'],
    ]);

    const path = await linkFor(email);
    // Opening the link (as a mail scanner would) confirms nothing: only the button does.
    const shown = await t.app.inject({ method: 'GET', url: path });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Confirm my address');
    expect(shown.headers['referrer-policy']).toBe('no-referrer');
    expect((await supporter(email))?.confirmed_at).toBeNull();

    const confirmed = await post(path, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.body).toContain('Address confirmed');
    expect((await supporter(email))?.confirmed_at).not.toBeNull();
    // The browser the button was pressed in is trusted from now on: a cookie for /actions only.
    const set = String([confirmed.headers['set-cookie']].flat()[0]);
    expect(set).toMatch(/^candle_supporter=\d+\.\d+\.[\w-]{43};/);
    expect(set).toContain('Path=/actions');
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Lax');
    anasBrowser = cookieSetBy(confirmed);
    expect((await actionsOf(email)).map((a) => a.state)).toEqual(['counted']);
    expect((await lettersOf(email)).map((l) => l.status)).toEqual(['queued', 'queued']);
    const kicks = await t.db
      .selectFrom('jobs')
      .select('kind')
      .where('kind', '=', 'actions.letters.dispatch')
      .execute();
    expect(kicks.length).toBeGreaterThan(0);
    // The counters hear of it: their fragment's purge is queued.
    const purges = await t.db
      .selectFrom('jobs')
      .select('payload')
      .where('kind', '=', 'actions.counts-purge')
      .execute();
    expect(purges.map((p) => JSON.parse(p.payload).articleId)).toContain(open);
  });

  it('is thanked and not counted again when the same supporter repeats it; another channel counts at once', async () => {
    const email = 'ana@example.org';
    const again = await post(`/actions/${open}/email`, letterForm(email), anasBrowser);
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toBe(`/actions/${open}/thanks`);
    expect((await actionsOf(email)).length).toBe(1);
    expect((await lettersOf(email)).length).toBe(2);

    const called = await post(
      `/actions/${open}/done`,
      {
        channel: 'call',
        detail: 'voicemail',
        name: 'Ana Torres',
        email,
        wording: '',
        source_page: PATH,
      },
      anasBrowser,
    );
    expect(called.statusCode, called.body).toBe(303);
    const actions = await actionsOf(email);
    expect(actions.map((a) => [a.channel, a.state, a.detail])).toEqual([
      ['email', 'counted', ''],
      ['call', 'counted', 'voicemail'],
    ]);
  });

  it('keeps the "keep me informed" wording the supporter saw, by its hash', async () => {
    const hash = await wording();
    const res = await post(`/actions/${open}/done`, {
      channel: 'post',
      detail: 'mastodon',
      name: 'Bea',
      email: 'bea@example.org',
      keep_informed: 'yes',
      wording: hash,
    });
    expect(res.statusCode, res.body).toBe(303);
    const [action] = await actionsOf('bea@example.org');
    expect(action).toMatchObject({ hear_back: 1, wording_hash: hash, detail: 'mastodon', state: 'pending' });
    const kept = await t.db
      .selectFrom('consent_wordings')
      .selectAll()
      .where('hash', '=', hash)
      .executeTakeFirst();
    expect(kept?.text).toMatch(/^Keep me informed/);
    expect(sha256(kept!.text)).toBe(hash);
    // A wording nobody was shown is refused, with the form kept.
    const forged = await post(`/actions/${open}/done`, {
      channel: 'post',
      name: 'Bea',
      email: 'bea2@example.org',
      keep_informed: 'yes',
      wording: 'f'.repeat(64),
    });
    expect(forged.statusCode).toBe(400);
    expect(await supporter('bea2@example.org')).toBeUndefined();
  });
});

describe('a confirmed address', () => {
  /** A supporter confirmed earlier, from some other browser: written as the confirmation leaves them. */
  const confirmedElsewhere = (email: string) =>
    confirmedSupporter(t.db, email, clock, { name: 'Carmen Ruiz', city: 'Québec', country: 'Canada' });
  const mailsTo = async (email: string) => {
    await t.worker.runDue();
    return t.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).orderBy('id').execute();
  };
  /** What a form's answer tells: its status, where it leads and what it says. */
  const answerOf = (res: { statusCode: number; headers: Record<string, unknown>; body: string }) => ({
    status: res.statusCode,
    location: res.headers.location,
    body: res.body,
  });

  it('from a browser without its cookie waits for a fresh link like a new address: pending, letters waiting, a mail, the same page', async () => {
    const email = 'carmen@example.org';
    await confirmedElsewhere(email);
    const res = await post(`/actions/${open}/email`, letterForm(email));
    expect(res.statusCode, res.body).toBe(303);
    const [action] = await actionsOf(email);
    expect(action).toMatchObject({ state: 'pending', counted_at: null });
    expect((await lettersOf(email)).map((l) => l.status)).toEqual(['waiting', 'waiting']);
    // Nothing counted: no letter goes, no tally moves.
    const tally = await t.db
      .selectFrom('ua_action_tallies')
      .select((eb) => eb.fn.sum<number>('actions').as('n'))
      .where('article_id', '=', open)
      .where('channel', '=', 'email')
      .executeTakeFirst();
    const mails = await mailsTo(email);
    expect(mails.map((m) => m.subject)).toEqual(['Confirm your action with Candle']);
    // To her alone, so it may say what happened: her address, from a browser not confirmed in.
    expect(mails[0]!.text_body).toContain('from a browser it was not confirmed in');
    expect(mails[0]!.text_body).not.toContain('your address is deleted');
    // A stranger who typed the address learns nothing: the page says what it says to a new address.
    const stranger = await post(`/actions/${open}/email`, letterForm('stranger.new@example.org'));
    expect(answerOf(res)).toEqual(answerOf(stranger));

    // Her link, pressed in this browser: the action counts, the letters go, the browser is trusted.
    const path = await linkFor(email);
    const confirmed = await post(path, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    const browser = cookieSetBy(confirmed);
    expect((await actionsOf(email)).map((a) => a.state)).toEqual(['counted']);
    expect((await lettersOf(email)).map((l) => l.status)).toEqual(['queued', 'queued']);
    const after = await t.db
      .selectFrom('ua_action_tallies')
      .select((eb) => eb.fn.sum<number>('actions').as('n'))
      .where('article_id', '=', open)
      .where('channel', '=', 'email')
      .executeTakeFirst();
    expect(Number(after?.n ?? 0)).toBe(Number(tally?.n ?? 0) + 1);
    // Her next action from it counts at once, with no mail.
    const before = (await mailsTo(email)).length;
    const called = await post(
      `/actions/${open}/done`,
      { channel: 'call', detail: 'answered', name: 'Carmen Ruiz', email, wording: '', source_page: PATH },
      browser,
    );
    expect(called.statusCode).toBe(303);
    expect(called.headers.location).toBe(`/actions/${open}/thanks`);
    expect((await actionsOf(email)).map((a) => [a.channel, a.state])).toEqual([
      ['email', 'counted'],
      ['call', 'counted'],
    ]);
    expect((await mailsTo(email)).length).toBe(before);
  });

  it('counts at once from a browser carrying its cookie, with the letters queued', async () => {
    const email = 'dolores@example.org';
    await confirmedElsewhere(email);
    const res = await post(`/actions/${open}/email`, letterForm(email), await trustedBrowser(t.db, email));
    expect(res.statusCode, res.body).toBe(303);
    expect((await actionsOf(email)).map((a) => a.state)).toEqual(['counted']);
    expect((await lettersOf(email)).map((l) => l.status)).toEqual(['queued', 'queued']);
    expect(await mailsTo(email)).toEqual([]);
  });

  it('waits from a browser carrying another supporter’s cookie, a forged one or an expired one', async () => {
    const email = 'elena@example.org';
    await confirmedElsewhere(email);
    const others = await trustedBrowser(t.db, 'dolores@example.org');
    expect((await post(`/actions/${open}/email`, letterForm(email), others)).statusCode).toBe(303);
    const own = await trustedBrowser(t.db, email);
    const forged = { cookie: own.cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) };
    const done = (channel: string, cookie: { cookie: string }) =>
      post(
        `/actions/${open}/done`,
        { channel, name: 'Elena', email, wording: '', source_page: PATH },
        cookie,
      );
    expect((await done('letter', forged)).statusCode).toBe(303);
    // Set more than a year before now: run out.
    const old = await trustedBrowser(t.db, email, new Date(clock.getTime() - 400 * 24 * 60 * 60_000));
    expect((await done('post', old)).statusCode).toBe(303);
    expect((await actionsOf(email)).map((a) => [a.channel, a.state])).toEqual([
      ['email', 'pending'],
      ['letter', 'pending'],
      ['post', 'pending'],
    ]);
    expect((await lettersOf(email)).map((l) => l.status)).toEqual(['waiting', 'waiting']);
    // Three forms from strangers' browsers: at most two mails an hour to the address's owner.
    expect((await mailsTo(email)).length).toBe(2);
    // A fresh link may be asked for: the address has actions waiting.
    const fresh = await post('/actions/link', { email });
    expect(fresh.statusCode).toBe(200);
    clock = new Date(clock.getTime() + 61 * 60_000);
    try {
      expect((await post('/actions/link', { email })).statusCode).toBe(200);
      expect((await mailsTo(email)).length).toBe(3);
    } finally {
      clock = new Date(clock.getTime() - 61 * 60_000);
    }
  });

  it('counts its owner’s action from her trusted browser in place of the same action waiting from a stranger’s, whose letter goes', async () => {
    const email = 'gloria@example.org';
    await confirmedElsewhere(email);
    const stranger = await post(
      `/actions/${open}/email`,
      letterForm(email, { body: 'Palabras que ella nunca escribió.' }),
    );
    expect(stranger.statusCode).toBe(303);
    expect((await actionsOf(email)).map((a) => a.state)).toEqual(['pending']);
    const browser = await trustedBrowser(t.db, email);
    // Alone, and in a group with another form: the same outcome.
    const [own] = await Promise.all([
      post(`/actions/${open}/email`, letterForm(email), browser),
      post(
        `/actions/${open}/done`,
        { channel: 'letter', name: 'Gloria', email, wording: '', source_page: PATH },
        browser,
      ),
    ]);
    expect(own!.statusCode).toBe(303);
    expect((await actionsOf(email)).map((a) => [a.channel, a.state])).toEqual([
      ['email', 'counted'],
      ['letter', 'counted'],
    ]);
    const letters = await lettersOf(email);
    expect(letters.map((l) => [l.status, l.body])).toEqual([
      ['queued', 'Le escribo para pedirle que repare el daño causado.'],
      ['queued', 'Le escribo para pedirle que repare el daño causado.'],
    ]);
    // Once counted, the same action again is a repeat, as ever.
    expect((await post(`/actions/${open}/email`, letterForm(email), browser)).statusCode).toBe(303);
    expect(await lettersOf(email)).toHaveLength(2);
  });

  it('is mailed at most twice an hour even by transactions at the same moment (another process’s), which the count alone cannot see', async () => {
    const email = 'flora@example.org';
    await confirmedElsewhere(email);
    const { id } = await t.db
      .selectFrom('ua_supporters')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const deps = { publicUrl: 'http://candle.test', siteName: 'Candle' };
    // Four at once: on PostgreSQL each counts the links before any commits (all see none).
    const sent = await Promise.all(
      Array.from({ length: 4 }, () =>
        inTransaction(t.db, (trx) => sendConfirmation(deps, trx, { id, email }, clock)),
      ),
    );
    expect(sent.filter(Boolean).length).toBeGreaterThanOrEqual(2);
    expect((await mailsTo(email)).length).toBeLessThanOrEqual(2);
  });
});

describe('refusals', () => {
  it('refuses an action on an urgent action that is not open, recording nothing', async () => {
    const res = await post(`/actions/${closed}/email`, letterForm('closed@example.org'));
    expect(res.statusCode).toBe(409);
    expect(res.body).toContain('This urgent action is no longer open');
    const done = await post(`/actions/${closed}/done`, {
      channel: 'letter',
      name: 'C',
      email: 'closed@example.org',
    });
    expect(done.statusCode).toBe(409);
    expect(await supporter('closed@example.org')).toBeUndefined();
    const unknown = await post('/actions/999999/email', letterForm('nobody@example.org'));
    expect(unknown.statusCode).toBe(404);
    const junk = await post('/actions/not-a-number/done', { channel: 'letter' });
    expect(junk.statusCode).toBe(404);
  });

  it('has no thanks page for an unknown address, an article that is not an urgent action, or a draft', async () => {
    const get = async (url: string) => (await t.app.inject({ method: 'GET', url })).statusCode;
    expect(await get('/actions/999999/thanks')).toBe(404);
    expect(await get('/actions/not-a-number/thanks')).toBe(404);
    const news = await t.db
      .selectFrom('articles')
      .select('id')
      .where('type', '!=', 'urgent-action')
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    expect(await get(`/actions/${news.id}/thanks`)).toBe(404);
    // One published later than the clock's now is not public yet.
    const other = await t.db
      .selectFrom('articles')
      .select(['id', 'published_at'])
      .where('type', '=', 'urgent-action')
      .where('id', 'not in', [open, closed])
      .where('status', '=', 'published')
      .executeTakeFirstOrThrow();
    await t.db
      .updateTable('articles')
      .set({ published_at: '2099-01-01T00:00:00.000Z' })
      .where('id', '=', other.id)
      .execute();
    try {
      expect(await get(`/actions/${other.id}/thanks`)).toBe(404);
    } finally {
      await t.db
        .updateTable('articles')
        .set({ published_at: other.published_at })
        .where('id', '=', other.id)
        .execute();
    }
    // Published now, it has one (nothing was cached while it was not).
    expect(await get(`/actions/${other.id}/thanks`)).toBe(200);
    // A closed urgent action still thanks those who acted while it was open.
    expect(await get(`/actions/${closed}/thanks`)).toBe(200);
  });

  it('refuses a form sent from another site', async () => {
    const res = await post(`/actions/${open}/email`, letterForm('foreign@example.org'), {
      origin: 'https://elsewhere.example',
    });
    expect(res.statusCode).toBe(403);
    expect(await supporter('foreign@example.org')).toBeUndefined();
  });

  it('refuses a name or an address that would write mail headers, keeping what was typed', async () => {
    const name = 'Ana\r\nBcc: everyone@example.org';
    const res = await post(`/actions/${open}/email`, letterForm('inject@example.org', { name }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Enter your name');
    expect(res.body).toContain('Le escribo para pedirle');
    const address = await post(
      `/actions/${open}/email`,
      letterForm('inject@example.org\r\nBcc: everyone@example.org'),
    );
    expect(address.statusCode).toBe(400);
    expect(address.body).toContain('Enter an email address');
    const subject = await post(
      `/actions/${open}/email`,
      letterForm('inject@example.org', { subject: 'Hi\nBcc: everyone@example.org' }),
    );
    expect(subject.statusCode).toBe(400);
    expect(await supporter('inject@example.org')).toBeUndefined();
  });

  it('refuses an empty or over-long letter with its text kept', async () => {
    const long = `Texto largo ${'x'.repeat(5000)}`;
    const res = await post(`/actions/${open}/email`, letterForm('long@example.org', { body: long }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(long);
    expect(res.body).toMatch(/at most 5,000 characters/);
    const empty = await post(`/actions/${open}/email`, letterForm('long@example.org', { body: '   \n  ' }));
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('The letter is empty');
    expect(empty.body).toContain('value="Ana Torres"');
    const missing = await post(`/actions/${open}/email`, letterForm('long@example.org', { city: '' }));
    expect(missing.statusCode).toBe(400);
    expect(await supporter('long@example.org')).toBeUndefined();
    const detail = await post(`/actions/${open}/done`, {
      channel: 'call',
      detail: 'shouted',
      name: 'D',
      email: 'detail@example.org',
    });
    expect(detail.statusCode).toBe(400);
    expect(detail.body).toContain('Choose one of the answers given');
  });

  it('thanks a robot that filled the honeypot and records nothing', async () => {
    const res = await post(
      `/actions/${open}/email`,
      letterForm('robot@example.org', { leave_empty: 'http://spam' }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(`/actions/${open}/thanks`);
    expect(await supporter('robot@example.org')).toBeUndefined();
  });

  it('limits actions per client address without a proof of work, keeping the form', async () => {
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const send = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: `/actions/${open}/done`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...from },
        payload: formBody({ channel: 'letter', name: `P${i}`, email: `p${i}@example.org` }),
      });
    for (let i = 0; i < 6; i++) expect((await send(i)).statusCode).toBe(303);
    const over = await send(6);
    expect(over.statusCode).toBe(429);
    expect(over.body).toContain('p6@example.org');
    expect(await supporter('p6@example.org')).toBeUndefined();
    expect(await supporter('p5@example.org')).toBeDefined();
  });

  it('does not offer the email channel when the targets have no email address', async () => {
    const governor = await t.db
      .selectFrom('ua_action_targets')
      .select('target_id')
      .where('article_id', '=', open)
      .where('role', '=', 'target')
      .executeTakeFirstOrThrow();
    const before = await t.db
      .selectFrom('ua_targets')
      .select('email')
      .where('id', '=', governor.target_id)
      .executeTakeFirstOrThrow();
    await t.db.updateTable('ua_targets').set({ email: '' }).where('id', '=', governor.target_id).execute();
    t.cache.purge([`ua-target:${governor.target_id}`]);
    try {
      const page = await t.app.inject({ method: 'GET', url: openPath });
      expect(page.body).not.toContain(`action="/actions/${open}/email"`);
      const res = await post(`/actions/${open}/email`, letterForm('noemail@example.org'));
      expect(res.statusCode).toBe(409);
      expect(await supporter('noemail@example.org')).toBeUndefined();
      // The other channels still count.
      const done = await post(`/actions/${open}/done`, {
        channel: 'letter',
        name: 'E',
        email: 'noemail@example.org',
      });
      expect(done.statusCode).toBe(303);
    } finally {
      await t.db
        .updateTable('ua_targets')
        .set({ email: before.email })
        .where('id', '=', governor.target_id)
        .execute();
      t.cache.purge([`ua-target:${governor.target_id}`]);
    }
  });

  it('accepts a solved proof of work once, and refuses it spent', async () => {
    // altcha-lib checks a challenge's expiry by the machine's clock: this test runs at its time,
    // with the urgent action's date moved on to match.
    const saved = clock;
    clock = new Date();
    await t.db
      .updateTable('urgent_actions')
      .set({ act_before: '2099-01-01' })
      .where('article_id', '=', open)
      .execute();
    try {
      const challenge = await t.app.inject({ method: 'GET', url: '/subscribe/challenge' });
      const c = JSON.parse(challenge.body);
      const solution = await solveChallenge({ challenge: c, deriveKey });
      const altcha = Buffer.from(JSON.stringify({ challenge: c, solution })).toString('base64');
      const first = await post(`/actions/${open}/email`, letterForm('solved@example.org', { altcha }));
      expect(first.statusCode, first.body).toBe(303);
      const counts = await t.db.selectFrom('action_client_counts').select('kind').execute();
      expect(counts.some((c) => c.kind === 'solved')).toBe(true);
      const reused = await post(`/actions/${open}/email`, letterForm('solved2@example.org', { altcha }));
      expect(reused.statusCode).toBe(400);
      expect(reused.body).toContain('solved2@example.org');
      expect(await supporter('solved2@example.org')).toBeUndefined();
    } finally {
      clock = saved;
      await t.db
        .updateTable('urgent_actions')
        .set({ act_before: '2020-08-30' })
        .where('article_id', '=', open)
        .execute();
    }
  });
});

describe('the confirmation page', () => {
  it('lists the actions waiting with their letters, counts the ticked ones and deletes the others', async () => {
    const email = 'dora@example.org';
    // Someone else typed Dora's address with their own words; then Dora called the governor.
    const stranger = await post(
      `/actions/${open}/email`,
      letterForm(email, { name: 'Dora', body: 'Words Dora never wrote, sent in her name.' }),
    );
    expect(stranger.statusCode, stranger.body).toBe(303);
    const own = await post(`/actions/${open}/done`, {
      channel: 'call',
      detail: 'answered',
      name: 'Dora',
      email,
      wording: '',
      source_page: PATH,
    });
    expect(own.statusCode, own.body).toBe(303);
    const [letter, call] = await actionsOf(email);
    expect([letter?.state, call?.state]).toEqual(['pending', 'pending']);

    const path = await linkFor(email);
    const shown = await t.app.inject({ method: 'GET', url: path });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain('Untick anything you did not do yourself');
    expect(shown.body).toContain('Words Dora never wrote, sent in her name.');
    expect(shown.body).toContain(`name="listed" value="${letter!.id}"`);
    expect(shown.body).toMatch(new RegExp(`name="action" value="${call!.id}"[^>]*checked`));

    // An action arriving after the page was shown is not on it: the press leaves it waiting.
    const later = await post(`/actions/${open}/done`, {
      channel: 'post',
      detail: 'mastodon',
      name: 'Dora',
      email,
      wording: '',
      source_page: PATH,
    });
    expect(later.statusCode).toBe(303);

    const pressed = await t.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.77' },
      payload: `listed=${letter!.id}&listed=${call!.id}&action=${call!.id}`,
    });
    expect(pressed.statusCode, pressed.body).toBe(200);
    expect(pressed.body).toContain('1 action you did not take was deleted');
    expect((await supporter(email))?.confirmed_at).not.toBeNull();
    const after = await actionsOf(email);
    expect(after.map((a) => [a.channel, a.state])).toEqual([
      ['call', 'counted'],
      ['post', 'pending'],
    ]);
    // The stranger's letters are gone, never queued.
    expect(
      await t.db.selectFrom('ua_letters').select('id').where('action_id', '=', letter!.id).execute(),
    ).toEqual([]);
  });

  it('refuses a choice it cannot read, confirming nothing', async () => {
    const email = 'eli@example.org';
    expect((await post(`/actions/${open}/email`, letterForm(email))).statusCode).toBe(303);
    const path = await linkFor(email);
    const bad = await post(path, { listed: 'first', action: 'first' });
    expect(bad.statusCode).toBe(400);
    expect((await supporter(email))?.confirmed_at).toBeNull();
    expect((await actionsOf(email)).map((a) => a.state)).toEqual(['pending']);
  });
});

describe('the confirmation link', () => {
  it('says plainly when a link is forged, expired or used, and offers a fresh one', async () => {
    const forged = await t.app.inject({ method: 'GET', url: `/actions/confirm/${'A'.repeat(43)}` });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).toContain('This confirmation link is not known');
    expect(forged.body).toContain('action="/actions/link"');
    const malformed = await post('/actions/confirm/short', {});
    expect(malformed.statusCode).toBe(404);

    const email = 'late@example.org';
    expect((await post(`/actions/${open}/done`, { channel: 'letter', name: 'L', email })).statusCode).toBe(
      303,
    );
    const path = await linkFor(email);
    const saved = clock;
    clock = new Date(clock.getTime() + 8 * 24 * 60 * 60_000);
    try {
      const expired = await post(path, {});
      expect(expired.statusCode).toBe(410);
      expect(expired.body).toContain('more than 7 days old');
    } finally {
      clock = saved;
    }
    const fresh = await post('/actions/link', { email });
    expect(fresh.statusCode).toBe(200);
    const second = await linkFor(email);
    expect(second).not.toBe(path);
    expect((await post(second, {})).statusCode).toBe(200);
    const replayed = await post(second, {});
    expect(replayed.statusCode).toBe(410);
    expect(replayed.body).toContain('already been used');
    expect((await actionsOf(email)).map((a) => a.state)).toEqual(['counted']);
  });

  it('mails an unconfirmed address again, at most twice an hour', async () => {
    const email = 'twice@example.org';
    for (const channel of ['letter', 'post', 'call']) {
      expect((await post(`/actions/${open}/done`, { channel, name: 'T', email })).statusCode).toBe(303);
    }
    await t.worker.runDue();
    const mails = await t.db.selectFrom('mail_outbox').select('id').where('to_address', '=', email).execute();
    expect(mails.length).toBe(2);
    expect((await actionsOf(email)).length).toBe(3);
  });
});

describe('the hourly sweep', () => {
  it('deletes supporters unconfirmed after 7 days with their pending actions and letters', async () => {
    const email = 'gone@example.org';
    expect((await post(`/actions/${open}/email`, letterForm(email))).statusCode).toBe(303);
    expect((await lettersOf(email)).length).toBe(2);
    const saved = clock;
    clock = new Date(clock.getTime() + 8 * 24 * 60 * 60_000);
    try {
      const { takingJobs } = await import('../../src/actions/index.js');
      const jobs = takingJobs({
        db: t.db,
        now: () => clock,
        siteName: 'Candle',
        publicUrl: 'http://candle.test',
        mailer: { concurrency: 1, send: async () => {}, close: async () => {} },
      });
      await jobs['actions.supporters.expire']!({});
    } finally {
      clock = saved;
    }
    expect(await supporter(email)).toBeUndefined();
    expect(
      await t.db
        .selectFrom('ua_letters')
        .select('id')
        .where(
          'action_id',
          'not in',
          (await t.db.selectFrom('ua_actions_taken').select('id').execute()).map((a) => a.id).concat([0]),
        )
        .execute(),
    ).toEqual([]);
    // A confirmed supporter stays.
    expect(await supporter('ana@example.org')).toBeDefined();
    // So does one whose actions from strangers' browsers were never confirmed, without those
    // actions and their letters; her counted ones stay.
    expect(await supporter('elena@example.org')).toBeDefined();
    expect(await actionsOf('elena@example.org')).toEqual([]);
    expect((await actionsOf('carmen@example.org')).map((a) => a.state)).toEqual(['counted', 'counted']);
  });
});
