import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/platform/db/index.js';
import { rebuildListings } from '../../src/platform/db/listings.js';
import { dialectUnderTest, type TestDb, testDatabase } from '../support/app.js';
import { candleArgs } from '../support/command.js';
import { deleteArticle } from '../support/content.js';
import { expectListingsTrue } from '../support/listings.js';

let t: TestDb;
let made = 0;
const NOW = '2026-01-01T00:00:00.000Z';
/** Few dates, so that items often share one and the index's order has ties to get right. */
const DATES = ['2019-05-01T10:00:00.000Z', '2020-01-01T00:00:00.000Z', '2021-03-04T05:06:07.000Z'];
const LINKS = {
  country: ['article_countries', 'country_id', 'countries'],
  topic: ['article_topics', 'topic_id', 'topics'],
  case: ['article_cases', 'case_id', 'cases'],
} as const;
type LinkKind = keyof typeof LINKS;

async function addRegion(db: Db) {
  made += 1;
  await db
    .insertInto('regions')
    .values({ slug: `r${made}`, name: `Region ${made}` })
    .execute();
}

async function addCountry(db: Db, regionPick: number) {
  made += 1;
  const region = await pick(db, 'regions', regionPick);
  if (region === undefined) return;
  const code = `${String.fromCharCode(65 + (made % 26))}${String.fromCharCode(65 + ((made / 26) % 26))}`;
  await db
    .insertInto('countries')
    .values({ code, slug: `c${made}`, name: `Country ${made}`, region_id: region })
    .execute();
}

async function addArticle(db: Db, published: boolean, date: number) {
  made += 1;
  await db
    .insertInto('articles')
    .values({
      type: 'news',
      slug: `a${made}`,
      title: `Item ${made}`,
      summary: '',
      body_md: '',
      body_html: '',
      status: published ? 'published' : 'draft',
      location: '',
      reference: '',
      lead_image_id: null,
      published_at: published ? DATES[date % DATES.length]! : null,
      created_at: NOW,
      updated_at: NOW,
      author_id: null,
    })
    .execute();
}

/** The id at `n` (modulo) among the rows of `table` in id order, or undefined when it has none. */
async function pick(
  db: Db,
  table: 'regions' | 'countries' | 'topics' | 'cases' | 'articles',
  n: number,
): Promise<number | undefined> {
  const rows = await db.selectFrom(table).select('id').orderBy('id').execute();
  return rows.length === 0 ? undefined : rows[n % rows.length]!.id;
}

/** An edit of the kinds the index must follow, with indexes that pick among the rows there are. */
type Edit =
  | { op: 'publish'; article: number; date: number }
  | { op: 'unpublish'; article: number; status: 'draft' | 'archived' | 'scheduled' }
  | { op: 'redate'; article: number; date: number }
  | { op: 'link' | 'unlink'; kind: LinkKind; article: number; target: number }
  | { op: 'relink'; kind: LinkKind; article: number; target: number; to: number }
  | { op: 'move-link'; kind: LinkKind; article: number; target: number; toArticle: number }
  | { op: 'move-country'; country: number; region: number }
  | { op: 'add-article'; published: boolean; date: number }
  | { op: 'delete-article'; article: number }
  | { op: 'add-country'; region: number }
  | { op: 'delete-country'; country: number };

const n = fc.nat({ max: 50 });
const kind = fc.constantFrom<LinkKind>('country', 'topic', 'case');
/** Weighted so that the index fills up: links and publishes are commoner than deletions. */
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('publish' as const), article: n, date: n }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('unpublish' as const),
      article: n,
      status: fc.constantFrom('draft' as const, 'archived' as const, 'scheduled' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('redate' as const), article: n, date: n }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('link' as const), kind, article: n, target: n }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('unlink' as const), kind, article: n, target: n }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('relink' as const), kind, article: n, target: n, to: n }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('move-link' as const),
      kind,
      article: n,
      target: n,
      toArticle: n,
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('move-country' as const), country: n, region: n }) },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('add-article' as const), published: fc.boolean(), date: n }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-article' as const), article: n }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('add-country' as const), region: n }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete-country' as const), country: n }) },
);

