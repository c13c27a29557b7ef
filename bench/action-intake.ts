// Action intake (issue 13): confirmed supporters send the email channel's form of an open urgent
// action, 50 connections for 30 s against one `candle serve` process, each request a different
// supporter with a proof of work solved beforehand (as their browsers would have) and the trust
// cookie of the browser they confirmed from (without it their action would wait for a link), from
// a different client address, after a warm-up of 3 s on forms of its own. Then the crash: the same load from a Node client that notes every
// acknowledged action, a kill -9 of the server halfway, a restart, and a worker sending the letters
// to a local SMTP sink: every acknowledged action must be in the database and its letter delivered
// once. Every wait of that phase is bounded: it reports, or fails saying what it waited for.
//
//   npx tsx bench/action-intake.ts [--seconds 30] [--connections 50] [--proofs 90000]
//                                  [--crash-proofs 8000] [--kill-after 3]
//                                  [--warmup-seconds 3] [--warmup-proofs 12000]
//                                  [--database postgres://postgres@127.0.0.1:5432]
//   npx tsx bench/action-intake.ts --seconds 3 --proofs 2000 --crash-proofs 600 --kill-after 1
//                                  --warmup-seconds 1 --warmup-proofs 1000 (a quick check that it works)
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
import { cpuMicros } from './process-cpu.mjs';

const options = args();
if (options.has('help') || options.has('h')) {
  const usage = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  process.stdout.write(
    `${usage
      .slice(
        0,
        usage.findIndex((l) => !l.startsWith('//')),
      )
      .map((l) => l.slice(3))
      .join('\n')}\n`,
  );
  process.exit(0);
}
const SECONDS = Number(options.get('seconds') ?? 30);
const CONNECTIONS = Number(options.get('connections') ?? 50);
const PROOFS = Number(options.get('proofs') ?? 90_000);
const CRASH_PROOFS = Number(options.get('crash-proofs') ?? 8_000);
// Seconds of the same load before the measured run, on forms of their own: the figures are of a
// warm process (V8's compiled code, SQLite's cache), as bench/http.mjs measures its pages.
const WARMUP_SECONDS = Number(options.get('warmup-seconds') ?? 3);
const WARMUP_PROOFS = WARMUP_SECONDS > 0 ? Number(options.get('warmup-proofs') ?? 4_000 * WARMUP_SECONDS) : 0;
const PG_SERVER = options.get('database');
const KILL_AFTER_S = Number(options.get('kill-after') ?? 3);
const STEPS = 10;
const PORT = 3910;
const WRK_THREADS = 2;
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
// Interrupted (Ctrl-C, a timeout's kill), it still stops its server, worker and sink: one left
// running holds port 3910 or 2640, and the next run would talk to it or wait for it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => process.exit(130));

/** Fails with what it waited for, instead of waiting for ever. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${fmt(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
const phaseStarted = performance.now();
/** Where the kill -9 phase is, as it goes: a wait that runs long is seen for what it is. */
const step = (what: string) =>
  process.stdout.write(`  [${fmt((performance.now() - phaseStarted) / 1000, 1)} s] ${what}\n`);
const gone = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
/** The child's end: at once if it has ended already ('exit' is not emitted twice). */
function exited(child: ChildProcess, ms: number, what: string): Promise<void> {
  if (gone(child)) return Promise.resolve();
  return within(new Promise<void>((r) => child.once('exit', () => r())), ms, what);
}

// Built each time: a dist/ from before a change to the intake would measure the old code.
execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, ['dist/main.js', 'seed', '--demo'], { cwd: root, env, stdio: 'ignore' });

const db = await openDatabase(
  PG_SERVER
    ? { dialect: 'postgres', url: databaseUrl }
    : { dialect: 'sqlite', file: path.join(work, 'candle.db') },
);
const now = new Date();

const supporters = PROOFS + CRASH_PROOFS + WARMUP_PROOFS;
const prepared = await prepareIntake(db, supporters, now, env.LINK_SECRET);
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
const all = PROOFS + CRASH_PROOFS + WARMUP_PROOFS;
const half = Math.ceil(all / 2);
await Promise.all([solve(half, path.join(work, 'p1')), solve(all - half, path.join(work, 'p2'))]);
const proofs = [
  ...fs.readFileSync(path.join(work, 'p1'), 'utf8').trim().split('\n'),
  ...fs.readFileSync(path.join(work, 'p2'), 'utf8').trim().split('\n'),
];
process.stdout.write(`${fmt(all)} proofs solved in ${fmt((performance.now() - solveStarted) / 1000, 1)} s\n`);

