import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';

/**
 * English at the root, French under /fr/ with French path words (issue 15, item 2): the page in
 * each language, its language said three ways (address, <html lang>, Content-Language), hreflang
 * alternates that point back at each other in the head and in the sitemap, the page cache keeping
 * each language apart without varying on a header, and the language switch. Both dialects.
 */

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url, headers });

/** The head's hreflang alternates: language → absolute address. */
function alternates(html: string): Map<string, string> {
  const head = html.slice(0, html.indexOf('</head>'));
  const found = new Map<string, string>();
  for (const m of head.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/>/g)) {
    expect(found.has(m[1]!), `hreflang ${m[1]} named twice`).toBe(false);
    found.set(m[1]!, m[2]!.replace(/&amp;/g, '&'));
  }
  return found;
}

describe('the French pages', () => {
  it('serves the Mexico page in French under /fr/pays/', async () => {
    const res = await get('/fr/pays/mexique');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('fr');
    expect(res.body).toMatch(/^<!doctype html><html lang="fr">/);
    expect(res.body).toContain('Abonnez-vous');
    // The page's own links stay in French.
    expect(res.body).toContain('href="/fr/pays"');
    expect(res.body).toContain('action="/fr/recherche"');
    expect(res.body).toMatch(/href="\/fr\/articles\/[a-z0-9-]+"/);
    // The items are still written in English: a screen reader is told so.
    expect(res.body).toContain('<h2 class="item__title" lang="en">');
    expect((await get('/countries/mexico')).body).toContain('<h2 class="item__title">');
    expect(res.headers.vary).toBe('Accept-Encoding');
  });

  it('keeps the English page English, whatever the browser prefers', async () => {
    const res = await get('/countries/mexico', { 'accept-language': 'fr-CA,fr;q=0.9' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-language']).toBe('en');
    expect(res.body).toMatch(/^<!doctype html><html lang="en">/);
    expect(res.body).toContain('Subscribe to Mexico');
    const home = await get('/', { 'accept-language': 'fr' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-language']).toBe('en');
  });

  it('caches each language as a page of its own', async () => {
    const fr1 = await get('/fr/pays/mexique');
    const en1 = await get('/countries/mexico');
    const fr2 = await get('/fr/pays/mexique');
    const en2 = await get('/countries/mexico');
    expect(fr2.headers['x-cache']).toBe('HIT');
    expect(en2.headers['x-cache']).toBe('HIT');
    expect(fr2.body).toBe(fr1.body);
    expect(en2.body).toBe(en1.body);
    expect(fr2.headers.etag).not.toBe(en2.headers.etag);
    expect(fr2.headers['content-language']).toBe('fr');
  });

  it('answers 404 to an English path word under /fr/ and to an unknown one', async () => {
    expect((await get('/fr/countries/mexico')).statusCode).toBe(404);
    expect((await get('/fr/admin')).statusCode).toBe(404);
    const missing = await get('/fr/pays/nowhere');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('lang="fr"');
  });

  it('keeps a French reader in French through a redirect', async () => {
    const res = await get('/fr/pays/mexique?page=1');
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe('/fr/pays/mexique');
  });

  it('names both languages in the head, each pointing back at the other', async () => {
    const pages = ['/countries/mexico', '/regions', '/topics', '/latest?type=urgent-action'];
    const article = /class="item__title"><a href="(\/articles\/[^"]+)"/.exec(
      (await get('/countries/mexico')).body,
    )?.[1];
    expect(article).toBeDefined();
    pages.push(article!);
    for (const path of pages) {
      const en = alternates((await get(path)).body);
      expect(en.get('en'), path).toBe(TEST_PUBLIC_URL + path);
      const frUrl = en.get('fr');
      expect(frUrl, path).toMatch(/^http:\/\/candle\.test\/fr\//);
      expect(en.get('x-default')).toBe(TEST_PUBLIC_URL + path);
      const frPage = await get(frUrl!.slice(TEST_PUBLIC_URL.length));
      expect(frPage.statusCode, frUrl).toBe(200);
      const fr = alternates(frPage.body);
      // Reciprocal: the French page names the English one, and itself.
      expect(fr.get('en'), frUrl).toBe(TEST_PUBLIC_URL + path);
      expect(fr.get('fr'), frUrl).toBe(frUrl);
      expect(frPage.body).toContain(`<link rel="canonical" href="${frUrl!.replace(/&/g, '&amp;')}"/>`);
    }
  });

  it('lists every page in both languages in the sitemap, with reciprocal alternates', async () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    for (const file of ['/sitemaps/pages.xml', '/sitemaps/articles-1.xml']) {
      const res = await get(file);
      expect(res.statusCode).toBe(200);
      const urls = parser.parse(res.body).urlset.url as Array<{
        loc: string;
        'xhtml:link': Array<{ hreflang: string; href: string }>;
      }>;
      const byLoc = new Map(urls.map((u) => [u.loc, u]));
      expect(
        urls.some((u) => u.loc === `${TEST_PUBLIC_URL}/fr/pays/mexique`) || file.includes('articles'),
      ).toBe(true);
      for (const u of urls) {
        const links = [u['xhtml:link']].flat();
        // Every page is in both languages; an article in those its translation group has.
        if (file.includes('articles')) expect(links.some((l) => l.href === u.loc)).toBe(true);
        else expect(links.map((l) => l.hreflang).sort()).toEqual(['en', 'fr', 'x-default']);
        // Each alternate is itself listed, and names this address back.
        for (const l of links) {
          const other = byLoc.get(l.href);
          expect(other, l.href).toBeDefined();
          expect([other!['xhtml:link']].flat().some((x) => x.href === u.loc)).toBe(true);
        }
      }
    }
  });
});

describe('the language switch', () => {
  it('is on every page and leads to the same page in the other language', async () => {
    const en = await get('/countries/mexico');
    // Each language's page has its own address word: the switch names the page it leads to.
    expect(en.body).toContain('href="/language?to=fr&amp;from=%2Fcountries%2Fmexique"');
    const fr = await get('/fr/pays/mexique');
    expect(fr.body).toContain('href="/language?to=en&amp;from=%2Fcountries%2Fmexico"');
    const res = await get('/language?to=fr&from=%2Fcountries%2Fmexico%3Fpage%3D2');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/fr/pays/mexico?page=2');
    expect(res.headers['cache-control']).toBe('no-store');
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^lang=fr;/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const back = await get('/language?to=en&from=%2Ffr%2Fpays%2Fmexico');
    expect(back.headers.location).toBe('/countries/mexico');
    expect(String(back.headers['set-cookie'])).toMatch(/^lang=en;/);
  });

  it('never sets the cookie anywhere else, and pages never vary on it', async () => {
    for (const path of ['/', '/fr/', '/countries/mexico', '/fr/pays/mexique', '/fr/recherche?q=mexico']) {
      const res = await get(path, { cookie: 'lang=fr' });
      expect(res.headers['set-cookie'], path).toBeUndefined();
      expect(String(res.headers.vary ?? ''), path).not.toMatch(/cookie|accept-language/i);
    }
    // The chosen language does not move a public page.
    const root = await get('/countries/mexico', { cookie: 'lang=fr' });
    expect(root.headers['content-language']).toBe('en');
  });

  it('refuses to send the reader anywhere but this site', async () => {
    for (const from of [
      '//evil.com',
      '/\\evil.com',
      'https://evil.com/',
      'evil.com',
      '/\r\nSet-Cookie:x',
      '',
    ]) {
      const res = await get(`/language?to=fr&from=${encodeURIComponent(from)}`);
      expect(res.statusCode, from).toBe(400);
      expect(res.headers.location, from).toBeUndefined();
      expect(res.headers['set-cookie'], from).toBeUndefined();
    }
    const unknown = await get('/language?to=de&from=%2F');
    expect(unknown.statusCode).toBe(400);
  });

  it('leads an address that has no French page to the French home', async () => {
    const res = await get('/language?to=fr&from=%2Fnowhere%2Fat%2Fall');
    expect(res.headers.location).toBe('/fr/');
  });
});

describe('the admin, whose address names no language', () => {
  it('reads the language the switch remembered', async () => {
    const english = await get('/admin/login');
    expect(english.body).toContain('<html lang="en">');
    const french = await get('/admin/login', { cookie: 'lang=fr' });
    expect(french.statusCode).toBe(200);
    expect(french.body).toContain('<html lang="fr">');
    expect(french.headers['content-language']).toBe('fr');
    expect(french.body).toContain('Connexion');
    const sw = await get('/language?to=fr&from=%2Fadmin%2Flogin');
    expect(sw.headers.location).toBe('/admin/login');
    expect(String(sw.headers['set-cookie'])).toMatch(/^lang=fr;/);
    // A cookie that names no language is ignored.
    expect((await get('/admin/login', { cookie: 'lang=xx' })).body).toContain('<html lang="en">');
  });
});

describe('a form sent from a French page', () => {
  it('answers in French once its body is read', async () => {
    const form = await get('/fr/abonnement?country=mexico');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('<html lang="fr">');
    expect(form.body).toContain('S’abonner par courriel');
    const res = await t.app.inject({
      method: 'POST',
      url: '/fr/abonnement',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: TEST_PUBLIC_URL,
        'sec-fetch-site': 'same-origin',
      },
      payload: 'email=not-an-address&frequency=each&everything=1',
    });
    expect(res.body).toContain('<html lang="fr">');
    expect(res.body).toContain('Il y a un problème');
  });

  it('answers in French over a real socket, where the body arrives in the socket’s callbacks', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/fr/abonnement`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: TEST_PUBLIC_URL,
        'sec-fetch-site': 'same-origin',
      },
      body: `email=not-an-address&frequency=each&everything=1&name=${'x'.repeat(50_000)}`,
    });
    const body = await res.text();
    expect(body).toContain('<html lang="fr">');
    expect(body).toContain('Il y a un problème');
  });
});
