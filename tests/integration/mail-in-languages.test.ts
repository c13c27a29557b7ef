import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SubscriberFrequency } from '../../src/platform/db/index.js';
import { readEvents } from '../../src/subscriptions/network/delivery.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { mailHtmlProblems } from '../support/mail-html.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';
import { insertSubscriber } from '../support/subscribers.js';

/**
 * Mail per language (issue 15, item 4), through the app and a real SMTP peer that parses every
 * message: a subscriber reads the item's translation in their language when it is published
 * (title, summary, link to its own address), otherwise the original marked with its language;
 * a translation published after its original alerts nobody who was alerted already; a digest
 * lists each translation group once.
 */

let t: TestApp;
let smtp: SmtpPeer;
let editor: Session;
let clock = new Date('2026-12-01T05:00:00Z');
let mexico: string;
/** Articles outlive a test (only alerts are cleared): each test's slugs are its own. */
let run = 0;

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({
    now: () => clock,
    env: { SMTP_URL: smtp.url, MAIL_RATE_PER_DOMAIN: '0', DIGEST_TIME_ZONE: 'Europe/Madrid' },
  });
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
  mexico = String(
    (await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow())
      .id,
  );
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

beforeEach(async () => {
  clock = new Date('2026-12-01T05:00:00Z');
  run++;
  smtp.received.length = 0;
  await t.db.deleteFrom('alerts').execute();
  await t.db.deleteFrom('subscribers').execute();
  await t.db.deleteFrom('jobs').execute();
});

async function subscriber(email: string, language: 'en' | 'fr', frequency: SubscriberFrequency = 'each') {
  const id = await insertSubscriber(t.db, clock, {
    email,
    follows: [['country', Number(mexico)]],
    frequency,
  });
  await t.db.updateTable('subscribers').set({ language }).where('id', '=', id).execute();
  return id;
}

async function drain() {
  for (let i = 0; i < 50; i++) if ((await t.worker.runDue()) === 0) return;
  throw new Error('jobs kept coming');
}

const idFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

/** Publishes an English original; its id and slug. */
async function publishOriginal(name: string, type = 'news') {
  const slug = `${name}-${run}`;
  const res = await editor.post('/admin/articles/new', {
    title: `Defenders threatened in Oaxaca (${name})`,
    type,
    language: 'en',
    summary: 'Two land defenders received death threats.',
    body: 'Two defenders were threatened.',
    countries: [mexico],
    slug,
    version: '0',
    action: 'publish',
  });
  expect(res.statusCode).toBe(303);
  return { id: idFrom(res.headers.location), slug };
}

/** Translates an original into French and publishes the translation; its slug. */
async function publishFrench(original: { id: number; slug: string }, name: string, type = 'news') {
  const asked = await editor.post(`/admin/articles/${original.id}/translate`, { to: 'fr' });
  expect(asked.statusCode).toBe(303);
  const id = idFrom(asked.headers.location);
  const form = await editor.get(`/admin/articles/${id}`);
  const slug = `defenseurs-menaces-${name}-${run}`;
  const saved = await editor.post(`/admin/articles/${id}`, {
    title: `Défenseurs menacés à Oaxaca (${name})`,
    type,
    language: 'fr',
    summary: 'Deux défenseurs de la terre ont reçu des menaces de mort.',
    body: 'Deux défenseurs ont été menacés.',
    countries: [mexico],
    slug,
    version: versionOf(form.body),
    action: 'publish',
  });
  expect(saved.statusCode).toBe(303);
  return { id, slug };
}

const mailTo = (email: string) => smtp.to(email).map((r) => r.parsed);

