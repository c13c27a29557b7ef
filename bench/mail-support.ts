// What the mail benches share: a demo site on SQLite in a temporary directory with N confirmed
// subscribers following Mexico, `candle` processes started as `npm start` starts them, the local
// SMTP sink (bench/smtp-sink.mjs, its own process), and publishing an item through the scheduler.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
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
