import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { articleIdOf } from '../support/content.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';
import { confirmedSupporter, trustedBrowser } from '../support/trusted-browser.js';

/**
 * The email channel's letter in each official's language (issue 13): a supporter who sends the
 * letter as the form offered it (the sample in the governor's Spanish) has each official written
 * to in their own working language, the Spanish governor in Spanish and the English-speaking
 * ambassador in copy in English, each with their own salutation; a supporter who edited it has
 * their words, as written, sent to both. The stored letters say which language each is in.
 */

let t: TestApp;
let smtp: SmtpPeer;
// A Monday: 11:00 in Tijuana, 14:00 in Ottawa, both offices open.
let clock = new Date('2020-07-06T18:00:00Z');
let open: number;
let ip = 0;

const PATH = '/articles/mexico-adrian-vasquez-further-information';
const GOVERNOR = 'gobernador@bc-demo.example.org';
const AMBASSADOR = 'embajada@mx-demo.example.org';
const ES = {
  language: 'es',
  subject: 'Adrián Vásquez: reparación',
  body: 'Le escribo por Adrián Vásquez.\n\nLe pido que repare el daño causado.\n\nAtentamente,',
};
const EN = {
  language: 'en',
  subject: 'Adrián Vásquez: reparation',
  body: 'I am writing about Adrián Vásquez.\n\nI ask you to repair the harm done.\n\nYours sincerely,',
};

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({
    now: () => clock,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Candle <actions@candle.test>' },
  });
  open = await articleIdOf(t.db, 'mexico-adrian-vasquez-further-information');
  await t.db.deleteFrom('ua_letter_templates').where('article_id', '=', open).execute();
  await t.db
    .insertInto('ua_letter_templates')
    .values([ES, EN].map((l) => ({ article_id: open, ...l })))
    .execute();
  // The ambassador in copy works in English here (the governor, the target, in Spanish).
  await t.db
    .updateTable('ua_targets')
    .set({ language: 'en', salutation: 'Your Excellency' })
    .where('email', '=', AMBASSADOR)
    .execute();
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A confirmed supporter and the browser they confirmed from: their action counts at once. */
async function confirmedSupporterBrowser(email: string) {
  await confirmedSupporter(t.db, email, clock);
  return trustedBrowser(t.db, email, clock);
}

function send(
  email: string,
  letter: { subject: string; body: string },
  browser: { cookie: string },
  prefix = '',
) {
  ip++;
  return t.app.inject({
    method: 'POST',
    url: `${prefix}/actions/${open}/email`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': `198.51.100.${ip}`,
      ...browser,
    },
    payload: formBody({
      name: 'Ana Torres',
      email,
      city: 'Montréal',
      country: 'Canada',
      ...letter,
      wording: '',
      source_page: PATH,
      leave_empty: '',
    }),
  });
}

const fromHtml = (html: string) =>
  html
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/** The letter the page's form offers, as a browser sends it back untouched (CRLF line ends). */
async function offered(path = PATH): Promise<{ subject: string; body: string }> {
  const page = await t.app.inject({ method: 'GET', url: path });
  expect(page.statusCode).toBe(200);
  const subject = /<input(?=[^>]*name="subject")[^>]*value="([^"]*)"/.exec(page.body)?.[1];
  const body = /<textarea(?=[^>]*name="body")[^>]*>([\s\S]*?)<\/textarea>/.exec(page.body)?.[1];
  expect(subject).toBeDefined();
  expect(body).toBeDefined();
  return { subject: fromHtml(subject!), body: fromHtml(body!).replace(/\n/g, '\r\n') };
}

const lettersOf = (email: string) =>
  t.db
    .selectFrom('ua_letters as l')
    .innerJoin('ua_actions_taken as a', 'a.id', 'l.action_id')
    .innerJoin('ua_supporters as s', 's.id', 'a.supporter_id')
    .innerJoin('ua_targets as o', 'o.id', 'l.target_id')
    .select(['o.email', 'l.role', 'l.language', 'l.subject', 'l.status'])
    .where('s.email', '=', email)
    .orderBy('l.id')
    .execute();

/** The one mail an official received from a supporter (by its Reply-To). */
function mailTo(official: string, supporter: string) {
  const mails = smtp.to(official).filter((m) => m.parsed.replyTo?.value.some((v) => v.address === supporter));
  expect(mails).toHaveLength(1);
  return mails[0]!.parsed;
}

