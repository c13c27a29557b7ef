import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArticle } from '../integration/search-support.js';
import { makeUser, TEST_PASSWORD } from '../support/admin.js';
import type { TestApp } from '../support/app.js';
import {
  browserMissing,
  expectAccessible,
  screenshot,
  startJourney,
  stopJourney,
} from '../support/browser.js';
import { articleIdOf } from '../support/content.js';

/**
 * An editor translates an item into French (issue 15, item 3): "Translate into French" makes the
 * draft with the original beside it, the editor writes and publishes it; then edits the English
 * original's words, and sees the French one marked out of date in the admin, while readers of
 * the French page are told it may be out of date. axe on every page.
 */

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({}, async (app) => {
    await makeUser(app.db, 'editor', 'lea@candle.test');
    const id = await addArticle(app.db, {
      slug: 'oaxaca-land-defenders-threatened',
      title: 'Oaxaca land defenders threatened',
      summary: 'Two defenders of their community’s land received death threats.',
      body: 'Two defenders were threatened on 3 January.',
      countries: ['mexico'],
    });
    await app.db.updateTable('articles').set({ language: 'en' }).where('id', '=', id).execute();
  }));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('an editor translates an item into French', () => {
  it('translates, publishes, edits the original, and sees the translation marked out of date', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    const page: Page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('lea@candle.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin`);

    const sourceId = await articleIdOf(t.db, 'oaxaca-land-defenders-threatened');
    await page.goto(`${base}/admin/articles/${sourceId}`);
    await page.getByRole('button', { name: 'Translate into French' }).click();
    await page.waitForURL(
      (url) => /\/admin\/articles\/\d+/.test(url.pathname) && !url.pathname.endsWith(`/${sourceId}`),
    );
    const frenchAdmin = page.url();
    // The draft, with the original beside it to translate from.
    expect(
      await page.getByText('This is the French translation of “Oaxaca land defenders threatened”.').count(),
    ).toBe(1);
    expect(await page.locator('.translation-source [lang="en"]').count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'admin-translation-draft-1280');

    await page.getByLabel('Title', { exact: true }).fill('Des défenseurs de la terre menacés à Oaxaca');
    await page.getByLabel('Web address').fill('defenseurs-terre-menaces-oaxaca');
    await page
      .getByLabel('Summary')
      .fill('Deux défenseurs des terres de leur communauté ont reçu des menaces de mort.');
    await page.getByLabel('Text', { exact: true }).fill('Deux défenseurs ont été menacés le 3 janvier.');
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/saved=/);
    await expectAccessible(page);

    // Readers see the French item, with no warning yet.
    const reader = await context.newPage();
    await reader.goto(`${base}/fr/articles/defenseurs-terre-menaces-oaxaca`);
    expect(await reader.locator('h1').textContent()).toBe('Des défenseurs de la terre menacés à Oaxaca');
    expect(
      await reader.getByText('Cette traduction n’est peut-être plus à jour', { exact: false }).count(),
    ).toBe(0);

    // The editor changes the English original's words.
    await page.getByRole('link', { name: 'Open the original' }).click();
    await page.waitForURL(`${base}/admin/articles/${sourceId}`);
    await page
      .getByLabel('Summary')
      .fill('Two defenders of their community’s land received death threats; one was attacked.');
    await page.getByRole('button', { name: 'Save and keep published' }).click();
    await page.waitForURL(/saved=/);
    // The admin marks the French translation as out of date, beside its link.
    const member = page.locator('.translations li', {
      hasText: 'Des défenseurs de la terre menacés à Oaxaca',
    });
    expect(await member.textContent()).toContain('may be out of date');
    await expectAccessible(page);
    await screenshot(page, 'admin-original-with-outdated-translation-1280');
    await page.goto(frenchAdmin);
    expect(await page.getByRole('status').filter({ hasText: 'The original has changed since' }).count()).toBe(
      1,
    );
    await expectAccessible(page);

    // Readers of the French page are told, and led to the original (a reader who has not kept the
    // page from before: browsers keep a page for up to a minute, as Cache-Control allows).
    const later = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const reader2 = await later.newPage();
    await reader2.goto(`${base}/fr/articles/defenseurs-terre-menaces-oaxaca`);
    const warning = reader2.locator('.notice--warning');
    expect(await warning.textContent()).toContain(
      'Cette traduction n’est peut-être plus à jour : l’original a changé depuis.',
    );
    expect(await warning.getByRole('link').getAttribute('href')).toBe(
      '/articles/oaxaca-land-defenders-threatened',
    );
    await expectAccessible(reader2);
    await screenshot(reader2, 'fr-article-outdated-390');
    await later.close();
    await context.close();
  }, 240_000);
});
