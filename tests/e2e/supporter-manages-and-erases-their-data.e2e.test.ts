import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSubscriberKeys } from '../../src/subscriptions/index.js';
import { formBody } from '../support/admin.js';
import { TEST_PUBLIC_URL, type TestApp } from '../support/app.js';
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

const sameSite = { 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' };

/** A confirmed subscriber who follows Mexico, made through the pages (as the other journey shows). */
async function subscribed(email: string) {
  const form = await t.app.inject({ method: 'GET', url: '/subscribe?country=mexico' });
  const wording = /name="wording" value="([0-9a-f]{64})"/.exec(form.body)?.[1] ?? '';
  const country = await t.db
    .selectFrom('countries')
    .select('id')
    .where('slug', '=', 'mexico')
    .executeTakeFirstOrThrow();
  const mexico = `country:${country.id}`;
  await t.app.inject({
    method: 'POST',
    url: '/subscribe',
    headers: sameSite,
    payload: formBody({
      email,
      name: 'Rosa',
      language: 'en',
      frequency: 'each',
      follow: [mexico],
      consent: 'yes',
      wording,
      source_page: '/subscribe?country=mexico',
      source_form: 'subscribe-page',
    }),
  });
  await t.worker.runDue();
  const mail = await t.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).execute();
  const confirm = /http:\/\/candle\.test(\/subscribe\/confirm\/[\w-]{43})/.exec(mail[0]!.text_body)?.[1];
  await t.app.inject({ method: 'POST', url: confirm!, headers: sameSite });
  const row = await t.db
    .selectFrom('subscribers')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('confirmed');
  return row;
}

describe.skipIf(browserMissing)('a supporter manages their subscription and erases their data', () => {
  for (const [javaScriptEnabled, who] of [
    [false, 'rosa'],
    [true, 'ines'],
  ] as const) {
    const how = javaScriptEnabled ? 'JavaScript on, every page accessible' : 'JavaScript off';
    it(`changes how often, downloads their data, then erases it, from the link in a mail (${how})`, async () => {
      const check = (page: Page) => (javaScriptEnabled ? expectAccessible(page) : Promise.resolve());
      const shot = (page: Page, name: string) =>
        screenshot(page, `${name}-390-js-${javaScriptEnabled ? 'on' : 'off'}`);
      const address = `${who}@example.org`;
      const subscriber = await subscribed(address);
      const keys = await loadSubscriberKeys(
        t.db,
        {
          publicUrl: TEST_PUBLIC_URL,
          linkSecret: undefined,
          linkSecretPrevious: undefined,
          unsubscribeMailto: undefined,
        },
        new Date(),
      );
      // The link every alert and digest carries (subscriberLinks, called by delivery).
      const manage = keys.subscriberLinks(subscriber, new Date()).manageUrl.slice(TEST_PUBLIC_URL.length);

      const context = await browser.newContext({
        viewport: { width: 390, height: 900 },
        javaScriptEnabled,
        acceptDownloads: true,
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(base)) external.push(r.url());
      });

      await page.goto(base + manage);
      expect(await page.locator('h1').textContent()).toBe('Your subscription');
      expect(await page.getByRole('radio', { name: 'Each item as it is published' }).isChecked()).toBe(true);
      await check(page);
      await shot(page, 'preferences');

      await page.getByRole('radio', { name: 'A weekly digest' }).check();
      await page.getByRole('button', { name: 'Save my choices' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').first().textContent()).toContain('Saved.');
      expect(await page.getByRole('radio', { name: 'A weekly digest' }).isChecked()).toBe(true);
      await check(page);
      const saved = await t.db
        .selectFrom('subscribers')
        .select('frequency')
        .where('id', '=', subscriber.id)
        .executeTakeFirstOrThrow();
      expect(saved.frequency).toBe('weekly');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download my data (JSON)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('my-subscription.json');
      const data = JSON.parse(await fs.readFile((await download.path()) as string, 'utf8'));
      expect(data.subscriber).toMatchObject({ email: address, name: 'Rosa', frequency: 'weekly' });
      expect(data.follows).toEqual([expect.objectContaining({ kind: 'country', name: 'Mexico' })]);
      expect(data.consent_events.map((e: { event: string }) => e.event)).toEqual([
        'requested',
        'confirmed',
        'changed',
      ]);

      await page.getByRole('button', { name: 'Erase my data' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Erase your data?');
      await check(page);
      await shot(page, 'erase-confirm');
      await page.getByRole('button', { name: 'Erase everything' }).click();
      await page.waitForLoadState();
      expect(await page.locator('h1').textContent()).toBe('Your data is erased');
      await check(page);
      await shot(page, 'erased');
      expect(
        await t.db.selectFrom('subscribers').select('id').where('email', '=', address).execute(),
      ).toEqual([]);

      // The same link now opens nothing, and says so without naming anyone.
      await page.goto(base + manage);
      expect(await page.locator('h1').textContent()).toBe('This link does not work');
      expect(await page.content()).not.toContain(address);
      await check(page);
      expect(external).toEqual([]);
      await context.close();
    });
  }
});
