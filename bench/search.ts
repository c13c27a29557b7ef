// Search at archive scale: generates a synthetic archive (default 100,000 articles in English,
// Spanish and French, with accented names), builds the index, then times a fixed set of queries
// through Candle's search service (results page + facet counts, as /search does) and through a
// naive WordPress-style LIKE '%…%' query over title, summary and body.
//
// Usage: npx tsx bench/search.ts [--articles 100000] [--dialect sqlite|postgres|both] [--runs 20]
//   [--like-runs 2] [--keep 1] [--reuse <file.db>]
// PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), schema bench_search.
// --keep 1 keeps the generated SQLite file (its path is printed) or the PostgreSQL schema;
// --reuse times the queries again on a kept SQLite file (migrated first: this is also how a
// migration is tried on an archive of that size), skipping generation and indexing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import { type Db, migrateToLatest, openDatabase } from '../src/platform/db/index.js';
import { reindexSearch, searchArchive, searchEngine } from '../src/search/index.js';
import { parseQuery } from '../src/search/query.js';
import type { SearchRequest } from '../src/search/service.js';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2)
  args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
const ARTICLES = Number(args.get('articles') ?? 100_000);
const RUNS = Number(args.get('runs') ?? 20);
const LIKE_RUNS = Number(args.get('like-runs') ?? 2);
const DIALECTS =
  (args.get('dialect') ?? 'sqlite') === 'both' ? ['sqlite', 'postgres'] : [args.get('dialect') ?? 'sqlite'];
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'bench_search';

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = {
  en: 'the of and to in a is that for on with as was by at from it his an are be this which or has have had not were but their its been who they one all would there more than also after into when government police people human rights authorities country state security said new women families torture detention prisoners activists defenders protest freedom expression court law trial journalists attack killed arrested released judge investigation report asylum migrants refugees border violence military forces community land indigenous health justice victims disappeared missing threats campaign release urgent action letter minister president prison sentence charges independent international'.split(
    ' ',
  ),
  es: 'el la de que y en los las un una por con para su se del al como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante gobierno policía personas derechos humanos autoridades país estado seguridad mujeres familias tortura detención presos activistas defensoras protesta libertad expresión tribunal ley juicio periodistas ataque asesinado detenido liberado juez investigación informe asilo migrantes refugiados frontera violencia militares comunidad tierra indígenas salud justicia víctimas desaparecidos desaparecidas amenazas campaña acción urgente carta ministro presidente cárcel'.split(
    ' ',
  ),
  fr: 'le la les de des du et en un une est que qui dans pour pas sur au avec ce il elle sont par plus ne se son sa ses aux été être fait comme mais gouvernement police personnes droits humains autorités pays état sécurité femmes familles torture détention prisonniers militants défenseurs défenseures manifestation liberté expression tribunal loi procès journalistes attaque tué arrêté libéré juge enquête rapport asile migrants réfugiés frontière violence militaires communauté terre autochtones santé justice victimes disparus menaces campagne action urgente lettre ministre président prison'.split(
    ' ',
  ),
};
const FIRST =
  'José María Adrián Clemencia Nasieku Joy Arnulfo Hélène François Zoë Iñaki Sebastián Lucía Ramón Inés Ángel Åsa Björn Chloé Mónica Raúl Tomás Verónica Jesús Dolores Amaka Thandiwe Nguyễn Siobhán Ludmila Jürgen'.split(
    ' ',
  );
const LAST =
  'Hernández Núñez Gómez Vásquez Ibáñez Pérez Rodríguez López Martínez Sánchez Ramírez Cerón Salazar Lagunes Dalisay Lemayian Müller Lefèvre Ødegaard Çelik Kowalczyk Nowak Mensah Okafor Dlamini Castañeda Peña Muñoz Suárez Domínguez Galván Beltrán'.split(
    ' ',
  );