/** The link of an article to a target as a row, or undefined when either is missing. */
async function linkOf(db: Db, k: LinkKind, articlePick: number, targetPick: number) {
  const [, , targets] = LINKS[k];
  const article = await pick(db, 'articles', articlePick);
  const target = await pick(db, targets, targetPick);
  return article === undefined || target === undefined ? undefined : { article, target };
}

async function linked(db: Db, k: LinkKind, article: number, target: number): Promise<boolean> {
  const [link, column] = LINKS[k];
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(link)}
    where article_id = ${article} and ${sql.ref(column)} = ${target}`.execute(db);
  return Number(rows[0]?.n) > 0;
}

async function apply(db: Db, e: Edit): Promise<void> {
  switch (e.op) {
    case 'publish':
    case 'redate': {
      const id = await pick(db, 'articles', e.article);
      if (id === undefined) return;
      const set = e.op === 'publish' ? { status: 'published' as const } : {};
      await db
        .updateTable('articles')
        .set({ ...set, published_at: DATES[e.date % DATES.length]! })
        .where('id', '=', id)
        .execute();
      return;
    }
    case 'unpublish': {
      const id = await pick(db, 'articles', e.article);
      if (id !== undefined)
        await db.updateTable('articles').set({ status: e.status }).where('id', '=', id).execute();
      return;
    }
    case 'link':
    case 'unlink': {
      const [link, column] = LINKS[e.kind];
      const l = await linkOf(db, e.kind, e.article, e.target);
      if (!l) return;
      if (e.op === 'unlink')
        await sql`delete from ${sql.table(link)} where article_id = ${l.article} and ${sql.ref(column)} = ${l.target}`.execute(
          db,
        );
      else if (!(await linked(db, e.kind, l.article, l.target)))
        await sql`insert into ${sql.table(link)} (article_id, ${sql.ref(column)}, position)
          values (${l.article}, ${l.target}, 0)`.execute(db);
      return;
    }
    case 'relink': {
      // A link pointed at another country, topic or case (an UPDATE of the link's target).
      const [link, column, targets] = LINKS[e.kind];
      const l = await linkOf(db, e.kind, e.article, e.target);
      const to = await pick(db, targets, e.to);
      if (!l || to === undefined || !(await linked(db, e.kind, l.article, l.target))) return;
      if (await linked(db, e.kind, l.article, to)) return;
      await sql`update ${sql.table(link)} set ${sql.ref(column)} = ${to}
        where article_id = ${l.article} and ${sql.ref(column)} = ${l.target}`.execute(db);
      return;
    }
    case 'move-link': {
      // A link given to another article (an UPDATE of the link's article).
      const [link, column] = LINKS[e.kind];
      const l = await linkOf(db, e.kind, e.article, e.target);
      const to = await pick(db, 'articles', e.toArticle);
      if (!l || to === undefined || !(await linked(db, e.kind, l.article, l.target))) return;
      if (await linked(db, e.kind, to, l.target)) return;
      await sql`update ${sql.table(link)} set article_id = ${to}
        where article_id = ${l.article} and ${sql.ref(column)} = ${l.target}`.execute(db);
      return;
    }
    case 'move-country': {
      const country = await pick(db, 'countries', e.country);
      const region = await pick(db, 'regions', e.region);
      if (country !== undefined && region !== undefined)
        await db.updateTable('countries').set({ region_id: region }).where('id', '=', country).execute();
      return;
    }
    case 'add-article':
      return addArticle(db, e.published, e.date);
    case 'delete-article': {
      const id = await pick(db, 'articles', e.article);
      if (id !== undefined) await deleteArticle(db, id);
      return;
    }
    case 'add-country':
      return addCountry(db, e.region);
    case 'delete-country': {
      // Its links go by cascade, which the index must follow like any other removed link.
      const id = await pick(db, 'countries', e.country);
      if (id !== undefined) await db.deleteFrom('countries').where('id', '=', id).execute();
      return;
    }
  }
}

/** The whole index as a sorted list of rows, dates as ISO strings on both dialects. */
async function indexRows(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('article_listings').selectAll().execute();
  return rows
    .map((r) => `${r.kind} ${r.scope_id} ${r.article_id} ${r.published_at ?? '-'}`)
    .sort((a, b) => a.localeCompare(b));
}

beforeAll(async () => {
  t = await testDatabase();
  for (let i = 0; i < 3; i++) await addRegion(t.db);
  for (let i = 0; i < 5; i++) await addCountry(t.db, i);
  for (let i = 0; i < 3; i++) {
    made += 1;
    await t.db
      .insertInto('topics')
      .values({ slug: `t${made}`, name: `Topic ${made}`, description: '' })
      .execute();
    await t.db
      .insertInto('cases')
      .values({
        slug: `k${made}`,
        name: `Case ${made}`,
        summary: '',
        story_md: '',
        story_html: '',
        status: 'ongoing',
        country_id: null,
        portrait_id: null,
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
  }
  for (let i = 0; i < 6; i++) await addArticle(t.db, i % 2 === 0, i);
});
afterAll(async () => {
  await t?.close();
});

describe(`the listing index on ${dialectUnderTest}`, () => {
  it('equals a rebuild after any sequence of publishes, dates, links, moves and deletions', async () => {
    let edits = 0;
    let largest = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 12 }), async (sequence) => {
        for (const e of sequence) await apply(t.db, e);
        edits += sequence.length;
        const kept = await indexRows(t.db);
        largest = Math.max(largest, kept.length);
        await rebuildListings(t.db);
        expect(kept).toEqual(await indexRows(t.db));
      }),
      // A fixed seed: a failure is the same failure on every run, and its shrunk sequence is shown.
      { seed: 20_261_203, numRuns: 200 },
    );
    // The runs did edit something, and the rebuild itself is what the articles say.
    expect(edits).toBeGreaterThan(500);
    expect(largest).toBeGreaterThan(10);
    await expectListingsTrue(t.db);
    const { rows } = await sql<{ n: number }>`select count(*) as n from article_listings`.execute(t.db);
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });

  it('rebuilds an index that lost entries or holds wrong ones, and counts what it holds', async () => {
    await addArticle(t.db, true, 0);
    const { id: article } = await t.db
      .selectFrom('articles')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await addCountry(t.db, 0);
    const { id: country } = await t.db
      .selectFrom('countries')
      .select('id')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('article_countries')
      .values({ article_id: article, country_id: country, position: 0 })
      .execute();
    const right = await indexRows(t.db);
    await t.db.deleteFrom('article_listings').where('kind', '=', 'country').execute();
    await t.db
      .insertInto('article_listings')
      .values({ kind: 'topic', scope_id: 999, article_id: article, published_at: null })
      .execute();
    const counts = await rebuildListings(t.db);
    expect(await indexRows(t.db)).toEqual(right);
    expect(counts.country + counts.topic + counts.case + counts.region).toBe(right.length);
    expect(counts.country).toBeGreaterThan(0);
  });

  it('is rebuilt by `candle rebuild-listings`, which says how many entries of each kind it holds', async () => {
    // The command on a SQLite file of its own: the rebuild's statements on this dialect are the
    // ones tested above; this is the command around them.
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'candle-listings-'));
    const env = {
      ...process.env,
      LOG_LEVEL: 'silent',
      DATA_DIR: dir,
      DATABASE_URL: `sqlite:${path.join(dir, 'c.db')}`,
    };
    const candle = (...args: string[]) =>
      promisify(execFile)(process.execPath, [...candleArgs(), ...args], {
        env,
        timeout: 60_000,
      });
    try {
      await candle('seed', '--demo');
      const { stdout } = await candle('rebuild-listings');
      expect(stdout).toMatch(
        /^candle: rebuilt the listing index: \d+ country, \d+ topic, \d+ case, \d+ region entries\n$/,
      );
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
