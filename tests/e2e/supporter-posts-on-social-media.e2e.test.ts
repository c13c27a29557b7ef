import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { browserMissing, expectAccessible, startJourney, stopJourney } from '../support/browser.js';

/**
 * A supporter posts about Adrián: the links open X's and Bluesky's own compose pages with the text
 * written (the governor's handle, the number, the first request, the page's address), and naming
 * their Mastodon server sends them on to its share page (a page that goes on by itself: the site's
 * policy keeps any form's answer from sending a browser elsewhere), after a name that is no server was refused
 * with what they typed kept. No request reaches a network until they choose (the Mastodon server is
 * stood in for here). JavaScript on (accessible) and off. Counting it is the intake's.
 */

let t: TestApp;
let browser: Browser;
let base: string;
const clock = new Date('2020-07-02T17:00:00Z');
const PAGE = '/articles/mexico-adrian-vasquez-further-information';
const ADDRESS = 'http://candle.test/articles/mexico-adrian-vasquez-further-information';

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({ now: () => clock }));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('a supporter posts on social media', () => {
  for (const javaScriptEnabled of [true, false]) {
    const how = javaScriptEnabled ? 'JavaScript on, every page accessible' : 'JavaScript off';
    it(`opens X or Bluesky with the text, and their own Mastodon server (${how})`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, javaScriptEnabled });
      context.setDefaultTimeout(10_000);
      const elsewhere: string[] = [];
      // Nothing but this site is asked for, except where the supporter sends themselves.
      await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
        elsewhere.push(route.request().url());
        return route.fulfill({
          status: 200,
          contentType: 'text/html',
          body: '<title>Share</title><p>Share</p>',
        });
      });
      const page = await context.newPage();
      const check = () => (javaScriptEnabled ? expectAccessible(page) : Promise.resolve());
      await page.goto(`${base}${PAGE}`);
      const post = page.locator('#ua-post');
      await post.getByRole('heading', { name: 'Post on social media' }).scrollIntoViewIfNeeded();
      expect(elsewhere).toEqual([]);

      const text = await post.getByLabel('The text').inputValue();
      expect(text).toBe(
        `@GobiernoBC_demo Please act for Adrián Vásquez Lagunes (UA 87/20): Set a date this year to deliver the full reparation ${ADDRESS}`,
      );
      const x = post.getByRole('link', { name: /Post on X/ });
      const xHref = new URL((await x.getAttribute('href')) ?? '');
      expect(xHref.origin + xHref.pathname).toBe('https://x.com/intent/post');
      expect(xHref.searchParams.get('text')).toBe(text);
      expect(await x.getAttribute('rel')).toBe('noopener noreferrer');
      const bluesky = new URL(
        (await post.getByRole('link', { name: /Post on Bluesky/ }).getAttribute('href')) ?? '',
      );
      expect(bluesky.origin + bluesky.pathname).toBe('https://bsky.app/intent/compose');
      // The governor has no Bluesky handle: the text names no one there.
      expect(bluesky.searchParams.get('text')).toBe(text.replace('@GobiernoBC_demo ', ''));
      await check();

      await post.getByLabel('Your Mastodon server').fill('localhost:3000');
      await post.getByRole('button', { name: 'Post on Mastodon' }).click();
      await page.waitForURL(`${base}/actions/**/mastodon`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'That Mastodon server name does not work',
      );
      expect(await page.getByLabel('Your Mastodon server').inputValue()).toBe('localhost:3000');
      await check();
      expect(elsewhere).toEqual([]);

      await page.getByLabel('Your Mastodon server').fill('@ana@Mastodon.Social');
      await page.getByRole('button', { name: 'Post on Mastodon' }).click();
      await page.waitForURL(/^https:\/\/mastodon\.social\/share\?text=/);
      const shared = new URL(page.url());
      expect(shared.searchParams.get('text')).toBe(
        `Please act for Adrián Vásquez Lagunes (UA 87/20): Set a date this year to deliver the full reparation ${ADDRESS}`,
      );
      expect(elsewhere).toEqual([page.url()]);
      await context.close();
    });
  }
});
