import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SubscriberFrequency, SubscriberStatus } from '../../src/platform/db/index.js';
import { enqueue } from '../../src/platform/jobs/index.js';
import { addressHash, DIGEST_JOB } from '../../src/subscriptions/index.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { mailHtmlProblems } from '../support/mail-html.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';
import { insertSubscriber } from '../support/subscribers.js';

/**
 * Digests (issue 12): daily and weekly subscribers get one message at the digest hour listing the
 * items they follow published since their last, through the worker and a real SMTP peer. The
 * site's zone is Madrid (UTC+1 in December), so 08:00 there is 07:00 UTC: a test that ignored the
 * zone would send an hour late and fail.
 */

let t: TestApp;
let smtp: SmtpPeer;
let editor: Session | undefined;
let clock = new Date('2026-12-01T05:00:00Z');
let mexico: number;

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({
    now: () => clock,
    env: { SMTP_URL: smtp.url, MAIL_RATE_PER_DOMAIN: '1', DIGEST_TIME_ZONE: 'Europe/Madrid' },
  });
  await makeUser(t.db, 'editor');
  await makeUser(t.db, 'campaigner');
  mexico = (
    await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

beforeEach(async () => {
  // Tuesday 1 December 2026, 06:00 in Madrid.
  clock = new Date('2026-12-01T05:00:00Z');
  run++;
  smtp.received.length = 0;
  smtp.refuse.clear();
  await t.db.deleteFrom('alerts').execute();
  await t.db.deleteFrom('subscribers').execute();
  await t.db.deleteFrom('jobs').execute();
  // Every test's clock starts at the same minute: the limit counts afresh.
  await t.db.deleteFrom('delivery_rate').execute();
  await t.scheduleRecurringJobs();
});

const subscriber = (email: string, frequency: SubscriberFrequency, status: SubscriberStatus = 'confirmed') =>
  insertSubscriber(t.db, clock, { email, follows: [['country', mexico]], status, frequency });

/** Articles outlive a test (only alerts are cleared): each test's slugs are its own. */
let run = 0;
const article = (name: string, fields: Record<string, string> = {}) => ({
  title: `Item ${name}`,
  type: 'urgent-action',
  summary: `Summary of ${name}.`,
  body: 'Write to the Governor.',
  countries: [String(mexico)],
  slug: `${name}-${run}`,
  version: '0',
  action: 'publish',
  ...fields,
});

/** The clock moves days at a time, past a session's life: an edit on a new day logs in afresh. */
let loggedInAt = '';
async function session() {
  const day = clock.toISOString().slice(0, 13);
  if (day !== loggedInAt) editor = await logIn(t.app, 'editor@candle.test');
  loggedInAt = day;
}

async function publish(slug: string, fields: Record<string, string> = {}): Promise<number> {
  await session();
  const res = await editor!.post('/admin/articles/new', article(slug, fields));
  expect(res.statusCode).toBe(303);
  await drain();
  return Number(/\/admin\/articles\/(\d+)/.exec(String(res.headers.location))![1]);
}

async function unpublish(id: number, slug: string) {
  await session();
  const form = await editor!.get(`/admin/articles/${id}`);
  const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
  const res = await editor!.post(`/admin/articles/${id}`, article(slug, { version, action: 'unpublish' }));
  expect(res.statusCode).toBe(303);
}

async function drain() {
  for (let i = 0; i < 50; i++) if ((await t.worker.runDue()) === 0) return;
  throw new Error('jobs kept coming');
}

/** Moves the clock to a moment and runs what is due then. */
async function at(iso: string) {
  clock = new Date(iso);
  await drain();
}

const sentTo = () => smtp.received.flatMap((r) => r.to).sort();

describe(`digests on ${dialectUnderTest}`, () => {
  it('sends a daily subscriber one message with the day’s items at the digest hour, not before', async () => {
    await subscriber('daily@one.test', 'daily');
    await subscriber('each@two.test', 'each');
    await publish('first');
    await publish('second');

    // Until the hour only the 'each item' subscriber is mailed (the second alert a minute on,
    // one message a minute to a domain in this file).
    await at('2026-12-01T06:59:00Z');
    expect(sentTo()).toEqual(['each@two.test', 'each@two.test']);
    smtp.received.length = 0;
    await at('2026-12-01T07:00:00Z');
    expect(sentTo()).toEqual(['daily@one.test']);
    const mail = smtp.received[0]!.parsed;
    expect(mail.subject).toContain('(2)');
    expect(mail.text).toContain('Item first');
    expect(mail.text).toContain('Summary of second.');
    expect(mail.text).toContain(`http://candle.test/articles/second-${run}`);
    expect(mail.html).toContain(`href="http://candle.test/articles/first-${run}"`);
    for (const href of String(mail.html).match(/(?:href|src)="[^"]*"/g) ?? [])
      expect(href).toMatch(/^(href|src)="http:\/\/candle\.test\//);
    const header = (name: string) =>
      mail.headerLines.find((h) => h.key === name)?.line.replace(/^[^:]+:\s*/, '');
    expect(String(header('list-unsubscribe'))).toMatch(
      /^<http:\/\/candle\.test\/subscribe\/unsubscribe\/[^>]+>$/,
    );
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toMatch(/http:\/\/candle\.test\/subscribe\/preferences\/\S+/);

    // Run again (a worker that died before marking its job done): nothing more goes.
    await enqueue(
      t.db,
      { kind: DIGEST_JOB, payload: { at: '2026-12-01T07:00:00.000Z' }, idempotencyKey: 'again' },
      clock,
    );
    await drain();
    expect(smtp.received).toHaveLength(1);

    // The next day's digest lists only what came after; with nothing new, nothing goes.
    await at('2026-12-02T07:00:00Z');
    expect(smtp.received).toHaveLength(1);
    await publish('third');
    await at('2026-12-03T07:00:00Z');
    const daily = smtp.to('daily@one.test');
    expect(daily).toHaveLength(2);
    expect(daily[1]!.parsed.text).toContain('Item third');
    expect(daily[1]!.parsed.text).not.toContain('Item first');
  });

  it('lists each item as a card: type, date, title, summary, a small picture with its alt text and credit', async () => {
    await subscriber('daily@one.test', 'daily');
    const image = await t.db
      .selectFrom('media')
      .select(['id', 'storage_key', 'alt', 'credit'])
      .where('kind', '=', 'image')
      .where('credit', '!=', '')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await publish('pictured', { lead_image_id: String(image.id), type: 'press-release' });
    await publish('plain');
    await at('2026-12-01T07:00:00Z');
    const mail = smtp.to('daily@one.test')[0]!.parsed;
    const html = String(mail.html);
    expect(html.startsWith('<!doctype html><html lang="en"')).toBe(true);
    expect([...html.matchAll(/<h([1-6])/g)].map((h) => h[1])).toEqual(['1', '2', '2']);
    const escaped = (v: string) =>
      v.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
    expect(html).toContain(
      `src="http://candle.test/media/${image.storage_key}-share.jpg" alt="${escaped(image.alt)}" width="160"`,
    );
    expect(html.match(/<img\b/g)).toHaveLength(1);
    expect(html).toContain(`Photo: ${escaped(image.credit)}`);
    expect(html).toContain('Press statement');
    expect(html).toContain('Urgent action');
    expect(html).toContain('<time datetime="2026-12-01T05:00:00.000Z">December 1, 2026</time>');
    expect(mailHtmlProblems(html, 'http://candle.test/')).toEqual([]);
    const text = String(mail.text);
    expect(text).toContain(
      `Press statement · December 1, 2026\nItem pictured\nPicture: ${image.alt}\nPhoto: ${image.credit}\nSummary of pictured.`,
    );
    expect(text).toContain('Urgent action · December 1, 2026\nItem plain\nSummary of plain.');
  });

  it('sends a subscriber who moved to each item the entries still waiting, in one last digest', async () => {
    const id = await subscriber('moved@one.test', 'weekly');
    await publish('waiting');
    // They choose 'each item' in the preference centre on Tuesday: the next item comes alone…
    await t.db.updateTable('subscribers').set({ frequency: 'each' }).where('id', '=', id).execute();
    await publish('alone');
    await at('2026-12-01T06:59:00Z');
    expect(smtp.to('moved@one.test').map((r) => r.parsed.subject)).toEqual(['Item alone']);
    // …and the one waiting for Monday goes at the next digest hour, once.
    await at('2026-12-01T07:00:00Z');
    const mails = smtp.to('moved@one.test');
    expect(mails).toHaveLength(2);
    expect(mails[1]!.parsed.text).toContain('Item waiting');
    expect(mails[1]!.parsed.text).not.toContain('Item alone');
    await at('2026-12-02T07:00:00Z');
    expect(smtp.to('moved@one.test')).toHaveLength(2);
    expect(
      await t.db.selectFrom('digest_entries').select('period').where('subscriber_id', '=', id).execute(),
    ).toEqual([{ period: 'daily:2026-12-01' }]);
  });

  it('sends a digest claimed by a worker that died only once its lease ran out, and once', async () => {
    const id = await subscriber('daily@one.test', 'daily');
    await publish('first');
    // A worker claimed today's digest at 07:00 and died before sending.
    await t.db
      .insertInto('digests')
      .values({
        subscriber_id: id,
        period: 'daily:2026-12-01',
        status: 'sending',
        claimed_until: '2026-12-01T07:02:00.000Z',
        sent_at: null,
        created_at: '2026-12-01T07:00:00.000Z',
      })
      .execute();
    await at('2026-12-01T07:00:00Z');
    expect(smtp.received).toHaveLength(0);
    await enqueue(
      t.db,
      { kind: DIGEST_JOB, payload: { at: '2026-12-01T07:00:00.000Z' }, idempotencyKey: 'retry' },
      clock,
    );
    await at('2026-12-01T07:03:00Z');
    expect(sentTo()).toEqual(['daily@one.test']);
    expect(smtp.received[0]!.parsed.text).toContain('Item first');
  });

  it('sends a weekly subscriber their digest on Monday only', async () => {
    await subscriber('weekly@one.test', 'weekly');
    await publish('first');
    // Tuesday to Sunday at the digest hour: nothing.
    for (const day of ['01', '02', '03', '04', '05', '06']) {
      await at(`2026-12-${day}T07:00:00Z`);
      expect(smtp.received).toHaveLength(0);
    }
    await publish('second');
    await at('2026-12-07T07:00:00Z');
    expect(sentTo()).toEqual(['weekly@one.test']);
    expect(smtp.received[0]!.parsed.text).toContain('Item first');
    expect(smtp.received[0]!.parsed.text).toContain('Item second');
  });

  it('leaves out an item unpublished before the digest, and sends nothing when nothing is left', async () => {
    await subscriber('daily@one.test', 'daily');
    await publish('kept');
    const gone = await publish('gone');
    await unpublish(gone, 'gone');
    await at('2026-12-01T07:00:00Z');
    expect(sentTo()).toEqual(['daily@one.test']);
    expect(smtp.received[0]!.parsed.text).toContain('Item kept');
    expect(smtp.received[0]!.parsed.text).not.toContain('Item gone');

    const alone = await publish('alone');
    await unpublish(alone, 'alone');
    await at('2026-12-02T07:00:00Z');
    expect(smtp.received).toHaveLength(1);
  });

  it('sends nothing to an unsubscribed, pending or suppressed subscriber', async () => {
    await subscriber('fine@one.test', 'daily');
    const leaving = await subscriber('leaving@one.test', 'daily');
    await subscriber('bounced@one.test', 'daily');
    await subscriber('pending@one.test', 'daily', 'pending');
    await publish('first');
    // Unsubscribed after the entry was written; bounced with the row still 'confirmed'.
    await t.db.updateTable('subscribers').set({ status: 'unsubscribed' }).where('id', '=', leaving).execute();
    const salt = (
      await t.db
        .selectFrom('site_secrets')
        .select('value')
        .where('name', '=', 'suppression-salt')
        .executeTakeFirstOrThrow()
    ).value;
    const now = clock.toISOString();
    await t.db
      .insertInto('suppressions')
      .values({
        email_hash: addressHash(salt, 'bounced@one.test'),
        reason: 'bounce',
        source: 'webhook',
        note: '',
        occurred_at: now,
        created_at: now,
      })
      .execute();
    await at('2026-12-01T07:00:00Z');
    expect(sentTo()).toEqual(['fine@one.test']);
  });

  it('keeps to the per-domain limit: a digest over it goes in the next minute, once', async () => {
    await subscriber('a@same.test', 'daily');
    await subscriber('b@same.test', 'daily');
    await subscriber('c@other.test', 'daily');
    await publish('first');
    await at('2026-12-01T07:00:00Z');
    expect(sentTo()).toEqual(['a@same.test', 'c@other.test']);
    await at('2026-12-01T07:01:00Z');
    expect(sentTo()).toEqual(['a@same.test', 'b@same.test', 'c@other.test']);
    expect(smtp.to('b@same.test')[0]!.parsed.text).toContain('Item first');
    await at('2026-12-01T07:05:00Z');
    expect(smtp.received).toHaveLength(3);
  });
  it('tries a refused digest again after each wait, then marks it dead, and its items go in the next one', async () => {
    await subscriber('refused@one.test', 'daily');
    await subscriber('fine@two.test', 'daily');
    smtp.refuse.add('refused@one.test');
    await publish('first');
    const row = () =>
      t.db
        .selectFrom('digests as d')
        .innerJoin('subscribers as s', 's.id', 'd.subscriber_id')
        .select(['d.status', 'd.tries', 'd.retry_at', 'd.error'])
        .where('s.email', '=', 'refused@one.test')
        .executeTakeFirstOrThrow();

    await at('2026-12-01T07:00:00Z');
    expect(sentTo()).toEqual(['fine@two.test']);
    expect(await row()).toMatchObject({ status: 'failed', tries: 1 });
    expect(String((await row()).error)).toContain('550');
    // Not before its wait (1 min, 5 min, 30 min, 2 h); at each, one more try.
    await at('2026-12-01T07:00:59Z');
    expect((await row()).tries).toBe(1);
    for (const [moment, tries] of [
      ['2026-12-01T07:01:00Z', 2],
      ['2026-12-01T07:06:00Z', 3],
      ['2026-12-01T07:36:00Z', 4],
    ] as const) {
      await at(moment);
      expect(await row()).toMatchObject({ status: 'failed', tries });
    }
    await at('2026-12-01T09:36:00Z');
    expect(await row()).toMatchObject({ status: 'dead', tries: 5, retry_at: null });
    expect(sentTo()).toEqual(['fine@two.test']);

    const campaigner = await logIn(t.app, 'campaigner@candle.test');
    const page = await campaigner.get('/admin/subscribers/alerts');
    expect(page.statusCode).toBe(200);
    const section = page.body.slice(page.body.indexOf('id="digests-refused"'));
    expect(section).toContain('refused@one.test');
    expect(section).toContain('daily:2026-12-01');
    expect(section).toContain('Dead');
    expect(section).not.toContain('fine@two.test');

    // The server takes it again: the next digest carries the items of the dead one.
    smtp.refuse.delete('refused@one.test');
    await at('2026-12-02T07:00:00Z');
    const mail = smtp.to('refused@one.test');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.parsed.text).toContain('Item first');
  });
});
