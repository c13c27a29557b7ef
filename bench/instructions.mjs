// Counts the instructions Candle runs per request for a page, with valgrind's callgrind: the same
// count for the same build whatever else the machine is doing, unlike requests per second on
// this virtual machine. Usage:
//   npm run build && node bench/instructions.mjs [bundle.js ...]      (default: dist/main.js)
//   PAGE=/articles/<slug> N=400 WARM=6000 node bench/instructions.mjs
//   PAGE_CACHE_ENTRIES=500 node bench/instructions.mjs     (a page-cache hit instead of a render)
//   CALLGRIND_OUT=/tmp/cg node bench/instructions.mjs     (keeps each bundle's callgrind.out there,
//                                                          for callgrind_annotate)
// Needs valgrind (Debian's package). Each bundle is started on the same fresh demo database with
// the page cache off (unless told), warmed with WARM requests, then N requests are counted one at
// a time. The count is of user space only: the kernel's share of a response is not in it.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CANDLE_NODE_FLAGS } from './candle-flags.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-instructions-'));
const page = process.env.PAGE ?? '/countries/mexico';
const N = Number(process.env.N ?? 400);
const WARM = Number(process.env.WARM ?? 6000);
const port = 3109;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// vgdb finds the process by user and host names read from the environment.
const env = {
  ...process.env,
  PORT: String(port),
  HOST: '127.0.0.1',
  USER: process.env.USER ?? 'root',
  DATABASE_URL: `sqlite:${work}/candle.db`,
  DATA_DIR: work,
  LOG_LEVEL: 'warn',
  PAGE_CACHE_ENTRIES: process.env.PAGE_CACHE_ENTRIES ?? '0',
  WORKER: 'off',
};
let agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const get = () =>
  new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: page, agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      })
      .on('error', reject);
  });

async function started(child) {
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {}
    if (child.exitCode !== null) throw new Error('Candle did not start');
    await sleep(100);
  }
}

const bundles = process.argv.slice(2);
if (bundles.length === 0) bundles.push(path.join(root, 'dist', 'main.js'));

// The first start loads the demo, outside valgrind.
const seeding = spawn(process.execPath, [bundles[0], 'serve'], { cwd: root, env, stdio: 'ignore' });
await started(seeding);
seeding.kill('SIGTERM');
await new Promise((r) => seeding.once('exit', r));

for (const bundle of bundles) {
  // Each bundle runs from dist/, where it finds the project as the real one does.
  const copy = path.join(root, 'dist', `instructions-${process.pid}.js`);
  fs.copyFileSync(bundle, copy);
  const out = path.join(work, 'callgrind.out');
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      `--callgrind-out-file=${out}`,
      process.execPath,
      // The flags an operator runs with: one thread collects, so the count is of one order of work.
      ...CANDLE_NODE_FLAGS,
      copy,
      'serve',
    ],
    { cwd: root, env, stdio: 'ignore' },
  );
  await started(child);
  // Then a new connection, whose first request is for a page already served, as a reader's is
  // when the page cache holds it.
  await get();
  agent.destroy();
  agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < WARM; i++) await get();
  execFileSync('callgrind_control', ['-i', 'on', String(child.pid)], { env, stdio: 'ignore' });
  for (let i = 0; i < N; i++) await get();
  execFileSync('callgrind_control', ['-i', 'off', String(child.pid)], { env, stdio: 'ignore' });
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const total = Number(/^totals: (\d+)/m.exec(fs.readFileSync(out, 'utf8'))?.[1]);
  if (process.env.CALLGRIND_OUT) {
    fs.mkdirSync(process.env.CALLGRIND_OUT, { recursive: true });
    fs.copyFileSync(
      out,
      path.join(process.env.CALLGRIND_OUT, `${path.basename(path.dirname(path.resolve(bundle)))}.out`),
    );
  }
  console.log(
    `${path.relative(process.cwd(), bundle)}  ${page}  ${Math.round(total / N / 1000)} k instructions per request`,
  );
  fs.rmSync(copy);
}
fs.rmSync(work, { recursive: true, force: true });
