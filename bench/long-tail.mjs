// The long tail that the two-page bench (http.mjs) hides: reads spread at random over every
// article of a large archive, with the default page-cache size, so nearly every read renders.
// Also the cost of a page's first request after a change, per page type (a rendered miss).
//
// Usage:
//   npx tsx bench/search.ts --articles 100000 --keep 1 --like-runs 0 --runs 1 --dialect sqlite
//   node bench/long-tail.mjs <the kept .db file> [--seconds 30] [--connections 50]
//
// Needs wrk (Debian's). Builds dist/ first. Works on a copy of the file, which it deletes.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CANDLE_NODE_FLAGS } from './candle-flags.mjs';

const [source, ...rest] = process.argv.slice(2);
if (!source || !fs.existsSync(source)) {
  console.error('usage: node bench/long-tail.mjs <archive.db> [--seconds 30] [--connections 50]');
  process.exit(2);
}
const option = (name, fallback) => {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : fallback;
};
const SECONDS = option('seconds', '30');
const CONNECTIONS = option('connections', '50');

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-longtail-'));
const children = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
process.on('exit', () => {
  for (const c of children) c.kill('SIGTERM');
  fs.rmSync(work, { recursive: true, force: true });
});

fs.copyFileSync(source, path.join(work, 'candle.db'));
const db = new Database(path.join(work, 'candle.db'), { readonly: true });
const slugs = db.prepare("select slug from articles where status = 'published'").pluck().all();
const one = (sql) => db.prepare(sql).pluck().get();
const pageTypes = {
  home: '/',
  latest: '/latest',
  'latest, page 101': '/latest?page=101',
  country: `/countries/${one('select slug from countries order by id limit 1')}`,
  region: `/regions/${one('select slug from regions order by id limit 1')}`,
  topic: `/topics/${one('select slug from topics order by id limit 1')}`,
  case: `/cases/${one('select slug from cases order by id limit 1')}`,
  article: `/articles/${slugs[Math.floor(slugs.length / 2)]}`,
  search: '/search?q=detention',
};
db.close();
fs.writeFileSync(path.join(work, 'paths.txt'), `${slugs.map((s) => `/articles/${s}`).join('\n')}\n`);
// LuaJIT allows few constants in one function: the paths are read from a file, not written inline.
fs.writeFileSync(
  path.join(work, 'random.lua'),
  `local paths = {}
for line in io.lines("${path.join(work, 'paths.txt')}") do paths[#paths + 1] = line end
math.randomseed(os.time())
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
`,
);

execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

async function startCandle(port, env = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [...CANDLE_NODE_FLAGS, 'dist/main.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${work}/candle.db`,
      DATA_DIR: work,
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {}
    await sleep(20);
  }
  return { child, startMs: performance.now() - started };
}

function memory(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: mb('VmRSS'), peak: mb('VmHWM'), anon: mb('RssAnon'), file: mb('RssFile') };
}

function cpuMicros(pid) {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const ms = (out, label) => {
  const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
  if (!m) return Number.NaN;
  const v = Number(m[1]);
  return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
};

// 1. Random articles, default page cache.
const { child, startMs } = await startCandle(3201);
// Two seconds of the same load first, as in http.mjs: the figures are of a warm process.
const randomLoad = (seconds) =>
  execFileSync(
    'wrk',
    [
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      path.join(work, 'random.lua'),
      'http://127.0.0.1:3201',
    ],
    { encoding: 'utf8' },
  );
randomLoad(2);
const cpuBefore = cpuMicros(child.pid);
const out = randomLoad(SECONDS);
const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
const cpu = (cpuMicros(child.pid) - cpuBefore) / requests;
const mem = memory(child.pid);
const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
child.kill('SIGTERM');
await sleep(500);

// 2. The first request after a change, per page type: with the page cache and the listed items
// off every request is that first request, with none of its items kept (after a change to one
// item only that one is read again). The median of 21, after 5 to warm the code (not the data:
// each type's statement reads what it reads every time).
const { child: cold } = await startCandle(3202, { PAGE_CACHE_ENTRIES: '0', ITEM_CACHE_ENTRIES: '0' });
const firsts = [];
for (const [type, p] of Object.entries(pageTypes)) {
  const times = [];
  let status = 0;
  for (let i = 0; i < 26; i++) {
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:3202${p}`);
    await res.arrayBuffer();
    status = res.status;
    if (i >= 5) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  firsts.push({ type, path: p, status, median: times[10], max: times[times.length - 1] });
}
cold.kill('SIGTERM');

const fmt = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
console.log(
  `\n${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}; ${slugs.length} published articles; started in ${fmt(startMs, 0)} ms`,
);
console.log(`\nRandom articles, ${CONNECTIONS} connections, ${SECONDS} s, default page cache (wrk -t1):\n`);
console.log(
  '| requests/s | p50 ms | p99 ms | CPU µs per request | peak RSS MB | RSS after MB | anonymous MB | file MB | non-2xx |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(
  `| ${fmt(Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), 0)} | ${fmt(ms(out, '50'), 2)} | ${fmt(ms(out, '99'), 2)} | ${fmt(cpu, 0)} | ${fmt(mem.peak, 0)} | ${fmt(mem.rss, 0)} | ${fmt(mem.anon, 0)} | ${fmt(mem.file, 0)} | ${non2xx} |`,
);
console.log('\nFirst request after a change (page cache off), one connection:\n');
console.log('| page type | address | status | median ms | slowest ms |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const f of firsts)
  console.log(`| ${f.type} | \`${f.path}\` | ${f.status} | ${fmt(f.median, 2)} | ${fmt(f.max, 2)} |`);
process.exit(0);
