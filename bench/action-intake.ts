// Action intake (issue 13): confirmed supporters send the email channel's form of an open urgent
// action, 50 connections for 30 s against one `candle serve` process, each request a different
// supporter with a proof of work solved beforehand (as their browsers would have) from a different
// client address. Then the crash: the same load from a Node client that notes every acknowledged
// action, a kill -9 of the server halfway, a restart, and a worker sending the letters to a local
// SMTP sink: every acknowledged action must be in the database and its letter delivered once.
//
//   npx tsx bench/action-intake.ts [--seconds 30] [--connections 50] [--proofs 90000]
//                                  [--database postgres://postgres@127.0.0.1:5432]
//
// PROOF_OF_WORK_STEPS=10 makes the proofs cheap to solve ahead (about 3 ms each here instead of
// half a second): the server checks each exactly as at the default (one HMAC, one insert).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/platform/db/index.js';
import { storedSecret } from '../src/platform/db/secrets.js';
import { CANDLE_NODE_FLAGS, CANDLE_WORKER_NODE_FLAGS } from './candle-flags.mjs';
import { intakeBody, prepareIntake } from './intake-setup.js';
import { args, fmt, peakRssMb, root, sleep, startSink } from './mail-support.js';

const options = args();
const SECONDS = Number(options.get('seconds') ?? 30);
const CONNECTIONS = Number(options.get('connections') ?? 50);
const PROOFS = Number(options.get('proofs') ?? 90_000);
const CRASH_PROOFS = Number(options.get('crash-proofs') ?? 8_000);
const PG_SERVER = options.get('database');
const STEPS = 10;
const PORT = 3910;
const SMTP_PORT = 2640;
const BASE = `http://127.0.0.1:${PORT}`;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-intake-'));
let databaseUrl = `sqlite:${path.join(work, 'candle.db')}`;
if (PG_SERVER) {
  const admin = new pg.Client({ connectionString: `${PG_SERVER.replace(/\/$/, '')}/postgres` });
  await admin.connect();
  await admin.query('drop database if exists candle_bench_intake');
  await admin.query('create database candle_bench_intake');
  await admin.end();
  databaseUrl = `${PG_SERVER.replace(/\/$/, '')}/candle_bench_intake`;
}
const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  DATABASE_URL: databaseUrl,
  DATA_DIR: work,
  LOG_LEVEL: 'warn',
  PORT: String(PORT),
  HOST: '127.0.0.1',
  PUBLIC_URL: BASE,
  TRUST_PROXY: 'true',
  PROOF_OF_WORK_STEPS: String(STEPS),
  SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
  MAIL_FROM: 'Candle <letters@candle.test>',
  WORKER: 'off',
};
const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

if (!fs.existsSync(path.join(root, 'dist', 'main.js')))
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, ['dist/main.js', 'seed', '--demo'], { cwd: root, env, stdio: 'ignore' });

const db = await openDatabase(
  PG_SERVER
    ? { dialect: 'postgres', url: databaseUrl }
    : { dialect: 'sqlite', file: path.join(work, 'candle.db') },
);
const now = new Date();

const supporters = PROOFS + CRASH_PROOFS;
const prepared = await prepareIntake(db, supporters, now);
const action = { article_id: prepared.articleId, slug: prepared.slug };

// Proofs, solved ahead on both cores.
const secret = await storedSecret(db, 'proof-of-work', now);
await db.destroy();
const solveStarted = performance.now();
const solve = (count: number, file: string) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bench/solve-proofs.ts', secret, String(STEPS), String(count), file],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`solver exit ${code}`))));
  });
const all = PROOFS + CRASH_PROOFS;
const half = Math.ceil(all / 2);
await Promise.all([solve(half, path.join(work, 'p1')), solve(all - half, path.join(work, 'p2'))]);
const proofs = [
  ...fs.readFileSync(path.join(work, 'p1'), 'utf8').trim().split('\n'),
  ...fs.readFileSync(path.join(work, 'p2'), 'utf8').trim().split('\n'),
];
process.stdout.write(`${fmt(all)} proofs solved in ${fmt((performance.now() - solveStarted) / 1000, 1)} s\n`);

const body = (i: number) => intakeBody(i, action.slug, proofs[i]!);
const bodiesFile = path.join(work, 'bodies');
fs.writeFileSync(bodiesFile, `${Array.from({ length: PROOFS }, (_, i) => body(i)).join('\n')}\n`);

