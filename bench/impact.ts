// The impact page of an urgent action with 1,000,000 actions (issue 14, item 4: < 50 ms p95 on
// both databases). Builds a fresh database with the demo content, then adds 250,000 confirmed
// supporters who each took the four actions on the demo's UA 87/20 (1,000,000 counted actions over
// 90 days, calls with their outcomes, posts with their network) and the two letters of each email
// (500,000, mostly sent), inserted in bulk through the real tables so migration 028's triggers fill
// the tallies as the intake would. Then, through app.inject() with a campaigner's session, times
// the urgent action's impact page, the page of every urgent action and the counts (actionCounts),
// one request at a time, and the grouped count over the actions that the counters ran before the
// tallies, for comparison. Last, what the triggers cost an intake-like transaction, with them and
// then without them (dropped from the bench's database for that; skipped with a kept --file).
//
//   npx tsx bench/impact.ts [--actions 1000000] [--requests 300] [--intakes 2000]
//                           [--database postgres://postgres@127.0.0.1:5432]
//
// With --database, a fresh database `candle_bench_impact` is made on that server (and kept, to
// look at afterwards; drop it by hand).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { createUser } from '../src/accounts/index.js';
import { actionCounts } from '../src/actions/counts.js';
import { impactOf } from '../src/actions/impact.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadDemo } from '../src/demo/index.js';
import { type Db, migrateToLatest, openDatabase } from '../src/platform/db/index.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? (process.argv[at + 1] ?? fallback) : fallback;
}
const ACTIONS = Number(option('actions', '1000000'));
const REQUESTS = Number(option('requests', '300'));
const PG_SERVER = process.argv.includes('--database') ? option('database', '') : '';
const SUPPORTERS = Math.ceil(ACTIONS / 4);
const CHUNK = 25_000;
const DAYS = 90;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-impact-'));
// --file <path> (SQLite): keep the database there, and time it again without building it anew.
const FILE = process.argv.includes('--file') ? option('file', '') : '';
const reuse = FILE !== '' && fs.existsSync(FILE);
let db: Db;
if (PG_SERVER) {
  const server = PG_SERVER.replace(/\/$/, '');
  const admin = new pg.Client({ connectionString: `${server}/postgres` });
  await admin.connect();
  await admin.query('drop database if exists candle_bench_impact');
  await admin.query('create database candle_bench_impact');
  await admin.end();
  db = await openDatabase({ dialect: 'postgres', url: `${server}/candle_bench_impact` });
} else {
  db = await openDatabase({ dialect: 'sqlite', file: FILE || path.join(work, 'candle.db') });
}
const postgres = PG_SERVER !== '';
const dialect = postgres ? 'PostgreSQL' : 'SQLite';

const now = new Date();
const at = now.toISOString();
// The 90 days up to today.
const start = new Date(Date.parse(`${at.slice(0, 10)}T00:00:00Z`) - (DAYS - 1) * 86_400_000).toISOString();

if (!reuse) {
  await migrateToLatest(db);
  await loadDemo({ db, dataDir: work, now: () => now });
}
const { id: articleId } = await db
  .selectFrom('articles')
  .select('id')
  .where('slug', '=', 'mexico-adrian-vasquez-covid-19-reparation')
  .executeTakeFirstOrThrow();

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// The data, in bulk, through the tables the intake writes (the triggers fill the tallies).

const detail = sql.raw(`case c.channel
  when 'call' then (case s.id % 5 when 0 then 'answered' when 1 then 'voicemail' when 2 then 'refused'
                    when 3 then 'wrong-number' else '' end)
  when 'post' then (case s.id % 3 when 0 then 'x' when 1 then 'bluesky' else 'mastodon' end)
  else '' end`);
