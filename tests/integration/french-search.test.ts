import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchEngine } from '../../src/search/index.js';
import { parseQuery } from '../../src/search/query.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { addArticle } from './search-support.js';

/**
 * Search on French pages (issue 15, item 4): a reader's French word finds the other forms of it in
 * French items by equal Snowball French stems (stems.ts), the same on both databases; French items
 * come before English ones; an English page's search is what it was; a translation group is one
 * result.
 */

let t: TestApp;
/** Ids by slug, for the fixtures below. */
const ids = new Map<string, number>();

async function add(
  slug: string,
  language: string,
  text: { title: string; summary?: string; body?: string; publishedAt?: string },
  translationOf?: string,
) {
  const id = await addArticle(t.db, { slug, ...text });
  await t.db
    .updateTable('articles')
    .set({ language, translation_of: translationOf ? ids.get(translationOf)! : null })
    .where('id', '=', id)
    .execute();
  ids.set(slug, id);
  return id;
}

beforeAll(async () => {
  t = await testApp();
  await add('fr-detention-merida', 'fr', {
    title: 'La détention arbitraire d’une défenseure à Zacatlanqui',
    summary: 'Sa détention dure depuis six mois.',
    body: 'La défenseure a été arrêtée par la police de l’État.',
    publishedAt: '2021-02-01T10:00:00.000Z',
  });
  // An English item that names the same place in its title, where it weighs most.
  await add('en-zacatlanqui', 'en', {
    title: 'Zacatlanqui: police violence against a community',
    summary: 'Zacatlanqui residents report police abuses.',
    publishedAt: '2021-03-01T10:00:00.000Z',
  });
  // Inflected forms: each French item says a word in one form only.
  await add('fr-liberes', 'fr', {
    title: 'Onze militants libérés à Tlaxcoapan',
    summary: 'Les détenus sont rentrés chez eux.',
    body: 'Une conseillère élue et des prisonnières politiques étaient parmi eux.',
    publishedAt: '2021-04-01T10:00:00.000Z',
  });
  await add('fr-liberte', 'fr', {
    title: 'La liberté de la presse à Tlaxcoapan',
    summary: 'Le journal local et la défense des journalistes.',
    publishedAt: '2021-05-01T10:00:00.000Z',
  });
  // A translation group: an English source and its French translation, both matching "Ocotlán".
  await add('en-ocotlan-released', 'en', {
    title: 'Ocotlán: three defenders released',
    summary: 'The three defenders of Ocotlán were released on Monday.',
    publishedAt: '2021-06-01T10:00:00.000Z',
  });
  await add(
    'fr-ocotlan-liberes',
    'fr',
    {
      title: 'Ocotlán : trois défenseurs libérés',
      summary: 'Les trois défenseurs d’Ocotlán ont été libérés lundi.',
      publishedAt: '2021-06-02T10:00:00.000Z',
    },
    'en-ocotlan-released',
  );
});
afterAll(async () => {
  await t?.close();
});

/** The result addresses of a search page, in order. */
async function results(path: string): Promise<string[]> {
  const res = await t.app.inject({ url: path });
  expect(res.statusCode, path).toBe(200);
  return [...res.body.matchAll(/<h3 class="item__title"[^>]*><a href="([^"]+)"/g)].map((m) => m[1]!);
}

/**
 * The fixtures a search finds, sorted; none when it found nothing as typed (and shows results for
 * a corrected spelling instead).
 */
