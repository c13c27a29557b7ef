// One alert to many subscribers: Candle's fan-out (a `candle worker` process, the send log, the
// job queue, SQLite) against raw nodemailer sending the same messages over the same pool to the
// same local SMTP sink (bench/smtp-sink.mjs, its own process), in one run; then a second alert
// while wrk asks the rendered country page of a `candle serve` process.
//
// Usage: npx tsx bench/fanout.ts [--recipients 100000] [--wrk-seconds 10] [--worker-nice 10]
// Needs: wrk (apt-get install -y wrk) and the bundle (built when missing).
// --worker-nice: the worker runs below the web server (`nice -n 10 candle worker`, as README
// advises on a small machine), so pages stay fast while mail goes out; 0 to run them level.
// BENCH_WORKER_FLAGS: more node flags for the worker, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
import { spawn } from 'node:child_process';
import os from 'node:os';
import nodemailer from 'nodemailer';
import { alertContent } from '../src/subscriptions/delivery/content.js';
import { alertMessage } from '../src/subscriptions/delivery/message.js';
import { args, fmt, mailSite, peakRssMb, type Sink, sleep, startSink, waitForCount } from './mail-support.js';

const options = args();
const RECIPIENTS = Number(options.get('recipients') ?? 100_000);
const WRK_SECONDS = Number(options.get('wrk-seconds') ?? 10);
const WORKER_NICE = Number(options.get('worker-nice') ?? 10);
const SINK_PORT = 2626;
const WEB_PORT = 3102;
const workerFlags = (process.env.BENCH_WORKER_FLAGS ?? '').split(' ').filter(Boolean);

const site = mailSite('fanout', RECIPIENTS, SINK_PORT);
const { env, articles } = site;
const sink: Sink = await startSink(SINK_PORT);

// 0. The sink warms up first (its code is compiled as it goes): whichever sender came first
// would otherwise pay for it.
{
  const warm = nodemailer.createTransport({ url: env.SMTP_URL, pool: true, maxConnections: 5 } as Parameters<
    typeof nodemailer.createTransport
  >[0]);
  const base = await sink.count();
  await Promise.all(
    Array.from({ length: 3000 }, (_, i) =>
      warm.sendMail({
        from: env.MAIL_FROM,
        to: `warm${i}@example.org`,
        subject: 'warm-up',
        text: 'x'.repeat(2000),
      }),
    ),
  );
  await waitForCount(sink, base + 3000);
  warm.close();
}

// 1. Candle: a worker process fans the first item out; nothing else runs.
async function candleFanOut(article: { id: number }, whileSending?: () => Promise<void>) {
  const worker = site.candle('worker', {}, workerFlags, WORKER_NICE);
  await sleep(1500);
  const base = await sink.count();
  const started = performance.now();
  site.publishThroughScheduler(article.id);
  let peak = 0;
  const during = whileSending
    ? (async () => {
        await waitForCount(sink, base + Math.min(2000, RECIPIENTS / 10));
        await whileSending();
      })()
    : Promise.resolve();
  await waitForCount(sink, base + RECIPIENTS, () => {
    peak = Math.max(peak, peakRssMb(worker.pid!));
  });
  const seconds = (performance.now() - started) / 1000;
  await during;
  await sleep(500);
  const extra = (await sink.count()) - base - RECIPIENTS;
  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  return { rate: RECIPIENTS / seconds, seconds, peak, extra };
}
const alone = await candleFanOut(articles[0]!);

