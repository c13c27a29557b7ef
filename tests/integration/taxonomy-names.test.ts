import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frenchArticles, UNTRANSLATED } from '../../src/demo/french.js';
import { loadDemo } from '../../src/demo/index.js';
import { keys } from '../../src/newsroom/models.js';
import { findByLocalSlug, namesIn } from '../../src/newsroom/taxonomy-names.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { findMexico, mexicoForm } from '../support/content.js';

/**
 * Countries, regions and topics named per language (issue 15): the admin's "Name in French" and
 * "Address word in French" fields, stored in taxonomy_names, checked, audited and purged like the
 * row's own fields; the small API the public pages read them by; and the demo in French.
 */

let t: TestApp;
let editor: Session;
let mexico: { id: number; region_id: number };

beforeAll(async () => {
  t = await testApp();
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
  mexico = await findMexico(t.db);
});
afterAll(async () => {
  await t?.close();
});

const inputValueOf = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
  new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html)?.[1];
const fieldIsMarked = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*aria-invalid="true"`).test(html);
const frenchRow = (kind: 'country' | 'region' | 'topic', id: number) =>
  t.db
    .selectFrom('taxonomy_names')
    .select(['name', 'slug'])
    .where('kind', '=', kind)
    .where('target_id', '=', id)
    .where('language', '=', 'fr')
    .executeTakeFirst();
const country = (f: Record<string, string>) => mexicoForm(mexico, f);

describe(`names per language on ${dialectUnderTest}`, () => {
  it('reads the demo’s French names by kind and id, and finds a row by its French address word', async () => {
    const fr = await namesIn(t.db, 'fr');
    expect(fr.country.get(mexico.id)).toEqual({ name: 'Mexique', slug: 'mexique' });
    expect(fr.region.get(mexico.region_id)).toEqual({ name: 'Amériques', slug: 'ameriques' });
    const torture = await t.db
      .selectFrom('topics')
      .select('id')
      .where('slug', '=', 'torture')
      .executeTakeFirstOrThrow();
    expect(fr.topic.get(torture.id)?.name).toBe('Torture et mauvais traitements');
    // Every demo country, region and topic has its French name.
    for (const [kind, table] of [
      ['country', 'countries'],
      ['region', 'regions'],
      ['topic', 'topics'],
    ] as const) {
      const ids = (await t.db.selectFrom(table).select('id').execute()).map((r) => r.id).sort();
      expect([...fr[kind].keys()].sort()).toEqual(ids);
    }
    expect(await findByLocalSlug(t.db, 'country', 'fr', 'mexique')).toBe(mexico.id);
    expect(await findByLocalSlug(t.db, 'region', 'fr', 'ameriques')).toBe(mexico.region_id);
    // An address word belongs to its kind and language.
    expect(await findByLocalSlug(t.db, 'topic', 'fr', 'mexique')).toBeUndefined();
    expect(await findByLocalSlug(t.db, 'country', 'es', 'mexique')).toBeUndefined();
    expect(await findByLocalSlug(t.db, 'country', 'fr', 'mexico')).toBeUndefined();
    expect((await namesIn(t.db, 'es')).country.size).toBe(0);
  });

  it('shows the French name and address word in the form, and stores them with the row', async () => {
    const form = await editor.get(`/admin/countries/${mexico.id}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Name in French');
    expect(form.body).toContain('Address word in French');
    expect(inputValueOf(form.body, 'name_fr')).toBe('Mexique');
    expect(inputValueOf(form.body, 'slug_fr')).toBe('mexique');

    const saved = await editor.post(
      `/admin/countries/${mexico.id}`,
      country({ name_fr: '  États-Unis du Mexique ', slug_fr: 'etats-unis-du-mexique' }),
    );
    expect(saved.statusCode).toBe(303);
    expect(await frenchRow('country', mexico.id)).toEqual({
      name: 'États-Unis du Mexique',
      slug: 'etats-unis-du-mexique',
    });
    expect(await findByLocalSlug(t.db, 'country', 'fr', 'etats-unis-du-mexique')).toBe(mexico.id);
    expect(await findByLocalSlug(t.db, 'country', 'fr', 'mexique')).toBeUndefined();

    // Audited with the row, the French name before and after.
    const entry = await t.db
      .selectFrom('audit_log')
      .select(['action', 'before_json', 'after_json'])
      .where('entity_type', '=', 'countries')
      .where('entity_id', '=', String(mexico.id))
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry.action).toBe('countries.update');
    expect(String(entry.before_json)).toContain('"slug":"mexique"');
    expect(String(entry.after_json)).toContain('"slug":"etats-unis-du-mexique"');
    // The country's pages are purged as for any edit of it.
    const purge = await t.db
      .selectFrom('cache_purges')
      .select('keys')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(purge.keys.split(' ')).toContain(keys.country('MX'));
  });

  it('refuses an address word of the wrong pattern or already used in French, keeping the form', async () => {
    const bad = await editor.post(
      `/admin/countries/${mexico.id}`,
      country({ name_fr: 'Mexique', slug_fr: 'Méxique' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(fieldIsMarked(bad.body, 'slug_fr')).toBe(true);
    expect(inputValueOf(bad.body, 'slug_fr')).toBe('Méxique');

    // Canada's French address word, taken by Mexico.
    const taken = await editor.post(
      `/admin/countries/${mexico.id}`,
      country({ name_fr: 'Mexique', slug_fr: 'canada' }),
    );
    expect(taken.statusCode).toBe(400);
    expect(taken.body).toContain('Another entry already uses this address word in French.');
    expect(fieldIsMarked(taken.body, 'slug_fr')).toBe(true);
    expect(inputValueOf(taken.body, 'name_fr')).toBe('Mexique');
    expect(inputValueOf(taken.body, 'slug_fr')).toBe('canada');

    // A name with no address word, and an address word with no name.
    const noSlug = await editor.post(`/admin/countries/${mexico.id}`, country({ name_fr: 'Mexique' }));
    expect(noSlug.statusCode).toBe(400);
    expect(fieldIsMarked(noSlug.body, 'slug_fr')).toBe(true);
    const noName = await editor.post(`/admin/countries/${mexico.id}`, country({ slug_fr: 'mexique' }));
    expect(noName.statusCode).toBe(400);
    expect(fieldIsMarked(noName.body, 'name_fr')).toBe(true);

    // Nothing of it was stored.
    expect((await frenchRow('country', mexico.id))?.slug).toBe('etats-unis-du-mexique');
  });

  it('lets the same French address word name a country and a topic', async () => {
    const made = await editor.post('/admin/topics/new', {
      name: 'Mexico watch',
      slug: 'mexico-watch',
      description: '',
      name_fr: 'Veille Mexique',
      slug_fr: 'etats-unis-du-mexique',
    });
    expect(made.statusCode).toBe(303);
    const id = await findByLocalSlug(t.db, 'topic', 'fr', 'etats-unis-du-mexique');
    expect(id).toBeDefined();
    expect(made.headers.location).toBe(`/admin/topics/${id}`);
  });

  it('removes the French name when it is emptied', async () => {
    const saved = await editor.post(`/admin/countries/${mexico.id}`, country({ name_fr: '', slug_fr: '' }));
    expect(saved.statusCode).toBe(303);
    expect(await frenchRow('country', mexico.id)).toBeUndefined();
    const form = await editor.get(`/admin/countries/${mexico.id}`);
    expect(form.body).toContain('name="name_fr"');
    expect(inputValueOf(form.body, 'name_fr') ?? '').toBe('');
    // Regions have the fields too.
    const region = await editor.post(`/admin/regions/${mexico.region_id}`, {
      name: 'Americas',
      slug: 'americas',
      name_fr: 'Les Amériques',
      slug_fr: 'les-ameriques',
    });
    expect(region.statusCode).toBe(303);
    expect(await frenchRow('region', mexico.region_id)).toEqual({
      name: 'Les Amériques',
      slug: 'les-ameriques',
    });
  });

  it('gives cases no names per language', async () => {
    const form = await editor.get('/admin/cases/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).not.toContain('name_fr');
  });
});

describe(`the demo in French on ${dialectUnderTest}`, () => {
  it('translates the Mexico items but one, each in its source’s group with the source’s links', async () => {
    const articles = await t.db
      .selectFrom('articles')
      .select([
        'id',
        'slug',
        'type',
        'status',
        'language',
        'translation_of',
        'published_at',
        'reference',
        'lead_image_id',
      ])
      .execute();
    const bySlug = new Map(articles.map((a) => [a.slug, a]));
    expect(articles.filter((a) => a.language === 'fr')).toHaveLength(frenchArticles.length);
    expect(articles.filter((a) => a.language !== 'fr').every((a) => a.language === 'en')).toBe(true);
    const links = async (table: 'article_countries' | 'article_topics' | 'article_cases', id: number) => {
      const column = {
        article_countries: 'country_id',
        article_topics: 'topic_id',
        article_cases: 'case_id',
      }[table] as 'country_id';
      // biome-ignore lint/suspicious/noExplicitAny: one of three link tables, read the same way
      const rows = await (t.db as any)
        .selectFrom(table)
        .select([column, 'position'])
        .where('article_id', '=', id)
        .orderBy('position')
        .execute();
      return rows as unknown[];
    };
    for (const f of frenchArticles) {
      const fr = bySlug.get(f.slug)!;
      const en = bySlug.get(f.source)!;
      expect(fr.translation_of).toBe(en.id);
      expect({ ...fr, id: 0, slug: '', language: '', translation_of: null }).toEqual({
        ...en,
        id: 0,
        slug: '',
        language: '',
        translation_of: null,
      });
      for (const table of ['article_countries', 'article_topics', 'article_cases'] as const)
        expect(await links(table, fr.id)).toEqual(await links(table, en.id));
    }
    expect(frenchArticles.map((f) => f.source)).toContain('mexico-adrian-vasquez-covid-19-reparation');
    expect(frenchArticles.map((f) => f.source)).toContain('mexico-adrian-vasquez-further-information');
    expect(frenchArticles.map((f) => f.source)).not.toContain(UNTRANSLATED);
    expect(bySlug.get(UNTRANSLATED)?.language).toBe('en');
  });

  it('shows a French urgent action with its original’s details, counts and ways to act', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: '/fr/articles/mexique-adrian-vasquez-covid-19-reparation',
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Adrián Vásquez, survivant de la torture');
    const english = await t.app.inject({
      method: 'GET',
      url: '/articles/mexico-adrian-vasquez-covid-19-reparation',
    });
    expect(english.statusCode).toBe(200);
    // The action's section (its reference and counts) is the original's, on both pages.
    expect(english.body).toContain('ua-count');
    expect(page.body).toContain('ua-count');
    // Asked for under the English address, the French translation is the English original.
    const moved = await t.app.inject({
      method: 'GET',
      url: '/articles/mexique-adrian-vasquez-covid-19-reparation',
    });
    expect(moved.statusCode).toBe(301);
    expect(moved.headers.location).toBe('/articles/mexico-adrian-vasquez-covid-19-reparation');
  });

  it('loads again over itself, replacing the French names with the rows they name', async () => {
    // Names left by the admin tests above (and the demo's own) go with the rows they name.
    const counts = await loadDemo({
      db: t.db,
      dataDir: t.dataDir,
      now: () => new Date('2026-01-10T09:00:00Z'),
    });
    expect(counts.articles).toBe(27 + frenchArticles.length);
    const fr = await namesIn(t.db, 'fr');
    const countries = await t.db.selectFrom('countries').select(['id', 'slug']).execute();
    expect(fr.country.size).toBe(countries.length);
    const mexicoNow = countries.find((c) => c.slug === 'mexico')!;
    expect(fr.country.get(mexicoNow.id)).toEqual({ name: 'Mexique', slug: 'mexique' });
    expect(await findByLocalSlug(t.db, 'topic', 'fr', 'etats-unis-du-mexique')).toBeUndefined();
  });
});
