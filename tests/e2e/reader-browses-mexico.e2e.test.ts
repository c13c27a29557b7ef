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

async function visit(width: number, path = '/'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(base)) external.push(r.url());
  });
  // Every request the pages make answers (the icon's 404 was the one console error of each page).
  const failed: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(base + path);
  Object.assign(page, { external, failed });
  return page;
}

describe.skipIf(browserMissing)('a reader browses from the home page to a Mexico story', () => {
  for (const width of [390, 1280]) {
    it(`home → country page → article at ${width} px, every page accessible`, async () => {
      const page = await visit(width);
      await expect(page.locator('h2#latest-heading')).toBeDefined();
      await expectAccessible(page);
      await screenshot(page, `home-${width}`);

      await page.getByRole('link', { name: 'Mexico' }).first().click();
      await page.waitForURL(`${base}/countries/mexico`);
      expect(await page.locator('h1').textContent()).toBe('Mexico');
      const items = page.locator('ol.items > li');
      expect(await items.count()).toBe(12);
      // The newest Mexico item: the demo's first update of UA 87/20.
      expect(await page.locator('ol.items time').first().textContent()).toBe('June 30, 2020');
      expect(await page.locator('ol.items figcaption .credit').count()).toBeGreaterThan(3);
      expect(await page.getByRole('heading', { name: 'Subscribe to Mexico' }).count()).toBe(1);
      await expectAccessible(page);
      await screenshot(page, `country-mexico-${width}`);

      await page.getByRole('link', { name: 'Page 2' }).click();
      await page.waitForURL(`${base}/countries/mexico?page=2`);
      await expectAccessible(page);

      await page.goto(`${base}/countries/mexico`);
      const first = page.locator('ol.items .item__title a').first();
      const title = await first.textContent();
      await first.click();
      await page.waitForURL(/\/articles\//);
      expect(await page.locator('h1').textContent()).toBe(title);
      expect(await page.locator('.article__figure figcaption .credit').count()).toBe(1);
      expect(await page.locator('.share a[href^="https://bsky.app/"]').count()).toBe(1);
      await expectAccessible(page);
      await screenshot(page, `article-${width}`);

      await page
        .getByRole('link', { name: /Adrián Vásquez Lagunes/ })
        .first()
        .click();
      await page.waitForURL(/\/cases\//);
      expect(await page.locator('.timeline ol.items > li').count()).toBeGreaterThanOrEqual(3);
      await expectAccessible(page);
      await screenshot(page, `case-${width}`);

      const seen = page as Page & { external?: string[]; failed?: string[] };
      expect(seen.external).toEqual([]);
      expect(seen.failed).toEqual([]);
      const icons = await page
        .locator('head link[rel="icon"]')
        .evaluateAll((links) => links.map((l) => (l as HTMLLinkElement).href));
      expect(icons.length).toBeGreaterThan(0);
      for (const icon of icons) expect((await page.request.get(icon)).status()).toBe(200);
      await page.context().close();
    });
  }

  it('every other page type passes axe', async () => {
    const page = await visit(1280);
    for (const path of [
      '/countries',
      '/regions',
      '/regions/americas',
      '/topics',
      '/cases',
      '/latest',
      '/latest?type=report',
      '/search?q=Ayotzinapa',
      '/no-such-page',
      '/countries/mexico?page=x',
    ]) {
      await page.goto(base + path);
      await expectAccessible(page);
    }
    const topic = await page.goto(`${base}/topics`);
    expect(topic?.status()).toBe(200);
    await page.locator('.card__title a').first().click();
    await expectAccessible(page);
    await page.context().close();
  });

  it('reaches the search box and the menu by keyboard on a phone', async () => {
    const page = await visit(390);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Tab');
    // The brand, then the language switch (issue 15), then the menu's button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Français');
    await page.keyboard.press('Tab');
    // On a narrow screen the menu is a disclosure button, closed until opened.
    const toggle = page.locator('button.menu-toggle');
    expect(await page.evaluate(() => document.activeElement?.classList.contains('menu-toggle'))).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.locator('#main-menu a').first().isVisible()).toBe(false);
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Latest');
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');

    // Tab onward until the search box has focus, then search from it.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(() => document.activeElement?.id === 'site-search')) break;
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search');
    await page.keyboard.type('Ayotzinapa');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=Ayotzinapa/);
    expect(await page.locator('#site-search').inputValue()).toBe('Ayotzinapa');
    await page.context().close();
  });

  it('paints its first frame final on a phone: nothing moves when the script runs', async () => {
    for (const path of ['/', '/countries/mexico', '/latest']) {
      const page = await visit(390, path);
      await page.waitForLoadState('load');
      // Layout shifts since the page began, read once the script has run and settled.
      const shift = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number }>)
                total += entry.value;
            }).observe({ type: 'layout-shift', buffered: true });
            setTimeout(() => resolve(total), 500);
          }),
      );
      expect(shift, path).toBeLessThan(0.1);
      expect(await page.locator('button.menu-toggle').getAttribute('aria-expanded')).toBe('false');
      await page.context().close();
    }
  });

  it('shows the full menu without JavaScript', async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 800 },
      javaScriptEnabled: false,
    });
    const page = await context.newPage();
    await page.goto(`${base}/countries/mexico`);
    expect(await page.locator('#main-menu a').first().isVisible()).toBe(true);
    expect(await page.locator('button.menu-toggle').isVisible()).toBe(false);
    await page.getByRole('link', { name: 'Page 2' }).click();
    await page.waitForURL(`${base}/countries/mexico?page=2`);
    await context.close();
  });
});