// Comma-separated: a place's name may have several words ("Ciudad Juárez"), searched as a phrase.
const PLACES =
  'Yucatán, Mérida, Tijuana, Guerrero, Iguala, Matamoros, Oaxaca, Chiapas, Querétaro, Nuevo León, Bogotá, Medellín, Asunción, Córdoba, Belém, São Paulo, Ciudad Juárez, Tegucigalpa, Managua, Port-au-Prince, Nairobi, Mindanao, Budapest, Montréal, Québec'.split(
    ', ',
  );

/** Pseudo-words for the long tail of an archive's vocabulary. */
function tailWords(random: () => number, n: number): string[] {
  const syll = 'ka lo mi ne ra to su pa vi de ro la ti mo sa ce gu ba fe ji ño zé lá'.split(' ');
  return Array.from({ length: n }, () =>
    Array.from({ length: 2 + Math.floor(random() * 3) }, () => syll[Math.floor(random() * syll.length)]).join(
      '',
    ),
  );
}

interface Generated {
  countries: number;
  cases: number;
}

async function generate(db: Db): Promise<Generated> {
  const random = seeded(2024);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  // Zipf-like: early words in the list come up far more often.
  const zipf = <T>(list: T[]) => list[Math.floor(list.length * random() ** 2.5)]!;
  const tail = tailWords(random, 60_000);
  // Each language's list starts with ~40 function words; the rest are the archive's subjects.
  const functionWords = (lang: keyof typeof WORDS) => WORDS[lang].slice(0, 40);
  const subjects = (lang: keyof typeof WORDS) => WORDS[lang].slice(40);
  const person = () => `${pick(FIRST)} ${pick(LAST)} ${pick(LAST)}`;
  /** An article's own people, place and subjects: names recur within an item, rarely across many. */
  const article = (lang: keyof typeof WORDS) => ({
    lang,
    people: Array.from({ length: Math.floor(random() * 3) }, person),
    place: pick(PLACES),
    subjects: Array.from({ length: 8 }, () => pick(subjects(lang))),
  });
  const sentence = (a: ReturnType<typeof article>, n: number) =>
    Array.from({ length: n }, () => {
      const r = random();
      if (r < 0.01 && a.people.length > 0) return pick(a.people);
      if (r < 0.015) return a.place;
      if (r < 0.12) return pick(a.subjects);
      if (r < 0.45) return zipf(tail);
      return zipf(functionWords(a.lang));
    }).join(' ');
  const now = new Date().toISOString();

  const regions = ['americas', 'africa', 'asia-pacific', 'europe-central-asia', 'middle-east-north-africa'];
  for (const slug of regions)
    await db
      .insertInto('regions')
      .values({ slug, name: slug.replace(/-/g, ' ') })
      .execute();
  const regionIds = (await db.selectFrom('regions').select('id').execute()).map((r) => r.id);
  const countryNames =
    'Mexico Guatemala Honduras Colombia Peru Brazil Argentina Chile Venezuela Cuba Haiti Kenya Nigeria Ethiopia Uganda Cameroon Philippines Indonesia Myanmar India Pakistan China Hungary Poland Turkey Russia Belarus Egypt Iran Iraq Syria Israel Lebanon Algeria Morocco Tunisia France Spain Canada Perú'.split(
      ' ',
    );
  for (const [i, name] of countryNames.entries()) {
    await db
      .insertInto('countries')
      .values({
        code: `C${i}`,
        slug: `${name.toLowerCase()}-${i}`,
        name,
        region_id: regionIds[i % regionIds.length]!,
      })
      .execute();
  }
  const countryIds = (await db.selectFrom('countries').select('id').execute()).map((r) => r.id);
  for (const [i, name] of [
    'Torture',
    'Enforced disappearances',
    'Refugees and migrants',
    'Freedom of expression',
    'Women’s rights',
    'Death penalty',
    'Indigenous peoples',
    'Environment and land',
    'Policing',
    'Health',
  ].entries()) {
    await db
      .insertInto('topics')
      .values({ slug: `topic-${i}`, name, description: '' })
      .execute();
  }
  const topicIds = (await db.selectFrom('topics').select('id').execute()).map((r) => r.id);
  for (let i = 0; i < 300; i++) {
    await db
      .insertInto('cases')
      .values({
        slug: `case-${i}`,
        name: person(),
        summary: '',
        story_md: '',
        story_html: '',
        status: 'ongoing',
        country_id: pick(countryIds),
        created_at: now,
        updated_at: now,
      })
      .execute();
  }
  const caseIds = (await db.selectFrom('cases').select('id').execute()).map((r) => r.id);

  const types = [
    'news',
    'press-release',
    'open-letter',
    'report',
    'blog',
    'good-news',
    'urgent-action',
  ] as const;
  const BATCH = 500;
  for (let start = 0; start < ARTICLES; start += BATCH) {
    await db.transaction().execute(async (trx) => {
      const rows = [];
      for (let i = start; i < Math.min(ARTICLES, start + BATCH); i++) {
        const a = article(pick(['en', 'en', 'es', 'fr'] as const));
        const paragraphs = 3 + Math.floor(random() * 8);
        const body = Array.from(
          { length: paragraphs },
          () => `${sentence(a, 40 + Math.floor(random() * 40))}.`,
        ).join('\n\n');
        const at = new Date(
          Date.UTC(2005, 0, 1) + Math.floor(random() * 20 * 365) * 86_400_000,
        ).toISOString();
        rows.push({
          type: pick([...types]),
          slug: `article-${i}`,
          title: sentence(a, 7 + Math.floor(random() * 7)),
          summary: sentence(a, 25 + Math.floor(random() * 25)),
          body_md: body,
          body_html: '',
          // Drafts first: links are added, then one update publishes (and indexes) each article once.
          status: 'draft' as const,
          // Stated, as an editor states it (PostgreSQL stems each item in its language).
          language: a.lang,
          location: a.place,
          reference: '',
          lead_image_id: null,
          published_at: at,
          created_at: at,
          updated_at: at,
        });
      }
      const ids = await trx.insertInto('articles').values(rows).returning('id').execute();
      const countries = ids.flatMap((r) => {
        const first = pick(countryIds);
        const second = pick(countryIds);
        return random() < 0.2 && second !== first
          ? [
              { article_id: r.id, country_id: first, position: 0 },
              { article_id: r.id, country_id: second, position: 1 },
            ]
          : [{ article_id: r.id, country_id: first, position: 0 }];
      });
      await trx.insertInto('article_countries').values(countries).execute();
      await trx
        .insertInto('article_topics')
        .values(ids.map((r) => ({ article_id: r.id, topic_id: pick(topicIds), position: 0 })))
        .execute();
      const withCase = ids.filter(() => random() < 0.3);
      if (withCase.length > 0)
        await trx
          .insertInto('article_cases')
          .values(withCase.map((r) => ({ article_id: r.id, case_id: pick(caseIds), position: 0 })))
          .execute();
    });
    if ((start / BATCH) % 20 === 0) process.stdout.write(`\r  generated ${start + BATCH}/${ARTICLES}`);
  }
  process.stdout.write('\n');
  return { countries: countryIds.length, cases: caseIds.length };
}