const body = (i: number) => intakeBody(i, action.slug, proofs[i]!);
const bodiesFile = path.join(work, 'bodies');
// A line per request for wrk: the supporter's cookie, a tab, the form (no tab in either).
const bodyLines = (from: number, count: number) =>
  `${Array.from({ length: count }, (_, k) => `${prepared.cookie(from + k)}\t${body(from + k)}`).join('\n')}\n`;
fs.writeFileSync(bodiesFile, bodyLines(0, PROOFS));
const warmupBodiesFile = path.join(work, 'warmup-bodies');
fs.writeFileSync(warmupBodiesFile, bodyLines(PROOFS + CRASH_PROOFS, WARMUP_PROOFS));

async function answering(): Promise<boolean> {
  try {
    return (await fetch(`${BASE}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
async function serve() {
  // Another process on the port (an earlier run's server) would answer in its place.
  if (await answering())
    throw new Error(`${BASE} answers already: an earlier run's server? (ss -ltnp | grep ${PORT})`);
  const child = spawn(process.execPath, [...CANDLE_NODE_FLAGS, 'dist/main.js', 'serve'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const until = Date.now() + 60_000;
  for (;;) {
    if (gone(child))
      throw new Error(`candle serve ended before answering (exit ${child.exitCode ?? child.signalCode})`);
    if (await answering()) return child;
    if (Date.now() > until) throw new Error('candle serve did not answer /healthz within 60 s');
    await sleep(50);
  }
}
const openCheck = () =>
  openDatabase(
    PG_SERVER
      ? { dialect: 'postgres', url: databaseUrl }
      : { dialect: 'sqlite', file: path.join(work, 'candle.db') },
  );
/** Actions by state, and the highest letter id so far. */
const tally = async () => {
  const d = await openCheck();
  const rows = await d
    .selectFrom('ua_actions_taken')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  const last = await d
    .selectFrom('ua_letters')
    .select((eb) => eb.fn.max<number>('id').as('id'))
    .executeTakeFirst();
  await d.destroy();
  const of = (state: string) => Number(rows.find((r) => r.state === state)?.n ?? 0);
  return { counted: of('counted'), pending: of('pending'), lastLetter: Number(last?.id ?? 0) };
};

/**
 * Every prepared form wrk sent (the Lua script says how many each thread sent: thread t's k-th is
 * supporter k * THREADS + t) is looked for among the counted actions. Only a thread's last few
 * may be missing: those in flight on its connections when wrk stopped, which it never answered.
 */
async function formsCheck(output: string): Promise<string> {
  const sentBy = [...output.matchAll(/prepared forms sent by thread (\d+): (\d+)/g)].map((m) => ({
    thread: Number(m[1]),
    sent: Number(m[2]),
  }));
  if (sentBy.length !== WRK_THREADS) return 'FORMS NOT CHECKED: the Lua script did not say what it sent';
  const d = await openCheck();
  const rows = await d
    .selectFrom('ua_actions_taken as x')
    .innerJoin('ua_supporters as s', 's.id', 'x.supporter_id')
    .select('s.email')
    .where('x.state', '=', 'counted')
    .execute();
  await d.destroy();
  const counted = new Set(rows.map((r) => Number(/^supporter(\d+)@/.exec(r.email)?.[1])));
  const inFlight = Math.ceil(CONNECTIONS / WRK_THREADS);
  const lost: number[] = [];
  let unanswered = 0;
  let sent = 0;
  for (const { thread, sent: n } of sentBy) {
    sent += n;
    for (let k = 0; k < n; k++) {
      const i = k * WRK_THREADS + thread;
      if (counted.has(i)) continue;
      if (k >= n - inFlight) unanswered++;
      else lost.push(i);
    }
  }
  return (
    `prepared forms sent: ${fmt(sent)}; counted: ${fmt(sent - unanswered - lost.length)}; ` +
    `in flight when wrk stopped and not counted: ${fmt(unanswered)}` +
    (lost.length
      ? `; LOST (sent, not in flight, not counted): ${fmt(lost.length)}, supporters ${lost.slice(0, 10).join(', ')}`
      : '')
  );
}

// 1. Throughput. On SQLite, the checkpoints a production worker would run (WORKER=off here).
if (!PG_SERVER) {
  const checkpoints = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/checkpoints.ts', path.join(work, 'candle.db')],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  children.push(checkpoints);
}
const server = await serve();
const url = `${BASE}/actions/${action.article_id}/email`;
if (WARMUP_SECONDS > 0) {
  execFileSync(
    'wrk',
    [`-t${WRK_THREADS}`, `-c${CONNECTIONS}`, `-d${WARMUP_SECONDS}s`, '-s', 'bench/action-intake.lua', url],
    {
      cwd: root,
      env: { ...process.env, BODIES: warmupBodiesFile, THREADS: String(WRK_THREADS), NETWORK: '11' },
    },
  );
  step(`warmed up for ${WARMUP_SECONDS} s`);
}
const beforeLoad = await tally();
const cpuBefore = cpuMicros(server.pid as number);
const wrk = execFileSync(
  'wrk',
  [
    `-t${WRK_THREADS}`,
    `-c${CONNECTIONS}`,
    `-d${SECONDS}s`,
    '--latency',
    '-s',
    'bench/action-intake.lua',
    url,
  ],
  { cwd: root, env: { ...process.env, BODIES: bodiesFile, THREADS: String(WRK_THREADS) }, encoding: 'utf8' },
);
const rss = peakRssMb(server.pid as number);
const cpuUsed = cpuMicros(server.pid as number) - cpuBefore;
const total = Number(/(\d+) requests in/.exec(wrk)?.[1] ?? 0);
const bad = Number(/Non-2xx or 3xx responses: (\d+)/.exec(wrk)?.[1] ?? 0);
const p50 = /^\s+50%\s+(\S+)/m.exec(wrk)?.[1];
const p99 = /^\s+99%\s+(\S+)/m.exec(wrk)?.[1];
const afterLoad = await tally();
const forms = await formsCheck(wrk);
server.kill('SIGTERM');
await exited(server, 20_000, 'candle serve stopping after SIGTERM');
process.stdout.write(wrk);
process.stdout.write(
  `${PG_SERVER ? 'PostgreSQL' : 'SQLite'}: ${fmt(total)} requests, ${fmt(bad)} not acknowledged, ` +
    `${fmt((total - bad) / SECONDS)} acknowledged actions/s (aim ≥ 2,000), p50 ${p50}, p99 ${p99} (aim < 50 ms), ` +
    `${fmt(afterLoad.counted - beforeLoad.counted)} counted in the database, ` +
    `${fmt(cpuUsed / Math.max(1, afterLoad.counted - beforeLoad.counted))} µs of the server's CPU an action, ` +
    `peak RSS ${fmt(rss)} MB` +
    (total > PROOFS ? ` — ran out of prepared proofs after ${fmt(PROOFS)}: raise --proofs` : '') +
    (afterLoad.pending > 0
      ? ` — ${fmt(afterLoad.pending)} PENDING: their trust cookies did not hold, so this is not the confirmed supporters' figure`
      : '') +
    '\n',
);

process.stdout.write(`${forms}\n`);

// 2. Kill -9 mid-load, restart, deliver. Only this phase's letters are checked (and sent): the
// throughput phase's (two per action: 80,000 after 40,000 actions) are set aside first, since a
// worker sending them all before this phase's took minutes with nothing printed, which is how the
// run of 2026-12-03 looked hung.
const acknowledged = new Set<number>();
let next = PROOFS;
const end = PROOFS + CRASH_PROOFS;
step('kill -9 phase: starting the server');
let again = await serve();
step('serving; the load begins');
let down = false;
// Past this, the loops stop sending: the phase ends with what it has, or fails saying so.
const loadDeadline = Date.now() + 180_000;
const loop = async () => {
  while (next < end && Date.now() < loadDeadline) {
    const i = next++;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          'x-forwarded-for': `10.200.${(i >> 8) & 255}.${i & 255}`,
          cookie: prepared.cookie(i),
        },
        body: body(i),
        // A request the server never answers must not hold the phase: unanswered is not acknowledged.
        signal: AbortSignal.timeout(15_000),
        // Acknowledged is the 303 to the thanks page; following it is the browser's next request.
        redirect: 'manual',
      });
      if (res.status === 303) acknowledged.add(i);
      await res.arrayBuffer();
    } catch {
      // The server is down: this action was never acknowledged; wait for it to come back.
      while (down && Date.now() < loadDeadline) await sleep(20);
    }
  }
};
const loops = Array.from({ length: CONNECTIONS }, loop);
await sleep(KILL_AFTER_S * 1000);
down = true;
again.kill('SIGKILL');
const killedAt = acknowledged.size;
step(`killed with SIGKILL after ${fmt(killedAt)} acknowledged`);
await exited(again, 10_000, 'candle serve dying of SIGKILL');
again = await serve();
step('serving again; the load goes on');
down = false;
await within(
  Promise.all(loops),
  Math.max(0, loadDeadline - Date.now()) + 20_000,
  'the load after the restart',
);
if (next < end)
  process.stdout.write(
    `the load stopped at its deadline after ${fmt(next - PROOFS)} of ${fmt(CRASH_PROOFS)} forms\n`,
  );
step(`the load ended: ${fmt(acknowledged.size)} acknowledged`);
const check = await openCheck();
const setAside = await check
  .updateTable('ua_letters')
  .set({ status: 'cancelled', error: 'bench: the throughput phase' })
  .where('id', '<=', afterLoad.lastLetter)
  .where('status', 'in', ['queued', 'failed'])
  .executeTakeFirst();
process.stdout.write(`${fmt(Number(setAside.numUpdatedRows))} letters of the throughput phase set aside\n`);
const sinkLog = path.join(work, 'sink.log');
const sink = await within(
  startSink(SMTP_PORT, sinkLog),
  15_000,
  `the SMTP sink on port ${SMTP_PORT} (an earlier run's still bound?)`,
);
const worker = spawn(process.execPath, [...CANDLE_WORKER_NODE_FLAGS, 'dist/main.js', 'worker'], {
  cwd: root,
  env,
  stdio: ['ignore', 'ignore', 'inherit'],
});
children.push(worker);
step('the sink listens and the worker runs');

const emails = [...acknowledged].map((i) => `supporter${i}@example.org`);
const letters = new Map<string, string[]>();
const states = new Map<string, number>();
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
  for (const r of rows) {
    letters.set(r.email, [...(letters.get(r.email) ?? []), r.message_id]);
    states.set(r.state, (states.get(r.state) ?? 0) + 1);
  }
}
const missing = emails.filter((e) => !letters.has(e));
const expected = [...letters.values()].flat();
// This phase's letters still to go. `waiting` ones never would (their actions were not counted:
// no trust cookie), and `failed` ones wait a minute and more for their next try: both are failures
// here, said so at once rather than waited for.
const leftOf = async () =>
  (
    await check
      .selectFrom('ua_letters')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('id', '>', afterLoad.lastLetter)
      .where('status', 'in', ['queued', 'sending', 'waiting', 'failed'])
      .groupBy('status')
      .execute()
  ).map((r) => ({ status: r.status, n: Number(r.n) }));
