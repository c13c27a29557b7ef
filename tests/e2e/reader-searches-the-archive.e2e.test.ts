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

describe.skipIf(browserMissing)('a reader searches the archive', () => {
  for (const [width, javaScriptEnabled] of [
    [1280, true],
    [390, false],
  ] as const) {
    it(`searches from the header, filters by country and opens a result (${width} px, JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${base}/countries/mexico`);

      await page.locator('#site-search').fill('Vasquez');
      await page.locator('#site-search').press('Enter');
      await page.waitForURL(`${base}/search?q=Vasquez`);
      expect(await page.locator('h1').textContent()).toBe('Search results for “Vasquez”');
      expect(await page.locator('#site-search').inputValue()).toBe('Vasquez');
      // Four items name him, the appeal and its update among them; their French translations are
      // the same items (one result per translation group).
      expect(await page.locator('ol.search-results > li').count()).toBe(4);
      expect(await page.locator('ol.search-results mark').first().textContent()).toBe('Vásquez');
      // axe runs as a script in the page, so it checks the pages with JavaScript on.
      if (javaScriptEnabled) await expectAccessible(page);
      await screenshot(page, `search-${width}`);

      await page.getByRole('link', { name: /^Mexico \(\d+\)$/ }).click();
      await page.waitForURL(`${base}/search?q=Vasquez&country=mexico`);
      expect(await page.getByRole('link', { name: 'Remove filter Mexico' }).count()).toBe(1);
      if (javaScriptEnabled) await expectAccessible(page);

      const first = page.locator('ol.search-results .item__title a').first();
      const title = await first.textContent();
      await first.click();
      await page.waitForURL(/\/articles\//);
      expect(await page.locator('h1').textContent()).toBe(title);
      await context.close();
    });
  }

  it('finds names typed without accents or misspelt, and helps when nothing matches', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/search?q=Ayotzinpa`);
    expect(await page.locator('.search-notice').textContent()).toContain(
      'Nothing matched “Ayotzinpa” exactly',
    );
    await expectAccessible(page);
    await page.goto(`${base}/search?q=zzqxv&country=mexico`);
    expect(await page.locator('#empty-heading').textContent()).toBe('Nothing found for “zzqxv”');
    await expectAccessible(page);
    await page.goto(`${base}/search`);
    await expectAccessible(page);
    await context.close();
  });
});
