// Measures the country page and an article page with wrk against a running Candle, beside nginx
// serving the very same bytes, in one run on this machine. Usage: npm run bench
// Needs: wrk and nginx (apt-get install -y wrk nginx), and `npm run build` (done here).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CANDLE_NODE_FLAGS } from './candle-flags.mjs';
import { cpuMicros } from './process-cpu.mjs';

const DURATION = process.env.BENCH_SECONDS ?? '10';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-bench-'));
// nginx's workers run as an unprivileged user and must be able to read the saved pages.
fs.chmodSync(work, 0o755);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const children = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

process.on('exit', () => {
  for (const c of children) c.kill('SIGTERM');
});

async function waitFor(url, started) {
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return performance.now() - started;
    } catch {}
    await sleep(5);
  }
}

async function startCandle(port, cacheEntries) {
  const started = performance.now();
  // The same V8 flags as `npm start` and bin/candle.mjs.
  const child = spawn(process.execPath, [...CANDLE_NODE_FLAGS, 'dist/main.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${work}/candle.db`,
      DATA_DIR: work,
      LOG_LEVEL: 'warn',
      PAGE_CACHE_ENTRIES: String(cacheEntries),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  const firstOk = await waitFor(`http://127.0.0.1:${port}/healthz`, started);
  return { child, firstOk };
}

function rssMb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

function wrk(url, connections, pid) {
  const before = pid ? cpuMicros(pid) : 0;
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${DURATION}s`, '--latency', url], {
    encoding: 'utf8',
  });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const ms = (label) => {
    const m = new RegExp(`${label}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
  const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
  const cpu = pid ? (cpuMicros(pid) - before) / requests : Number.NaN;
  return { rps, p50: ms('50'), p99: ms('99'), errors: Number(errors), cpu };
}

/**
 * The French and the English country page in turn, ROUNDS times each at 50 connections: the
 * machine's speed drifts within minutes, so pages measured one after the other differ by more
 * than the pages do. Each page's figure is its mean over its rounds.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
function inTurn(port, paths, pid) {
  const runs = Object.fromEntries(paths.map((p) => [p, []]));
  for (let i = 0; i < ROUNDS; i++)
    for (const p of i % 2 === 0 ? paths : [...paths].reverse())
      runs[p].push(wrk(`http://127.0.0.1:${port}${p}`, 50, pid));
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return Object.fromEntries(
    paths.map((p) => [p, { rps: mean(runs[p].map((r) => r.rps)), cpu: mean(runs[p].map((r) => r.cpu)) }]),
  );
}

/** Two seconds of load first, so that the figures are of a warm process, not of V8 compiling. */
function warm(url) {
  execFileSync('wrk', ['-t1', '-c10', '-d2s', url], { encoding: 'utf8' });
}

function startNginx(port, dir) {
  const conf = path.join(work, 'nginx.conf');
  fs.writeFileSync(
    conf,
    `worker_processes 1; daemon off; pid ${work}/nginx.pid; error_log ${work}/nginx-error.log;
events { worker_connections 1024; }
http { access_log off; default_type text/html; sendfile on; keepalive_requests 1000000;
  server { listen 127.0.0.1:${port}; root ${dir}; location / { try_files $uri =404; } } }`,
  );
  const child = spawn('nginx', ['-c', conf, '-p', work], { stdio: 'ignore' });
  children.push(child);
  return child;
}

execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });

// First start loads the demo; the timing of interest is a start on an existing database.
const seeding = await startCandle(3101, 0);
seeding.child.kill('SIGTERM');
await sleep(500);

const rendered = await startCandle(3101, 0);
const html = await (await fetch('http://127.0.0.1:3101/countries/mexico')).text();
const articlePath = /class="item__title"><a href="(\/articles\/[^"]+)"/.exec(html)[1];
// The French country page (issue 15) is the same page under /fr/, rendered and cached on its own:
// it should perform like the English one in the same run.
const pages = {
  'country page': '/countries/mexico',
  'article page': articlePath,
  'French country page': '/fr/pays/mexique',
};

