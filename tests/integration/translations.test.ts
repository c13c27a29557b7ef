import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

/**
 * Articles in many languages (issue 15, content): "translate into French" makes one draft per
 * language in the source's group, with the original beside the form; a published translation and
 * its original point at each other in their own languages; a change of the original's words marks
 * its translations outdated (and their cached pages say so at once) until an editor brings them
 * up to date; a change of links only does not.
 */

let t: TestApp;
const clock = new Date('2026-01-10T09:00:00Z');
let editor: Session;
let mexicoId: string;

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
  mexicoId = String(
    (await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow())
      .id,
  );
});
afterAll(async () => {
  await t?.close();
});

const publicPage = (url: string) => t.app.inject({ method: 'GET', url });
const idFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
const row = (id: number) =>
  t.db
    .selectFrom('articles')
    .select(['id', 'title', 'slug', 'language', 'status', 'translation_of', 'translation_outdated'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

const fields = (f: Record<string, string | string[]>) => ({
  title: 'Defenders threatened in Oaxaca',
  type: 'news',
  language: 'en',
  summary: 'Two land defenders received death threats.',
  body: 'Two defenders of their community’s land were threatened on **3 January**.',
  countries: [mexicoId],
  version: '0',
  action: 'publish',
  ...f,
});

async function saveFrench(id: number, f: Record<string, string | string[]>) {
  const form = await editor.get(`/admin/articles/${id}`);
  return editor.post(
    `/admin/articles/${id}`,
    fields({
      title: 'Défenseurs menacés à Oaxaca',
      slug: 'defenseurs-menaces-oaxaca',
      language: 'fr',
      summary: 'Deux défenseurs de la terre ont reçu des menaces de mort.',
      body: 'Deux défenseurs des terres de leur communauté ont été menacés le **3 janvier**.',
      version: versionOf(form.body),
      ...f,
    }),
  );
}

describe(`translations on ${dialectUnderTest}`, () => {
  let source: number;
  let french: number;

  it('offers "translate into French" and makes one draft in the group, the original beside it', async () => {
    const created = await editor.post('/admin/articles/new', fields({ slug: 'defenders-threatened-oaxaca' }));
    expect(created.statusCode).toBe(303);
    source = idFrom(created.headers.location);
    const page = await editor.get(`/admin/articles/${source}`);
    expect(page.body).toContain('Translate into French');
    expect(page.body).not.toContain('Translate into English');
    expect(page.body).toContain('<option value="en" selected>English</option>');

    const asked = await editor.post(`/admin/articles/${source}/translate`, { to: 'fr' });
    expect(asked.statusCode).toBe(303);
    french = idFrom(asked.headers.location);
    expect(french).not.toBe(source);
    expect(await row(french)).toMatchObject({
      status: 'draft',
      language: 'fr',
      translation_of: source,
      title: 'Defenders threatened in Oaxaca',
      slug: 'defenders-threatened-oaxaca-fr',
    });
    const links = await t.db
      .selectFrom('article_countries')
      .select('country_id')
      .where('article_id', '=', french)
      .execute();
    expect(links.map((l) => String(l.country_id))).toEqual([mexicoId]);

    const draft = await editor.get(`/admin/articles/${french}`);
    expect(draft.body).toContain('This is the French translation of “Defenders threatened in Oaxaca”.');
    expect(draft.body).toContain('The original (English), to translate from');
    expect(draft.body).toMatch(/<div lang="en"[^>]*>/);
    // Asked again, from the source or from the translation itself: the same draft.
    expect(
      idFrom((await editor.post(`/admin/articles/${source}/translate`, { to: 'fr' })).headers.location),
    ).toBe(french);
    expect(
      idFrom((await editor.post(`/admin/articles/${french}/translate`, { to: 'fr' })).headers.location),
    ).toBe(french);
    const group = await t.db
      .selectFrom('articles')
      .select('id')
      .where('translation_of', '=', source)
      .execute();
    expect(group).toHaveLength(1);
  });

  it('refuses a translation into the article’s own language, or into a language it does not know', async () => {
    const same = await editor.post(`/admin/articles/${source}/translate`, { to: 'en' });
    expect(same.statusCode).toBe(400);
    expect(same.body).toContain('This article is already in that language.');
    const unknown = await editor.post(`/admin/articles/${source}/translate`, { to: 'xx' });
    expect(unknown.statusCode).toBe(400);
    expect((await editor.post('/admin/articles/99999999/translate', { to: 'fr' })).statusCode).toBe(404);
  });

  it('publishes the translation: each page leads to the other in its own language', async () => {
    const saved = await saveFrench(french, {});
    expect(saved.statusCode).toBe(303);
    const page = await publicPage('/fr/articles/defenseurs-menaces-oaxaca');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-language']).toBe('fr');
    // Its words are the page's language: no lang of their own; the original is named in its own.
    expect(page.body).toMatch(/<h1>Défenseurs menacés à Oaxaca<\/h1>/);
    expect(page.body).toContain('hreflang="en" lang="en">English</a>');
    const original = await publicPage('/articles/defenders-threatened-oaxaca');
    expect(original.body).toContain('hreflang="fr" lang="fr">français</a>');
    expect(page.body).not.toContain('may be out of date');
    // hreflang pairs: each page names the other, reciprocally, and itself.
    const alternates = (html: string) =>
      [...html.matchAll(/<link rel="alternate" hreflang="(en|fr)" href="http:\/\/candle\.test([^"]+)"/g)].map(
        (m) => `${m[1]} ${m[2]}`,
      );
    const pair = ['en /articles/defenders-threatened-oaxaca', 'fr /fr/articles/defenseurs-menaces-oaxaca'];
    expect(alternates(page.body)).toEqual(pair);
    expect(alternates(original.body)).toEqual(pair);
    // The switch leads to the translation, not to the same article under another prefix.
    expect(original.body).toContain(
      `href="/language?to=fr&amp;from=${encodeURIComponent('/articles/defenseurs-menaces-oaxaca')}"`,
    );
    // Either article asked for in the other's language is that language's page.
    const moved = await publicPage('/fr/articles/defenders-threatened-oaxaca');
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/fr/articles/defenseurs-menaces-oaxaca');
    const back = await publicPage('/articles/defenseurs-menaces-oaxaca');
    expect(back.statusCode).toBe(301);
    expect(back.headers.location).toBe('/articles/defenders-threatened-oaxaca');
  });

  it('marks the translation outdated when the original’s words change, on its cached page too', async () => {
    await publicPage('/fr/articles/defenseurs-menaces-oaxaca');
    const cached = await publicPage('/fr/articles/defenseurs-menaces-oaxaca');
    expect(cached.headers['x-cache']).toBe('HIT');

    // Links only: not a change of words.
    const form = await editor.get(`/admin/articles/${source}`);
    await editor.post(
      `/admin/articles/${source}`,
      fields({ slug: 'defenders-threatened-oaxaca', countries: [], version: versionOf(form.body) }),
    );
    expect((await row(french)).translation_outdated).toBe(0);

    const again = await editor.get(`/admin/articles/${source}`);
    await editor.post(
      `/admin/articles/${source}`,
      fields({
        slug: 'defenders-threatened-oaxaca',
        body: 'Two defenders were threatened on **3 January**, and again on 5 January.',
        version: versionOf(again.body),
      }),
    );
    expect((await row(french)).translation_outdated).toBe(1);
    const page = await publicPage('/fr/articles/defenseurs-menaces-oaxaca');
    expect(page.headers['x-cache']).toBe('MISS');
    expect(page.body).toContain('Cette traduction n’est peut-être plus à jour');
    expect(page.body).toContain('Lire l’original (anglais)');
    const draft = await editor.get(`/admin/articles/${french}`);
    expect(draft.body).toContain(
      'The original has changed since this translation was last brought up to date.',
    );
    expect(draft.body).toContain('and again on 5 January.');
    const list = await editor.get(`/admin/articles/${source}`);
    expect(list.body).toContain('may be out of date');
  });

  it('stays outdated through an edit that does not say it caught up, and clears when it does', async () => {
    await saveFrench(french, { body: 'Une faute corrigée, sans plus.' });
    expect((await row(french)).translation_outdated).toBe(1);
    await saveFrench(french, {
      body: 'Deux défenseurs ont été menacés le 3 janvier, puis le 5 janvier.',
      up_to_date: 'yes',
    });
    expect((await row(french)).translation_outdated).toBe(0);
    const page = await publicPage('/fr/articles/defenseurs-menaces-oaxaca');
    expect(page.body).not.toContain('plus à jour');
  });

  it('keeps the language through the editor and a revision restored from before it was chosen', async () => {
    const form = await editor.get(`/admin/articles/${french}`);
    expect(form.body).toContain('<option value="fr" selected>French</option>');
    // A revision written before articles had a language: restoring it keeps the article's.
    await t.db
      .insertInto('article_revisions')
      .values({
        article_id: french,
        version: 99,
        kind: 'saved',
        snapshot: JSON.stringify({
          type: 'news',
          slug: 'defenseurs-menaces-oaxaca',
          title: 'Ancien titre',
          summary: '',
          body: 'Ancien texte',
          location: '',
          reference: '',
          lead_image_id: null,
          countries: [],
          topics: [],
          cases: [],
        }),
        user_id: null,
        created_at: clock.toISOString(),
      })
      .execute();
    const rev = await t.db
      .selectFrom('article_revisions')
      .select('id')
      .where('article_id', '=', french)
      .where('version', '=', 99)
      .executeTakeFirstOrThrow();
    const current = await editor.get(`/admin/articles/${french}`);
    const restored = await editor.post(`/admin/articles/${french}/revisions/${rev.id}/restore`, {
      version: versionOf(current.body),
    });
    expect(restored.statusCode).toBe(303);
    expect(await row(french)).toMatchObject({ title: 'Ancien titre', language: 'fr' });
  });
});

describe(`listings in a language on ${dialectUnderTest}`, () => {
  it('show each group once: the member in the listing’s language, else the original', async () => {
    const created = await editor.post(
      '/admin/articles/new',
      fields({ title: 'Journalist freed', slug: 'journalist-freed' }),
    );
    const source = idFrom(created.headers.location);
    const french = idFrom(
      (await editor.post(`/admin/articles/${source}/translate`, { to: 'fr' })).headers.location,
    );
    await saveFrench(french, { title: 'Journaliste libéré', slug: 'journaliste-libere' });

    const { listItems } = await import('../../src/newsroom/queries.js');
    const country = { kind: 'country' as const, countryId: Number(mexicoId) };
    const titles = async (language: string) =>
      (await listItems(t.db, country, 500, 0, language)).rows.map((r) => r.title);
    const english = await titles('en');
    const inFrench = await titles('fr');
    // The published French translation stands in for its original on French listings only.
    expect(english).toContain('Journalist freed');
    expect(english).not.toContain('Journaliste libéré');
    expect(inFrench).toContain('Journaliste libéré');
    expect(inFrench).not.toContain('Journalist freed');
    // An original with no French translation listed here shows there, in its own language.
    const translatedHere = await t.db
      .selectFrom('articles as f')
      .innerJoin('articles as e', 'e.id', 'f.translation_of')
      .innerJoin('article_countries as c', 'c.article_id', 'f.id')
      .select('e.title')
      .where('f.language', '=', 'fr')
      .where('f.status', '=', 'published')
      .where('c.country_id', '=', Number(mexicoId))
      .execute();
    const translatedTitles = new Set(translatedHere.map((r) => r.title));
    const untranslated = english.filter((x) => !translatedTitles.has(x));
    expect(untranslated.length).toBeGreaterThan(0);
    for (const title of untranslated) expect(inFrench).toContain(title);
    // Every group once in each language: the same count, and the page holds as many as it counts.
    const totals = await Promise.all(
      ['en', 'fr'].map(async (l) => (await listItems(t.db, country, 1, 0, l)).total),
    );
    expect(totals[0]).toBe(totals[1]);
    expect(english.length).toBe(totals[0]);
    const all = (await listItems(t.db, { kind: 'all' }, 500, 0, 'fr')).rows.map((r) => r.title);
    expect(all).toContain('Journaliste libéré');
    expect(all).not.toContain('Journalist freed');
  });
});

describe(`an urgent action in French on ${dialectUnderTest}`, () => {
  it('offers the original’s ways to act, in French, and answers in French', async () => {
    const source = await t.db
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', 'mexico-adrian-vasquez-further-information')
      .executeTakeFirstOrThrow();
    // The demo's update is open 60 days after the demo was loaded: keep it open today.
    await t.db
      .updateTable('urgent_actions')
      .set({ act_before: '2099-12-31' })
      .where('article_id', '=', source.id)
      .execute();
    const page = await publicPage('/fr/articles/mexique-adrian-vasquez-complement-d-information');
    expect(page.statusCode).toBe(200);
    // The details, counts and forms are the original's, and its forms lead to French pages.
    expect(page.body).toContain(`action="/fr/actions/${source.id}/email"`);
    expect(page.body).toContain(`action="/fr/actions/${source.id}/done"`);
    const refused = await t.app.inject({
      method: 'POST',
      url: `/fr/actions/${source.id}/done`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      payload: 'channel=call',
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-language']).toBe('fr');
    expect(refused.body).toContain('<html lang="fr"');
    // A French supporter's "keep me informed" is recorded with the French words and says so.
    const wording = /name="wording" value="([0-9a-f]{64})"/.exec(page.body)?.[1];
    expect(wording).toBeDefined();
    const acted = await t.app.inject({
      method: 'POST',
      url: `/fr/actions/${source.id}/done`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: new URLSearchParams({
        channel: 'call',
        detail: 'answered',
        name: 'Chloé Tremblay',
        email: 'chloe.tremblay@example.org',
        keep_informed: 'yes',
        wording: wording!,
        source_page: '/fr/articles/mexique-adrian-vasquez-complement-d-information',
      }).toString(),
    });
    expect(acted.statusCode, acted.body).toBe(303);
    expect(acted.headers.location).toBe(`/fr/actions/${source.id}/thanks`);
    const recorded = await t.db
      .selectFrom('consent_wordings')
      .select(['language', 'text'])
      .where('hash', '=', wording!)
      .executeTakeFirstOrThrow();
    expect(recorded.language).toBe('fr');
    expect(page.body).toContain(recorded.text);
    // A French form refused comes back naming the French urgent action, and keeps its address.
    const frenchTitle = (
      await t.db
        .selectFrom('articles')
        .select('title')
        .where('slug', '=', 'mexique-adrian-vasquez-complement-d-information')
        .executeTakeFirstOrThrow()
    ).title;
    const refusedForm = await t.app.inject({
      method: 'POST',
      url: `/fr/actions/${source.id}/done`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      payload: new URLSearchParams({ channel: 'call', detail: 'answered', name: '', email: 'x' }).toString(),
    });
    expect(refusedForm.statusCode).toBe(400);
    expect(refusedForm.body).toContain('<html lang="fr"');
    expect(refusedForm.body).toContain(frenchTitle);
    expect(refusedForm.body).toContain('href="/fr/articles/mexique-adrian-vasquez-complement-d-information"');
    // Where a French form leads once recorded: the thanks page in French.
    const thanks = await publicPage(`/fr/actions/${source.id}/thanks`);
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('<html lang="fr"');
    expect(thanks.body).toContain('Merci');
    expect(thanks.body).toContain('action="/fr/actions/link"');
    // It names the French urgent action, and leads back to it.
    const french = await t.db
      .selectFrom('articles')
      .select('title')
      .where('slug', '=', 'mexique-adrian-vasquez-complement-d-information')
      .executeTakeFirstOrThrow();
    expect(thanks.body).toContain(french.title);
    expect(thanks.body).toContain('href="/fr/articles/mexique-adrian-vasquez-complement-d-information"');
    // In English, the English one.
    const english = await publicPage(`/actions/${source.id}/thanks`);
    expect(english.body).toContain('<html lang="en"');
    expect(english.body).not.toContain(french.title);
    expect(english.body).toContain('href="/articles/mexico-adrian-vasquez-further-information"');
  });
});

describe(`feeds in a language on ${dialectUnderTest}`, () => {
  it('say their language and carry the items in it', async () => {
    const french = await publicPage('/fr/pays/mexico/feed.json');
    expect(french.statusCode).toBe(200);
    const feed = french.json();
    expect(feed.language).toBe('fr');
    expect(feed.items.map((i: { title: string }) => i.title)).toContain('Journaliste libéré');
    const english = (await publicPage('/countries/mexico/feed.json')).json();
    expect(english.language).toBe('en');
    expect(english.items.map((i: { title: string }) => i.title)).toContain('Journalist freed');
    expect(english.items.map((i: { title: string }) => i.title)).not.toContain('Journaliste libéré');
  });
});
