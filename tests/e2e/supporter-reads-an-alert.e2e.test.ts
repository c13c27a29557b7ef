import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertContent } from '../../src/subscriptions/delivery/content.js';
import { alertMessage, digestMessage } from '../../src/subscriptions/delivery/message.js';
import type { SubscriberLinks } from '../../src/subscriptions/links.js';
import { browserMissing, launchBrowser, screenshot } from '../support/browser.js';

/**
 * A supporter opens an alert and a digest on a cheap phone, in light and in dark mode: the HTML
 * part passes axe (contrast included, computed with the dark styles applied), and one column
 * fits a 320 px screen without sideways scrolling, even with a very long title.
 */

const ctx = { siteName: 'Candle', publicUrl: 'https://candle.test' };
const links: SubscriberLinks = {
  manageUrl: 'https://candle.test/subscribe/preferences/7.1.abc',
  unsubscribeUrl: 'https://candle.test/subscribe/unsubscribe/7.1.abc',
  listUnsubscribeHeaders: {
    'List-Unsubscribe': '<https://candle.test/subscribe/unsubscribe/7.1.abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
};
const item = (id: number, fields: Partial<Parameters<typeof alertContent>[0]> = {}) =>
  alertContent({
    id,
    title: 'Release the three defenders detained in Mérida',
    summary: 'Three defenders were detained in Mérida on 28 November. Write to the Governor today.',
    path: `/articles/item-${id}`,
    published_at: '2026-12-01T10:00:00.000Z',
    item_type: 'urgent-action',
    item_language: null,
    image_path: `/media/defenders-${id}-share.jpg`,
    image_alt: 'Three people holding a banner outside a court',
    image_caption: 'Outside the court in Mérida.',
    image_credit: 'Ana Ruiz',
    ...fields,
  });
const to = { id: 7, email: 'reader@one.test', language: 'en' };

const messages = {
  alert: alertMessage(ctx, item(1), to, links).html,
  'alert-long-title': alertMessage(ctx, item(2, { title: 'Defenders'.repeat(40) }), to, links).html,
  digest: digestMessage(
    ctx,
    {
      period: 'weekly:2026-11-30',
      frequency: 'weekly',
      items: [
        item(3),
        item(4, { item_type: null, image_path: null }),
        item(5, { item_type: 'press-release' }),
      ],
    },
    to,
    links,
  ).html,
};

describe.skipIf(browserMissing)('a supporter reads an alert on a small phone', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    page = await context.newPage();
    // A mail client offline: the pictures do not load, and their alt text stands in.
    await page.route('**/*', (route) => route.abort());
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const [name, html] of Object.entries(messages)) {
    for (const colorScheme of ['light', 'dark'] as const) {
      it(`${name} in ${colorScheme} mode passes axe and fits the screen`, async () => {
        await page.emulateMedia({ colorScheme });
        await page.setContent(String(html));
        // A message is shown inside the mail client's own page, whose landmarks are the client's
        // (a `main` of the message's would make two): the page-level landmark rules are left out.
        const results = await new AxeBuilder({ page })
          .disableRules(['landmark-one-main', 'region'])
          .analyze();
        expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
          [],
        );
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(320);
        await screenshot(page, `mail-${name}-${colorScheme}`);
      });
    }
  }
});