const staticDir = path.join(work, 'static');
for (const p of Object.values(pages)) {
  fs.mkdirSync(path.join(staticDir, path.dirname(p)), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(staticDir, p), await (await fetch(`http://127.0.0.1:3101${p}`)).text(), {
    mode: 0o644,
  });
}
for (const p of Object.values(pages)) {
  for (let dir = path.dirname(p); dir !== '/'; dir = path.dirname(dir))
    fs.chmodSync(path.join(staticDir, dir), 0o755);
}
fs.chmodSync(staticDir, 0o755);
startNginx(3102, staticDir);
await sleep(300);

const rows = [];
for (const [name, p] of Object.entries(pages)) {
  warm(`http://127.0.0.1:3101${p}`);
  rows.push({
    name,
    server: 'Candle, rendered from SQLite (page cache off)',
    c: 1,
    ...wrk(`http://127.0.0.1:3101${p}`, 1, rendered.child.pid),
  });
  rows.push({
    name,
    server: 'Candle, rendered from SQLite (page cache off)',
    c: 50,
    ...wrk(`http://127.0.0.1:3101${p}`, 50, rendered.child.pid),
  });
}
const inTurns = {};
inTurns['Candle, rendered from SQLite (page cache off)'] = inTurn(
  3101,
  [pages['country page'], pages['French country page']],
  rendered.child.pid,
);
const renderedMem = rssMb(rendered.child.pid);
rendered.child.kill('SIGTERM');
await sleep(500);

const cached = await startCandle(3101, 2000);
for (const [name, p] of Object.entries(pages)) {
  warm(`http://127.0.0.1:3101${p}`);
  const pid = cached.child.pid;
  rows.push({ name, server: 'Candle, page cache', c: 1, ...wrk(`http://127.0.0.1:3101${p}`, 1, pid) });
  rows.push({ name, server: 'Candle, page cache', c: 50, ...wrk(`http://127.0.0.1:3101${p}`, 50, pid) });
  rows.push({ name, server: 'nginx, same bytes', c: 1, ...wrk(`http://127.0.0.1:3102${p}`, 1) });
  rows.push({ name, server: 'nginx, same bytes', c: 50, ...wrk(`http://127.0.0.1:3102${p}`, 50) });
}
inTurns['Candle, page cache'] = inTurn(
  3101,
  [pages['country page'], pages['French country page']],
  cached.child.pid,
);
const cachedMem = rssMb(cached.child.pid);

// deploy/varnish/default.vcl in front of the page-cache run, as an operator would put it.
const varnishd = ['/usr/sbin/varnishd', '/usr/local/sbin/varnishd'].find((f) => fs.existsSync(f));
if (varnishd) {
  const dir = path.join(work, 'varnish');
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  fs.chmodSync(work, 0o755);
  const vcl = fs
    .readFileSync(path.join(root, 'deploy/varnish/default.vcl'), 'utf8')
    .replace(/\.port = "\d+";/, '.port = "3101";');
  fs.writeFileSync(path.join(dir, 'default.vcl'), vcl, { mode: 0o644 });
  const child = spawn(
    varnishd,
    [
      '-F',
      '-n',
      path.join(dir, 'work'),
      '-a',
      '127.0.0.1:3103',
      '-T',
      'none',
      '-f',
      path.join(dir, 'default.vcl'),
      // As README advises on a small machine: one thread pool on two cores.
      '-p',
      'thread_pools=1',
    ],
    { stdio: 'ignore' },
  );
  children.push(child);
  await waitFor('http://127.0.0.1:3103/healthz', performance.now());
  for (const [name, p] of Object.entries(pages)) {
    warm(`http://127.0.0.1:3103${p}`);
    rows.push({ name, server: 'Varnish in front of Candle', c: 1, ...wrk(`http://127.0.0.1:3103${p}`, 1) });
    rows.push({ name, server: 'Varnish in front of Candle', c: 50, ...wrk(`http://127.0.0.1:3103${p}`, 50) });
  }
} else {
  console.log('no varnishd: apt-get install -y varnish varnish-modules to measure Varnish in front');
}

