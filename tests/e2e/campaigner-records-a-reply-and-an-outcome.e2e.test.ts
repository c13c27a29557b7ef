import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholderPdf } from '../../src/demo/placeholders.js';
import { makeUser, TEST_PASSWORD } from '../support/admin.js';
import type { TestApp } from '../support/app.js';
import { browserMissing, expectAccessible, startJourney, stopJourney } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let base: string;
const clock = new Date('2026-12-03T10:00:00Z');

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({ now: () => clock }, async (app) => {
    await makeUser(app.db, 'campaigner', 'rosa@candle.test');
    await makeUser(app.db, 'editor', 'eva@candle.test');
  }));
});

afterAll(() => stopJourney({ t, browser }));

async function logIn(context: Awaited<ReturnType<Browser['newContext']>>, email: string) {
  const page = await context.newPage();
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${base}/admin`);
  return page;
}

describe.skipIf(browserMissing)(
  'a campaigner records a reply and an outcome and the good news is published',
  () => {
    it('records both, makes the good-news draft, an editor publishes it, and readers see the timeline', async () => {
      const update = await t.db
        .selectFrom('articles')
        .select('id')
        .where('slug', '=', 'mexico-adrian-vasquez-further-information')
        .executeTakeFirstOrThrow();
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(10_000);
      const page = await logIn(context, 'rosa@candle.test');

      // From the urgent action's details to its ledger.
      await page.goto(`${base}/admin/actions/${update.id}`);
      await page.getByRole('link', { name: 'Replies and outcomes' }).click();
      await page.waitForURL(/\/ledger$/);
      await expectAccessible(page);

      // A reply, sent first without its summary: refused, the rest kept.
      await page.getByRole('link', { name: 'Record a reply' }).click();
      await expectAccessible(page);
      await page.getByLabel('Authority that replied').selectOption({
        label: 'Ing. Jaime Bonilla Valdez, Gobernador Constitucional del Estado de Baja California (target)',
      });
      await page.getByLabel('Date received').fill('2026-11-20');
      await page.getByLabel('How it came').selectOption('letter');
      await page.getByRole('button', { name: 'Save the reply' }).click();
      expect(await page.locator('#field-summary-error').textContent()).toContain('Write a summary');
      expect(await page.getByLabel('Date received').inputValue()).toBe('2026-11-20');
      await expectAccessible(page);
      // By keyboard: typed, then sent with Enter on the button.
      await page.getByLabel('Summary').focus();
      await page.keyboard.type('The Governor’s office wrote that the reparation is being paid this month.');
      await page.locator('input[type=file][name=attachment]').setInputFiles({
        name: 'governor-reply.pdf',
        mimeType: 'application/pdf',
        buffer: placeholderPdf('Reply', 'The Governor answers.'),
      });
      await page.getByRole('button', { name: 'Save the reply' }).focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/ledger\?done=reply/);
      expect(await page.getByRole('status').textContent()).toBe('The reply is saved.');
      await expectAccessible(page);

      // An outcome.
      await page.getByRole('link', { name: 'Record an outcome' }).click();
      await page.getByLabel('Outcome').selectOption('charges-dropped');
      await page.getByLabel('Date', { exact: true }).fill('2026-12-01');
      await page.getByLabel('Source').fill('Adrián’s lawyer');
      await page.getByLabel('Summary').fill('The last charges against Adrián were dropped.');
      await page.getByRole('button', { name: 'Save the outcome' }).click();
      await page.waitForURL(/\/ledger\?done=outcome/);
      await expectAccessible(page);

      // Each entry's own page, with its attachment and the button to delete it.
      await page.getByRole('link', { name: /^Edit the reply from Ing\. Jaime Bonilla Valdez/ }).click();
      expect(await page.getByRole('link', { name: 'governor-reply.pdf' }).getAttribute('href')).toMatch(
        /\.pdf$/,
      );
      await expectAccessible(page);
      await page.goBack();
      await page.getByRole('link', { name: /^Edit the outcome: charges dropped/ }).click();
      await expectAccessible(page);
      await page.goBack();

      // One button: a good-news draft, and the editor opens on it.
      await page.getByRole('button', { name: /Make a good-news item of: charges dropped/ }).click();
      await page.waitForURL(/\/admin\/articles\/\d+$/);
      expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(
        'Good news: charges against Adrián Vásquez Lagunes dropped',
      );
      const draftUrl = page.url();
      await context.close();

      // Campaigners publish urgent actions only: an editor publishes the good news.
      const editorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      editorContext.setDefaultTimeout(10_000);
      const editor = await logIn(editorContext, 'eva@candle.test');
      await editor.goto(draftUrl);
      await editor.getByRole('button', { name: 'Publish now' }).click();
      await editor.waitForURL(/\/admin\/articles\/\d+\?saved=2/);
      await editorContext.close();

      // A reader, on a phone: the urgent action's first page shows its series' timeline.
      const reader = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const article = await reader.newPage();
      await article.goto(`${base}/articles/mexico-adrian-vasquez-covid-19-reparation`);
      const ledger = article.locator('section.ledger');
      expect(await ledger.locator('h2').textContent()).toBe('A reply from one authority');
      expect(await ledger.textContent()).toContain('The last charges against Adrián were dropped.');
      expect(
        await ledger.getByRole('link', { name: 'Download: governor-reply.pdf' }).getAttribute('href'),
      ).toMatch(/^\/media\/.+\.pdf$/);
      await expectAccessible(article);
      await article.goto(`${base}/cases/adrian-vasquez-lagunes`);
      expect(await article.locator('.ledger-impact').textContent()).toContain(
        '1 reply, charges dropped on December 1, 2026',
      );
      await expectAccessible(article);
      await article.goto(`${base}/latest?type=good-news`);
      await article
        .getByRole('link', { name: 'Good news: charges against Adrián Vásquez Lagunes dropped' })
        .click();
      expect(await article.textContent('main')).toContain('The last charges against Adrián were dropped.');
      await expectAccessible(article);
      await reader.close();
      // Three people's sessions and a dozen pages checked by axe: more than a minute on a busy machine.
    }, 180_000);
  },
);
