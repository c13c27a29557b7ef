import type { Browser } from 'playwright-core';
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

describe.skipIf(browserMissing)('a reader follows the Mexico feed link from the country page', () => {
  it('sees a readable page with the address to copy and the newest items, not raw XML', async () => {
    for (const ext of ['xml', 'atom']) {
      const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
      const page = await context.newPage();
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(base)) external.push(r.url());
      });
      await page.goto(`${base}/countries/mexico`);
      // The site's link opens a plain page with the addresses (any browser), whose links open the
      // feeds themselves, shown through their XSL view.
      await page.getByRole('link', { name: 'News feed for Mexico' }).click();
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Follow Mexico in a feed reader');
      expect(await page.locator('code').allTextContents()).toEqual([
        'http://candle.test/countries/mexico/feed.xml',
        'http://candle.test/countries/mexico/feed.atom',
        'http://candle.test/countries/mexico/feed.json',
      ]);
      await expectAccessible(page);
      await screenshot(page, 'feeds-page-390');
      await page.locator('a', { hasText: `feed.${ext}` }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mexico');
      // The address readers copy is the feed's own (PUBLIC_URL, as feeds name themselves).
      expect(await page.locator('code').textContent()).toBe(
        `http://candle.test/countries/mexico/feed.${ext}`,
      );
      expect(await page.getByRole('heading', { level: 3 }).count()).toBeGreaterThan(5);
      // Styled by the site's own stylesheet: the page is not the browser's raw XML view.
      expect(await page.locator('link[rel="stylesheet"]').getAttribute('href')).toMatch(/^\/assets\/site\./);
      expect(await page.locator('main').evaluate((m) => getComputedStyle(m).display)).not.toBe('');
      // Chromium 156 adds an <xslt-warning-banner> of its own to every XSLT page (XSLT is
      // deprecated in every browser): not Candle's markup, so it is left out of axe's audit.
      await page.evaluate(() => document.querySelector('xslt-warning-banner')?.remove());
      await expectAccessible(page);
      await screenshot(page, `feed-${ext}-390`);
      expect(external).toEqual([]);
      await context.close();
    }
  });
});
