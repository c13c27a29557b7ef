import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../support/admin.js';
import type { TestApp } from '../support/app.js';
import { browserMissing, expectAccessible, startJourney, stopJourney } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({}, (app) => makeUser(app.db, 'admin', 'root@candle.test')));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('an administrator walks the admin', () => {
  it('finds every page accessible, by keyboard and to axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    for (const path of ['/admin/login', '/admin/reset']) {
      await page.goto(base + path);
      await expectAccessible(page);
    }
    await page.goto(`${base}/admin/login`);
    // Keyboard only: the skip link, the brand, the language switch, then the email field of the form.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('field-email');
    await page.keyboard.type('root@candle.test');
    await page.keyboard.press('Tab');
    await page.keyboard.type(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin`);

    const caseId = (await t.db.selectFrom('cases').select('id').executeTakeFirstOrThrow()).id;
    const countryId = (await t.db.selectFrom('countries').select('id').executeTakeFirstOrThrow()).id;
    // A supporter's request, so that the consent records have a table to show.
    const form = await t.app.inject({ method: 'GET', url: '/subscribe' });
    const wording = /name="wording" value="([0-9a-f]{64})"/.exec(form.body)?.[1] ?? '';
    const asked = await t.app.inject({
      method: 'POST',
      url: '/subscribe',
      payload: {
        email: 'ana@example.org',
        language: 'en',
        frequency: 'each',
        follow: ['everything'],
        consent: 'yes',
        wording,
      },
    });
    expect(asked.statusCode).toBe(200);
    // The request's job writes the subscriber and its 'requested' event.
    await t.worker.runDue();
    // A webhook with a delivery that gave up, so its page shows the log and the re-send button.
    const at = new Date().toISOString();
    const hook = await t.db
      .insertInto('webhook_endpoints')
      .values({
        url: 'https://hooks.example.org/candle',
        secret: 'whsec_test',
        events: '["action.taken"]',
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('webhook_deliveries')
      .values({
        endpoint_id: hook.id,
        event: 'action.taken',
        body: '{"id":"x","event":"action.taken","data":{}}',
        status: 'dead',
        attempts: 6,
        last_status: 500,
        last_error: 'HTTP 500',
        next_attempt_at: at,
        created_at: at,
        updated_at: at,
      })
      .execute();
    for (const path of [
      '/admin',
      '/admin/users',
      '/admin/audit',
      '/admin/outbox',
      '/admin/account',
      '/admin/cases',
      `/admin/cases/${caseId}`,
      '/admin/cases/new',
      '/admin/countries',
      `/admin/countries/${countryId}`,
      '/admin/regions',
      '/admin/topics/new',
      '/admin/articles?status=published',
      '/admin/media',
      '/admin/subscribers/consent',
      '/admin/subscribers/consent?email=ana%40example.org',
      '/admin/subscribers/consent?email=nobody%40example.org',
      '/admin/subscribers/suppressions',
      '/admin/webhooks',
      `/admin/webhooks/${hook.id}`,
    ]) {
      const response = await page.goto(base + path);
      expect(response?.status(), path).toBe(200);
      await expectAccessible(page);
    }
    // The suppression list with an entry, added through its own form, and that form refused.
    await page.goto(`${base}/admin/subscribers/suppressions`);
    await page.getByLabel('Email address').fill('bounced@example.org');
    await page.getByRole('button', { name: 'Suppress', exact: true }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('cell', { name: 'bounced@example.org' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Take .* off the suppression list/ }).count()).toBe(1);
    await expectAccessible(page);
    await page.getByLabel('Email address').fill('not an address');
    await page.getByRole('button', { name: 'Suppress', exact: true }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    await expectAccessible(page);
    // The webhook form refused: an address that is not https.
    await page.goto(`${base}/admin/webhooks`);
    await page.getByLabel('Address', { exact: true }).fill('http://hooks.example.org/');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { name: 'The webhook could not be added' }).count()).toBe(1);
    await expectAccessible(page);
    // A form sent back with errors is accessible too.
    await page.goto(`${base}/admin/users`);
    await page.getByRole('button', { name: 'Add a user' }).click();
    await expectAccessible(page);
    await context.close();
    // Some thirty pages, each checked by axe: more than the default minute on a busy machine.
  }, 180_000);
});
