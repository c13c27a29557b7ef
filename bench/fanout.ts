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
import { alertContent } from '../src/subscriptions/delivery/content.js';
import { alertMessage } from '../src/subscriptions/delivery/message.js';
import {
  countryPageLoad,
  fanOutOptions,
  fanOutReport,
  fmt,
  mailSite,
  measureFanOut,
  rawSend,
  type Sink,
  startSink,
  warmSink,
} from './mail-support.js';

const {
  recipients: RECIPIENTS,
  wrkSeconds: WRK_SECONDS,
  workerNice: WORKER_NICE,
  workerFlags,
} = fanOutOptions();
const SINK_PORT = 2626;
const WEB_PORT = 3102;

const site = mailSite('fanout', RECIPIENTS, SINK_PORT);
const { env, articles } = site;
const sink: Sink = await startSink(SINK_PORT);

// 0. The sink warms up first.
await warmSink(sink, env);

// 1. Candle: a worker process fans the first item out; nothing else runs.
const fanOut = (article: { id: number }, whileSending?: () => Promise<void>) =>
  measureFanOut(site, sink, {
    recipients: RECIPIENTS,
    start: () => site.publishThroughScheduler(article.id),
    whileSending,
    flags: workerFlags,
    niceness: WORKER_NICE,
  });
const alone = await fanOut(articles[0]!);

// 2. Raw nodemailer: the same message for each recipient (the first item's alert as Candle stored
// it), built by the same function, over a pool of the same five connections.
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
const raw = await rawSend(sink, env, RECIPIENTS, (i) =>
  alertMessage(ctx, content, { id: i, email: `reader${i}@example.org` }, fakeLinks(i)),
);

// 3. The second item while wrk asks a `candle serve` (cache off, no worker) for the country page.
const page = await countryPageLoad(site, WEB_PORT, WRK_SECONDS);
const busy = await fanOut(articles[1]!, page.wrk);
page.stop();

process.stdout.write(
  fanOutReport({
    title: `Fan-out of one alert to ${fmt(RECIPIENTS)} confirmed subscribers`,
    raw,
    alone,
    busy,
    page: page.figures,
    wrkSeconds: WRK_SECONDS,
    workerNice: WORKER_NICE,
    during: 'the second fan-out ran',
    sendLog: site.sendLog(),
  }),
);
site.remove();
process.exit(0);
