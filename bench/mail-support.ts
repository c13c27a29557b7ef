// What the mail benches share: a demo site on SQLite in a temporary directory with N confirmed
// subscribers following Mexico, `candle` processes started as `npm start` starts them, the local
// SMTP sink (bench/smtp-sink.mjs, its own process), and publishing an item through the scheduler;
// and the fan-out benches' phases (bench/fanout.ts, bench/update-fanout.ts): the sink's warm-up,
// one fan-out measured, raw nodemailer sending the same messages, wrk on the country page while a
// fan-out runs, and the report.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import nodemailer from 'nodemailer';
import type { QueuedMail } from '../src/platform/mail/index.js';
import { CANDLE_NODE_FLAGS, CANDLE_WORKER_NODE_FLAGS } from './candle-flags.mjs';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const fmt = (n: number, d = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: d, minimumFractionDigits: d });

const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

export function args(): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 2; i < process.argv.length; i += 2)
    out.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1] ?? '');
  return out;
}

export function peakRssMb(pid: number): number {
  const file = `/proc/${pid}/status`;
  if (!fs.existsSync(file)) throw new Error(`process ${pid} is gone`);
  return Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(file, 'utf8'))?.[1] ?? 0) / 1024;
}

/** The SMTP sink, and a way to ask it how many messages it has taken. With a log: who got which. */
export async function startSink(port: number, logFile?: string) {
  // The sink stands in for a relay on another machine: on this one it must not take the CPU the
  // processes measured need, so it runs below them (it only matters when the cores are short:
  // while wrk asks the web server for pages during a fan-out).
  const child = spawn(
    'nice',
    ['-n', '15', process.execPath, 'bench/smtp-sink.mjs', String(port), ...(logFile ? [logFile] : [])],
    {
      cwd: root,
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  const lines = readline.createInterface({ input: child.stdout! });
  const waiting: Array<(n: number) => void> = [];
  let ready = () => {};
  const listening = new Promise<void>((r) => {
    ready = r;
  });
  lines.on('line', (line) => {
    if (line.startsWith('listening')) ready();
    if (line.startsWith('count ')) waiting.shift()?.(Number(line.slice(6)));
  });
  await listening;
  return {
    count: () =>
      new Promise<number>((resolve) => {
        waiting.push(resolve);
        child.stdin!.write('count\n');
      }),
    stop: () => child.kill('SIGTERM'),
  };
}
export type Sink = Awaited<ReturnType<typeof startSink>>;

export async function waitForCount(sink: Sink, target: number, onTick?: () => void) {
  for (;;) {
    const n = await sink.count();
    onTick?.();
    if (n >= target) return n;
    await sleep(100);
  }
}

/**
 * A demo site with `recipients` confirmed subscribers (reader<i>@example.org, each item as
 * published) following Mexico, mail going to the sink at `smtpPort`.
 */
export function mailSite(name: string, recipients: number, smtpPort: number) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `candle-${name}-`));
  const dbFile = path.join(work, 'candle.db');
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DATABASE_URL: `sqlite:${dbFile}`,
    DATA_DIR: work,
    LOG_LEVEL: 'warn',
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Candle <alerts@candle.test>',
    // Every recipient is at one domain here, and the limit would be the figure.
    MAIL_RATE_PER_DOMAIN: '0',
    PUBLIC_URL: 'https://news.example.org',
  };
  if (!fs.existsSync(path.join(root, 'dist', 'main.js')))
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, ['dist/main.js', 'seed', '--demo'], { cwd: root, env, stdio: 'ignore' });
  const db = new Database(dbFile);
  const mexico = (db.prepare("select id from countries where slug = 'mexico'").get() as { id: number }).id;
  const at = new Date().toISOString();
  db.transaction(() => {
    const addSubscriber = db.prepare(
      `insert into subscribers (email, name, language, frequency, status, created_at, confirmed_at, updated_at)
       values (?, null, 'en', 'each', 'confirmed', ?, ?, ?)`,
    );
    const addFollow = db.prepare(
      "insert into subscriber_follows (subscriber_id, kind, target_id) values (?, 'country', ?)",
    );
    for (let i = 1; i <= recipients; i++) {
      const { lastInsertRowid } = addSubscriber.run(`reader${i}@example.org`, at, at, at);
      addFollow.run(Number(lastInsertRowid), mexico);
    }
  })();
  // The 100,000 rows just written sit in the WAL; checkpointed now, not by the first process measured.
  db.pragma('wal_checkpoint(TRUNCATE)');
  const articles = db
    .prepare(
      `select a.id, a.title, a.summary, a.slug from articles a join article_countries c on c.article_id = a.id
       where c.country_id = ? and a.status = 'published' order by a.id limit 2`,
    )
    .all(mexico) as Array<{ id: number; title: string; summary: string; slug: string }>;
  if (articles.length < 2) throw new Error('the demo content needs two published items about Mexico');

  return {
    env,
    db,
    articles,
    /**
     * A `candle` process, started as `candle` (bin/candle.mjs) starts it, or for `worker` as
     * `candle-worker` does (bin/candle-worker.mjs), with `extraFlags` after, at `niceness`.
     */
    candle(command: string, extraEnv: Record<string, string> = {}, extraFlags: string[] = [], niceness = 0) {
      const flags = command === 'worker' ? CANDLE_WORKER_NODE_FLAGS : CANDLE_NODE_FLAGS;
      // Through `nice`, as an operator starts it: every thread (V8's collector's too) runs at that
      // level, where renicing the process afterwards reaches only its main thread.
      const child = spawn(
        'nice',
        ['-n', String(niceness), process.execPath, ...flags, ...extraFlags, 'dist/main.js', command],
        {
          cwd: root,
          env: { ...env, ...extraEnv },
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      children.push(child);
      return child;
    },
    /**
     * Publishes an item the way the scheduler does (the newsroom's publishing job), so a worker
     * alerts its followers exactly as it would for an editor's scheduled item.
     */
    publishThroughScheduler(articleId: number) {
      const now = new Date().toISOString();
      const { version } = db.prepare('select version from articles where id = ?').get(articleId) as {
        version: number;
      };
      db.prepare("update articles set status = 'scheduled', published_at = ? where id = ?").run(
        now,
        articleId,
      );
      db.prepare(
        `insert into jobs (kind, payload, status, run_at, max_attempts, idempotency_key, created_at, updated_at)
         values ('article.publish', ?, 'queued', ?, 8, ?, ?, ?)`,
      ).run(JSON.stringify({ articleId, version }), now, `bench:${articleId}`, now, now);
    },
    /** The send log by status. */
    sendLog() {
      return db.prepare('select status, count(*) as n from alert_deliveries group by status').all() as Array<{
        status: string;
        n: number;
      }>;
    },
    remove() {
      db.close();
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

export type MailSite = ReturnType<typeof mailSite>;

/**
 * The fan-out benches' options: `--recipients` (100,000), `--wrk-seconds` (10), `--worker-nice`
 * (10: the worker below the web server, as README advises on a small machine; 0 to run them
 * level), and BENCH_WORKER_FLAGS, more node flags for the worker (e.g. "--cpu-prof").
 */
export function fanOutOptions() {
  const options = args();
  return {
    recipients: Number(options.get('recipients') ?? 100_000),
    wrkSeconds: Number(options.get('wrk-seconds') ?? 10),
    workerNice: Number(options.get('worker-nice') ?? 10),
    workerFlags: (process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean),
  };
}

/**
 * Warms the sink up first (its code is compiled as it goes): whichever sender came first would
 * otherwise pay for it.
 */
export async function warmSink(sink: Sink, env: Record<string, string>, messages = 3000) {
  const warm = pooledTransport(env);
  const base = await sink.count();
  await Promise.all(
    Array.from({ length: messages }, (_, i) =>
      warm.sendMail({
        from: env.MAIL_FROM,
        to: `warm${i}@example.org`,
        subject: 'warm-up',
        text: 'x'.repeat(2000),
      }),
    ),
  );
  await waitForCount(sink, base + messages);
  warm.close();
}

/** Raw nodemailer over a pool of five connections, as Candle's SMTP mailer has. */
function pooledTransport(env: Record<string, string>) {
  return nodemailer.createTransport({ url: env.SMTP_URL, pool: true, maxConnections: 5 } as Parameters<
    typeof nodemailer.createTransport
  >[0]);
}

/** One fan-out as measured: messages a second, seconds, the worker's peak memory, copies beyond one each. */
export interface FanOutRun {
  rate: number;
  seconds: number;
  peak: number;
  extra: number;
}

/**
 * One fan-out by a `candle worker` process (at `niceness`, with `flags`), nothing else running
 * unless `whileSending` is given (started once a tenth of the recipients, at most 2,000, have their
 * message): `start` publishes (and does whatever else the fan-out waits on), then the sink is
 * counted until every one of `recipients` has a message, and half a second more for any copy.
 */
export async function measureFanOut(
  site: MailSite,
  sink: Sink,
  o: {
    recipients: number;
    start: () => void | Promise<void>;
    whileSending?: () => Promise<void>;
    flags?: string[];
    niceness: number;
  },
): Promise<FanOutRun> {
  const worker = site.candle('worker', {}, o.flags ?? [], o.niceness);
  await sleep(1500);
  const base = await sink.count();
  const started = performance.now();
  await o.start();
  let peak = 0;
  const whileSending = o.whileSending;
  const during = whileSending
    ? (async () => {
        await waitForCount(sink, base + Math.min(2000, o.recipients / 10));
        await whileSending();
      })()
    : Promise.resolve();
  await waitForCount(sink, base + o.recipients, () => {
    peak = Math.max(peak, peakRssMb(worker.pid!));
  });
  const seconds = (performance.now() - started) / 1000;
  await during;
  await sleep(500);
  const extra = (await sink.count()) - base - o.recipients;
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  return { rate: o.recipients / seconds, seconds, peak, extra };
}

/** Raw nodemailer's run: messages a second, seconds, and this process's memory. */
export interface RawRun {
  rate: number;
  seconds: number;
  peak: number;
}

/**
 * Raw nodemailer sending `message(i)` to each recipient i (1 to `recipients`), built by the same
 * function Candle builds it with, over a pool of the same five connections, one message in flight
 * per connection.
 */
export async function rawSend(
  sink: Sink,
  env: Record<string, string>,
  recipients: number,
  message: (i: number) => QueuedMail,
): Promise<RawRun> {
  const transport = pooledTransport(env);
  const started = performance.now();
  const base = await sink.count();
  let next = 1;
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i > recipients) return;
      const m = message(i);
      await transport.sendMail({
        from: env.MAIL_FROM,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: `<${m.messageId}>`,
        headers: m.listHeaders,
      });
    }
  };
  await Promise.all(Array.from({ length: 5 }, lane));
  await waitForCount(sink, base + recipients);
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return { rate: recipients / seconds, seconds, peak: process.memoryUsage().rss / 2 ** 20 };
}

/**
 * A `candle serve` (cache off, no worker) on `port`, and wrk asking it for `/countries/mexico`
 * (one thread, 50 connections, `seconds`) when `wrk` is called: its requests a second and non-2xx
 * answers are in `figures` after.
 */
export async function countryPageLoad(site: MailSite, port: number, seconds: number) {
  const web = site.candle('serve', {
    PORT: String(port),
    HOST: '127.0.0.1',
    PAGE_CACHE_ENTRIES: '0',
    WORKER: 'off',
  });
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {}
    await sleep(20);
  }
  const figures = { rps: Number.NaN, errors: '0' };
  const wrk = () =>
    new Promise<void>((resolve) => {
      const child = spawn(
        'wrk',
        ['-t1', '-c50', `-d${seconds}s`, `http://127.0.0.1:${port}/countries/mexico`],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
      });
      child.on('exit', () => {
        figures.rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
        figures.errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
        resolve();
      });
    });
  return { wrk, figures, stop: () => web.kill('SIGTERM') };
}

