// Clients that pipeline requests and never read the answers: how far does Candle's memory grow?
// Usage: node bench/pipelining.mjs [--clients 150] [--seconds 10] [--path /countries/mexico]
// Builds first (npm run build). Traffic goes to 127.0.0.1 only, and the run stops by itself.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const CLIENTS = Number(arg('clients', '150'));
const SECONDS = Number(arg('seconds', '10'));
const PAGE = arg('path', '/countries/mexico');
const PORT = 3111;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-pipelining-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

execFileSync('node', ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
const child = spawn(
  process.execPath,
  [
    '--max-semi-space-size=2',
    '--no-allocation-site-pretenuring',
    '--single-threaded-gc',
    'dist/main.js',
    'serve',
  ],
  {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${work}/candle.db`,
      DATA_DIR: work,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
process.on('exit', () => child.kill('SIGTERM'));
for (;;) {
  try {
    if ((await fetch(`http://127.0.0.1:${PORT}/healthz`)).ok) break;
  } catch {}
  await sleep(50);
}
await fetch(`http://127.0.0.1:${PORT}${PAGE}`);

const rss = () => {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
};

async function run(label, target) {
  const before = rss();
  let closedByServer = 0;
  let stopping = false;
  const sockets = [];
  // Each client writes 64 KB bursts of requests, one a tenth of a second, and reads nothing.
  for (let c = 0; c < CLIENTS; c++) {
    const socket = net.connect(PORT, '127.0.0.1');
    socket.pause();
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!stopping) closedByServer++;
    });
    sockets.push(socket);
  }
  let n = 0;
  const burst = () => {
    for (const s of sockets) {
      // The client's own buffer is kept small: what is measured is the server's memory.
      if (s.destroyed || s.writableLength > 256 * 1024) continue;
      let text = '';
      while (text.length < 64 * 1024)
        text += `GET ${target(n++)} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, br\r\n\r\n`;
      s.write(text);
    }
  };
  const timer = setInterval(burst, 100);
  let peak = 0;
  const ends = Date.now() + SECONDS * 1000;
  while (Date.now() < ends) {
    await sleep(250);
    peak = Math.max(peak, rss().rss);
  }
  clearInterval(timer);
  stopping = true;
  for (const s of sockets) s.destroy();
  await sleep(1000);
  const after = rss();
  const alive = await fetch(`http://127.0.0.1:${PORT}/healthz`, { headers: { connection: 'close' } }).then(
    (r) => r.ok,
    () => false,
  );
  console.log(
    `${label}: ${CLIENTS} clients, ${n} requests sent; RSS ${before.rss.toFixed(0)} MB before, ` +
      `${peak.toFixed(0)} MB at most during, ${after.rss.toFixed(0)} MB after; ` +
      `${closedByServer} connections closed by the server; server answers after: ${alive}`,
  );
}

await run('cached page (one address)', () => PAGE);
await run('rendered pages (a new address each)', (i) => `${PAGE}?n=${i}`);
child.kill('SIGTERM');
await sleep(300);
fs.rmSync(work, { recursive: true, force: true });
process.exit(0);
