import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { findMexico, mexicoForm } from '../support/content.js';

/**
 * Address words renamed and refused (issue 15): a country's, region's, topic's or case's old
 * address word, French or English, answers with a 301 to the one it has now, in the reader's
 * language; and an editor cannot give a row a French word that is another row's English slug (or
 * an English slug that is another row's French word): the two addresses would shadow each other.
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

const get = (url: string) => t.app.inject({ method: 'GET', url });
const country = (f: Record<string, string>) =>
  mexicoForm(mexico, { name_fr: 'Mexique', slug_fr: 'mexique', ...f });
const saveMexico = async (f: Record<string, string>) => {
  const res = await editor.post(`/admin/countries/${mexico.id}`, country(f));
  expect(res.statusCode).toBe(303);
};
/** Where an address moves to (301), or its status when it does not move. */
const movesTo = async (url: string) => {
  const res = await get(url);
  return res.statusCode === 301 ? res.headers.location : res.statusCode;
};
const inputValueOf = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1] ??
  new RegExp(`<input[^>]*value="([^"]*)"[^>]*name="${name}"`).exec(html)?.[1];
const fieldIsMarked = (html: string, name: string) =>
  new RegExp(`<input[^>]*name="${name}"[^>]*aria-invalid="true"`).test(html);

describe(`renamed address words on ${dialectUnderTest}`, () => {
  it('moves a country’s old French word to its new one, through every later rename', async () => {
    expect(await movesTo('/fr/pays/mexique')).toBe(200);
    await saveMexico({ slug_fr: 'mexique-etats-unis' });
    expect(await movesTo('/fr/pays/mexique')).toBe('/fr/pays/mexique-etats-unis');
    expect(await movesTo('/fr/pays/mexique-etats-unis')).toBe(200);
    // The page number goes along, and the feeds and their page move too (a reader follows).
    expect(await movesTo('/fr/pays/mexique?page=2')).toBe('/fr/pays/mexique-etats-unis?page=2');
    expect(await movesTo('/fr/pays/mexique/feed.xml')).toBe('/fr/pays/mexique-etats-unis/feed.xml');
    expect(await movesTo('/fr/pays/mexique/flux')).toBe('/fr/pays/mexique-etats-unis/flux');
    expect(await movesTo('/fr/pays/mexique-etats-unis/feed.xml')).toBe(200);
    await saveMexico({ slug_fr: 'mexique-2' });
    expect(await movesTo('/fr/pays/mexique')).toBe('/fr/pays/mexique-2');
    expect(await movesTo('/fr/pays/mexique-etats-unis')).toBe('/fr/pays/mexique-2');
    // An English page does not answer at a French word.
    expect(await movesTo('/countries/mexique')).toBe(404);
    // Back to the first word: it is an address again, not an old one.
    await saveMexico({ slug_fr: 'mexique' });
    expect(await movesTo('/fr/pays/mexique')).toBe(200);
    expect(await movesTo('/fr/pays/mexique-2')).toBe('/fr/pays/mexique');
  });

  it('moves an old English word in both languages, each to its own word', async () => {
    await saveMexico({ slug: 'united-mexican-states' });
    expect(await movesTo('/countries/mexico')).toBe('/countries/united-mexican-states');
    expect(await movesTo('/fr/pays/mexico')).toBe('/fr/pays/mexique');
    expect(await movesTo('/countries/united-mexican-states')).toBe(200);
    expect(await movesTo('/countries/mexico/feed.atom')).toBe('/countries/united-mexican-states/feed.atom');
    await saveMexico({ slug: 'mexico' });
    expect(await movesTo('/countries/mexico')).toBe(200);
    expect(await movesTo('/countries/united-mexican-states')).toBe('/countries/mexico');
  });

  it('moves a French word removed with its name to the English one under /fr/', async () => {
    await saveMexico({ name_fr: '', slug_fr: '' });
    expect(await movesTo('/fr/pays/mexique')).toBe('/fr/pays/mexico');
    expect(await movesTo('/fr/pays/mexico')).toBe(200);
    await saveMexico({});
    expect(await movesTo('/fr/pays/mexique')).toBe(200);
  });

  it('moves regions, topics and cases too', async () => {
    const region = await editor.post(`/admin/regions/${mexico.region_id}`, {
      name: 'Americas',
      slug: 'americas',
      name_fr: 'Les Amériques',
      slug_fr: 'les-ameriques',
    });
    expect(region.statusCode).toBe(303);
    expect(await movesTo('/fr/regions/ameriques')).toBe('/fr/regions/les-ameriques');

    const torture = await t.db
      .selectFrom('topics')
      .select(['id', 'description'])
      .where('slug', '=', 'torture')
      .executeTakeFirstOrThrow();
    const topic = await editor.post(`/admin/topics/${torture.id}`, {
      name: 'Torture and ill-treatment',
      slug: 'torture',
      description: torture.description,
      name_fr: 'La torture',
      slug_fr: 'la-torture',
    });
    expect(topic.statusCode).toBe(303);
    expect(await movesTo('/fr/sujets/torture')).toBe('/fr/sujets/la-torture');
    expect(await movesTo('/topics/torture')).toBe(200);

    // A case has one address word (cases have no names per language): renamed, it moves in both.
    const c = await t.db
      .selectFrom('cases')
      .selectAll()
      .where('slug', '=', 'adrian-vasquez-lagunes')
      .executeTakeFirstOrThrow();
    const renamed = await editor.post(`/admin/cases/${c.id}`, {
      name: c.name,
      slug: 'adrian-vasquez',
      summary: c.summary,
      story_md: c.story_md,
      status: c.status,
      country_id: c.country_id === null ? '' : String(c.country_id),
      portrait_id: c.portrait_id === null ? '' : String(c.portrait_id),
      featured: c.featured ? '1' : '',
    });
    expect(renamed.statusCode).toBe(303);
    expect(await movesTo('/cases/adrian-vasquez-lagunes')).toBe('/cases/adrian-vasquez');
    expect(await movesTo('/fr/personnes/adrian-vasquez-lagunes')).toBe('/fr/personnes/adrian-vasquez');
    expect(await movesTo('/cases/no-such-person')).toBe(404);
  });
});

