// The statements the action intake sends PostgreSQL for one group commit of confirmed supporters'
// forms (the email channel's, each from the browser its supporter confirmed from), counted by
// Kysely's log hook: no timing, so a shared machine's load changes nothing. The forms go through
// the app (app.inject) at once, so they join one group; a first group before, unrecorded, does what
// only the first does (the process's caches, the dispatcher's kick of that second, the counts'
// purge of that 5-second bucket: the clock is fixed).
//
//   npx tsx bench/intake-statements.ts [--forms 50] [--database postgres://postgres@127.0.0.1:5432]
//   … --show   (each statement's text)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { LogEvent } from 'kysely';
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
const FORMS = Number(options.get('forms') ?? 50);
const SERVER = (options.get('database') ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/$/, '');

const admin = new pg.Client({ connectionString: `${SERVER}/postgres` });
await admin.connect();
await admin.query('drop database if exists candle_intake_statements');
await admin.query('create database candle_intake_statements');
await admin.end();
const url = `${SERVER}/candle_intake_statements`;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-intake-statements-'));

let recording = false;
const statements: string[] = [];
const log = (event: LogEvent) => {
  if (recording) statements.push(event.query.sql.replace(/\s+/g, ' '));
};
const db = await openDatabase({ dialect: 'postgres', url }, { log });
await migrateToLatest(db);
const now = new Date();
await loadDemo({ db, dataDir: work, now: () => now });
const warmUp = 5;
const action = await prepareIntake(db, FORMS + warmUp, now);
const keys = proofKeys(await storedSecret(db, 'proof-of-work', now));
const bodies: string[] = [];
for (let i = 0; i < FORMS + warmUp; i++) {
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
// One fixed clock: what is done at most once a second (the dispatcher's kick) or a 5-second bucket
// (the counts' purge) is done by the first group, so the one counted shows what every group does.
const { app } = await buildApp(config, db, { now: () => now });
await app.ready();

const post = (i: number) =>
  app.inject({
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
const group = async (from: number, count: number) => {
  const answers = await Promise.all(Array.from({ length: count }, (_, k) => post(from + k)));
  const refused = answers.filter((a) => a.statusCode !== 303).length;
  if (refused) throw new Error(`${refused} forms refused`);
};

await group(0, warmUp);
recording = true;
await group(warmUp, FORMS);
recording = false;

const groups = statements.filter((s) => s === 'begin').length;
const byText = new Map<string, number>();
for (const s of statements) {
  const key = s.replace(/\(\$\d+(, \$\d+)*\)(, \(\$\d+(, \$\d+)*\))*/g, '(…)').replace(/\$\d+/g, '$n');
  byText.set(key, (byText.get(key) ?? 0) + 1);
}
const counted = await db
  .selectFrom('ua_actions_taken')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .where('state', '=', 'counted')
  .executeTakeFirstOrThrow();
process.stdout.write(
  `PostgreSQL: ${fmt(FORMS)} confirmed supporters' forms in ${fmt(groups)} group${groups === 1 ? '' : 's'}: ` +
    `${fmt(statements.length)} statements (each a round trip), ${fmt(statements.length / Math.max(groups, 1), 1)} per group; ` +
    `${fmt(Number(counted.n))} actions counted in all\n`,
);
for (const [text, n] of [...byText].sort((a, b) => b[1] - a[1]))
  process.stdout.write(`${String(n).padStart(4)}× ${options.has('show') ? text : text.slice(0, 140)}\n`);
await app.close();
await db.destroy();
fs.rmSync(work, { recursive: true, force: true });
