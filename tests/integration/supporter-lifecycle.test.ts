import { generateKeyPairSync } from 'node:crypto';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, logIn, makeUser } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { mailHtmlProblems } from '../support/mail-html.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';

/**
 * One supporter's whole life with Candle, as issue 12 asks it to be walked (on both databases,
 * through a real SMTP peer that parses every message): subscribe from the Mexico page's link,
 * confirm from the mail, get an alert when an item is published, switch to a daily digest, get
 * the digest at its hour, leave with one click from the digest, then erase everything.
 */

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 1024,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

let t: TestApp;
let smtp: SmtpPeer;
let clock = new Date('2026-12-01T06:00:00Z');
let mexico: number;

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({
    now: () => clock,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Candle <alerts@news.example.org>',
      DKIM_DOMAIN: 'news.example.org',
      DKIM_SELECTOR: 'candle2026',
      DKIM_PRIVATE_KEY: privateKey,
      UNSUBSCRIBE_MAILTO: 'unsubscribe@news.example.org',
    },
  });
  await makeUser(t.db, 'editor');
  mexico = (
    await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function drain() {
  for (let i = 0; i < 50; i++) if ((await t.worker.runDue()) === 0) return;
  throw new Error('jobs kept coming');
}

const browser = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
const pathOf = (url: string) => url.replace(/^http:\/\/candle\.test/, '');
const header = (mail: ParsedMail, name: string) =>
  mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');

let published = 0;
async function publish(title: string) {
  const editor = await logIn(t.app, 'editor@candle.test');
  const res = await editor.post('/admin/articles/new', {
    title,
    type: 'urgent-action',
    summary: `What happened: ${title}.`,
    body: 'Write to the Governor.',
    countries: [String(mexico)],
    slug: `lifecycle-${++published}`,
    version: '0',
    action: 'publish',
  });
  expect(res.statusCode).toBe(303);
  await drain();
}

/**
 * Every message is signed; alerts and digests carry both parts and link nowhere but the site
 * (the confirmation is plain text: a link and what it is for).
 */
function checkMessage(mail: ParsedMail, parts: 'text' | 'both' = 'both') {
  expect(header(mail, 'dkim-signature')).toMatch(/d=news\.example\.org;.*s=candle2026;/s);
  expect(mail.text).toBeTruthy();
  if (parts === 'text') return;
  expect(mail.html).toBeTruthy();
  expect(mailHtmlProblems(String(mail.html), 'http://candle.test/')).toEqual([]);
}

describe(`a supporter from sign-up to erasure on ${dialectUnderTest}`, () => {
  it('subscribes, confirms, is alerted, gets a digest, leaves with one click and erases their data', async () => {
    const email = 'ana.lopez@example.org';

    // 1. From the Mexico page's "Subscribe to Mexico" link, without JavaScript.
    const form = await t.app.inject({ method: 'GET', url: '/subscribe?country=mexico' });
    expect(form.statusCode).toBe(200);
    const wording = /name="wording" value="([0-9a-f]{64})"/.exec(form.body)![1]!;
    const asked = await t.app.inject({
      method: 'POST',
      url: '/subscribe',
      headers: { ...browser, 'x-forwarded-for': '10.20.30.40' },
      payload: formBody({
        email,
        name: 'Ana',
        language: 'en',
        frequency: 'each',
        follow: [`country:${mexico}`],
        consent: 'yes',
        wording,
        source_page: '/subscribe?country=mexico',
        source_form: 'subscribe-page',
      }),
    });
    expect(asked.statusCode).toBe(200);
    await drain();
    // The only mail before confirming: the confirmation itself.
    expect(smtp.received).toHaveLength(1);
    const confirmation = smtp.received[0]!.parsed;
    checkMessage(confirmation, 'text');
    expect(smtp.received[0]!.to).toEqual([email]);
    const confirmPath = /http:\/\/candle\.test(\/subscribe\/confirm\/[\w-]{43})/.exec(
      String(confirmation.text),
    )![1]!;

    // 2. Confirms: a page with a button (a link scanner's GET confirms nothing), then the press.
    const page = await t.app.inject({ method: 'GET', url: confirmPath });
    expect(page.statusCode).toBe(200);
    expect((await t.db.selectFrom('subscribers').select('status').executeTakeFirstOrThrow()).status).toBe(
      'pending',
    );
    const confirmed = await t.app.inject({ method: 'POST', url: confirmPath, headers: browser });
    expect(confirmed.statusCode).toBe(200);

    // 3. An item about Mexico is published: one alert, signed, with RFC 8058 one-click headers.
    await publish('Defenders detained in Oaxaca');
    expect(smtp.received).toHaveLength(2);
    const alert = smtp.received[1]!.parsed;
    checkMessage(alert);
    expect(alert.subject).toBe('Defenders detained in Oaxaca');
    expect(alert.text).toContain('What happened: Defenders detained in Oaxaca.');
    expect(header(alert, 'list-unsubscribe')).toMatch(
      /^<http:\/\/candle\.test\/subscribe\/unsubscribe\/[\w.-]+>,\s+<mailto:unsubscribe@news\.example\.org\?subject=[^>]+>$/,
    );
    expect(header(alert, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');

    // 4. From the alert's signed preference link: a daily digest from now on.
    const preferences = pathOf(
      /http:\/\/candle\.test\/subscribe\/preferences\/[\w.-]+/.exec(String(alert.text))![0],
    );
    const centre = await t.app.inject({ method: 'GET', url: preferences });
    expect(centre.statusCode).toBe(200);
    const shown = /name="wording" value="([0-9a-f]{64})"/.exec(centre.body)![1]!;
    const changed = await t.app.inject({
      method: 'POST',
      url: preferences,
      headers: browser,
      payload: formBody({
        name: 'Ana',
        language: 'en',
        frequency: 'daily',
        follow: [`country:${mexico}`],
        wording: shown,
      }),
    });
    expect(changed.statusCode).toBe(200);

    // 5. Two more items: nothing at once; one digest with both at the digest hour (08:00 UTC).
    await publish('A court hearing is postponed');
    await publish('Families ask for news of the disappeared');
    expect(smtp.received).toHaveLength(2);
    clock = new Date('2026-12-01T08:00:00Z');
    await t.scheduleRecurringJobs();
    await drain();
    clock = new Date('2026-12-02T08:00:00Z');
    await drain();
    expect(smtp.received).toHaveLength(3);
    const digest = smtp.received[2]!.parsed;
    checkMessage(digest);
    expect(digest.text).toContain('A court hearing is postponed');
    expect(digest.text).toContain('Families ask for news of the disappeared');
    expect(digest.text).not.toContain('Defenders detained in Oaxaca');

    // 6. One click from the digest's header: a single POST, no cookie, no second question.
    const unsubscribe = pathOf(/^<([^>]+)>/.exec(String(header(digest, 'list-unsubscribe')))![1]!);
    const left = await t.app.inject({
      method: 'POST',
      url: unsubscribe,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(left.statusCode).toBe(200);
    await publish('A new urgent action for Mexico');
    clock = new Date('2026-12-03T08:00:00Z');
    await drain();
    expect(smtp.received).toHaveLength(3);

    // 7. Erases everything from the same preference link; only a salted hash stays.
    const erased = await t.app.inject({
      method: 'POST',
      url: `${preferences}/erase`,
      headers: browser,
      payload: 'confirm=yes',
    });
    expect(erased.statusCode).toBe(200);
    expect(await t.db.selectFrom('subscribers').selectAll().execute()).toEqual([]);
    expect(await t.db.selectFrom('consent_events').selectAll().execute()).toEqual([]);
    const suppressions = await t.db.selectFrom('suppressions').selectAll().execute();
    expect(suppressions).toHaveLength(1);
    expect(JSON.stringify(suppressions)).not.toContain('example.org');
    expect(smtp.received).toHaveLength(3);
  });
});
