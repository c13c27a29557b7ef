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

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({}));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('a supporter subscribes to Mexico', () => {
  // axe runs inside the page, so it needs JavaScript: the journey is walked twice through the same
  // pages, without JavaScript, then with it and axe on every page.
  for (const [javaScriptEnabled, who] of [
    [false, 'maria'],
    [true, 'lucia'],
  ] as const) {
    const how = javaScriptEnabled ? 'JavaScript on, every page accessible' : 'JavaScript off';
    it(`fills the form (a mistake first), confirms from the mail, then changes how often from the manage link (${how})`, async () => {
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
      // The proof-of-work widget runs within the site's Content-Security-Policy: nothing refused.
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
      });
      // With JavaScript, the widget solves its challenge in the background, no click needed;
      // without, there is nothing to wait for (the form goes without a solution).
      const solvedProof = async () => {
        if (!javaScriptEnabled) return;
        await page.waitForFunction(
          () => (document.querySelector('input[name="altcha"]') as HTMLInputElement | null)?.value,
        );
        expect(await page.getByText('Checked: this browser is not a robot').count()).toBe(1);
      };

      // From the country page's "Subscribe to Mexico" block.
      await page.goto(`${base}/countries/mexico`);
      await page.getByRole('link', { name: 'Get Mexico by email' }).click();
      await page.waitForLoadState();
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/subscribe?country=mexico');
      expect(await page.locator('h1').textContent()).toBe('Subscribe by email');
      expect(await page.getByRole('checkbox', { name: 'Mexico' }).isChecked()).toBe(true);
      const consent = page.getByRole('checkbox', { name: /I agree that Candle may email me/ });
      expect(await consent.isChecked()).toBe(false);
      await check(page);
      await shot(page, 'subscribe');

      // A typo and no consent: the form comes back with both explained and nothing lost.
      await solvedProof();
      await page.getByLabel('Email address').fill(`${who}.example.org`);
      await page.getByLabel('Your name (optional)').fill('María');
      await page.getByRole('radio', { name: 'A weekly digest' }).check();
      await page.getByRole('checkbox', { name: 'Torture and ill-treatment' }).check();
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
      expect(await page.getByLabel('Email address').inputValue()).toBe(`${who}.example.org`);
      expect(await page.getByLabel('Your name (optional)').inputValue()).toBe('María');
      expect(await page.getByRole('radio', { name: 'A weekly digest' }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Mexico' }).isChecked()).toBe(true);
      expect(await page.getByRole('checkbox', { name: 'Torture and ill-treatment' }).isChecked()).toBe(true);
      await check(page);
      await shot(page, 'subscribe-errors');

      await page.getByLabel('Email address').fill(address);
      await consent.check();
      // The first solution was spent on the refused form: the page came back with a fresh one.
      await solvedProof();
      await check(page);
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Check your inbox');
      await check(page);
      // Counted as a sign-up with a solution (JavaScript on) or without (off, the tight limit).
      const kinds = await t.db.selectFrom('signup_counts').select('kind').execute();
      expect(kinds.some((k) => k.kind === 'solved')).toBe(javaScriptEnabled);

      // The one mail sent before confirming: the confirmation, read from the outbox.
      await t.worker.runDue();
      const mail = await t.db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_address', '=', address)
        .execute();
      expect(mail.map((m) => m.subject)).toEqual(['Confirm your subscription to Candle']);
      const path = /http:\/\/candle\.test(\/subscribe\/confirm\/[\w-]{43})/.exec(mail[0]!.text_body)?.[1];
      expect(path).toBeDefined();

      await page.goto(base + path);
      expect(await page.locator('h1').textContent()).toBe('Confirm your subscription');
      await check(page);
      await page.getByRole('button', { name: 'Confirm my subscription' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Subscription confirmed');
      await check(page);
      await shot(page, 'subscribe-confirmed');

      const subscriber = await t.db
        .selectFrom('subscribers')
        .selectAll()
        .where('email', '=', address)
        .executeTakeFirstOrThrow();
      expect(subscriber).toMatchObject({ name: 'María', frequency: 'weekly', status: 'confirmed' });
      const events = await t.db
        .selectFrom('consent_events')
        .select('kind')
        .where('subscriber_id', '=', subscriber.id)
        .orderBy('id')
        .execute();
      expect(events.map((e) => e.kind)).toEqual(['requested', 'confirmed']);

      // Signing up again gets the same answer and a mail with a link to change the subscription.
      await page.goto(`${base}/subscribe`);
      await page.getByLabel('Email address').fill(address);
      await page.getByRole('checkbox', { name: 'Everything we publish' }).check();
      await page.getByRole('checkbox', { name: /I agree that Candle may email me/ }).check();
      await solvedProof();
      await page.getByRole('button', { name: 'Subscribe' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Check your inbox');
      await t.worker.runDue();
      const [, manageMail] = await t.db
        .selectFrom('mail_outbox')
        .selectAll()
        .where('to_address', '=', address)
        .orderBy('id')
        .execute();
      expect(manageMail?.subject).toBe('You are already subscribed to Candle');
      const manage = /http:\/\/candle\.test(\/subscribe\/manage\/[\w-]{43})/.exec(manageMail!.text_body)?.[1];
      await page.goto(base + manage);
      expect(await page.locator('h1').textContent()).toBe('Your subscription');
      expect(await page.getByRole('radio', { name: 'A weekly digest' }).isChecked()).toBe(true);
      await check(page);
      await page.getByRole('radio', { name: 'A daily digest' }).check();
      await page.getByRole('button', { name: 'Save my choices' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').textContent()).toContain('Saved.');
      expect(await page.getByRole('radio', { name: 'A daily digest' }).isChecked()).toBe(true);
      await check(page);
      await shot(page, 'subscription-saved');
      const now = await t.db
        .selectFrom('subscribers')
        .select('frequency')
        .where('email', '=', address)
        .executeTakeFirstOrThrow();
      expect(now.frequency).toBe('daily');
      expect(external).toEqual([]);
      expect(refused).toEqual([]);
      await context.close();
    });
  }
});
