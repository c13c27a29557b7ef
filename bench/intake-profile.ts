// Where an action's time goes, in process: the app on a fresh database (SQLite, or PostgreSQL
// with --database), confirmed supporters posting the email channel's form through app.inject at
// some concurrency, each with a proof solved beforehand. No network and no load generator, so the
// figures are the process's own; run it under `node --cpu-prof` to see by function.
//
//   npx tsx bench/intake-profile.ts [--actions 3000] [--concurrency 50]
//                                   [--database postgres://postgres@127.0.0.1:5432]
//   npx tsx bench/intake-profile.ts --profile /tmp/intake.cpuprofile   (the run only, not the set-up)
//   node bench/profile-summary.mjs /tmp/intake.cpuprofile
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadDemo } from '../src/demo/index.js';
import { migrateToLatest, openDatabase } from '../src/platform/db/index.js';
import { storedSecret } from '../src/platform/db/secrets.js';
import { newChallenge, proofKeys } from '../src/platform/http/proof-of-work.js';
import { intakeBody, prepareIntake } from './intake-setup.js';
import { args, fmt } from './mail-support.js';

const options = args();
const ACTIONS = Number(options.get('actions') ?? 3000);
const CONCURRENCY = Number(options.get('concurrency') ?? 50);
const PG_SERVER = options.get('database');
const PROFILE = options.get('profile');
// --sql: the time SQLite spends in each statement (by its text), summed over the run.
const sqlTimes = new Map<string, { n: number; ms: number }>();
if (options.has('sql')) {
  const proto = (Sqlite as unknown as { prototype: { prepare(sql: string): object } }).prototype;
  const prepare = proto.prepare;
  proto.prepare = function (this: unknown, text: string) {
    const statement = prepare.call(this, text) as Record<string, (...a: unknown[]) => unknown>;
    for (const method of ['run', 'all', 'get']) {
      const original = statement[method]!.bind(statement);
      statement[method] = (...a: unknown[]) => {
        const t0 = performance.now();
        try {
          return original(...a);
        } finally {
          const entry = sqlTimes.get(text) ?? { n: 0, ms: 0 };
          entry.n++;
          entry.ms += performance.now() - t0;
          sqlTimes.set(text, entry);
        }
      };
    }
    return statement;
  };
  // PostgreSQL: each query is a round trip; the time is until its answer came back.
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: unknown, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : String((a[0] as { text?: string })?.text ?? '?');
    const t0 = performance.now();
    const result = query.apply(this, a);
    if (result && typeof (result as Promise<unknown>).finally === 'function')
      (result as Promise<unknown>)
        .finally(() => {
          const entry = sqlTimes.get(text) ?? { n: 0, ms: 0 };
          entry.n++;
          entry.ms += performance.now() - t0;
          sqlTimes.set(text, entry);
        })
        .catch(() => {});
    return result;
  } as typeof pg.Client.prototype.query;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-intake-profile-'));
let url = `sqlite:${path.join(work, 'candle.db')}`;
if (PG_SERVER) {
  const admin = new pg.Client({ connectionString: `${PG_SERVER.replace(/\/$/, '')}/postgres` });
  await admin.connect();
  await admin.query('drop database if exists candle_intake_profile');
  await admin.query('create database candle_intake_profile');
  await admin.end();
  url = `${PG_SERVER.replace(/\/$/, '')}/candle_intake_profile`;
}
const db = await openDatabase(
  PG_SERVER ? { dialect: 'postgres', url } : { dialect: 'sqlite', file: path.join(work, 'candle.db') },
);
await migrateToLatest(db);
const now = new Date();
await loadDemo({ db, dataDir: work, now: () => now });
const action = await prepareIntake(db, ACTIONS, now);
const keys = proofKeys(await storedSecret(db, 'proof-of-work', now));
const bodies: string[] = [];
for (let i = 0; i < ACTIONS; i++) {
  const challenge = await newChallenge(keys, now, 10);
  const solution = await solveChallenge({ challenge, deriveKey });
  bodies.push(
    intakeBody(i, action.slug, Buffer.from(JSON.stringify({ challenge, solution })).toString('base64')),
  );
}
const config = loadConfig({
  DATABASE_URL: url,
  DATA_DIR: work,
  LOG_LEVEL: 'silent',
  PUBLIC_URL: 'http://candle.test',
  TRUST_PROXY: 'true',
});
const { app } = await buildApp(config, db);
await app.ready();

const session = new Session();
if (PROFILE) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
}
const latencies: number[] = [];
let next = 0;
let refused = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < ACTIONS) {
      const i = next++;
      const t0 = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: `/actions/${action.articleId}/email`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'sec-fetch-site': 'same-origin',
          'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
          cookie: action.cookie(i),
        },
        payload: bodies[i],
      });
      latencies.push(performance.now() - t0);
      // Recorded: a 303 to the thanks page.
      if (res.statusCode !== 303) refused++;
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
if (PROFILE) {
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync(PROFILE, JSON.stringify(profile));
}
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
process.stdout.write(
  `${PG_SERVER ? 'PostgreSQL' : 'SQLite'}, in process: ${fmt(ACTIONS)} actions at ${CONCURRENCY} at a time, ` +
    `${fmt(ACTIONS / seconds)}/s, p50 ${fmt(at(0.5), 1)} ms, p99 ${fmt(at(0.99), 1)} ms, ${fmt(refused)} refused\n`,
);
if (sqlTimes.size > 0)
  for (const [text, { n, ms }] of [...sqlTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25))
    process.stdout.write(`${fmt(ms, 0).padStart(6)} ms ${fmt(n).padStart(7)}× ${text.slice(0, 150)}\n`);
await app.close();
await db.destroy();
fs.rmSync(work, { recursive: true, force: true });
