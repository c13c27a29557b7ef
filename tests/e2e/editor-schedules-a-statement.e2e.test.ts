import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../support/admin.js';
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
let clock = new Date('2026-03-02T08:00:00Z');

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({ now: () => clock }, (app) =>
    makeUser(app.db, 'editor', 'ana@candle.test'),
  ));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('an editor schedules a statement', () => {
  it('logs in, uploads a photo, writes, previews, schedules, and sees it on the country page when its time comes', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/admin`);
    await page.waitForURL(/\/admin\/login/);
    await expectAccessible(page);
    await page.getByLabel('Email').fill('ana@candle.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin`);
    expect(await page.locator('h1').textContent()).toBe('Dashboard');
    await expectAccessible(page);

    // The photo for the statement goes into the media library first.
    await page.getByRole('link', { name: 'Media' }).first().click();
    const photo = await sharp({ create: { width: 1600, height: 900, channels: 3, background: '#2a4d69' } })
      .jpeg()
      .toBuffer();
    await page
      .getByLabel('File', { exact: true })
      .setInputFiles({ name: 'merida.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page
      .getByLabel('Alt text (required for images)')
      .fill('Defenders hold a banner outside the Yucatán congress');
    await page.getByLabel('Caption').fill('Mérida, 1 March 2026.');
    await page.getByLabel('Credit').fill('Lucía Canul');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/admin\/media\/\d+/);

    await page.getByRole('link', { name: 'New article' }).first().click();
    await page.getByLabel('Title', { exact: true }).fill('Mérida defenders must be protected');
    await page.getByLabel('Type').selectOption('press-release');
    await page.getByLabel('Summary').fill('Three defenders in Yucatán received threats this week.');
    await page
      .getByLabel('Text', { exact: true })
      .fill('We call on the **Governor of Yucatán** to act.\n\n> Protection saves lives.');
    // The live preview shows the Markdown as readers will see it.
    await expect.poll(() => page.locator('#editor-preview strong').textContent()).toBe('Governor of Yucatán');
    await page
      .getByLabel('Lead image')
      .selectOption({ label: 'Defenders hold a banner outside the Yucatán congress' });
    await page.getByLabel('Mexico').check();
    await expectAccessible(page);
    await screenshot(page, 'admin-editor-1280');

    await page.getByLabel('Publish at (UTC)').fill('2026-03-02T10:00');
    await page.getByRole('button', { name: 'Schedule' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\?saved=1/);
    expect(await page.locator('.status').first().textContent()).toBe('Scheduled');
    await expectAccessible(page);

    const country = await context.newPage();
    await country.goto(`${base}/countries/mexico`);
    expect(await country.getByText('Mérida defenders must be protected').count()).toBe(0);

    clock = new Date('2026-03-02T10:00:30Z');
    // The statement's publish job, the AVIF variants of the uploaded photo, and the fan-out of the
    // statement's alert to subscribers that publishing queues.
    expect(await t.worker.runDue()).toBe(3);
    await country.reload();
    const item = country.locator('ol.items > li').first();
    expect(await item.locator('.item__title').textContent()).toBe('Mérida defenders must be protected');
    expect(await item.locator('time').textContent()).toBe('March 2, 2026');
    await item.locator('.item__title a').click();
    expect(await country.locator('.prose strong').textContent()).toBe('Governor of Yucatán');
    expect(await country.locator('.article__figure .credit').textContent()).toBe('Photo: Lucía Canul');
    expect(await country.locator('.article__figure img').getAttribute('alt')).toBe(
      'Defenders hold a banner outside the Yucatán congress',
    );

    for (const path of ['/admin/articles', '/admin/account']) {
      await page.goto(base + path);
      await expectAccessible(page);
    }
    await page.goto(`${base}/admin/articles`);
    await page.getByRole('link', { name: 'Mérida defenders must be protected' }).click();
    await page.getByRole('link', { name: 'Revision history' }).click();
    await expectAccessible(page);
    await page.getByRole('link', { name: 'Compare with the current version' }).last().click();
    await expectAccessible(page);
    await context.close();
  });
});
