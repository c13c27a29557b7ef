import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../support/admin.js';
import type { TestApp } from '../support/app.js';
import { browserMissing, expectAccessible, startJourney, stopJourney } from '../support/browser.js';
import { insertSubscriber } from '../support/subscribers.js';

/**
 * An administrator looks through the subscribers, opens one, and imports a list (issue 12,
 * item 7): every page passes axe, the file refused beside its field, the preview, the import.
 */

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({}, (app) => makeUser(app.db, 'admin', 'root@candle.test')));
});

afterAll(() => stopJourney({ t, browser }));

const csv = (text: string) => ({ name: 'list.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });

describe.skipIf(browserMissing)('an administrator and the subscribers', () => {
  it('filters, opens a subscriber, and imports a list, every page accessible', async () => {
    const ana = await insertSubscriber(t.db, new Date(), {
      email: 'ana@example.org',
      follows: [['everything', 0]],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('root@candle.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin`);

    await page.getByRole('link', { name: 'Subscribers', exact: true }).click();
    await page.waitForURL(`${base}/admin/subscribers`);
    await expectAccessible(page);
    // The filters by keyboard: the address field, then the form sent with Enter.
    await page.getByLabel('Address').fill('ana');
    await page.getByLabel('Address').press('Enter');
    await page.waitForURL(/q=ana/);
    expect(await page.getByText('1 subscribers match').count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('link', { name: 'ana@example.org' }).click();
    await page.waitForURL(`${base}/admin/subscribers/${ana}`);
    await expectAccessible(page);

    await page.goto(`${base}/admin/subscribers`);
    await page.getByRole('link', { name: 'Import subscribers from a CSV file' }).click();
    await expectAccessible(page);
    await page.getByLabel('CSV file').setInputFiles(csv('email,name\r\nbea@example.org,Bea\r\n'));
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.waitForLoadState();
    expect(await page.getByRole('heading', { name: 'There is a problem' }).count()).toBe(1);
    await expectAccessible(page);
    await page
      .getByLabel('CSV file')
      .setInputFiles(
        csv(
          'email,follows,consent_source,consent_date,consent_wording\r\n' +
            'bea@example.org,everything,Paper petition,2024-03-05,Yes please\r\n' +
            'ana@example.org,everything,Paper petition,2024-03-05,Yes please\r\n' +
            'nobody,everything,,2024-03-05,Yes please\r\n',
        ),
      );
    await page.getByRole('button', { name: 'Preview the import' }).click();
    await page.waitForLoadState();
    expect(await page.getByText('1 to add, 1 already on the list, 1 refused.').count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Import 1 subscribers' }).click();
    await page.waitForLoadState();
    expect(await page.getByText('Imported: 1 added, 1 skipped, 1 refused.').count()).toBe(1);
    await expectAccessible(page);
    await context.close();
  });
});
