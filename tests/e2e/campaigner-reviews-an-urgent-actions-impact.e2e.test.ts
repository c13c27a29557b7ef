import type { Browser } from 'playwright-core';
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
let actionId = 0;
let supporters = 0;
// Friday 10 July 2020, 16:00 in Tijuana: the demo governor's office is closed.
const clock = new Date('2020-07-10T23:00:00.000Z');
const PAGE = '/articles/mexico-adrian-vasquez-covid-19-reparation';

/** A supporter who acted, counted (as intake writes it once their address is confirmed). */
async function counted(app: TestApp, channel: 'email' | 'letter' | 'post' | 'call', detail = '') {
  supporters++;
  const at = clock.toISOString();
  const s = await app.db
    .insertInto('ua_supporters')
    .values({
      email: `reader${supporters}@example.org`,
      name: `Reader ${supporters}`,
      confirmed_at: at,
      created_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return app.db
    .insertInto('ua_actions_taken')
    .values({
      article_id: actionId,
      supporter_id: s.id,
      channel,
      state: 'counted',
      detail,
      created_at: at,
      counted_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({ now: () => clock }, async (app) => {
    await makeUser(app.db, 'campaigner', 'rosa@candle.test');
    actionId = (
      await app.db
        .selectFrom('articles')
        .select('id')
        .where('slug', '=', 'mexico-adrian-vasquez-covid-19-reparation')
        .executeTakeFirstOrThrow()
    ).id;
    await app.db.updateTable('urgent_actions').set({ goal: 20 }).where('article_id', '=', actionId).execute();
    const first = await counted(app, 'email');
    await counted(app, 'letter');
    await counted(app, 'post');
    await counted(app, 'call', 'answered');
    await counted(app, 'call', 'voicemail');
    const governor = await app.db
      .selectFrom('ua_action_targets')
      .select('target_id')
      .where('article_id', '=', actionId)
      .where('role', '=', 'target')
      .executeTakeFirstOrThrow();
    for (const [i, status] of (['queued', 'sent', 'bounced'] as const).entries()) {
      await app.db
        .insertInto('ua_letters')
        .values({
          action_id: first.id,
          article_id: actionId,
          target_id: governor.target_id,
          role: 'target',
          language: 'es',
          subject: 'Liberación',
          body: 'Señor Gobernador…',
          status,
          message_id: `<e2e-${i}@candle.test>`,
          created_at: clock.toISOString(),
        })
        .execute();
    }
  }));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)('a reader sees the counts, and a campaigner reviews the impact', () => {
  // The run's first pages (the public page, axe's first injection) took over a minute on a busy shared machine.
  it('shows the counts as rendered with JavaScript off, and refreshed from the fragment with it on', async () => {
    const off = await browser.newContext({ javaScriptEnabled: false });
    const still = await off.newPage();
    await still.goto(base + PAGE);
    expect(await still.locator('.ua-counts__total').textContent()).toBe('5 actions taken');
    expect(await still.getByRole('progressbar', { name: '5 of our goal of 20 actions (25%)' }).count()).toBe(
      1,
    );
    // axe runs as a script: it checks the same page with JavaScript on, below.

    // Two more actions: the page stays cached with 5, the fragment is purged as countsChanged would.
    await counted(t, 'post');
    await counted(t, 'letter');
    t.cache.purge([`ua-count:${actionId}`]);
    await still.goto(base + PAGE);
    expect(await still.locator('.ua-counts__total').textContent()).toBe('5 actions taken');
    await off.close();

    const on = await browser.newContext();
    const live = await on.newPage();
    await live.goto(base + PAGE);
    await live.getByText('7 actions taken').waitFor();
    await screenshot(live, 'urgent-action-counts');
    expect(await live.getByRole('progressbar', { name: '7 of our goal of 20 actions (35%)' }).count()).toBe(
      1,
    );
    await expectAccessible(live);

    // A listing of urgent actions shows the total and the goal bar in the item.
    await live.goto(`${base}/latest?type=urgent-action`);
    expect(await live.getByRole('progressbar', { name: /of our goal of 20 actions/ }).count()).toBe(1);
    await expectAccessible(live);
    await on.close();
  }, 120_000);

  it('takes a campaigner from the details to the impact page, accessible to axe', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('rosa@candle.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin`);
    await page.goto(`${base}/admin/actions/${actionId}`);
    await page.getByRole('link', { name: 'Impact: actions taken, letters and calls' }).click();
    await page.waitForURL(`${base}/admin/actions/${actionId}/impact`);
    await expectAccessible(page);
    await screenshot(page, 'urgent-action-impact');
    expect(await page.getByRole('img', { name: 'Counted actions per day, by channel' }).count()).toBe(1);
    const all = page.getByRole('row', { name: /All channels/ });
    expect(await all.getByRole('cell').first().textContent()).toBe('7');
    const answered = page.getByRole('row', { name: /Answered/ });
    expect(await answered.getByRole('cell').textContent()).toBe('1');
    const governor = page.getByRole('row', { name: /Jaime Bonilla Valdez/ });
    expect(await governor.getByRole('cell').nth(0).textContent()).toContain('Closed');
    // Held, sent and bounced: the queued letter waits for the office to open.
    expect(await governor.getByRole('cell').nth(3).textContent()).toBe('1');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export the actions as CSV' }).click();
    expect((await download).suggestedFilename()).toMatch(/^urgent-action-\d+-actions-2020-07-10\.csv$/);
    await context.close();
  });

  it('shows the impact of every urgent action: a described chart, its table, CSV, print, JavaScript off', async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: false,
    });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('rosa@candle.test');
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${base}/admin`);
    await page.goto(`${base}/admin/actions`);
    await page.getByRole('link', { name: 'Impact of every urgent action' }).click();
    await page.waitForURL(`${base}/admin/actions/impact`);

    const chart = page.getByRole('img', { name: 'Counted actions per day, by channel, every urgent action' });
    expect(await chart.count()).toBe(1);
    // Its description in words, read through aria-describedby.
    const described = await chart.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described}"]`).textContent()).toContain('July 10, 2020');
    const all = page.getByRole('table', {
      name: 'Counted actions per channel, every urgent action, since the first',
    });
    expect(
      await all
        .getByRole('row', { name: /All channels/ })
        .getByRole('cell')
        .textContent(),
    ).toBe('7');
    const perAction = page.getByRole('table', {
      name: 'Counted actions per urgent action and channel, the most first',
    });
    expect(await perAction.getByRole('row').count()).toBe(2);

    // Printed: the menus and the CSV links are left out, the chart and the tables stay.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('navigation', { name: 'Admin menu' }).isVisible()).toBe(false);
    expect(
      await page
        .getByRole('link', { name: /Download this table as CSV/ })
        .first()
        .isVisible(),
    ).toBe(false);
    expect(await chart.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });

    const download = page.waitForEvent('download');
    await page
      .getByRole('link', { name: /Download this table as CSV \(Counted actions per urgent action/ })
      .click();
    expect((await download).suggestedFilename()).toBe('urgent-actions-totals-2020-07-10.csv');
    await context.close();

    // The same page with JavaScript on, for axe, and by keyboard to an urgent action's own page.
    const on = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const live = await on.newPage();
    await live.goto(`${base}/admin/login`);
    await live.getByLabel('Email').fill('rosa@candle.test');
    await live.getByLabel('Password').fill(TEST_PASSWORD);
    await live.getByRole('button', { name: 'Log in' }).click();
    await live.waitForURL(`${base}/admin`);
    await live.goto(`${base}/admin/actions/impact`);
    await expectAccessible(live);
    await screenshot(live, 'urgent-actions-impact');
    await live.getByRole('link', { name: /Torture survivor Adrián Vásquez/ }).focus();
    await live.keyboard.press('Enter');
    await live.waitForURL(`${base}/admin/actions/${actionId}/impact`);
    await on.close();
  });
});