describe(`clashing address words on ${dialectUnderTest}`, () => {
  it('refuses a French word that is another country’s English slug, keeping the form', async () => {
    // /fr/pays/united-states leads to the United States' French page (/fr/pays/etats-unis).
    expect(await movesTo('/fr/pays/united-states')).toBe('/fr/pays/etats-unis');
    const res = await editor.post(
      `/admin/countries/${mexico.id}`,
      country({ name_fr: 'Mexique fédéral', slug_fr: 'united-states' }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain(
      'This is the English web address of United States, which pages in French also answer at.',
    );
    expect(fieldIsMarked(res.body, 'slug_fr')).toBe(true);
    expect(inputValueOf(res.body, 'name_fr')).toBe('Mexique fédéral');
    expect(inputValueOf(res.body, 'slug_fr')).toBe('united-states');
    // Nothing was saved: both pages are where they were.
    const french = await t.db
      .selectFrom('taxonomy_names')
      .select(['name', 'slug'])
      .where('kind', '=', 'country')
      .where('target_id', '=', mexico.id)
      .where('language', '=', 'fr')
      .executeTakeFirstOrThrow();
    expect(french).toEqual({ name: 'Mexique', slug: 'mexique' });
    expect(await movesTo('/fr/pays/united-states')).toBe('/fr/pays/etats-unis');
    expect(await movesTo('/fr/pays/mexique')).toBe(200);
  });

  it('refuses an English slug that is another country’s French word', async () => {
    const res = await editor.post(`/admin/countries/${mexico.id}`, country({ slug: 'etats-unis' }));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This is the address word in French of États-Unis');
    expect(fieldIsMarked(res.body, 'slug')).toBe(true);
    expect(inputValueOf(res.body, 'slug')).toBe('etats-unis');
    const row = await t.db
      .selectFrom('countries')
      .select('slug')
      .where('id', '=', mexico.id)
      .executeTakeFirstOrThrow();
    expect(row.slug).toBe('mexico');
  });

  it('still lets a row’s French word be its own English slug, and a topic share a country’s word', async () => {
    await saveMexico({ slug_fr: 'mexico' });
    expect(await movesTo('/fr/pays/mexico')).toBe(200);
    await saveMexico({});
    const made = await editor.post('/admin/topics/new', {
      name: 'Watch list',
      slug: 'watch-list',
      description: '',
      name_fr: 'Veille',
      slug_fr: 'mexique',
    });
    expect(made.statusCode).toBe(303);
  });

  it('refuses a word that another save gave another country while this one waited to write', async () => {
    const states = await t.db
      .selectFrom('countries')
      .select(['id', 'name', 'code', 'region_id'])
      .where('slug', '=', 'united-states')
      .executeTakeFirstOrThrow();
    const word = 'shared-word';
    const form = {
      name: states.name,
      slug: word,
      code: states.code,
      region_id: String(states.region_id),
      featured: '1',
      name_fr: 'États-Unis',
      slug_fr: 'etats-unis',
    };
    let saving: ReturnType<typeof editor.post> | undefined;
    await t.db.transaction().execute(async (trx) => {
      if (dialectUnderTest === 'postgres') {
        // Another save of a country's words is under way: the lock every such save takes.
        await sql`select pg_advisory_xact_lock(hashtext('address-words:country'))`.execute(trx);
        saving = editor.post(`/admin/countries/${states.id}`, form);
        // The save has checked the word (free) and now waits for the lock to write.
        let waiting = 0;
        for (let tries = 0; waiting === 0 && tries < 300; tries++) {
          await new Promise((r) => setTimeout(r, 10));
          const row = await sql<{ n: number }>`select count(*)::int as n from pg_locks
            where locktype = 'advisory' and not granted`.execute(t.db);
          waiting = row.rows[0]?.n ?? 0;
        }
        expect(waiting, 'the save waits for the lock before it writes').toBe(1);
      } else {
        // SQLite: one connection, so the save waits for this transaction before it reads at all.
        saving = editor.post(`/admin/countries/${states.id}`, form);
      }
      await trx
        .updateTable('taxonomy_names')
        .set({ slug: word })
        .where('kind', '=', 'country')
        .where('target_id', '=', mexico.id)
        .where('language', '=', 'fr')
        .execute();
    });
    const res = await (saving as NonNullable<typeof saving>);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This is the address word in French of Mexique');
    expect(fieldIsMarked(res.body, 'slug')).toBe(true);
    const row = await t.db
      .selectFrom('countries')
      .select('slug')
      .where('id', '=', states.id)
      .executeTakeFirstOrThrow();
    expect(row.slug).toBe('united-states');
    await saveMexico({});
  });
});