const channels = sql.raw(
  `(select 'email' as channel union all select 'letter' union all select 'post' union all select 'call')`,
);
const countedAt = postgres
  ? sql`(${start}::timestamptz + (s.id % ${sql.lit(DAYS)}) * interval '1 day' + (s.id % 86400) * interval '1 second')`
  : sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${start}, '+' || (s.id % ${sql.lit(DAYS)}) || ' days', '+' || (s.id % 86400) || ' seconds')`;

const loading = performance.now();
let firstSupporter = 0;
for (let from = 0; from < (reuse ? 0 : SUPPORTERS); from += CHUNK) {
  const to = Math.min(from + CHUNK, SUPPORTERS);
  const numbers = postgres
    ? sql`select i from generate_series(${sql.lit(from)}, ${sql.lit(to - 1)}) as g(i)`
    : sql`with recursive n(i) as (select ${sql.lit(from)} union all select i + 1 from n where i < ${sql.lit(to - 1)}) select i from n`;
  await sql`insert into ua_supporters (email, name, city, country, language, confirmed_at, created_at, updated_at)
    select 'bench' || i || '@example.org', 'Supporter ' || i, 'Montréal', 'Canada', 'en', ${at}, ${at}, ${at}
    from (${numbers}) as numbers`.execute(db);
  const ids = await db
    .selectFrom('ua_supporters')
    .select((eb) => [eb.fn.min('id').as('low'), eb.fn.max('id').as('high')])
    .where('email', 'in', [`bench${from}@example.org`, `bench${to - 1}@example.org`])
    .executeTakeFirstOrThrow();
  if (from === 0) firstSupporter = Number(ids.low);
  await sql`insert into ua_actions_taken (article_id, supporter_id, channel, state, detail, created_at, counted_at)
    select ${sql.lit(articleId)}, s.id, c.channel, 'counted', ${detail}, ${countedAt}, ${countedAt}
    from ua_supporters s cross join ${channels} c
    where s.id between ${sql.lit(Number(ids.low))} and ${sql.lit(Number(ids.high))}`.execute(db);
  await sql`insert into ua_letters (action_id, article_id, target_id, role, language, subject, body, status, message_id, created_at)
    select a.id, a.article_id, t.target_id, t.role, 'es', 'Adrián Vásquez', 'Señor Gobernador, le escribo…',
      case a.id % 20 when 0 then 'queued' when 1 then 'failed' when 2 then 'bounced' else 'sent' end,
      '<bench-' || a.id || '-' || t.target_id || '@candle.test>', a.created_at
    from ua_actions_taken a join ua_action_targets t on t.article_id = a.article_id
    where a.article_id = ${sql.lit(articleId)} and a.channel = 'email'
      and a.supporter_id between ${sql.lit(Number(ids.low))} and ${sql.lit(Number(ids.high))}`.execute(db);
  process.stdout.write(`\r${dialect}: ${(to * 4).toLocaleString('en')} actions`);
}
const loaded = performance.now() - loading;
// What autovacuum does within a minute on PostgreSQL (it is off on the bench's server): the bulk
// load left a million dead versions of the tally rows, all written by one transaction per chunk,
// which no visit could prune. SQLite: the statistics its planner reads.
await sql.raw(postgres ? 'vacuum analyze' : 'analyze').execute(db);

const [actions, letters, tallyRows] = await Promise.all([
  db
    .selectFrom('ua_actions_taken')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .executeTakeFirstOrThrow(),
  db
    .selectFrom('ua_letters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .executeTakeFirstOrThrow(),
  db
    .selectFrom('ua_action_tallies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .executeTakeFirstOrThrow(),
]);
console.log(
  `\n${dialect}: ${Number(actions.n).toLocaleString('en')} actions, ${Number(letters.n).toLocaleString('en')} letters ` +
    `(supporters from id ${firstSupporter}) loaded in ${seconds(loaded)}, triggers included; ` +
    `${Number(tallyRows.n)} tally rows for the urgent action`,
);

// ---------------------------------------------------------------------------------------------
// The pages, one request at a time, as a campaigner.

const config = loadConfig({
  DATABASE_URL: 'sqlite::memory:',
  DATA_DIR: work,
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'http://candle.test',
  WORKER: 'off',
});
const { app } = await buildApp(config, db);
const password = 'bench impact password 1';
const created = await createUser(
  { db, now: () => new Date(), publicUrl: 'http://candle.test', siteName: 'Candle' },
  { email: 'rosa@candle.test', name: 'Rosa', role: 'campaigner', password },
  { userId: null, label: 'bench', ip: '' },
);
if (!created.ok) throw new Error(created.detail);
const login = await app.inject({
  method: 'POST',
  url: '/admin/login',
  headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
  payload: new URLSearchParams({ email: 'rosa@candle.test', password }).toString(),
});
const session = login.cookies.find((c) => c.name === 'candle_session');
if (!session) throw new Error(`login failed: ${login.statusCode}`);
const cookie = `candle_session=${session.value}`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/**
 * Wall-clock percentiles of `runs` requests one at a time, and the process's CPU time per request:
 * on a machine shared with other work the wall clock includes waiting for a core, the CPU time not.
 */
async function time(name: string, run: () => Promise<void>, runs = REQUESTS) {
  for (let i = 0; i < 20; i++) await run();
  const took: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    await run();
    took.push(performance.now() - began);
  }
  const used = process.cpuUsage(cpu);
  took.sort((a, b) => a - b);
  const ms = (n: number) => n.toFixed(1);
  console.log(
    `| ${dialect} | ${name} | ${runs} | ${ms(percentile(took, 50))} | ${ms(percentile(took, 95))} | ${ms(percentile(took, 99))} | ${ms(took.at(-1) ?? 0)} | ${ms((used.user + used.system) / 1000 / runs)} |`,
  );
}

async function page(url: string, expected: string) {
  const res = await app.inject({ method: 'GET', url, headers: { cookie } });
  if (res.statusCode !== 200 || !res.body.includes(expected))
    throw new Error(`${url}: ${res.statusCode}, expected ${expected}`);
}

const total = (ACTIONS - (ACTIONS % 4) || ACTIONS).toLocaleString('en');
console.log(
  `\n${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}, Node ${process.version}`,
);
console.log('| database | what | requests | p50 ms | p95 ms | p99 ms | max ms | CPU ms each |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
await time('impact page of the urgent action', () =>
  page(`/admin/actions/${articleId}/impact`, `<td>${total}</td>`),
);
await time('its figures alone (impactOf)', async () => {
  await impactOf(db, articleId, new Date());
});
await time('for scale: an admin page that reads little (/admin/account)', () =>
  page('/admin/account', 'Rosa'),
);
await time('impact page of every urgent action', () => page('/admin/actions/impact', `<td>${total}</td>`));
await time('its counts (actionCounts)', async () => {
  const counts = await actionCounts(db, [articleId]);
  if (counts.get(articleId)?.counts.total !== Number(actions.n)) throw new Error('counts differ');
});
// What the counters and the impact page ran before the tallies: a count over the actions.
await time(
  'before: the grouped count over the actions',
  async () => {
    await db
      .selectFrom('ua_actions_taken')
      .select((eb) => ['channel', 'state', eb.fn.countAll<number>().as('n')])
      .where('article_id', '=', articleId)
      .groupBy(['channel', 'state'])
      .execute();
  },
  10,
);

// What the tallies cost an action: an intake-like transaction (a supporter, a counted email
// action, its two letters queued) one after another, with the triggers and then without them.
const INTAKES = Number(option('intakes', '2000'));
const targets = await db
  .selectFrom('ua_action_targets')
  .select(['target_id', 'role'])
  .where('article_id', '=', articleId)
  .execute();
let next = 0;
async function intakes(label: string) {
  const began = performance.now();
  for (let i = 0; i < INTAKES; i++) {
    next++;
    const stamp = new Date().toISOString();
    await db.transaction().execute(async (trx) => {
      const s = await trx
        .insertInto('ua_supporters')
        .values({
          email: `intake${next}@example.org`,
          name: 'Intake',
          confirmed_at: stamp,
          created_at: stamp,
          updated_at: stamp,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const a = await trx
        .insertInto('ua_actions_taken')
        .values({
          article_id: articleId,
          supporter_id: s.id,
          channel: 'email',
          state: 'counted',
          created_at: stamp,
          counted_at: stamp,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('ua_letters')
        .values(
          targets.map((t) => ({
            action_id: a.id,
            article_id: articleId,
            target_id: t.target_id,
            role: t.role,
            language: 'es',
            subject: 'Adrián Vásquez',
            body: 'Señor Gobernador, le escribo…',
            status: 'queued' as const,
            message_id: `<intake-${a.id}-${t.target_id}@candle.test>`,
            created_at: stamp,
          })),
        )
        .execute();
    });
  }
  const each = (performance.now() - began) / INTAKES;
  console.log(`| ${dialect} | ${label} | ${INTAKES} | ${each.toFixed(2)} ms |`);
}
console.log('\n| database | intake-like transaction, one at a time | transactions | each |');
console.log('| --- | --- | ---: | ---: |');
if (!reuse) await intakes('with the tallies’ triggers');
const dropped = postgres
  ? [
      'drop trigger ua_action_tallies_insert on ua_actions_taken',
      'drop trigger ua_action_tallies_update on ua_actions_taken',
      'drop trigger ua_letter_tallies on ua_letters',
    ]
  : ['insert', 'uncount', 'count']
      .map((n) => `drop trigger ua_action_tallies_${n}`)
      .concat(['insert', 'delete', 'update'].map((n) => `drop trigger ua_letter_tallies_${n}`));
if (!reuse) {
  for (const statement of dropped) await sql.raw(statement).execute(db);
  await intakes('without them (dropped for this comparison)');
}
console.log(`(${os.loadavg()[0]?.toFixed(2)} load at the end)`);
await app.close();
await db.destroy();
fs.rmSync(work, { recursive: true, force: true });
