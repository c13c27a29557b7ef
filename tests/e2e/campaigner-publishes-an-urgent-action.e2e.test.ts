import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../support/admin.js';
import type { TestApp } from '../support/app.js';
import { browserMissing, expectAccessible, startJourney, stopJourney } from '../support/browser.js';

let t: TestApp;
let browser: Browser;
let base: string;
const clock = new Date('2026-03-02T08:00:00Z');

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({ now: () => clock }, (app) =>
    makeUser(app.db, 'campaigner', 'rosa@candle.test'),
  ));
});

afterAll(() => stopJourney({ t, browser }));

describe.skipIf(browserMissing)(
  'a campaigner publishes an urgent action and a reader sees its details',
  () => {
    it('adds a governor to the directory, publishes, fills the details, and the page shows them', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      await page.goto(`${base}/admin/login`);
      await page.getByLabel('Email').fill('rosa@candle.test');
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${base}/admin`);

      // The directory first: a governor, with a time zone typed wrong, then put right.
      await page.getByRole('link', { name: 'Targets' }).first().click();
      await expectAccessible(page);
      await page.getByRole('link', { name: 'New target' }).click();
      await page.getByLabel('Honorific').fill('Lic.');
      await page.getByLabel('Name', { exact: true }).fill('Marina Ortega Ruiz');
      await page.getByLabel('Title', { exact: true }).fill('Gobernadora de Tamaulipas');
      await page.getByLabel('Body or ministry').fill('Gobierno del Estado de Tamaulipas');
      await page.getByLabel('Country').fill('MX');
      await page.getByLabel('State or province').fill('Tamaulipas');
      await page.getByLabel('Postal address').fill('Palacio de Gobierno\nCiudad Victoria, Tamaulipas');
      await page.getByLabel('Official email').fill('gobernadora@tamaulipas.example.org');
      await page.getByLabel('Official phone').fill('+52 834 000 0000');
      await page.getByLabel('Salutation').fill('Estimada Gobernadora');
      await page.getByLabel('Working language').fill('es');
      await page.getByLabel('Time zone').fill('America/Ciudad_Victoria');
      await page.getByLabel('Office hours').fill('Mon-Fri 09:00-17:00');
      await page.getByRole('button', { name: 'Save target' }).click();
      expect(await page.locator('#field-time_zone-error').textContent()).toContain(
        'Enter a time zone this server knows',
      );
      await expectAccessible(page);
      await page.getByLabel('Time zone').fill('America/Monterrey');
      await page.getByRole('button', { name: 'Save target' }).click();
      await page.waitForURL(/\/admin\/targets\?saved=1/);
      expect(await page.getByRole('status').textContent()).toBe('The target was saved.');

      // The article: written and published in the newsroom's editor.
      await page.getByRole('link', { name: 'New article' }).first().click();
      await page.getByLabel('Title', { exact: true }).fill('Defender detained in Ciudad Victoria');
      await page.getByLabel('Type').selectOption('urgent-action');
      await page.getByLabel('Summary').fill('Write to the Governor of Tamaulipas today.');
      await page.getByLabel('Text', { exact: true }).fill('A defender was detained on 1 March.');
      await page.getByLabel('Mexico').check();
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/\/admin\/articles\/\d+\?saved=1/);

      // Its details, on the actions room's page the editor links to.
      await page.getByRole('link', { name: 'Urgent action details' }).click();
      await page.waitForURL(/\/admin\/actions\/\d+/);
      await expectAccessible(page);
      await page.getByLabel('Date issued').fill('2026-03-02');
      await page.getByLabel('Take action before').fill('2026-04-13');
      await page.getByLabel('Preferred languages for writing').fill('Spanish, English');
      await page.getByLabel('What to ask for').fill('Release him at once\nProtect his family');
      await page.getByLabel('Name of person 1').fill('Adrián Vásquez Lagunes');
      await page.getByLabel('Pronouns of person 1').fill('he/him');
      await page.getByLabel('Case page of person 1').selectOption({ label: 'Adrián Vásquez Lagunes' });
      await page
        .getByRole('group', { name: 'Role of Marina Ortega Ruiz, Gobernadora de Tamaulipas' })
        .getByLabel('Target')
        .check();
      await page.getByRole('button', { name: 'Save details' }).click();
      await page.waitForURL(/\/admin\/actions\/\d+\?done=saved/);
      expect(await page.getByRole('status').textContent()).toBe('The details were saved.');
      await expectAccessible(page);
      // Published from the editor: the number is given then.
      await page.getByRole('link', { name: 'Edit the article’s text' }).click();
      await page.getByRole('button', { name: 'Publish now' }).click();
      await page.waitForURL(/\/admin\/articles\/\d+\?saved=2/);
      await page.goto(`${base}/admin/actions`);
      expect(await page.locator('main table').textContent()).toContain('UA 1/26');
      await expectAccessible(page);

      // A reader, on a phone.
      const reader = await browser.newContext({ viewport: { width: 375, height: 800 } });
      const article = await reader.newPage();
      await article.goto(`${base}/articles/defender-detained-in-ciudad-victoria`);
      const section = article.locator('section.ua');
      expect(await section.locator('h2').textContent()).toBe('Urgent action UA 1/26');
      const text = await section.textContent();
      for (const shown of [
        'Open: please act now',
        'April 13, 2026',
        'Release him at once',
        'Lic. Marina Ortega Ruiz',
        'Gobernadora de Tamaulipas',
        'Estimada Gobernadora',
        'Mon 09:00–17:00',
      ]) {
        expect(text).toContain(shown);
      }
      // In the targets' contact details and again in the call channel.
      for (const link of await section.getByRole('link', { name: '+52 834 000 0000' }).all()) {
        expect(await link.getAttribute('href')).toBe('tel:+528340000000');
      }
      await expectAccessible(article);
      // By keyboard: the person's case page is reached with Tab and Enter.
      const person = section.getByRole('link', { name: 'Adrián Vásquez Lagunes' });
      await person.focus();
      await article.keyboard.press('Enter');
      await article.waitForURL(/\/cases\/adrian-vasquez-lagunes/);
      await reader.close();
      await context.close();
    });
  },
);
