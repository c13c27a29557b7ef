// An update of an urgent action's series to everyone who acted on it and asked to hear back:
// Candle's network fan-out (a `candle worker` process, the send log `network_deliveries`, the job
// queue, SQLite) against raw nodemailer sending the same messages over the same pool to the same
// local SMTP sink (bench/smtp-sink.mjs), in one run; then a second update while wrk asks the
// rendered country page of a `candle serve` process. The same aims and support code as
// bench/fanout.ts (the subscription fan-out), see docs/benchmarks.md.
//
// Usage: npx tsx bench/update-fanout.ts [--recipients 100000] [--wrk-seconds 10] [--worker-nice 10]
// (and BENCH_WORKER_FLAGS, as bench/fanout.ts)
// Needs: wrk (apt-get install -y wrk) and the bundle (built when missing).
import { noticeMessage } from '../src/subscriptions/delivery/message.js';
import {
  countryPageLoad,
  fanOutOptions,
  fanOutReport,
  fmt,
  mailSite,
  measureFanOut,
  rawSend,
  type Sink,
  sleep,
  startSink,
  warmSink,
} from './mail-support.js';

const {
  recipients: RECIPIENTS,
  wrkSeconds: WRK_SECONDS,
  workerNice: WORKER_NICE,
  workerFlags,
} = fanOutOptions();
const SINK_PORT = 2627;
const WEB_PORT = 3103;

// No subscribers: the updates' own alerts go to nobody, so only the network's messages are sent.
const site = mailSite('update-fanout', 0, SINK_PORT);
const { env, db } = site;
const sink: Sink = await startSink(SINK_PORT);

// The demo's urgent action UA 87/20 (already published with one update), and RECIPIENTS
// confirmed supporters who emailed its officials and asked to be kept informed.
const root = db
  .prepare(
    `select u.article_id as id from urgent_actions u join articles a on a.id = u.article_id
     where a.slug = 'mexico-adrian-vasquez-covid-19-reparation'`,
  )
  .get() as { id: number };
const at = new Date().toISOString();
// As a database that was upgraded: the network tells what happens from now on, not the demo's past.
db.prepare(
  'update network_event_cursor set last_event_id = (select coalesce(max(id), 0) from ua_events)',
).run();
db.transaction(() => {
  const addSupporter = db.prepare(
    `insert into ua_supporters (email, name, city, country, language, confirmed_at, created_at, updated_at)
     values (?, ?, 'Leeds', 'GB', 'en', ?, ?, ?)`,
  );
  const addAction = db.prepare(
    `insert into ua_actions_taken (article_id, supporter_id, channel, state, detail, hear_back, wording_hash, source_page, created_at, counted_at)
     values (?, ?, 'email', 'counted', '', 1, ?, '', ?, ?)`,
  );
  for (let i = 1; i <= RECIPIENTS; i++) {
    const { lastInsertRowid } = addSupporter.run(`supporter${i}@example.org`, `Supporter ${i}`, at, at, at);
    addAction.run(root.id, Number(lastInsertRowid), 'a'.repeat(64), at, at);
  }
})();
db.pragma('wal_checkpoint(TRUNCATE)');

/** A new update of the series, as a draft an editor would write: a copy of the demo's update. */
function draftUpdate(n: number): number {
  const columns = (
    db.prepare('select name from pragma_table_info(?)').all('articles') as Array<{ name: string }>
  )
    .map((c) => c.name)
    .filter((c) => !['id', 'slug', 'status', 'published_at', 'reference', 'version', 'title'].includes(c));
  const list = columns.join(', ');
  const { lastInsertRowid } = db
    .prepare(
      `insert into articles (${list}, slug, status, reference, title)
       select ${list}, ?, 'draft', '', ? from articles where slug = 'mexico-adrian-vasquez-further-information'`,
    )
    .run(`bench-update-${n}`, `Further information: bench update ${n}`);
  const id = Number(lastInsertRowid);
  db.prepare(
    `insert into article_countries (article_id, country_id, position)
     select ?, country_id, position from article_countries a
     join articles b on b.id = a.article_id where b.slug = 'mexico-adrian-vasquez-further-information'`,
  ).run(id);
  db.prepare(
    'insert into urgent_actions (article_id, follows_id, created_at, updated_at) values (?, ?, ?, ?)',
  ).run(id, root.id, at, at);
  return id;
}
const updates = [draftUpdate(1), draftUpdate(2)];

/** The minute's reading of the urgent actions' events, now (a worker runs it each minute). */
function readEventsNow() {
  const now = new Date().toISOString();
  db.prepare(
    `insert into jobs (kind, payload, status, run_at, max_attempts, idempotency_key, created_at, updated_at)
     values ('network.events', '{}', 'queued', ?, 8, ?, ?, ?)`,
  ).run(now, `bench:events:${now}`, now, now);
}

// 0. The sink warms up first.
await warmSink(sink, env);

// 1. Candle: a worker process publishes an update and tells everyone who acted; nothing else runs.
const fanOut = (articleId: number, whileSending?: () => Promise<void>) =>
  measureFanOut(site, sink, {
    recipients: RECIPIENTS,
    start: async () => {
      site.publishThroughScheduler(articleId);
      // Once the publication is in (its 'opened' event), the minute's reading of events comes at once.
      for (;;) {
        const published = db
          .prepare("select 1 from ua_events where article_id = ? and kind = 'opened'")
          .get(articleId);
        if (published) break;
        await sleep(20);
      }
      readEventsNow();
    },
    whileSending,
    flags: workerFlags,
    niceness: WORKER_NICE,
  });
const alone = await fanOut(updates[0]!);

// 2. Raw nodemailer: the same message for each recipient (the update as Candle stored it), built by
// the same function, over a pool of the same five connections.
const message = db
  .prepare("select * from network_messages where kind = 'update' order by id limit 1")
  .get() as {
  id: number;
  title: string;
  summary: string;
  path: string;
  reference: string;
};
const ctx = { siteName: 'Candle', publicUrl: env.PUBLIC_URL as string };
const stop = (i: number) => `${env.PUBLIC_URL}/network/stop/${i}.${root.id}.1767225600.${'c'.repeat(43)}`;
const raw = await rawSend(sink, env, RECIPIENTS, (i) =>
  noticeMessage(
    ctx,
    {
      messageId: `network-${message.id}-s${i}@candle`,
      kicker: `Further information on ${message.reference}`,
      title: message.title,
      summary: message.summary,
      url: `${env.PUBLIC_URL}${message.path}`,
      paragraphs: [],
      links: [],
      foot: {
        text: 'You receive this because you acted.',
        label: 'Stop hearing about this urgent action',
        url: stop(i),
      },
      listHeaders: {
        'List-Unsubscribe': `<${stop(i)}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    },
    { id: i, email: `supporter${i}@example.org`, language: 'en' },
  ),
);

// 3. The second update while wrk asks a `candle serve` (cache off, no worker) for the country page.
const page = await countryPageLoad(site, WEB_PORT, WRK_SECONDS);
const busy = await fanOut(updates[1]!, page.wrk);
page.stop();

process.stdout.write(
  fanOutReport({
    title: `Update fan-out to ${fmt(RECIPIENTS)} supporters who acted`,
    raw,
    alone,
    busy,
    page: page.figures,
    wrkSeconds: WRK_SECONDS,
    workerNice: WORKER_NICE,
    during: 'the second update went out',
    sendLog: db
      .prepare('select message_id, status, count(*) as n from network_deliveries group by message_id, status')
      .all(),
  }),
);
site.remove();
process.exit(0);