// deploy/nginx/candle.conf, nginx's own cache, in front of the same page-cache run.
{
  const dir = path.join(work, 'nginx-front');
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const site = fs
    .readFileSync(path.join(root, 'deploy/nginx/candle.conf'), 'utf8')
    .replace('server 127.0.0.1:3000;', 'server 127.0.0.1:3101;')
    .replace('listen 80;', 'listen 127.0.0.1:3104;')
    .replace('/var/cache/nginx/candle', path.join(dir, 'cache'));
  fs.writeFileSync(path.join(dir, 'candle.conf'), site, { mode: 0o644 });
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes 1; daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http { access_log off; include ${dir}/candle.conf; }`,
  );
  children.push(spawn('nginx', ['-c', path.join(dir, 'nginx.conf'), '-p', dir], { stdio: 'ignore' }));
  await waitFor('http://127.0.0.1:3104/healthz', performance.now());
  for (const [name, p] of Object.entries(pages)) {
    warm(`http://127.0.0.1:3104${p}`);
    rows.push({
      name,
      server: 'nginx cache in front of Candle',
      c: 1,
      ...wrk(`http://127.0.0.1:3104${p}`, 1),
    });
    rows.push({
      name,
      server: 'nginx cache in front of Candle',
      c: 50,
      ...wrk(`http://127.0.0.1:3104${p}`, 50),
    });
  }
}

const fmt = (n, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
console.log(
  `\n${os.cpus().length} × ${os.cpus()[0].model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, wrk -t1 -d${DURATION}s\n`,
);
console.log('| page | server | connections | requests/s | p50 ms | p99 ms | CPU µs per request | non-2xx |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.server} | ${r.c} | ${fmt(r.rps, 0)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${fmt(r.cpu, 0)} | ${r.errors} |`,
  );
}
console.log(
  `\nFirst 200 after start (existing database): ${fmt(rendered.firstOk, 0)} ms (cache off run), ${fmt(cached.firstOk, 0)} ms (cache run)`,
);
console.log(
  `Resident memory after load: cache off ${fmt(renderedMem.rss, 0)} MB (peak ${fmt(renderedMem.peak, 0)} MB); page cache ${fmt(cachedMem.rss, 0)} MB (peak ${fmt(cachedMem.peak, 0)} MB)`,
);
for (const [name] of Object.entries(pages)) {
  const candle = rows.find((r) => r.name === name && r.server === 'Candle, page cache' && r.c === 50);
  const nginx = rows.find((r) => r.name === name && r.server === 'nginx, same bytes' && r.c === 50);
  console.log(`${name}: page cache at 50 connections = ${fmt((candle.rps / nginx.rps) * 100, 0)}% of nginx`);
  const varnish = rows.find(
    (r) => r.name === name && r.server === 'Varnish in front of Candle' && r.c === 50,
  );
  if (varnish)
    console.log(`${name}: Varnish at 50 connections = ${fmt((varnish.rps / nginx.rps) * 100, 0)}% of nginx`);
  const front = rows.find(
    (r) => r.name === name && r.server === 'nginx cache in front of Candle' && r.c === 50,
  );
  console.log(
    `${name}: nginx's cache in front at 50 connections = ${fmt((front.rps / nginx.rps) * 100, 0)}% of nginx`,
  );
}
for (const [server, figures] of Object.entries(inTurns)) {
  const english = figures[pages['country page']];
  const french = figures[pages['French country page']];
  console.log(
    `French country page / English, ${server}, 50 connections, ${ROUNDS} rounds each in turn: ${fmt((french.rps / english.rps) * 100, 0)}% of the requests/s (${fmt(french.rps, 0)} against ${fmt(english.rps, 0)}), ${fmt(french.cpu, 0)} against ${fmt(english.cpu, 0)} µs of CPU a request`,
  );
}
process.exit(0);
