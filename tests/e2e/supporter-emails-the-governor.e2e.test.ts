import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import {
  browserMissing,
  expectAccessible,
  screenshot,
  startJourney,
  stopJourney,
} from '../support/browser.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';

/**
 * A supporter emails the governor (issue 13): the letter on the urgent action's page in Spanish
 * with its English translation beside it, a mistake first and nothing typed lost, the confirmation
 * from the mail, and the letter arriving at a real SMTP peer when the governor's office opens in
 * Tijuana (under an injected clock), from Candle with Reply-To the supporter; then she opens what
 * Candle holds about her from a mailed link and erases it. JavaScript off, then on with axe on
 * every page.
 */

let t: TestApp;
let browser: Browser;
let base: string;
let smtp: SmtpPeer;
// The machine's time while the forms are used (the widget's challenges expire by it), then moved.
let clock = new Date();

const PATH = '/articles/mexico-adrian-vasquez-further-information';
const GOVERNOR = 'gobernador@bc-demo.example.org';

beforeAll(async () => {
  if (browserMissing) return;
  smtp = await smtpPeer();
  ({ t, browser, base } = await startJourney(
    { now: () => clock, env: { SMTP_URL: smtp.url, MAIL_FROM: 'Candle <actions@candle.test>' } },
    async (app) => {
      const { id } = await app.db
        .selectFrom('articles')
        .select('id')
        .where('slug', '=', 'mexico-adrian-vasquez-further-information')
        .executeTakeFirstOrThrow();
      // The demo's update is open for 60 days after the demo was loaded (2020): open it until the
      // journey's time, and give it a sample letter and its translation.
      await app.db
        .updateTable('urgent_actions')
        .set({ act_before: '2099-12-31' })
        .where('article_id', '=', id)
        .execute();
      await app.db.deleteFrom('ua_letter_templates').where('article_id', '=', id).execute();
      await app.db
        .insertInto('ua_letter_templates')
        .values([
          {
            article_id: id,
            language: 'es',
            subject: 'Reparación para Adrián Vásquez',
            body: 'Le escribo con respeto para pedirle que garantice la reparación integral a Adrián Vásquez y a su familia.',
          },
          {
            article_id: id,
            language: 'en',
            subject: 'Reparation for Adrián Vásquez',
            body: 'I write respectfully to ask you to guarantee full reparation to Adrián Vásquez and his family.',
          },
        ])
        .execute();
    },
  ));
});

afterAll(async () => {
  await stopJourney({ t, browser });
  await smtp?.close();
});