async function finds(base: string, q: string): Promise<string[]> {
  const res = await t.app.inject({ url: `${base}?q=${encodeURIComponent(q)}` });
  expect(res.statusCode).toBe(200);
  if (res.body.includes('class="search-notice"')) return [];
  return [...res.body.matchAll(/<h3 class="item__title"[^>]*><a href="[^"]*\/articles\/([^"]+)"/g)]
    .map((m) => m[1]!)
    .filter((slug) => ids.has(slug))
    .sort();
}
const frenchFinds = (q: string) => finds('/fr/recherche', q);
const englishFinds = (q: string) => finds('/search', q);

describe(`French stems on the French pages, on ${dialectUnderTest}`, () => {
  // A word followed by a space: the last word typed without one is also looked up as the start
  // of the words as written (query.ts), which is not what these tests are about.
  it('finds a French item by another form of its words: equal stems', async () => {
    // The item says "libérés", "détenus", "élue", "prisonnières".
    expect(await frenchFinds('libération ')).toContain('fr-liberes');
    expect(await frenchFinds('détenu ')).toEqual(['fr-liberes']);
    expect(await frenchFinds('élus ')).toEqual(['fr-liberes']);
    expect(await frenchFinds('prisonnier ')).toEqual(['fr-liberes']);
    // "défenseures" meets "défenseure", "arrêtés" "arrêtée", "journaux" "journal".
    expect(await frenchFinds('défenseures arrêtés ')).toEqual(['fr-detention-merida']);
    expect(await frenchFinds('journaux ')).toEqual(['fr-liberte']);
    // The result's snippet marks the form it was found by.
    const page = (await t.app.inject({ url: '/fr/recherche?q=d%C3%A9tenu+' })).body;
    expect(page).toContain('<mark>détenus</mark>');
  });

  it('does not take a word for another that starts the same way', async () => {
    // "liberté" and "libération" share a start, not a stem; nor do "défense" and "défenseurs",
    // "détention" and "détenu".
    expect(await frenchFinds('libération ')).toEqual(['fr-liberes', 'fr-ocotlan-liberes']);
    expect(await frenchFinds('défenseurs ')).toEqual(['fr-detention-merida', 'fr-ocotlan-liberes']);
    expect(await frenchFinds('détenu ')).not.toContain('fr-detention-merida');
  });

  it('finds the same items on both databases for the test words', async () => {
    // Fixed lists, asserted on whichever database runs: the two cannot drift apart.
    const found: Record<string, string[]> = {};
    for (const q of ['libération', 'détenu', 'élus', 'prisonnier', 'journaux', 'défenseures', 'arrêtée'])
      found[q] = await frenchFinds(`${q} `);
    expect(found).toEqual({
      libération: ['fr-liberes', 'fr-ocotlan-liberes'],
      détenu: ['fr-liberes'],
      élus: ['fr-liberes'],
      prisonnier: ['fr-liberes'],
      journaux: ['fr-liberte'],
      défenseures: ['fr-detention-merida', 'fr-ocotlan-liberes'],
      arrêtée: ['fr-detention-merida'],
    });
  });

  it('stems what an item says now: an edit is found at the next search', async () => {
    const id = await add('fr-edit', 'fr', {
      title: 'Tlacolula : un rassemblement',
      body: 'Rien à signaler.',
    });
    const stems = async () =>
      (await sql<{ body: string }>`select body from search_stems where article_id = ${id}`.execute(t.db))
        .rows;
    /** Whether the index holds the item's stem of "prisonnières". */
    const indexed = async () => {
      const { rows } =
        dialectUnderTest === 'postgres'
          ? await sql<{ id: number }>`select article_id as id from search_documents
              where document @@ ${"'§prisonni'"}::tsquery`.execute(t.db)
          : await sql<{ id: number }>`select rowid as id from search_fts
              where search_fts match ${'{stems_head stems_body} : "prisonni"'}`.execute(t.db);
      return rows.some((r) => Number(r.id) === id);
    };
    expect(await frenchFinds('prisonnier ')).toEqual(['fr-liberes']);
    await t.db
      .updateTable('articles')
      .set({ body_md: 'Deux prisonnières ont été relâchées.' })
      .where('id', '=', id)
      .execute();
    expect(await frenchFinds('prisonnier ')).toEqual(['fr-edit', 'fr-liberes']);
    expect(await stems()).toEqual([{ body: 'deux prisonni ont ete relach' }]);
    expect(await indexed()).toBe(true);
    // Stated English, the item loses its French stems (its words as written stay).
    await t.db.updateTable('articles').set({ language: 'en' }).where('id', '=', id).execute();
    await frenchFinds('prisonnier ');
    expect(await stems()).toEqual([]);
    expect(await indexed()).toBe(false);
    await t.db.updateTable('articles').set({ language: 'fr' }).where('id', '=', id).execute();
    expect(await frenchFinds('prisonnier ')).toEqual(['fr-edit', 'fr-liberes']);
    expect(await indexed()).toBe(true);
    // `candle reindex` stems every item again, and empties the queue.
    await sql`delete from search_stems`.execute(t.db);
    await t.db
      .updateTable('articles')
      .set({ title: 'Tlacolula : une réunion' })
      .where('id', '=', id)
      .execute();
    await searchEngine(t.db).reindex();
    const { rows } = await sql<{ n: number }>`select count(*) as n from search_stem_queue`.execute(t.db);
    expect(Number(rows[0]?.n)).toBe(0);
    expect(await indexed()).toBe(true);
    expect(await frenchFinds('prisonnier ')).toEqual(['fr-edit', 'fr-liberes']);
    // Deleted, the item's stems go with it.
    await t.db.deleteFrom('articles').where('id', '=', id).execute();
    ids.delete('fr-edit');
    expect(await stems()).toEqual([]);
    expect(await frenchFinds('prisonnier ')).toEqual(['fr-liberes']);
  });

  it('answers a search when stemming the changed items fails, reports it, and stems them next time', async () => {
    // The queue cannot be claimed (as under a writer that holds the database too long): the
    // search answers from the index as it is instead of failing the reader's page.
    if (dialectUnderTest === 'postgres') {
      await sql`create or replace function refuse_stemming() returns trigger language plpgsql as $$
        begin raise exception 'the disk is full'; end $$`.execute(t.db);
      await sql`create trigger refuse_stemming before delete on search_stem_queue
        for each statement execute function refuse_stemming()`.execute(t.db);
    } else {
      await sql`create trigger refuse_stemming before delete on search_stem_queue
        begin select raise(abort, 'the disk is full'); end`.execute(t.db);
    }
    const failures: unknown[] = [];
    const engine = searchEngine(t.db, undefined, (err) => failures.push(err));
    const id = await add('fr-prisonnieres-later', 'fr', {
      title: 'Deux prisonnières transférées à Tlacolula',
      publishedAt: '2021-08-01T10:00:00.000Z',
    });
    try {
      const parsed = parseQuery('prisonnier ');
      const found = await engine.search(parsed, {}, 'relevance', 10, 0, 'fr');
      expect(failures.map((e) => String(e))).toEqual([expect.stringContaining('the disk is full')]);
      // Found by what was stemmed before (the new item waits for its stems on SQLite; PostgreSQL's
      // own French configuration may find it by its words).
      expect(found.hits.map((h) => h.id)).toContain(ids.get('fr-liberes'));
      // The page a reader gets says nothing went wrong.
      expect(await frenchFinds('prisonnier ')).toContain('fr-liberes');
    } finally {
      await sql`drop trigger refuse_stemming${sql.raw(dialectUnderTest === 'postgres' ? ' on search_stem_queue' : '')}`.execute(
        t.db,
      );
    }
    try {
      expect(await frenchFinds('prisonnier ')).toEqual(['fr-liberes', 'fr-prisonnieres-later']);
    } finally {
      await t.db.deleteFrom('articles').where('id', '=', id).execute();
      ids.delete('fr-prisonnieres-later');
    }
  });

  it('lists French items first on the French page, English ones first nowhere', async () => {
    const fr = await results('/fr/recherche?q=zacatlanqui');
    expect(fr).toEqual(['/fr/articles/fr-detention-merida', '/fr/articles/en-zacatlanqui']);
    // On the English page relevance alone orders them: the name in the English title weighs most.
    // The English item's words are marked English on the French page, and the French one's not.
    const page = (await t.app.inject({ url: '/fr/recherche?q=zacatlanqui' })).body;
    expect(page).toContain('<h3 class="item__title" lang="en"><a href="/fr/articles/en-zacatlanqui"');
    expect(page).toContain('<h3 class="item__title"><a href="/fr/articles/fr-detention-merida"');
    const en = await results('/search?q=zacatlanqui');
    expect(en).toEqual(['/articles/en-zacatlanqui', '/articles/fr-detention-merida']);
    // Newest first stays the reader's order, in every language.
    expect(await results('/fr/recherche?q=zacatlanqui&sort=newest')).toEqual([
      '/fr/articles/en-zacatlanqui',
      '/fr/articles/fr-detention-merida',
    ]);
  });

  it('names countries in French on the French results page', async () => {
    const res = await t.app.inject({ url: '/fr/recherche?q=V%C3%A1squez' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/fr/pays/mexique">Mexique</a>');
    expect(res.body).not.toContain('>Mexico<');
  });
});

describe(`an English page's search, on ${dialectUnderTest}`, () => {
  it('finds what it found before French stems, on each database', async () => {
    // What the words as written find, each database stemming them its own way (Porter on SQLite,
    // each item's language on PostgreSQL): French stems play no part.
    const found: Record<string, string[]> = {};
    for (const q of ['libération ', 'détenu ', 'défenseurs ', 'élus ', 'prisonnier ', 'journaux '])
      found[q.trim()] = await englishFinds(q);
    expect(found).toEqual({
      libération: ['fr-liberes', 'fr-ocotlan-liberes'],
      détenu: dialectUnderTest === 'sqlite' ? ['fr-liberes'] : [],
      défenseurs: ['fr-detention-merida', 'fr-ocotlan-liberes'],
      élus: dialectUnderTest === 'sqlite' ? ['fr-liberes'] : [],
      prisonnier: dialectUnderTest === 'sqlite' ? [] : ['fr-liberes'],
      journaux: dialectUnderTest === 'sqlite' ? [] : ['fr-liberte'],
    });
  });
});

describe(`one result per translation group, on ${dialectUnderTest}`, () => {
  const count = (body: string) => Number(/(\d+) (?:résultats?|results?) (?:pour|for)/.exec(body)?.[1]);

  it('shows the member in the page’s language, the source elsewhere, and counts the group once', async () => {
    const fr = await t.app.inject({ url: '/fr/recherche?q=Ocotl%C3%A1n' });
    expect(await results('/fr/recherche?q=Ocotl%C3%A1n')).toEqual(['/fr/articles/fr-ocotlan-liberes']);
    expect(count(fr.body)).toBe(1);
    const en = await t.app.inject({ url: '/search?q=Ocotl%C3%A1n' });
    expect(await results('/search?q=Ocotl%C3%A1n')).toEqual(['/articles/en-ocotlan-released']);
    expect(count(en.body)).toBe(1);
    const api = (await t.app.inject({ url: '/api/search?q=Ocotl%C3%A1n' })).json();
    expect(api.total).toBe(1);
    expect(api.results.map((r: { url: string }) => r.url)).toEqual(['/articles/en-ocotlan-released']);
    // Newest first too, and the counts per filter value.
    expect(await results('/fr/recherche?q=Ocotl%C3%A1n&sort=newest')).toEqual([
      '/fr/articles/fr-ocotlan-liberes',
    ]);
    expect(fr.body).not.toContain('en-ocotlan-released');
  });

  it('shows the source, marked with its language, when only it matches', async () => {
    // "released" is only in the English source.
    const page = (await t.app.inject({ url: '/fr/recherche?q=released+Ocotl%C3%A1n' })).body;
    expect(page).toContain('<h3 class="item__title" lang="en"><a href="/fr/articles/en-ocotlan-released"');
    expect(page).not.toContain('fr-ocotlan-liberes');
    // And the translation alone on an English page when only it matches.
    expect(await englishFinds('trois défenseurs')).toEqual(['fr-ocotlan-liberes']);
  });
});

describe(`translation groups across pages, on ${dialectUnderTest}`, () => {
  it('counts and pages groups, each once, in either order', async () => {
    // Twelve groups that name "Xochiatipan": an English source and its French translation each.
    for (let i = 0; i < 12; i++) {
      const day = String(i + 1).padStart(2, '0');
      await add(`en-xochiatipan-${i}`, 'en', {
        title: `Xochiatipan report ${i}`,
        publishedAt: `2022-01-${day}T10:00:00.000Z`,
      });
      await add(
        `fr-xochiatipan-${i}`,
        'fr',
        { title: `Rapport ${i} sur Xochiatipan`, publishedAt: `2022-02-${day}T10:00:00.000Z` },
        `en-xochiatipan-${i}`,
      );
    }
    for (const sort of ['relevance', 'newest']) {
      const seen: string[] = [];
      for (const page of [1, 2]) {
        const res = await t.app.inject({ url: `/fr/recherche?q=Xochiatipan&sort=${sort}&page=${page}` });
        expect(res.statusCode).toBe(200);
        expect(res.body).toContain('12 résultats');
        seen.push(...[...res.body.matchAll(/\/fr\/articles\/([\w-]+)"/g)].map((m) => m[1]!));
      }
      // Every group once, by its French member: ten on the first page, two on the second.
      expect(seen.sort()).toEqual(Array.from({ length: 12 }, (_, i) => `fr-xochiatipan-${i}`).sort());
    }
    const api = (await t.app.inject({ url: '/api/search?q=Xochiatipan&page=2' })).json();
    expect(api.total).toBe(12);
    expect(api.totalPages).toBe(2);
    expect(api.results.map((r: { url: string }) => r.url)).toHaveLength(2);
    expect(api.results.every((r: { url: string }) => r.url.startsWith('/articles/en-xochiatipan-'))).toBe(
      true,
    );
    // The counts per filter value count each group once too.
    expect(api.facets.type).toEqual([expect.objectContaining({ value: 'news', count: 12 })]);
  });
});