/** The fixed query set: names with and without accents, phrases, prefixes, other languages, typos, filters. */
const QUERIES: Array<Omit<Partial<SearchRequest>, 'q'> & { q: string }> = [
  { q: 'Vasquez' },
  { q: 'Hernández' },
  { q: 'Hernandez Nunez' },
  { q: 'José María' },
  { q: '"Ciudad Juárez"' },
  { q: 'torture' },
  { q: 'tortur' },
  { q: 'police violence' },
  { q: 'desaparecidos' },
  { q: 'défenseurs arrêtés' },
  { q: 'asylum border migrants' },
  { q: 'Yucatan' },
  { q: 'Lemayian' },
  { q: 'journalists attack' },
  { q: 'torture', country: 'mexico-0' },
  { q: 'police', sort: 'newest' },
  { q: 'Dalisay', sort: 'newest' },
  { q: 'urgent action prisoners' },
  { q: 'Hernadez' },
  { q: 'Lagnes' },
];

/** A percentile of sorted times; undefined when nothing was timed (`--like-runs 0`). */
const pct = (sorted: number[], p: number): number | undefined =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const ms = (n: number | undefined) => (n === undefined ? 'not run' : `${n.toFixed(n < 10 ? 2 : 1)} ms`);

function likeQuery(q: string): RawBuilder<unknown> {
  const words = parseQuery(q).terms.flatMap((t) => (t.kind === 'word' ? [t.text] : [t.words.join(' ')]));
  const conditions = words.map((w) => {
    const pattern = `%${w}%`;
    return sql`(a.title like ${pattern} or a.summary like ${pattern} or a.body_md like ${pattern})`;
  });
  return sql.join([sql`a.status = 'published'`, ...conditions], sql` and `);
}

