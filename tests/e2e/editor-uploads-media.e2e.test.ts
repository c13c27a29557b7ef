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

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({}, (app) => makeUser(app.db, 'editor', 'lena@candle.test')));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('an editor uploads a photo to the media library', () => {
  it('uploads without JavaScript-only controls, is told what is wrong, describes and deletes', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('lena@candle.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin`);

    await page.getByRole('link', { name: 'Media' }).first().click();
    await page.waitForURL(`${base}/admin/media`);
    await expectAccessible(page);
    await screenshot(page, 'admin-media-1280');

    // A script dressed as a photo is refused, with the message beside the field and the text kept.
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'photo.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('<script>alert(1)</script>'),
    });
    await page.getByLabel('Alt text (required for images)').fill('Families march in Chihuahua');
    await page.getByLabel('Caption').fill('The march reached the state congress at noon.');
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => page.locator('#field-file-error').textContent()).toContain('not a JPEG');
    expect(await page.getByLabel('Caption').inputValue()).toBe(
      'The march reached the state congress at noon.',
    );
    await expectAccessible(page);

    const photo = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 120, g: 90, b: 60 } },
    })
      .jpeg()
      .toBuffer();
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'march.jpg',
      mimeType: 'image/jpeg',
      buffer: photo,
    });
    await page.getByLabel('Credit').fill('Lena Ortiz');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/admin\/media\/\d+\?done=uploaded/);
    expect(await page.locator('h1').textContent()).toBe('Media: march.jpg');
    await expectAccessible(page);

    await page.getByLabel('Caption', { exact: true }).fill('The march reached the congress at noon.');
    await page.getByRole('button', { name: 'Save details' }).click();
    await page.waitForURL(/\?done=saved/);
    await expectAccessible(page);

    await page.getByRole('link', { name: /^Delete march\.jpg/ }).click();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Delete for good' }).click();
    // The box is required: the browser refuses an unconfirmed delete (and the server does too).
    expect(page.url()).toMatch(/\/delete$/);
    await page.getByLabel(/Yes, delete it/).check();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.waitForURL(`${base}/admin/media?done=deleted`);
    await expectAccessible(page);

    // A demo image in use: the warning lists where.
    const used = await t.db
      .selectFrom('articles')
      .select(['lead_image_id'])
      .where('lead_image_id', 'is not', null)
      .executeTakeFirstOrThrow();
    await page.goto(`${base}/admin/media/${used.lead_image_id}/delete`);
    expect(await page.locator('.notice--warning').textContent()).toContain('It is used in');
    await expectAccessible(page);
    await context.close();
  });
});