// 2. Raw nodemailer: the same message for each recipient (the first item's alert as Candle stored
// it), built by the same function, over a pool of the same five connections, one message in flight
// per connection.
const transport = nodemailer.createTransport({
  url: env.SMTP_URL,
  pool: true,
  maxConnections: 5,
} as Parameters<typeof nodemailer.createTransport>[0]);
const content = alertContent(
  site.db.prepare('select * from alerts where article_id = ?').get(articles[0]!.id) as Parameters<
    typeof alertContent
  >[0],
);
const ctx = { siteName: 'Candle', publicUrl: env.PUBLIC_URL as string };
const fakeLinks = (id: number) => ({
  manageUrl: `${env.PUBLIC_URL}/subscribe/preferences/${id}.1767225600.${'a'.repeat(43)}`,
  unsubscribeUrl: `${env.PUBLIC_URL}/subscribe/unsubscribe/${id}.1767225600.${'b'.repeat(43)}`,
  listUnsubscribeHeaders: {
    'List-Unsubscribe': `<${env.PUBLIC_URL}/subscribe/unsubscribe/${id}.1767225600.${'b'.repeat(43)}>, <mailto:unsubscribe@candle.test?subject=unsubscribe-${id}>`,
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' as const,
  },
});
const rawStarted = performance.now();
const rawBase = await sink.count();
let nextRecipient = 1;
const lane = async () => {
  for (;;) {
    const i = nextRecipient++;
    if (i > RECIPIENTS) return;
    const m = alertMessage(ctx, content, { id: i, email: `reader${i}@example.org` }, fakeLinks(i));
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
await waitForCount(sink, rawBase + RECIPIENTS);
const rawSeconds = (performance.now() - rawStarted) / 1000;
transport.close();
const rawRate = RECIPIENTS / rawSeconds;
const rawPeak = process.memoryUsage().rss / 2 ** 20;

// 3. The second item while wrk asks a `candle serve` (cache off, no worker) for the country page.
const web = site.candle('serve', {
  PORT: String(WEB_PORT),
  HOST: '127.0.0.1',
  PAGE_CACHE_ENTRIES: '0',
  WORKER: 'off',
});
for (;;) {
  try {
    if ((await fetch(`http://127.0.0.1:${WEB_PORT}/healthz`)).ok) break;
  } catch {}
  await sleep(20);
}
const page = `http://127.0.0.1:${WEB_PORT}/countries/mexico`;
let pageRps = Number.NaN;
let pageErrors = '0';
const wrk = () =>
  new Promise<void>((resolve) => {
    const child = spawn('wrk', ['-t1', '-c50', `-d${WRK_SECONDS}s`, page], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('exit', () => {
      pageRps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      pageErrors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? '0';
      resolve();
    });
  });
const busy = await candleFanOut(articles[1]!, wrk);
web.kill('SIGTERM');

const sent = site.sendLog();
const lines = [
  `Fan-out of one alert to ${fmt(RECIPIENTS)} confirmed subscribers (${os.cpus().length} × ${os.cpus()[0]?.model.trim()}), ${new Date().toISOString().slice(0, 16)} UTC`,
  '',
  '| sender | messages/s | time | peak resident memory |',
  '|---|---:|---:|---:|',
  `| raw nodemailer, pool of 5 | ${fmt(rawRate)} | ${fmt(rawSeconds, 1)} s | ${fmt(rawPeak)} MB (the bench process) |`,
  `| Candle worker, alone | ${fmt(alone.rate)} | ${fmt(alone.seconds, 1)} s | ${fmt(alone.peak)} MB |`,
  `| Candle worker, while wrk asks the country page | ${fmt(busy.rate)} | ${fmt(busy.seconds, 1)} s | ${fmt(busy.peak)} MB |`,
  '',
  `Ratio Candle / raw nodemailer: ${fmt(alone.rate / rawRate, 2)} (aim ≥ 0.8)`,
  `Rendered country page (cache off, 50 connections, ${WRK_SECONDS} s) while the second fan-out ran (worker at nice ${WORKER_NICE}): ${fmt(pageRps)} req/s, ${pageErrors} non-2xx (aim ≥ 1,000)`,
  `Messages beyond one per recipient: ${alone.extra + busy.extra}; send log: ${sent.map((r) => JSON.stringify(r)).join(' ')}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
site.remove();
process.exit(0);
