import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { browserMissing, expectAccessible, startJourney, stopJourney } from '../support/browser.js';

/**
 * A supporter in Tokyo, on a phone, gets ready to call the Governor of Baja California: the number
 * is a tel: link, the call script says what to say (the salutation, the person at risk, the asks),
 * and the office hours are shown in the office's time, in UTC and, with JavaScript, in the
 * supporter's own time. Then they log the call ("I called", how it went) and it counts once they
 * confirm their address from the mail.
 */

let t: TestApp;
let browser: Browser;
let base: string;
// The demo is loaded as of 2020-07-01; its UA 87/20 update is open for 60 days from then, and
// Tijuana is on daylight saving time (UTC−7).
const clock = new Date('2020-07-02T17:00:00Z');
const PAGE = '/articles/mexico-adrian-vasquez-further-information';

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({ now: () => clock }));
});

afterAll(() => stopJourney({ t, browser }));

const itemsOf = (page: Page, selector: string) => page.locator(selector).locator('li').allTextContents();

describe.skipIf(browserMissing)('a supporter calls the governor', () => {
  for (const javaScriptEnabled of [true, false]) {
    const how = javaScriptEnabled ? 'JavaScript on, the page accessible' : 'JavaScript off';
    it(`finds the number, the script and the office hours in their own time, and logs how the call went (${how})`, async () => {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        javaScriptEnabled,
        // Japan keeps no daylight saving time: nine hours ahead of UTC all year.
        timezoneId: 'Asia/Tokyo',
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await page.goto(`${base}${PAGE}`);
      const call = page.locator('#ua-call');
      await call.getByRole('heading', { name: 'Call the office' }).scrollIntoViewIfNeeded();

      const number = call.getByRole('link', { name: '+52 686 000 0000' });
      expect(await number.getAttribute('href')).toBe('tel:+526860000000');
      const script = ((await call.locator('.ua-call__script').textContent()) ?? '').replace(/\s+/g, ' ');
      expect(script).toContain('Good morning, Señor Gobernador.');
      expect(script).toContain('I am calling about Adrián Vásquez Lagunes, urgent action UA 87/20.');
      expect(script).toContain('Set a date this year to deliver the full reparation');
      expect(script).toContain('Thank you for your time.');

      const terms = await call.locator('.ua-call__hours dt:visible').allTextContents();
      const lists = call.locator('.ua-call__hours dd:visible');
      expect(terms[0]).toBe('Office hours, their time (America/Tijuana)');
      expect(await lists.nth(0).locator('li').allTextContents()).toEqual(['Mon–Fri 09:00–15:00']);
      expect(terms[1]).toBe('The same hours in UTC');
      expect(await lists.nth(1).locator('li').allTextContents()).toEqual(['Mon–Fri 16:00–22:00']);
      if (javaScriptEnabled) {
        expect(terms[2]).toBe('The same hours in your time (Asia/Tokyo)');
        expect(await itemsOf(page, 'dd.ua-call__yours')).toEqual(['Tue–Sat 01:00–07:00']);
        await expectAccessible(page);
      } else {
        // Without the script, the reader's own time is not guessed.
        expect(terms).toHaveLength(2);
        expect(await page.locator('dd.ua-call__yours').isHidden()).toBe(true);
      }
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
        ),
      ).toBe(false);
      // Reached from the keyboard: the number is a link in the tab order.
      await number.focus();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe(
        'tel:+526860000000',
      );

      // After the call: "I called", how it went, who they are; counted once their address is confirmed.
      const address = `caller-${javaScriptEnabled ? 'js' : 'nojs'}@example.org`;
      const logged = call.locator('form[action$="/done"]');
      await logged.getByRole('radio', { name: 'I left a message' }).check();
      await logged.getByLabel('Your name').fill('Aiko Tanaka');
      await logged.getByLabel('Your email address').fill(address);
      await logged.getByRole('button', { name: 'I called' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Thank you');
      if (javaScriptEnabled) await expectAccessible(page);
      await t.worker.runDue();
      const mail = await t.db
        .selectFrom('mail_outbox')
        .select('text_body')
        .where('to_address', '=', address)
        .executeTakeFirstOrThrow();
      const link = /http:\/\/candle\.test(\/actions\/confirm\/[\w-]{43})/.exec(mail.text_body)?.[1];
      await page.goto(`${base}${link}`);
      await page.getByRole('button', { name: 'Confirm my address' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Address confirmed');
      const taken = await t.db
        .selectFrom('ua_actions_taken as x')
        .innerJoin('ua_supporters as s', 's.id', 'x.supporter_id')
        .select(['x.channel', 'x.detail', 'x.state'])
        .where('s.email', '=', address)
        .execute();
      expect(taken).toEqual([{ channel: 'call', detail: 'voicemail', state: 'counted' }]);

      // The browser the button was pressed in is trusted from then on (a cookie for /actions only,
      // out of scripts' reach): her next action from it counts at once, and no mail is sent.
      const trust = (await context.cookies()).find((c) => c.name === 'candle_supporter');
      expect(trust).toMatchObject({ path: '/actions', httpOnly: true, sameSite: 'Lax' });
      await page.goto(`${base}${PAGE}`);
      const posted = page.locator('#ua-post form[action$="/done"]');
      await posted.getByLabel('Your name').fill('Aiko Tanaka');
      await posted.getByLabel('Your email address').fill(address);
      await posted.getByRole('button', { name: 'I posted it' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Thank you');
      await t.worker.runDue();
      const states = await t.db
        .selectFrom('ua_actions_taken as x')
        .innerJoin('ua_supporters as s', 's.id', 'x.supporter_id')
        .select(['x.channel', 'x.state'])
        .where('s.email', '=', address)
        .orderBy('x.id')
        .execute();
      expect(states).toEqual([
        { channel: 'call', state: 'counted' },
        { channel: 'post', state: 'counted' },
      ]);
      const mails = await t.db
        .selectFrom('mail_outbox')
        .select('id')
        .where('to_address', '=', address)
        .execute();
      expect(mails).toHaveLength(1);
      await context.close();
    });
  }
});
