import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { browserMissing, expectAccessible, startJourney, stopJourney } from '../support/browser.js';
import { pdfText } from '../support/pdf.js';

/**
 * A supporter on a phone prints the letter to the Governor of Baja California: the urgent action's
 * page offers it, a name left out is asked for again with what was typed kept, and the PDF that
 * comes down is addressed, dated, in Spanish with its accents, and signed with their name. With
 * JavaScript on (every page accessible) and off. Counting it ("I posted it") is the intake's.
 */

let t: TestApp;
let browser: Browser;
let base: string;
// The demo is loaded as of 2020-07-01; its UA 87/20 update is open for 60 days from then.
const clock = new Date('2020-07-02T17:00:00Z');
const PAGE = '/articles/mexico-adrian-vasquez-further-information';

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({ now: () => clock }));
});

afterAll(() => stopJourney({ t, browser }));

/** Whether anything makes the page wider than the phone's screen. */
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe.skipIf(browserMissing)('a supporter prints a letter to the governor', () => {
  for (const javaScriptEnabled of [true, false]) {
    const how = javaScriptEnabled ? 'JavaScript on, every page accessible' : 'JavaScript off';
    it(`gets the letter as a PDF on a 360 px phone (${how})`, async () => {
      const context = await browser.newContext({
        viewport: { width: 360, height: 740 },
        javaScriptEnabled,
        acceptDownloads: true,
      });
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      const check = () => (javaScriptEnabled ? expectAccessible(page) : Promise.resolve());
      await page.goto(`${base}${PAGE}`);
      const letter = page.locator('#ua-letter');
      await letter.getByRole('heading', { name: 'Print and post a letter' }).scrollIntoViewIfNeeded();
      expect(await letter.textContent()).toContain('costs about $3.99 from Canada');
      expect(await overflows(page)).toBe(false);
      await check();

      // The sample letter and its translation can be read first.
      await letter.getByText('The letter, in Spanish').click();
      expect(await letter.getByText('Reparación integral para Adrián Vásquez Lagunes').isVisible()).toBe(
        true,
      );
      expect(await letter.getByRole('heading', { name: 'Translation, in English' }).isVisible()).toBe(true);

      // A name of spaces only (the browser itself asks for a missing one): asked again, the city kept.
      // The section also holds the form that counts a posted letter: this is the PDF's.
      const pdfForm = letter.locator('form[action$="/letter"]');
      await pdfForm.getByLabel('Your name').fill('   ');
      await pdfForm.getByLabel('Your city (optional)').fill('Montréal');
      await pdfForm.getByRole('button', { name: 'Get the letter (PDF)' }).click();
      await page.waitForURL(`${base}/actions/**/letter`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(
        'The letter could not be made',
      );
      expect(await page.locator('#field-name-error').textContent()).toContain('Write your name');
      expect(await page.getByLabel('Your city (optional)').inputValue()).toBe('Montréal');
      expect(await overflows(page)).toBe(false);
      await check();

      await page.getByRole('radio', { name: /Jaime Bonilla Valdez/ }).check();
      await page.getByLabel('Your name').fill('Zoë Lefèvre-Müller');
      await page.getByLabel('Your country (optional)').fill('Canada');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Get the letter (PDF)' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('letter-ua-87-20-jaime-bonilla-valdez.pdf');
      const text = await pdfText(await readFile(await download.path()));
      expect(text).toContain('2 de julio de 2020');
      expect(text).toContain('Edificio del Poder Ejecutivo, Calzada Independencia 994');
      expect(text).toContain('Centro Cívico, 21000 Mexicali, B.C.');
      expect(text).toContain('Señor Gobernador:');
      expect(text).toContain('Adrián sobrevivió a la tortura');
      expect(text).toContain('Zoë Lefèvre-Müller');
      expect(text).toContain('Montréal, Canada');
      expect(text).toContain('Postage hint');
      await context.close();
    });
  }
});
