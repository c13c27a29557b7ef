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

let t: TestApp;
let browser: Browser;
let base: string;
let smtp: SmtpPeer;

beforeAll(async () => {
  if (browserMissing) return;
  smtp = await smtpPeer();
  ({ t, browser, base } = await startJourney({ env: { SMTP_URL: smtp.url, MAIL_RATE_PER_DOMAIN: '0' } }));
});

afterAll(async () => {
  await stopJourney({ t, browser });
  await smtp?.close();
});

/** The first link to this site in a message that arrived over SMTP for `address`, as a path. */
function linkIn(address: string, index: number, pattern: RegExp): string {
  const text = String(smtp.to(address)[index]?.parsed.text ?? '');
  const found = pattern.exec(text)?.[1];
  expect(found, text).toBeDefined();
  return found as string;
}

async function delivered(address: string, count: number) {
  for (let i = 0; i < 50 && smtp.to(address).length < count; i++) {
    await t.worker.runDue();
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(smtp.to(address).length).toBe(count);
}

describe.skipIf(browserMissing)('a reader joins the Urgent Action Network', () => {
  for (const [javaScriptEnabled, who] of [
    [false, 'rosa'],
    [true, 'ines'],
  ] as const) {
    const how = javaScriptEnabled ? 'JavaScript on, every page accessible' : 'JavaScript off';
    it(`joins from an urgent action (a mistake first), confirms from the mail, then changes the cap in the preference centre (${how})`, async () => {
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
      const solvedProof = async () => {
        if (!javaScriptEnabled) return;
        await page.waitForFunction(
          () => (document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value,
        );
      };

      // From an urgent action's page.
      await page.goto(`${base}/articles/mexico-adrian-vasquez-covid-19-reparation`);
      await check(page);
      await page.getByRole('link', { name: 'Join the Urgent Action Network' }).click();
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname).toBe('/network');
      expect(await page.locator('h1').textContent()).toBe('Join the Urgent Action Network');
      const consent = page.getByRole('checkbox', { name: /Email me new urgent actions from Candle/ });
      expect(await consent.isChecked()).toBe(false);
      await check(page);
      await shot(page, 'network-join');

      // No choice and no consent: the form comes back with both explained and nothing lost.
      await solvedProof();
      await page.getByLabel('Email address').fill(address);
      await page.getByRole('radio', { name: '2 a week' }).check();
      await page.getByRole('button', { name: 'Join' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
      expect(await page.getByLabel('Email address').inputValue()).toBe(address);
      expect(await page.getByRole('radio', { name: '2 a week' }).isChecked()).toBe(true);
      await check(page);
      await shot(page, 'network-join-errors');

      await page.getByRole('checkbox', { name: 'Mexico' }).check();
      await page.getByRole('checkbox', { name: /Email me new urgent actions from Candle/ }).check();
      await solvedProof();
      await page.getByRole('button', { name: 'Join' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Check your email');
      await check(page);

      // The confirmation, over SMTP.
      await delivered(address, 1);
      expect(smtp.to(address)[0]!.parsed.subject).toBe(
        'Confirm that you want to join the Urgent Action Network of Candle',
      );
      const confirm = linkIn(address, 0, /http:\/\/candle\.test(\/subscribe\/confirm\/[\w-]{43})/);
      await page.goto(base + confirm);
      await check(page);
      await page.getByRole('button', { name: 'Confirm my subscription' }).click();
      await page.waitForLoadState();
      await check(page);
      await shot(page, 'network-confirmed');
      const member = await t.db
        .selectFrom('network_members as m')
        .innerJoin('subscribers as s', 's.id', 'm.subscriber_id')
        .select(['m.weekly_cap', 'm.confirmed_at', 's.status'])
        .where('s.email', '=', address)
        .executeTakeFirstOrThrow();
      expect(member.weekly_cap).toBe(2);
      expect(member.confirmed_at).not.toBeNull();
      expect(member.status).toBe('confirmed');

      // Joining again: the same answer, and a mail with the way to the preference centre.
      await page.goto(`${base}/network`);
      await page.getByLabel('Email address').fill(address);
      await page.getByRole('checkbox', { name: 'All urgent actions' }).check();
      await page.getByRole('checkbox', { name: /Email me new urgent actions from Candle/ }).check();
      await solvedProof();
      await page.getByRole('button', { name: 'Join' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Check your email');
      await delivered(address, 2);
      const manage = linkIn(address, 1, /http:\/\/candle\.test(\/subscribe\/manage\/[\w-]{43})/);
      await page.goto(base + manage);
      await page.waitForLoadState();
      expect(await page.getByText('You are in the network: at most 2 urgent actions a week.').count()).toBe(
        1,
      );
      await check(page);
      await page.locator('#field-network-cap').getByRole('radio', { name: '5 a week' }).check();
      await page.getByRole('button', { name: 'Save network choices' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').textContent()).toContain('Your network choices are saved.');
      await check(page);
      await shot(page, 'network-saved');
      const after = await t.db
        .selectFrom('network_members as m')
        .innerJoin('subscribers as s', 's.id', 'm.subscriber_id')
        .select('m.weekly_cap')
        .where('s.email', '=', address)
        .executeTakeFirstOrThrow();
      expect(after.weekly_cap).toBe(5);
      expect(external).toEqual([]);
      await context.close();
    });
  }
});