describe.skipIf(browserMissing)('a supporter emails the governor', () => {
  for (const [javaScriptEnabled, who, sunday, monday] of [
    [false, 'rosa', '2027-01-03T20:00:00Z', '2027-01-04T17:00:00Z'],
    [true, 'ines', '2027-01-10T20:00:00Z', '2027-01-11T17:00:00Z'],
  ] as const) {
    const how = javaScriptEnabled ? 'JavaScript on, every page accessible' : 'JavaScript off';
    it(`edits the sample letter, corrects a mistake, confirms from the mail, the letter goes when the office opens, and she erases her data (${how})`, async () => {
      clock = new Date();
      const check = (page: Page) => (javaScriptEnabled ? expectAccessible(page) : Promise.resolve());
      const shot = (page: Page, name: string) =>
        screenshot(page, `${name}-390-js-${javaScriptEnabled ? 'on' : 'off'}`);
      const address = `${who}@example.org`;
      const context = await browser.newContext({ viewport: { width: 390, height: 900 }, javaScriptEnabled });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(base)) external.push(r.url());
      });
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
      });
      const solvedProof = async () => {
        if (!javaScriptEnabled) return;
        await page.waitForFunction(
          () =>
            (document.querySelector('form[action$="/email"] input[name="altcha"]') as HTMLInputElement | null)
              ?.value,
        );
      };

      await page.goto(base + PATH);
      expect(await page.getByRole('heading', { name: 'Email the officials' }).count()).toBe(1);
      const letter = page.getByLabel(/The letter, in the officials’ language \(Spanish\)/);
      expect(await letter.inputValue()).toContain('Le escribo con respeto');
      // The translation beside the letter (the letter channel shows it too, for those who print).
      const emailForm = page.locator('form[action$="/email"]');
      expect(await emailForm.getByText('I write respectfully to ask you').count()).toBe(1);
      expect(await emailForm.getByRole('checkbox', { name: /Keep me informed/ }).isChecked()).toBe(false);
      await check(page);
      await shot(page, 'ua-email-form');

      // She adds a sentence, and forgets her city: the form comes back explained, nothing lost.
      await solvedProof();
      const edited = `${await letter.inputValue()}\n\nLe escribo desde lejos, pero no lo olvidamos.`;
      await letter.fill(edited);
      // The page has a form for each way to act, each asking for a name: this one is the email's.
      await emailForm.getByLabel('Your name').fill(who === 'rosa' ? 'Rosa Méndez' : 'Inés Álvarez');
      await emailForm.getByLabel('Your email address').fill(address);
      await emailForm.getByLabel('Your country').fill('Canada');
      await page.getByRole('button', { name: 'Send my letter' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
      expect(await page.getByText('Enter your town or city (one line).').count()).toBeGreaterThan(0);
      expect(await page.getByLabel(/The letter, in the officials’ language/).inputValue()).toBe(edited);
      expect(await page.getByLabel('Your email address').inputValue()).toBe(address);
      await check(page);
      await shot(page, 'ua-email-errors');

      await page.getByLabel('Your town or city').fill('Winnipeg');
      await page.getByRole('checkbox', { name: /Keep me informed/ }).check();
      await solvedProof();
      await page.getByRole('button', { name: 'Send my letter' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Thank you');
      // Post/redirect/get: the thanks page has an address of its own, and reloading it sends nothing.
      expect(new URL(page.url()).pathname).toMatch(/^\/actions\/\d+\/thanks$/);
      await page.reload();
      expect(await page.locator('h1').textContent()).toBe('Thank you');
      await check(page);

      // The only mail before she confirms is hers: the link.
      await t.worker.runDue();
      const mails = smtp.to(address);
      expect(mails.map((m) => m.parsed.subject)).toEqual(['Confirm your action with Candle']);
      expect(smtp.to(GOVERNOR).length).toBe(javaScriptEnabled ? 1 : 0);
      const path = /http:\/\/candle\.test(\/actions\/confirm\/[\w-]{43})/.exec(
        mails[0]!.parsed.text ?? '',
      )?.[1];
      expect(path).toBeDefined();
      await page.goto(base + path);
      expect(await page.locator('h1').textContent()).toBe('Confirm your address');
      await check(page);
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Address confirmed');
      await check(page);
      await shot(page, 'ua-email-confirmed');

      // Sunday noon in Tijuana: the letter waits. Monday 09:00 there: it goes.
      const before = smtp.to(GOVERNOR).length;
      clock = new Date(sunday);
      // The dispatcher's run every minute, as the worker queues it when it starts.
      await t.scheduleRecurringJobs();
      await t.worker.runDue();
      expect(smtp.to(GOVERNOR).length).toBe(before);
      clock = new Date(monday);
      await t.worker.runDue();
      const arrived = smtp.to(GOVERNOR);
      expect(arrived.length).toBe(before + 1);
      const mail = arrived.at(-1)!.parsed;
      expect(mail.replyTo?.value.map((v) => v.address)).toEqual([address]);
      expect(mail.from?.value[0]?.address).toBe('actions@candle.test');
      expect(mail.subject).toBe('Reparación para Adrián Vásquez');
      expect(mail.text).toContain('Señor Gobernador,');
      expect(mail.text).toContain('no lo olvidamos.');
      expect(mail.text).toContain('Winnipeg, Canada');

      const action = await t.db
        .selectFrom('ua_actions_taken as a')
        .innerJoin('ua_supporters as s', 's.id', 'a.supporter_id')
        .select(['a.state', 'a.hear_back', 'a.channel'])
        .where('s.email', '=', address)
        .executeTakeFirstOrThrow();
      expect(action).toEqual({ state: 'counted', hear_back: 1, channel: 'email' });

      // Later she looks at what Candle holds about her, from the confirmed page's link, and erases it.
      clock = new Date();
      await page.getByRole('link', { name: 'See or erase what we hold about you' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('See or erase what we hold about you');
      await check(page);
      await page.getByLabel('Your email address').fill(address);
      await page.getByRole('button', { name: 'Mail me the link' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Check your inbox');
      await t.worker.runDue();
      const dataMail = smtp.to(address).find((m) => m.parsed.subject === 'Your data at Candle');
      const dataPath = /http:\/\/candle\.test(\/actions\/your-data\/[\w.-]+)/.exec(
        dataMail?.parsed.text ?? '',
      )?.[1];
      expect(dataPath).toBeDefined();
      await page.goto(base + dataPath);
      expect(await page.locator('h1').textContent()).toBe('What we hold about you');
      expect(await page.getByRole('cell', { name: 'Email', exact: true }).count()).toBe(1);
      await check(page);
      await shot(page, 'ua-your-data');
      await page.getByRole('button', { name: 'Erase my data…' }).click();
      await page.waitForLoadState();
      await check(page);
      await page.getByRole('button', { name: 'Yes, erase everything' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Erased');
      await check(page);
      expect(
        await t.db.selectFrom('ua_supporters').select('id').where('email', '=', address).executeTakeFirst(),
      ).toBeUndefined();
      expect(external).toEqual([]);
      expect(refused).toEqual([]);
      await context.close();
    });
  }
});