async function measure(dialect: string) {
  let db: Db;
  let sizeOf: () => Promise<{ total: number; index: number }>;
  let file = '';
  const reuse = dialect === 'sqlite' ? args.get('reuse') : undefined;
  if (dialect === 'sqlite') {
    const dir = reuse ? path.dirname(reuse) : fs.mkdtempSync(path.join(os.tmpdir(), 'candle-search-bench-'));
    file = reuse ?? path.join(dir, 'bench.db');
    db = await openDatabase({ dialect: 'sqlite', file });
    sizeOf = async () => {
      await sql`pragma wal_checkpoint(truncate)`.execute(db);
      const { rows } = await sql<{
        name: string;
        bytes: number;
      }>`select name, sum(pgsize) as bytes from dbstat group by name`.execute(db);
      const index = rows.filter((r) => r.name.startsWith('search_')).reduce((n, r) => n + r.bytes, 0);
      return { total: fs.statSync(file).size, index };
    };
  } else {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop schema if exists ${SCHEMA} cascade`);
    await admin.end();
    db = await openDatabase({ dialect: 'postgres', url: PG_URL }, { schema: SCHEMA, poolSize: 4 });
    sizeOf = async () => {
      const { rows } = await sql<{ name: string; bytes: number }>`
        select c.relname as name, pg_total_relation_size(c.oid)::bigint as bytes from pg_class c
        where c.relnamespace = ${SCHEMA}::regnamespace and c.relkind in ('r', 'm')`.execute(db);
      return {
        total: rows.reduce((n, r) => n + Number(r.bytes), 0),
        index: rows.filter((r) => r.name.startsWith('search_')).reduce((n, r) => n + Number(r.bytes), 0),
      };
    };
  }
  let t0 = performance.now();
  const migrated = await migrateToLatest(db);
  const migrateMs = performance.now() - t0;
  if (reuse)
    console.log(
      `${dialect}: reusing ${reuse}; migrations run: ${migrated.join(', ') || 'none'} (${(migrateMs / 1000).toFixed(1)} s)`,
    );
  let generateMs = 0;
  let publishMs = 0;
  let reindexMs = 0;
  let rebuilt = { total: 0 };
  if (!reuse) {
    console.log(`${dialect}: generating ${ARTICLES} articles`);
    t0 = performance.now();
    await generate(db);
    generateMs = performance.now() - t0;

    // Fresh tables have no statistics yet; autovacuum would gather them in time on a real server.
    if (dialect === 'postgres') await sql`analyze`.execute(db);
    t0 = performance.now();
    await sql`update articles set status = 'published'`.execute(db);
    publishMs = performance.now() - t0;
    if (dialect === 'postgres') await sql`analyze`.execute(db);

    t0 = performance.now();
    let lastLine = '';
    rebuilt = await reindexSearch(db, (p) => {
      const line = `  reindex ${p.done}/${p.total}`;
      if (line !== lastLine) process.stdout.write(`\r${line}`);
      lastLine = line;
    });
    process.stdout.write('\n');
    reindexMs = performance.now() - t0;
  }
  if (dialect === 'postgres') await sql`vacuum analyze`.execute(db);
  const size = await sizeOf();

  const engine = searchEngine(db);
  const deps = { db, engine };
  const typeLabel = (t: string) => t;
  const searchTimes: number[] = [];
  const likeTimes: number[] = [];
  const perQuery: Array<{
    q: string;
    total: number;
    approximate: boolean;
    p50: number | undefined;
    like: number | undefined;
  }> = [];
  for (const query of QUERIES) {
    const request: SearchRequest = { sort: 'relevance', page: 1, ...query };
    // Warm-up, then timed runs.
    const first = await searchArchive(deps, request, typeLabel);
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await searchArchive(deps, request, typeLabel);
      times.push(performance.now() - start);
    }
    searchTimes.push(...times);
    const likeRun: number[] = [];
    for (let i = 0; i < LIKE_RUNS; i++) {
      const start = performance.now();
      const where = likeQuery(query.q);
      await sql`select count(*) as n from articles a where ${where}`.execute(db);
      await sql`select a.id, a.title from articles a where ${where} order by a.published_at desc limit 10`.execute(
        db,
      );
      likeRun.push(performance.now() - start);
    }
    likeTimes.push(...likeRun);
    times.sort((a, b) => a - b);
    likeRun.sort((a, b) => a - b);
    const view = first.ok ? first.view : null;
    perQuery.push({
      q: JSON.stringify(query),
      total: view?.total ?? -1,
      approximate: view?.approximate ?? false,
      p50: pct(times, 50),
      like: pct(likeRun, 50),
    });
    process.stdout.write(
      `  ${JSON.stringify(query)}: ${view?.total} results, p50 ${ms(pct(times, 50))}, LIKE ${ms(pct(likeRun, 50))}\n`,
    );
  }
  searchTimes.sort((a, b) => a - b);
  likeTimes.sort((a, b) => a - b);
  const result = {
    dialect,
    engine: engine.name,
    articles: ARTICLES,
    generateS: generateMs / 1000,
    publishS: publishMs / 1000,
    reindexS: reindexMs / 1000,
    reindexed: rebuilt.total,
    dbMB: size.total / 2 ** 20,
    indexMB: size.index / 2 ** 20,
    p50: pct(searchTimes, 50),
    p95: pct(searchTimes, 95),
    max: searchTimes[searchTimes.length - 1]!,
    likeP50: pct(likeTimes, 50),
    likeP95: pct(likeTimes, 95),
    perQuery,
  };
  await db.destroy();
  if (args.has('keep') || reuse) console.log(`kept ${file || `schema ${SCHEMA}`}`);
  else if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
  else {
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`drop schema if exists ${SCHEMA} cascade`);
    await admin.end();
  }
  return result;
}

const results = [];
for (const dialect of DIALECTS) results.push(await measure(dialect));
console.log(
  '\n| engine | articles | search p50 | search p95 | LIKE p50 | LIKE p95 | p50 speed-up | publish (triggers) | reindex | database | of which index |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(
    `| ${r.engine} | ${r.articles.toLocaleString('en')} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.likeP50)} | ${ms(r.likeP95)} | ${r.likeP50 === undefined || r.p50 === undefined ? 'n/a' : `${Math.round(r.likeP50 / r.p50)}×`} | ${r.publishS.toFixed(1)} s | ${r.reindexS.toFixed(1)} s | ${r.dbMB.toFixed(0)} MB | ${r.indexMB.toFixed(0)} MB |`,
  );
}
console.log(
  `\n(${RUNS} timed runs per query, ${LIKE_RUNS} for LIKE; ${QUERIES.length} queries; machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; load average at the end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')})`,
);
for (const r of results) {
  console.log(`\n${r.engine}: per query (results, search p50, LIKE p50)`);
  for (const q of r.perQuery)
    console.log(`- ${q.q}: ${q.total}${q.approximate ? ' (approximate)' : ''}, ${ms(q.p50)}, ${ms(q.like)}`);
}