describe(`the letter to each official, on ${dialectUnderTest}`, () => {
  it('left as offered, goes to each official in their own working language', async () => {
    const letter = await offered();
    // The form offers the governor's language.
    expect(letter.subject).toBe(ES.subject);
    const email = 'unedited@example.org';
    const res = await send(email, letter, await confirmedSupporterBrowser(email));
    expect(res.statusCode, res.body).toBe(303);
    expect(await lettersOf(email)).toEqual([
      { email: GOVERNOR, role: 'target', language: 'es', subject: ES.subject, status: 'queued' },
      { email: AMBASSADOR, role: 'copy', language: 'en', subject: EN.subject, status: 'queued' },
    ]);
    await t.worker.runDue();
    const governor = mailTo(GOVERNOR, email);
    expect(governor.subject).toBe(ES.subject);
    expect(governor.text).toBe(`Señor Gobernador,\n\n${ES.body}\n\nAna Torres\nMontréal, Canada\n`);
    const ambassador = mailTo(AMBASSADOR, email);
    expect(ambassador.subject).toBe(EN.subject);
    expect(ambassador.text).toBe(`Your Excellency,\n\n${EN.body}\n\nAna Torres\nMontréal, Canada\n`);
  });

  it('edited, goes to every official as the supporter wrote it', async () => {
    // A minute on: the dispatcher is kicked at most once a second.
    clock = new Date(clock.getTime() + 60_000);
    const letter = await offered();
    const edited = {
      subject: letter.subject,
      body: letter.body.replace('Le pido que', 'Como madre, le pido que'),
    };
    const email = 'edited@example.org';
    const res = await send(email, edited, await confirmedSupporterBrowser(email));
    expect(res.statusCode, res.body).toBe(303);
    expect(await lettersOf(email)).toEqual([
      { email: GOVERNOR, role: 'target', language: 'es', subject: ES.subject, status: 'queued' },
      { email: AMBASSADOR, role: 'copy', language: 'es', subject: ES.subject, status: 'queued' },
    ]);
    await t.worker.runDue();
    const words = ES.body.replace('Le pido que', 'Como madre, le pido que');
    expect(mailTo(GOVERNOR, email).text).toBe(
      `Señor Gobernador,\n\n${words}\n\nAna Torres\nMontréal, Canada\n`,
    );
    const ambassador = mailTo(AMBASSADOR, email);
    expect(ambassador.subject).toBe(ES.subject);
    expect(ambassador.text).toBe(`Your Excellency,\n\n${words}\n\nAna Torres\nMontréal, Canada\n`);
  });

  it('offered on the French page in French when the governor’s language has none, and known as unedited', async () => {
    clock = new Date(clock.getTime() + 60_000);
    const FR = {
      language: 'fr',
      subject: 'Adrián Vásquez : réparation',
      body: 'Je vous écris au sujet d’Adrián Vásquez.\n\nJe vous demande de réparer le tort causé.',
    };
    // No Spanish sample: the form offers the reader's language, French on the French page.
    await t.db.deleteFrom('ua_letter_templates').where('article_id', '=', open).execute();
    await t.db
      .insertInto('ua_letter_templates')
      .values([EN, FR].map((l) => ({ article_id: open, ...l })))
      .execute();
    const frenchPage = '/fr/articles/mexique-adrian-vasquez-complement-d-information';
    try {
      const letter = await offered(frenchPage);
      expect(letter.subject).toBe(FR.subject);
      const email = 'lectrice@example.org';
      const res = await send(email, letter, await confirmedSupporterBrowser(email), '/fr');
      expect(res.statusCode, res.body).toBe(303);
      // Unedited: the governor (no Spanish sample) gets the French one as offered, the ambassador
      // his own English sample; an edit would have sent the French words to both.
      expect(await lettersOf(email)).toEqual([
        { email: GOVERNOR, role: 'target', language: 'fr', subject: FR.subject, status: 'queued' },
        { email: AMBASSADOR, role: 'copy', language: 'en', subject: EN.subject, status: 'queued' },
      ]);
    } finally {
      await t.db.deleteFrom('ua_letter_templates').where('article_id', '=', open).execute();
      await t.db
        .insertInto('ua_letter_templates')
        .values([ES, EN].map((l) => ({ article_id: open, ...l })))
        .execute();
    }
  });
});
