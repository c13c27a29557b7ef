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

/**
 * A reader switches to French on the Mexico page, reads an item there, and switches back (issue
 * 15): the switch leads to the same page in the other language and remembers the choice in a
 * cookie, the French pages say so in their address and <html lang>. JavaScript off at desktop
 * width, then on at phone width (the switch stays in the header bar when the menu folds) with axe
 * on every page in both languages.
 */

let t: TestApp;
let browser: Browser;
let base: string;

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({}));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('a reader switches to French on the Mexico page', () => {
  for (const [javaScriptEnabled, width] of [
    [false, 1280],
    [true, 390],
  ] as const) {
    it(`switches, reads an item, switches back (JavaScript ${javaScriptEnabled ? 'on' : 'off'}, ${width} px)`, async () => {
      // axe runs in the page, so it needs JavaScript: the run with it checks every page.
      const check = (p: Page) => (javaScriptEnabled ? expectAccessible(p) : Promise.resolve());
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width, height: 900 } });
      const page: Page = await context.newPage();
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(base)) external.push(r.url());
      });

      await page.goto(`${base}/countries/mexico`, { waitUntil: 'load' });
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await context.cookies()).toEqual([]);

      // By keyboard: the switch is a link in the header, reached with Tab before the menu.
      const toFrench = page.getByRole('link', { name: 'Français' });
      await toFrench.focus();
      await page.keyboard.press('Enter');
      // The French page has its own address word and name.
      await page.waitForURL(`${base}/fr/pays/mexique`);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      expect(await page.locator('h1').textContent()).toBe('Mexique');
      expect(await page.getByRole('heading', { name: 'Abonnez-vous : Mexique' }).count()).toBe(1);
      // Dates by Intl in Canadian French.
      expect(await page.locator('ol.items time').first().textContent()).toBe('30 juin 2020');
      expect((await context.cookies()).map((c) => `${c.name}=${c.value}`)).toEqual(['lang=fr']);
      await check(page);
      await screenshot(page, `fr-country-mexico-${width}`);

      const first = page.locator('ol.items .item__title a').first();
      const title = await first.textContent();
      expect(await first.getAttribute('href')).toMatch(/^\/fr\/articles\//);
      await first.click();
      await page.waitForURL(/\/fr\/articles\//);
      expect(await page.locator('h1').textContent()).toBe(title);
      expect(await page.locator('html').getAttribute('lang')).toBe('fr');
      const articleFr = new URL(page.url()).pathname;
      await check(page);
      await screenshot(page, `fr-article-${width}`);

      // The item is the French translation of an English original: the switch leads to it.
      const original = page.locator('.article__languages a[hreflang="en"]');
      const originalHref = await original.getAttribute('href');
      expect(originalHref).toMatch(/^\/articles\//);
      expect(articleFr).not.toBe(`/fr${originalHref}`);
      await page.getByRole('list', { name: 'Autres langues' }).getByRole('link', { name: 'English' }).click();
      await page.waitForURL(base + originalHref);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('h1').textContent()).not.toBe(title);
      expect((await context.cookies()).map((c) => `${c.name}=${c.value}`)).toEqual(['lang=en']);
      await check(page);

      expect(external).toEqual([]);
      await context.close();
      // Three axe runs and six pages: past the default minute on a machine shared by six sessions.
    }, 240_000);
  }
});
