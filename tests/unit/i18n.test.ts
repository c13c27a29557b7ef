import { describe, expect, it } from 'vitest';
import {
  currentLanguage,
  formatDate,
  formatNumber,
  inLanguage,
  isLocalAddress,
  languageOfPath,
  localizePath,
  rewriteToRoute,
  routeOf,
  t,
  translator,
} from '../../src/platform/i18n/index.js';

/** t() in every language (ICU plurals, numbers, dates by Intl), the request's language, and addresses per language. */

/** What Intl itself writes for a number in Canadian French (its grouping space is a no-break space). */
const frNumber = (n: number) => new Intl.NumberFormat('fr-CA').format(n);

describe('t()', () => {
  it('formats plurals and numbers per language with Intl', () => {
    const fr = translator('fr');
    const en = translator('en');
    expect(fr('list.count', { count: 2140 })).toBe(`${frNumber(2140)} éléments`);
    expect(fr('list.count', { count: 2140 })).toMatch(/^2\u00a0140 éléments$/);
    expect(fr('list.count', { count: 1 })).toBe('1 élément');
    // French puts 0 and 1 in the singular.
    expect(fr('list.count', { count: 0 })).toBe('0 élément');
    expect(en('list.count', { count: 0 })).toBe('0 items');
    expect(en('list.count', { count: 1 })).toBe('1 item');
    expect(en('list.count', { count: 2140 })).toBe('2,140 items');
    expect(fr('search.count', { count: 2140, q: 'Mexique' })).toBe(
      `${frNumber(2140)} résultats pour « Mexique »`,
    );
  });

  it('returns a message without parameters as written, and keeps plain placeholders fast and exact', () => {
    expect(translator('fr')('nav.countries')).toBe('Pays');
    expect(translator('en')('pager.of', { n: 2, total: 10 })).toBe('Page 2 of 10');
    // A missing placeholder stays visible rather than failing the page.
    expect(translator('en')('pager.of', { n: 2 })).toBe('Page 2 of {total}');
    expect(translator('fr')('list.count', {})).toBe('{count, plural, one {# élément} other {# éléments}}');
  });

  it('formats dates and numbers in the reader’s language', () => {
    expect(formatDate('2020-05-12T12:00:00Z', 'fr')).toBe('12 mai 2020');
    expect(formatDate('2020-05-12T12:00:00Z', 'en')).toBe('May 12, 2020');
    expect(formatNumber(2140, 'fr')).toBe(frNumber(2140));
    inLanguage('fr', () => expect(formatDate('2020-06-18T23:30:00Z')).toBe('18 juin 2020'));
  });

  it('translates into the language of the scope it runs in, across awaits', async () => {
    expect(currentLanguage()).toBe('en');
    expect(t('nav.countries')).toBe('Countries');
    const inFrench = inLanguage('fr', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return t('nav.countries');
    });
    const inEnglish = inLanguage('en', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return t('nav.countries');
    });
    expect(await Promise.all([inFrench, inEnglish])).toEqual(['Pays', 'Countries']);
    expect(t('nav.countries')).toBe('Countries');
  });
});

describe('addresses per language', () => {
  it('writes a route-form address in French with French path words', () => {
    expect(localizePath('/countries/mexico', 'fr')).toBe('/fr/pays/mexico');
    expect(localizePath('/countries/mexico?page=2', 'fr')).toBe('/fr/pays/mexico?page=2');
    expect(localizePath('/', 'fr')).toBe('/fr/');
    expect(localizePath('/countries/mexico/feeds', 'fr')).toBe('/fr/pays/mexico/flux');
    expect(localizePath('/countries/mexico/feed.xml', 'fr')).toBe('/fr/pays/mexico/feed.xml');
    expect(localizePath('/subscribe?country=mexico', 'fr')).toBe('/fr/abonnement?country=mexico');
    expect(localizePath('/search?q=x', 'fr')).toBe('/fr/recherche?q=x');
    // A slug that happens to be a path word stays a slug.
    expect(localizePath('/articles/search', 'fr')).toBe('/fr/articles/search');
    expect(localizePath('/articles/feeds', 'fr')).toBe('/fr/articles/feeds');
    // Not a public page, or already French: unchanged.
    expect(localizePath('/admin/articles', 'fr')).toBe('/admin/articles');
    expect(localizePath('/fr/pays/mexico', 'fr')).toBe('/fr/pays/mexico');
    expect(localizePath('/countries/mexico', 'en')).toBe('/countries/mexico');
  });

  it('reads a French address back into its route form, and refuses English words under /fr/', () => {
    expect(routeOf('/fr/pays/mexico?page=2')).toEqual({
      language: 'fr',
      address: '/countries/mexico?page=2',
    });
    expect(routeOf('/fr/')).toEqual({ language: 'fr', address: '/' });
    expect(routeOf('/fr')).toEqual({ language: 'fr', address: '/' });
    expect(routeOf('/fr/pays/mexico/flux')).toEqual({ language: 'fr', address: '/countries/mexico/feeds' });
    expect(routeOf('/fr/countries/mexico')).toBeNull();
    expect(routeOf('/fr/admin')).toBeNull();
    expect(routeOf('/countries/mexico')).toEqual({ language: 'en', address: '/countries/mexico' });
    expect(rewriteToRoute('/fr/recherche?q=droits')).toBe('/search?q=droits');
    expect(rewriteToRoute('/fr/countries')).toBe('/fr/countries');
    expect(languageOfPath('/fr/pays')).toBe('fr');
    expect(languageOfPath('/french-page')).toBe('en');
    // An object's inherited names are no path words.
    expect(routeOf('/fr/constructor')).toBeNull();
    expect(routeOf('/fr/toString/x')).toBeNull();
    expect(localizePath('/constructor', 'fr')).toBe('/constructor');
  });

  it('goes there and back for every path word', () => {
    for (const route of [
      '/',
      '/latest',
      '/countries',
      '/regions/americas',
      '/topics/torture',
      '/cases/x/feeds',
      '/feeds',
      '/feed.json?type=news',
    ]) {
      expect(routeOf(localizePath(route, 'fr'))?.address).toBe(route);
    }
  });

  it('accepts only a local address to send a reader back to', () => {
    for (const ok of ['/', '/countries/mexico?page=2', '/fr/pays/mexico', '/search?q=%22a%22'])
      expect(isLocalAddress(ok), ok).toBe(true);
    for (const bad of [
      '//evil.com',
      '/\\evil.com',
      '\\\\evil.com',
      'https://evil.com',
      'evil.com',
      '',
      '/\r\nx',
      '/a\tb',
      `/${'a'.repeat(2001)}`,
    ])
      expect(isLocalAddress(bad), bad).toBe(false);
  });
});
