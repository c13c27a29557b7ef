// Kill -9 of the worker in the middle of a fan-out, then a restart: does every recipient get
// exactly one message? The sink (bench/smtp-sink.mjs) logs each message's recipient and
// Message-ID; this script reads that log once the send log is final.
//
// Usage: npx tsx bench/fanout-crash.ts [--recipients 10000] [--kill-after 3000] [--kills 1]
// A restarted worker takes over what the dead one held when their leases run out: the job's after
// a minute, the claimed recipients' after two; so a run takes about three minutes a kill.
//
// The one window (src/subscriptions/CONTEXT.md): a message the server accepted just before the
// kill, not yet marked sent, goes again after its lease, with the same Message-ID. SMTP cannot
// close that window; the script counts such copies and checks they carry the same Message-ID, so
// the receiving side can tell them apart.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { args, fmt, mailSite, sleep, startSink, waitForCount } from './mail-support.js';

const options = args();
const RECIPIENTS = Number(options.get('recipients') ?? 10_000);
const KILL_AFTER = Number(options.get('kill-after') ?? 3_000);
const KILLS = Number(options.get('kills') ?? 1);
const SINK_PORT = 2627;

const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'candle-crash-log-')), 'received.log');
const site = mailSite('crash', RECIPIENTS, SINK_PORT);
const sink = await startSink(SINK_PORT, log);
const started = performance.now();
const say = (line: string) =>
  process.stdout.write(`${fmt((performance.now() - started) / 1000, 1).padStart(7)} s  ${line}\n`);

let worker = site.candle('worker');
await sleep(1500);
site.publishThroughScheduler(site.articles[0]!.id);
for (let k = 1; k <= KILLS; k++) {
  const at = await waitForCount(sink, Math.round((KILL_AFTER * k) / KILLS));
  worker.kill('SIGKILL');
  await new Promise((r) => worker.once('exit', r));
  say(`kill -9 of the worker after ${fmt(at)} messages (send log: ${JSON.stringify(site.sendLog())})`);
  worker = site.candle('worker');
  say('worker restarted');
}

// Done when the send log holds nothing that will still be sent.
for (;;) {
  const open = site.db
    .prepare("select count(*) as n from alert_deliveries where status in ('queued', 'sending', 'failed')")
    .get() as { n: number };
  const total = site.db.prepare('select count(*) as n from alert_deliveries').get() as { n: number };
  if (total.n === RECIPIENTS && open.n === 0) break;
  await sleep(2000);
}
await sleep(1000);
await sink.count(); // flushes the sink's log
worker.kill('SIGTERM');
say(`send log final: ${JSON.stringify(site.sendLog())}`);

const byRecipient = new Map<string, string[]>();
for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
  if (!line) continue;
  const [to, id] = line.split(' ') as [string, string];
  byRecipient.set(to, [...(byRecipient.get(to) ?? []), id]);
}
let missing = 0;
let copies = 0;
let differentIds = 0;
for (let i = 1; i <= RECIPIENTS; i++) {
  const ids = byRecipient.get(`reader${i}@example.org`) ?? [];
  if (ids.length === 0) missing++;
  if (ids.length > 1) {
    copies += ids.length - 1;
    if (new Set(ids).size > 1) differentIds++;
  }
}
say(
  `recipients: ${fmt(RECIPIENTS)}; with no message: ${missing}; copies from the one window: ${copies} (with a different Message-ID: ${differentIds})`,
);
site.remove();
fs.rmSync(path.dirname(log), { recursive: true, force: true });
// Per kill, at most what each of a worker's two send jobs had in flight (five) or accepted and not
// yet marked (five).
const ok = missing === 0 && differentIds === 0 && copies <= 2 * (5 + 5) * KILLS;
say(ok ? 'every recipient got their message once (copies, if any, only from the one window)' : 'FAILED');
process.exit(ok ? 0 : 1);