describe(`mail in the subscriber's language on ${dialectUnderTest}`, () => {
  it('offers French mail, chosen already on the French sign-up forms', async () => {
    const english = await t.app.inject({ method: 'GET', url: '/subscribe' });
    expect(english.body).toMatch(/<option value="en" selected[^>]*>English</);
    expect(english.body).toMatch(/<option value="fr"[^>]*>Français</);
    for (const url of ['/fr/abonnement', '/fr/reseau']) {
      const french = await t.app.inject({ method: 'GET', url });
      expect(french.statusCode, url).toBe(200);
      expect(french.body, url).toMatch(/<option value="fr" selected[^>]*>Français</);
    }
  });

  it('gives a French subscriber the French title and link, an English one the English', async () => {
    await subscriber('anglais@one.test', 'en');
    await subscriber('francais@two.test', 'fr');
    const original = await publishOriginal('both');
    const french = await publishFrench(original, 'both');
    await drain();

    const [fr, ...moreFr] = mailTo('francais@two.test');
    expect(moreFr).toHaveLength(0);
    expect(fr!.subject).toBe('Défenseurs menacés à Oaxaca (both)');
    expect(fr!.text).toContain('Deux défenseurs de la terre ont reçu des menaces de mort.');
    expect(fr!.text).toContain(`http://candle.test/fr/articles/${french.slug}`);
    expect(fr!.html).toContain(`href="http://candle.test/fr/articles/${french.slug}"`);
    expect(fr!.html).toMatch(/<html[^>]* lang="fr"/);
    // The French words are the message's own: nothing marks them as another language.
    expect(fr!.html).not.toContain('lang="en"');
    expect(mailHtmlProblems(String(fr!.html), 'http://candle.test/')).toEqual([]);

    const [en, ...moreEn] = mailTo('anglais@one.test');
    expect(moreEn).toHaveLength(0);
    expect(en!.subject).toBe('Defenders threatened in Oaxaca (both)');
    expect(en!.html).toContain(`href="http://candle.test/articles/${original.slug}"`);
    expect(en!.html).not.toContain('Défenseurs');
    expect(en!.html).not.toContain('lang="fr"');
  });

  it('sends the French subscriber an untranslated item in English, marked lang="en"', async () => {
    await subscriber('francais@two.test', 'fr');
    const original = await publishOriginal('alone');
    await drain();

    const [fr, ...more] = mailTo('francais@two.test');
    expect(more).toHaveLength(0);
    expect(fr!.subject).toBe('Defenders threatened in Oaxaca (alone)');
    expect(fr!.html).toMatch(/<html[^>]* lang="fr"/);
    expect(fr!.html).toMatch(/lang="en"[^>]*>\s*<a [^>]*>Defenders threatened in Oaxaca \(alone\)</);
    // The link keeps the reader's interface: the French page of the English item.
    expect(fr!.html).toContain(`href="http://candle.test/fr/articles/${original.slug}"`);
    expect(mailHtmlProblems(String(fr!.html), 'http://candle.test/')).toEqual([]);
  });

  it('alerts nobody twice when the translation is published after the original', async () => {
    await subscriber('anglais@one.test', 'en');
    await subscriber('francais@two.test', 'fr');
    const original = await publishOriginal('later');
    await drain();
    expect(mailTo('francais@two.test')).toHaveLength(1);
    expect(mailTo('anglais@one.test')).toHaveLength(1);

    // Someone reading French who subscribed since, and someone reading English.
    clock = new Date('2026-12-01T05:30:00Z');
    await subscriber('nouveau@three.test', 'fr');
    await subscriber('newcomer@four.test', 'en');
    const french = await publishFrench(original, 'later');
    await drain();

    expect(mailTo('francais@two.test')).toHaveLength(1);
    expect(mailTo('anglais@one.test')).toHaveLength(1);
    // The translation is news only to those who read its language and were not told yet.
    expect(mailTo('newcomer@four.test')).toHaveLength(0);
    const [late, ...more] = mailTo('nouveau@three.test');
    expect(more).toHaveLength(0);
    expect(late!.subject).toBe('Défenseurs menacés à Oaxaca (later)');
    expect(late!.html).toContain(`href="http://candle.test/fr/articles/${french.slug}"`);
    const deliveries = await t.db.selectFrom('alert_deliveries').select('subscriber_id').execute();
    expect(deliveries).toHaveLength(3);
  });

  it('lists each translation group once in a digest, in the subscriber’s language', async () => {
    await subscriber('quotidien@five.test', 'fr', 'daily');
    await subscriber('daily@six.test', 'en', 'daily');
    await t.scheduleRecurringJobs();
    const original = await publishOriginal('digest');
    await drain();
    const french = await publishFrench(original, 'digest');
    const untranslated = await publishOriginal('digest-alone');
    await drain();
    expect(smtp.received).toHaveLength(0);

    clock = new Date('2026-12-01T07:00:00Z');
    await drain();
    const [fr, ...moreFr] = mailTo('quotidien@five.test');
    expect(moreFr).toHaveLength(0);
    expect(fr!.html).toMatch(/<html[^>]* lang="fr"/);
    expect(fr!.html).toContain(`href="http://candle.test/fr/articles/${french.slug}"`);
    expect(fr!.html).not.toContain(`/articles/${original.slug}"`);
    expect(String(fr!.html).split('Défenseurs menacés à Oaxaca (digest)').length - 1).toBe(1);
    expect(fr!.html).toMatch(/lang="en"[^>]*>\s*<a [^>]*>Defenders threatened in Oaxaca \(digest-alone\)</);
    expect(fr!.html).toContain(`href="http://candle.test/fr/articles/${untranslated.slug}"`);

    const [en, ...moreEn] = mailTo('daily@six.test');
    expect(moreEn).toHaveLength(0);
    expect(en!.html).toContain(`href="http://candle.test/articles/${original.slug}"`);
    expect(en!.html).not.toContain('Défenseurs');
    expect(String(en!.html).split('Defenders threatened in Oaxaca (digest)').length - 1).toBe(1);
  });
});