function serve() {
  const child = spawn(process.execPath, [...CANDLE_NODE_FLAGS, 'dist/main.js', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}
async function healthy() {
  for (;;) {
    try {
      if ((await fetch(`${BASE}/healthz`)).ok) return;
    } catch {}
    await sleep(50);
  }
}
const counted = async () => {
  const d = await openDatabase(
    PG_SERVER
      ? { dialect: 'postgres', url: databaseUrl }
      : { dialect: 'sqlite', file: path.join(work, 'candle.db') },
  );
  const row = await d
    .selectFrom('ua_actions_taken')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'counted')
    .executeTakeFirstOrThrow();
  await d.destroy();
  return Number(row.n);
};

// 1. Throughput.
const server = serve();
await healthy();
const url = `${BASE}/actions/${action.article_id}/email`;
const wrk = execFileSync(
  'wrk',
  ['-t2', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '-s', 'bench/action-intake.lua', url],
  { cwd: root, env: { ...process.env, BODIES: bodiesFile, THREADS: '2' }, encoding: 'utf8' },
);
const rss = peakRssMb(server.pid as number);
const total = Number(/(\d+) requests in/.exec(wrk)?.[1] ?? 0);
const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(wrk)?.[1] ?? 0);
const p50 = /^\s+50%\s+(\S+)/m.exec(wrk)?.[1];
const p99 = /^\s+99%\s+(\S+)/m.exec(wrk)?.[1];
const inDb = await counted();
server.kill('SIGTERM');
await new Promise((r) => server.once('exit', r));
process.stdout.write(wrk);
process.stdout.write(
  `${PG_SERVER ? 'PostgreSQL' : 'SQLite'}: ${fmt(total)} requests, ${fmt(bad)} not acknowledged, ` +
    `${fmt((total - bad) / SECONDS)} acknowledged actions/s (aim ≥ 2,000), p50 ${p50}, p99 ${p99} (aim < 50 ms), ` +
    `${fmt(inDb)} counted in the database, peak RSS ${fmt(rss)} MB` +
    (total > PROOFS ? ` — ran out of prepared proofs after ${fmt(PROOFS)}: raise --proofs` : '') +
    '\n',
);

// 2. Kill -9 mid-load, restart, deliver.
const acknowledged = new Set<number>();
let next = PROOFS;
const end = PROOFS + CRASH_PROOFS;
let again = serve();
await healthy();
let down = false;
const loop = async () => {
  while (next < end) {
    const i = next++;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          'x-forwarded-for': `10.200.${(i >> 8) & 255}.${i & 255}`,
        },
        body: body(i),
      });
      if (res.status === 200) acknowledged.add(i);
      await res.arrayBuffer();
    } catch {
      // The server is down: this action was never acknowledged; wait for it to come back.
      while (down) await sleep(20);
    }
  }
};
const loops = Array.from({ length: CONNECTIONS }, loop);
await sleep(3000);
down = true;
again.kill('SIGKILL');
const killedAt = acknowledged.size;
await new Promise((r) => again.once('exit', r));
again = serve();
await healthy();
down = false;
await Promise.all(loops);
const sinkLog = path.join(work, 'sink.log');
const sink = await startSink(SMTP_PORT, sinkLog);
const worker = spawn(process.execPath, [...CANDLE_WORKER_NODE_FLAGS, 'dist/main.js', 'worker'], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
children.push(worker);

const check = await openDatabase(
  PG_SERVER
    ? { dialect: 'postgres', url: databaseUrl }
    : { dialect: 'sqlite', file: path.join(work, 'candle.db') },
);
const emails = [...acknowledged].map((i) => `supporter${i}@example.org`);
const letters = new Map<string, string[]>();
for (let from = 0; from < emails.length; from += 500) {
  const rows = await check
    .selectFrom('ua_letters as l')
    .innerJoin('ua_actions_taken as x', 'x.id', 'l.action_id')
    .innerJoin('ua_supporters as s', 's.id', 'x.supporter_id')
    .select(['s.email', 'l.message_id', 'x.state'])
    .where('s.email', 'in', emails.slice(from, from + 500))
    .where('x.article_id', '=', action.article_id)
    .where('x.channel', '=', 'email')
    .execute();
  for (const r of rows) letters.set(r.email, [...(letters.get(r.email) ?? []), r.message_id]);
}
const missing = emails.filter((e) => !letters.has(e));
const expected = [...letters.values()].flat();
for (;;) {
  const sent = await sink.count();
  const left = await check
    .selectFrom('ua_letters')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', 'in', ['queued', 'sending', 'waiting', 'failed'])
    .executeTakeFirstOrThrow();
  if (Number(left.n) === 0 && sent > 0) break;
  await sleep(500);
}
await sink.count();
await sleep(500);
const log = fs.readFileSync(sinkLog, 'utf8').trim().split('\n');
const seen = new Map<string, number>();
for (const line of log) {
  const id = line.split(' ')[1]!.replace(/^<|>$/g, '');
  seen.set(id, (seen.get(id) ?? 0) + 1);
}
const never = expected.filter((id) => !seen.has(id)).length;
const twice = expected.filter((id) => (seen.get(id) ?? 0) > 1).length;
await check.destroy();
worker.kill('SIGTERM');
sink.stop();
again.kill('SIGTERM');
process.stdout.write(
  `Kill -9 after ${fmt(killedAt)} acknowledged: ${fmt(acknowledged.size)} acknowledged in all, ` +
    `${fmt(missing.length)} of them missing from the database; ${fmt(expected.length)} letters, ` +
    `${fmt(never)} never delivered, ${fmt(twice)} delivered more than once\n`,
);
fs.rmSync(work, { recursive: true, force: true });
process.exit(missing.length === 0 && never === 0 && twice === 0 ? 0 : 1);
