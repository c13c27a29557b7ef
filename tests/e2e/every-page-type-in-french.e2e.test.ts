import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogues } from '../../src/platform/i18n/index.js';
import { logIn, makeUser } from '../support/admin.js';
import type { TestApp } from '../support/app.js';
import {
  browserMissing,
  expectAccessible,
  SCREENSHOTS,
  screenshot,
  startJourney,
  stopJourney,
} from '../support/browser.js';

/**
 * Every page type in French at a phone's width and a desktop's (issue 15, done-when): the demo's
 * pages under /fr/ and the admin in French (the switch's cookie), each with axe, a full-page
 * screenshot under artifacts/screenshots/fr/<page>-<width>.png, `<html lang="fr">`, and the page's
 * chrome (header menu, footer, skip link, search button; the admin's menu) in the French
 * catalogue's words, so no English interface string leaks; and the English content a public page
 * shows (pictures' words, cases, asks, untranslated items) under `lang="en"`. The preference centre needs a signed
 * link, so it is not here (supporter-manages-and-erases-their-data covers it).
 */

let t: TestApp;
let browser: Browser;
let base: string;
let session: string;
const fr = catalogues.fr;
const frenchWords = new Set(Object.values(fr));

// The demo is loaded as of 2020-07-01; its UA 87/20 update is open for 60 days from then, so its
// page (and its French translation's) carries the ways to act.
const clock = new Date('2020-07-02T17:00:00Z');

beforeAll(async () => {
  if (browserMissing) return;
  ({ t, browser, base } = await startJourney({ now: () => clock }, (app) =>
    makeUser(app.db, 'admin', 'root@candle.test'),
  ));
  session = (await logIn(t.app, 'root@candle.test')).cookie.replace(/^candle_session=/, '');
  fs.mkdirSync(`${SCREENSHOTS}/fr`, { recursive: true });
});

afterAll(() => stopJourney({ t, browser }));

/**
 * A published French translation among the demo's: a news item, or an urgent action still open
 * (its page carries its channels, `#ua-act`). Its French address.
 */
async function frenchItem(urgent: boolean): Promise<string> {
  const rows = await t.db
    .selectFrom('articles')
    .select('slug')
    .where('language', '=', 'fr')
    .where('status', '=', 'published')
    .where('type', urgent ? '=' : '!=', 'urgent-action')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const path = `/fr/articles/${row.slug}`;
    if (!urgent || (await t.app.inject({ method: 'GET', url: path })).body.includes('id="ua-act"'))
      return path;
  }
  throw new Error(`no French ${urgent ? 'open urgent action' : 'news item'} in the demo`);
}

/**
 * Every English interface string that reads otherwise in French (whole strings, no placeholders):
 * none may be a text of a French page, outside content marked as another language.
 */
const englishOnly = Object.entries(catalogues.en)
  .filter(([key, en]) => !en.includes('{') && en.trim().length > 3 && fr[key as keyof typeof fr] !== en)
  .map(([, en]) => en.trim());

async function englishLeaks(page: Page): Promise<string[]> {
  return page.evaluate((english) => {
    const known = new Set(english);
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      const marked = node.parentElement?.closest('[lang]')?.getAttribute('lang');
      const hidden = node.parentElement?.closest('script, style, template');
      if (text && !hidden && (marked ?? 'fr').startsWith('fr') && known.has(text)) found.push(text);
    }
    return found;
  }, englishOnly);
}

/**
 * English content the demo shows on French pages (WCAG 3.1.2): sentences (the media library's alt
 * text and captions, cases' summaries, the urgent actions' asks, untranslated items' titles and
 * summaries) found in any text, and names (cases, credits) as whole texts.
 */
async function englishContent(): Promise<{ sentences: string[]; names: string[] }> {
  const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
  const sentences = new Set<string>();
  const names = new Set<string>();
  for (const m of await t.db.selectFrom('media').select(['alt', 'caption', 'credit']).execute()) {
    for (const s of [m.alt, m.caption]) if (collapse(s)) sentences.add(collapse(s));
    if (collapse(m.credit)) names.add(collapse(m.credit));
  }
  for (const c of await t.db.selectFrom('cases').select(['name', 'summary']).execute()) {
    names.add(collapse(c.name));
    sentences.add(collapse(c.summary));
  }
  for (const u of await t.db.selectFrom('urgent_actions').select('asks').execute())
    for (const ask of JSON.parse(u.asks) as string[]) sentences.add(collapse(ask));
  const untranslated = await t.db
    .selectFrom('articles')
    .select(['title', 'summary'])
    .where('language', '=', 'en')
    .where('status', '=', 'published')
    .execute();
  for (const a of untranslated)
    for (const s of [a.title, a.summary]) if (collapse(s)) sentences.add(collapse(s));
  return { sentences: [...sentences], names: [...names] };
}

/**
 * English content on a French page outside an element whose nearest `lang` is English. A name may
 * stand in French words an editor wrote (marked French, or an article's own text, `.prose`).
 */
async function unmarkedEnglish(page: Page, english: { sentences: string[]; names: string[] }) {
  return page.evaluate(({ sentences, names }) => {
    const known = new Set(names);
    const found: string[] = [];
    const check = (text: string, element: Element) => {
      const lang = element.closest('[lang]');
      if (lang?.getAttribute('lang')?.startsWith('en')) return;
      const inFrenchWords =
        lang !== document.documentElement
          ? lang?.getAttribute('lang')?.startsWith('fr')
          : element.closest('.prose');
      if (sentences.some((s) => text.includes(s)) || (known.has(text) && !inFrenchWords)) found.push(text);
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.replace(/\s+/g, ' ').trim() ?? '';
      // A post to copy (French words around an English ask) cannot mark a part of a text box.
      if (text && parent && !parent.closest('script, style, template, textarea')) check(text, parent);
    }
    for (const img of document.querySelectorAll('img[alt]')) {
      const alt = img.getAttribute('alt')?.replace(/\s+/g, ' ').trim() ?? '';
      if (alt) check(alt, img);
    }
    return found;
  }, english);
}

