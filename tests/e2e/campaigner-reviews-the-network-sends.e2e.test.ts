import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suppressedWhy } from '../../src/subscriptions/delivery/rules.js';
import { capReason } from '../../src/subscriptions/network/rules.js';
import { makeUser, TEST_PASSWORD } from '../support/admin.js';
import type { TestApp } from '../support/app.js';
import {
  browserMissing,
  expectAccessible,
  screenshot,
  startJourney,
  stopJourney,
} from '../support/browser.js';

/**
 * A campaigner reads what the Urgent Action Network did with one message (issue 14): the list of
 * messages, then one message's sends with a member capped (and why), one whose server refused it
 * (with the server's words) and one skipped for being on the suppression list. Both pages by
 * keyboard-reachable links and checked by axe. The send log is written as the send loop leaves it
 * (tests/integration/network-sends.test.ts makes the same states through a real SMTP peer).
 */

let t: TestApp;
let browser: Browser;
let base: string;
let messageId = 0;
const at = new Date().toISOString();

async function member(app: TestApp, email: string): Promise<number> {
  const row = await app.db
    .insertInto('subscribers')
    .values({
      email,
      name: null,
      language: 'en',
      frequency: 'each',
      status: 'confirmed',
      created_at: at,
      confirmed_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({}, async (app) => {
    await makeUser(app.db, 'campaigner', 'rosa@candle.test');
    const article = await app.db
      .selectFrom('articles')
      .select(['id', 'title'])
      .where('slug', '=', 'mexico-adrian-vasquez-covid-19-reparation')
      .executeTakeFirstOrThrow();
    const message = await app.db
      .insertInto('network_messages')
      .values({
        kind: 'action',
        article_id: article.id,
        series_id: article.id,
        title: article.title,
        summary: 'A defender is at risk.',
        path: '/articles/mexico-adrian-vasquez-covid-19-reparation',
        reference: 'UA 87/20',
        note: '',
        item_language: 'en',
        follows: '[{"kind":"everything","targetId":0}]',
        channels: '["letter"]',
        published_at: at,
        created_at: at,
        fanned_out_at: at,
        withdrawn_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    messageId = message.id;
    const sends = [
      ['sent@example.org', 'sent', 0, null],
      ['capped@example.org', 'capped', 0, capReason(1, 1, 0)],
      ['refused@example.org', 'failed', 1, '550 5.1.1 mailbox unavailable'],
      ['bounced@example.org', 'cancelled', 0, suppressedWhy('bounce')],
    ] as const;
    for (const [email, status, attempts, error] of sends)
      await app.db
        .insertInto('network_deliveries')
        .values({
          message_id: messageId,
          supporter_id: null,
          subscriber_id: await member(app, email),
          status,
          attempts,
          next_attempt_at: at,
          claimed_until: null,
          sent_at: status === 'sent' ? at : null,
          last_error: error,
        })
        .execute();
  }));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('a campaigner reviews the network’s sends', () => {
  it('reads a message’s sends, capped, refused and skipped, each with why, accessible to axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('rosa@candle.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin`);

    await page.goto(`${base}/admin/subscribers/network`);
    await expectAccessible(page);
    await page.getByRole('link', { name: /^UA 87\/20: / }).click();
    await page.waitForURL(`${base}/admin/subscribers/network/${messageId}`);
    expect(await page.getByRole('heading', { level: 1, name: /^Sends of UA 87\/20: / }).count()).toBe(1);
    // Sent, capped, waiting, failed, dead, skipped as suppressed, cancelled: the bounced address
    // counted as skipped, not as cancelled.
    const counts = page.getByRole('table', { name: 'Sends by state' });
    expect(await counts.getByRole('columnheader').allTextContents()).toEqual([
      'Sent',
      'Capped',
      'Waiting',
      'Failed, to retry',
      'Dead',
      'Skipped, suppressed',
      'Cancelled',
    ]);
    expect(await counts.getByRole('row').nth(1).getByRole('cell').allTextContents()).toEqual([
      '1',
      '1',
      '0',
      '1',
      '0',
      '1',
      '0',
    ]);

    const rowOf = (email: string) => page.getByRole('row').filter({ hasText: email });
    expect(await rowOf('capped@example.org').getByRole('cell', { name: 'Capped', exact: true }).count()).toBe(
      1,
    );
    expect(
      await page
        .getByRole('cell', { name: 'weekly cap 1: 1 sent in the last 7 days, 0 newer waiting' })
        .count(),
    ).toBeGreaterThan(0);
    expect(await rowOf('refused@example.org').getByText('550 5.1.1 mailbox unavailable').count()).toBe(1);
    expect(
      await rowOf('bounced@example.org')
        .getByRole('cell', { name: 'On the suppression list: Hard bounce' })
        .count(),
    ).toBe(1);
    expect(await rowOf('sent@example.org').count()).toBe(0);
    await screenshot(page, 'network-message-sends');
    await expectAccessible(page);
    await context.close();
  }, 120_000);
});