// A worker sends a few hundred letters a second here; a minute more for its start and a slow machine.
const deliveryDeadline = Date.now() + 60_000 + expected.length * 10;
let lastReport = Date.now();
let stuck = '';
for (;;) {
  if (gone(worker)) {
    stuck = `the worker ended (exit ${worker.exitCode ?? worker.signalCode})`;
    break;
  }
  const sent = await within(sink.count(), 10_000, 'the SMTP sink counting');
  const left = await leftOf();
  const due = left.filter((l) => l.status === 'queued' || l.status === 'sending');
  if (due.length === 0) {
    if (left.length > 0) stuck = `letters that will not go now: ${JSON.stringify(left)}`;
    break;
  }
  if (Date.now() > deliveryDeadline) {
    stuck = `letters still to go at the deadline: ${JSON.stringify(left)}`;
    break;
  }
  if (Date.now() - lastReport > 10_000) {
    process.stdout.write(`  … ${fmt(sent)} letters at the sink, still to go: ${JSON.stringify(left)}\n`);
    lastReport = Date.now();
  }
  await sleep(500);
}
await within(sink.count(), 10_000, 'the SMTP sink counting');
await sleep(500);
const log = fs.existsSync(sinkLog) ? fs.readFileSync(sinkLog, 'utf8').trim().split('\n').filter(Boolean) : [];
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
    `${fmt(missing.length)} of them missing from the database; ${fmt(expected.length)} letters ` +
    `(their actions ${JSON.stringify(Object.fromEntries(states))}), ` +
    `${fmt(never)} never delivered, ${fmt(twice)} delivered more than once\n`,
);
if (stuck) process.stdout.write(`FAILED: ${stuck}\n`);
const ok =
  missing.length === 0 &&
  never === 0 &&
  twice === 0 &&
  !stuck &&
  acknowledged.size > 0 &&
  !forms.includes('LOST');
if (acknowledged.size === 0) process.stdout.write('FAILED: nothing was acknowledged in the kill -9 phase\n');
fs.rmSync(work, { recursive: true, force: true });
process.exit(ok ? 0 : 1);