const texts = (page: Page, selector: string) => page.locator(selector).allTextContents();
const trimmed = (list: string[]) => list.map((s) => s.replace(/\s+/g, ' ').trim());

/** The public chrome: the header's menu, the footer's links, the skip link and the search button. */
async function expectFrenchChrome(page: Page) {
  expect(trimmed(await texts(page, '#main-menu a'))).toEqual([
    fr['nav.latest'],
    fr['nav.countries'],
    fr['nav.regions'],
    fr['nav.topics'],
    fr['nav.cases'],
  ]);
  expect(trimmed(await texts(page, '.site-footer__links a'))).toEqual([
    fr['footer.feeds'],
    fr['nav.countries'],
    fr['nav.topics'],
  ]);
  expect(trimmed(await texts(page, '.skip-link'))).toEqual([fr['site.skip']]);
  expect(trimmed(await texts(page, '.site-header .search-form button[type="submit"]'))).toEqual([
    fr['search.submit'],
  ]);
}

/** The admin's chrome: every entry of its menu is a French catalogue string. */
async function expectFrenchAdminChrome(page: Page) {
  const entries = trimmed(await texts(page, 'nav.admin-menu a'));
  expect(entries.length).toBeGreaterThan(3);
  expect(entries.filter((e) => !frenchWords.has(e))).toEqual([]);
  expect(entries).toContain(fr['admin.nav.dashboard']);
}

describe.skipIf(browserMissing)('every page type in French', () => {
  for (const width of [390, 1280]) {
    it(`is French, accessible and photographed at ${width} px`, async () => {
      const caseSlug = (await t.db.selectFrom('cases').select('slug').orderBy('id').executeTakeFirstOrThrow())
        .slug;
      const urgentAction = await frenchItem(true);
      // Where its forms lead once recorded: the source's thanks page, in French.
      const { translation_of: actionId } = await t.db
        .selectFrom('articles')
        .select('translation_of')
        .where('slug', '=', urgentAction.split('/').pop()!)
        .executeTakeFirstOrThrow();
      const pages: Array<[name: string, path: string, status?: number]> = [
        ['home', '/fr/'],
        ['latest', '/fr/actualites'],
        ['country', '/fr/pays/mexique'],
        ['region', '/fr/regions/ameriques'],
        ['topic', '/fr/sujets/defenseurs-des-droits-humains'],
        ['case', `/fr/personnes/${caseSlug}`],
        ['article', await frenchItem(false)],
        ['urgent-action', urgentAction],
        ['thanks', `/fr/actions/${actionId}/thanks`],
        ['search', '/fr/recherche?q=Mexique'],
        ['network', '/fr/reseau'],
        ['subscribe', '/fr/abonnement'],
        ['not-found', '/fr/pays/nulle-part', 404],
      ];
      // The leak check knows the chrome's English words, so it would see them.
      expect(englishOnly).toContain(catalogues.en['site.skip']);
      const english = await englishContent();
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      for (const [name, path, status] of pages) {
        const response = await page.goto(base + path, { waitUntil: 'load' });
        expect(response?.status(), path).toBe(status ?? 200);
        expect(await page.locator('html').getAttribute('lang'), path).toBe('fr');
        await expectFrenchChrome(page);
        expect(await englishLeaks(page), path).toEqual([]);
        expect(await unmarkedEnglish(page, english), path).toEqual([]);
        if (name === 'urgent-action') {
          // With its channels: the ways to act, each a section the notices link to.
          expect(await page.locator('#ua-act').count(), path).toBe(1);
          // The counts its script swaps in are the French fragment, not the English one.
          const counts = String(await page.locator('.ua-counts').first().getAttribute('data-counts-src'));
          expect(counts).toMatch(/^\/fr\/actions\/\d+\/counts$/);
          const fragment = await t.app.inject({ method: 'GET', url: counts });
          expect(fragment.statusCode).toBe(200);
          expect(fragment.body).toContain(fr['uaCounts.heading']);
        }
        await expectAccessible(page);
        await screenshot(page, `fr/${name}-${width}`);
        expect(fs.existsSync(`${SCREENSHOTS}/fr/${name}-${width}.png`)).toBe(true);
      }

      // The admin in French: the language the switch's cookie chose (its addresses name none).
      await context.addCookies([
        { name: 'lang', value: 'fr', url: base },
        { name: 'candle_session', value: session, url: base },
      ]);
      for (const [name, path] of [
        ['admin-dashboard', '/admin'],
        ['admin-articles', '/admin/articles?status=published'],
        ['admin-consent', '/admin/subscribers/consent'],
      ] as const) {
        const response = await page.goto(base + path, { waitUntil: 'load' });
        expect(response?.status(), path).toBe(200);
        expect(await page.locator('html').getAttribute('lang'), path).toBe('fr');
        await expectFrenchAdminChrome(page);
        expect(await englishLeaks(page), path).toEqual([]);
        await expectAccessible(page);
        await screenshot(page, `fr/${name}-${width}`);
      }
      await context.close();
      // Fifteen pages, each checked by axe and photographed whole: minutes on a shared machine.
    }, 600_000);
  }
});