/** A confirmed network member reading `language`, following Mexico, as joining leaves them. */
async function member(email: string, language: 'en' | 'fr') {
  const at = clock.toISOString();
  const { id } = await t.db
    .insertInto('subscribers')
    .values({
      email,
      name: null,
      language,
      frequency: 'each',
      status: 'confirmed',
      created_at: at,
      confirmed_at: at,
      updated_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('network_members')
    .values({
      subscriber_id: id,
      weekly_cap: 10,
      wording_hash: null,
      token_hash: null,
      requested_at: at,
      confirmed_at: at,
      updated_at: at,
    })
    .execute();
  await t.db
    .insertInto('network_follows')
    .values({ subscriber_id: id, kind: 'country', target_id: Number(mexico) })
    .execute();
}

describe(`network alerts in the member's language on ${dialectUnderTest}`, () => {
  it('tells each member of a new urgent action once, in French when its translation is out', async () => {
    await t.db.deleteFrom('network_deliveries').execute();
    await t.db.deleteFrom('network_messages').execute();
    await member('membre@seven.test', 'fr');
    await member('member@eight.test', 'en');
    const original = await publishOriginal('network', 'urgent-action');
    const french = await publishFrench(original, 'network', 'urgent-action');
    // The minute's job reads both publications' events: the group is announced once.
    await readEvents({ db: t.db, now: () => clock });
    await drain();
    await readEvents({ db: t.db, now: () => clock });
    await drain();

    const messages = await t.db.selectFrom('network_messages').select(['article_id', 'kind']).execute();
    expect(messages).toEqual([{ article_id: original.id, kind: 'action' }]);
    const [fr, ...moreFr] = mailTo('membre@seven.test');
    expect(moreFr).toHaveLength(0);
    expect(fr!.subject).toContain('Défenseurs menacés à Oaxaca (network)');
    expect(fr!.text).toContain(`http://candle.test/fr/articles/${french.slug}#ua-act`);
    expect(fr!.html).toMatch(/<html[^>]* lang="fr"/);
    expect(fr!.html).not.toContain('lang="en"');
    const [en, ...moreEn] = mailTo('member@eight.test');
    expect(moreEn).toHaveLength(0);
    expect(en!.subject).toContain('Defenders threatened in Oaxaca (network)');
    expect(en!.text).toContain(`http://candle.test/articles/${original.slug}#ua-act`);
  });
});