/** The fan-out benches' report: the table of the three senders, the ratio, the page, the copies. */
export function fanOutReport(r: {
  title: string;
  raw: RawRun;
  alone: FanOutRun;
  busy: FanOutRun;
  page: { rps: number; errors: string };
  wrkSeconds: number;
  workerNice: number;
  /** What went out while wrk asked the page: "the second fan-out ran". */
  during: string;
  sendLog: readonly unknown[];
}): string {
  const cpus = os.cpus();
  return [
    `${r.title} (${cpus.length} × ${cpus[0]?.model.trim()}), ${new Date().toISOString().slice(0, 16)} UTC`,
    '',
    '| sender | messages/s | time | peak resident memory |',
    '|---|---:|---:|---:|',
    `| raw nodemailer, pool of 5 | ${fmt(r.raw.rate)} | ${fmt(r.raw.seconds, 1)} s | ${fmt(r.raw.peak)} MB (the bench process) |`,
    `| Candle worker, alone | ${fmt(r.alone.rate)} | ${fmt(r.alone.seconds, 1)} s | ${fmt(r.alone.peak)} MB |`,
    `| Candle worker, while wrk asks the country page | ${fmt(r.busy.rate)} | ${fmt(r.busy.seconds, 1)} s | ${fmt(r.busy.peak)} MB |`,
    '',
    `Ratio Candle / raw nodemailer: ${fmt(r.alone.rate / r.raw.rate, 2)} (aim ≥ 0.8)`,
    `Rendered country page (cache off, 50 connections, ${r.wrkSeconds} s) while ${r.during} (worker at nice ${r.workerNice}): ${fmt(r.page.rps)} req/s, ${r.page.errors} non-2xx (aim ≥ 1,000)`,
    `Messages beyond one per recipient: ${r.alone.extra + r.busy.extra}; send log: ${r.sendLog.map((x) => JSON.stringify(x)).join(' ')}`,
    '',
  ].join('\n');
}
