import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addArticle } from '../integration/search-support.js';
import type { TestApp } from '../support/app.js';
import {
  browserMissing,
  expectAccessible,
  screenshot,
  startJourney,
  stopJourney,
} from '../support/browser.js';

/**
 * A reader on a French page that nobody translated into English (issue 15, item 2) switches to
 * English: the switch leads to the English home, which says the page has no English version. By
 * keyboard, with axe on both pages, at phone and desktop widths.
 */

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({}, async (app) => {
    const id = await addArticle(app.db, {
      slug: 'defenseures-oaxaca-seulement-en-francais',
      title: 'Les défenseures d’Oaxaca racontent leur lutte',
      summary: 'Un entretien publié en français seulement.',
      countries: ['mexico'],
    });
    await app.db.updateTable('articles').set({ language: 'fr' }).where('id', '=', id).execute();
  }));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('a reader on a page that exists only in French', () => {
  for (const width of [390, 1280]) {
    it(`switches to English and is told the page has no English version (${width} px)`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page: Page = await context.newPage();
      await page.goto(`${base}/fr/articles/defenseures-oaxaca-seulement-en-francais`, { waitUntil: 'load' });
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.locator('h1').textContent()).toBe('Les défenseures d’Oaxaca racontent leur lutte');
      // Listed on the French Mexico page, under Mexico's French name.
      expect(await page.getByRole('link', { name: 'Mexique' }).count()).toBeGreaterThan(0);
      await expectAccessible(page);
      await screenshot(page, `fr-only-article-${width}`);

      const toEnglish = page.getByRole('link', { name: 'English' });
      await toEnglish.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(`${base}/?untranslated=1`);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      const notice = page.getByRole('status');
      expect(await notice.textContent()).toBe(
        'The page you were reading has no English version. Here is our home page in English.',
      );
      expect((await context.cookies()).map((c) => `${c.name}=${c.value}`)).toEqual(['lang=en']);
      await expectAccessible(page);
      await screenshot(page, `en-home-untranslated-${width}`);
      await context.close();
    }, 180_000);
  }
});
