import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { forgetOldImports } from '../../src/subscriptions/import.js';
import { MAX_IMPORT_ROWS } from '../../src/subscriptions/import-rules.js';
import { loadSubscriberKeys } from '../../src/subscriptions/index.js';
import { suppress } from '../../src/subscriptions/suppression.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';
import { uploadAs } from '../support/media.js';
import { insertSubscriber } from '../support/subscribers.js';

/**
 * The admin's subscribers (issue 12, item 7), through the app on either database: the list and
 * its filters and pages, one subscriber's history, the CSV export and the CSV import.
 */

let t: TestApp;
let salt: string;
let clock = new Date('2026-12-01T10:00:00Z');
let admin: Session;
let campaigner: Session;
let editor: Session;
let author: Session;
let mexico: number;
let topic: { id: number; slug: string };

const HEADER = 'email,name,language,frequency,follows,consent_source,consent_date,consent_wording';
const WORDING = 'Yes, email me urgent actions about Mexico.';

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  salt = (
    await loadSubscriberKeys(
      t.db,
      {
        publicUrl: TEST_PUBLIC_URL,
        linkSecret: undefined,
        linkSecretPrevious: undefined,
        unsubscribeMailto: undefined,
      },
      clock,
    )
  ).salt;
  for (const role of ['admin', 'campaigner', 'editor', 'author'] as const) await makeUser(t.db, role);
  admin = await logIn(t.app, 'admin@candle.test');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  editor = await logIn(t.app, 'editor@candle.test');
  author = await logIn(t.app, 'author@candle.test');
  mexico = (
    await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow()
  ).id;
  topic = await t.db.selectFrom('topics').select(['id', 'slug']).orderBy('id').executeTakeFirstOrThrow();
});
afterAll(() => t?.close());

beforeEach(async () => {
  clock = new Date('2026-12-01T10:00:00Z');
  await t.db.deleteFrom('subscribers').execute();
  await t.db.deleteFrom('suppressions').execute();
  await t.db.deleteFrom('subscriber_imports').execute();
  await t.db.deleteFrom('audit_log').execute();
});

const upload = (session: Session, csv: string | Buffer, name = 'list.csv') =>
  uploadAs(
    t.app,
    session,
    '/admin/subscribers/import',
    {},
    {
      name,
      type: 'text/csv',
      bytes: typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv,
    },
  );

const importIdOf = (html: string) => /name="id" value="(\d+)"/.exec(html)?.[1] ?? '';

/** The text of a page without its markup, for reading what it says. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

const row = (email: string, follows = 'country:mexico', extra: Partial<Record<string, string>> = {}) =>
  [
    email,
    extra.name ?? 'Ana',
    extra.language ?? 'en',
    extra.frequency ?? 'each',
    follows,
    extra.source ?? 'Petition, Mexico City, March 2024',
    extra.date ?? '2024-03-05',
    extra.wording ?? WORDING,
  ]
    .map((c) => `"${c.replaceAll('"', '""')}"`)
    .join(',');

describe('the list of subscribers', () => {
  it('filters by follow, status, frequency and address, and shows the total', async () => {
    await insertSubscriber(t.db, clock, { email: 'ana@example.org', follows: [['country', mexico]] });
    await insertSubscriber(t.db, clock, {
      email: 'bea@example.net',
      follows: [['everything', 0]],
      frequency: 'daily',
    });
    await insertSubscriber(t.db, clock, {
      email: 'carl_x@example.org',
      follows: [['topic', topic.id]],
      status: 'unsubscribed',
    });
    const all = await admin.get('/admin/subscribers');
    expect(all.statusCode).toBe(200);
    expect(textOf(all.body)).toContain('3 subscribers match');
    const byFollow = await admin.get(`/admin/subscribers?follow=country:${mexico}`);
    expect(textOf(byFollow.body)).toContain('1 subscribers match');
    expect(byFollow.body).toContain('ana@example.org');
    expect(byFollow.body).not.toContain('bea@example.net');
    const everything = await admin.get('/admin/subscribers?follow=everything');
    expect(everything.body).toContain('bea@example.net');
    expect(everything.body).not.toContain('ana@example.org');
    const status = await admin.get('/admin/subscribers?status=unsubscribed');
    expect(status.body).toContain('carl_x@example.org');
    expect(textOf(status.body)).toContain('1 subscribers match');
    const daily = await admin.get('/admin/subscribers?frequency=daily');
    expect(textOf(daily.body)).toContain('1 subscribers match');
    expect(daily.body).toContain('bea@example.net');
    // Contains, case-insensitively against the normalised address; LIKE's own characters are literal.
    const contains = await admin.get('/admin/subscribers?q=EXAMPLE.ORG');
    expect(textOf(contains.body)).toContain('2 subscribers match');
    const underscore = await admin.get('/admin/subscribers?q=_');
    expect(textOf(underscore.body)).toContain('1 subscribers match');
    expect(underscore.body).toContain('carl_x@example.org');
    const prefix = await admin.get('/admin/subscribers?q=b&match=prefix');
    expect(textOf(prefix.body)).toContain('1 subscribers match');
    // Nonsense in the address bar is "any", never an error.
    const nonsense = await admin.get('/admin/subscribers?status=nope&follow=country:x&after=-1&language=zz');
    expect(nonsense.statusCode).toBe(200);
    expect(textOf(nonsense.body)).toContain('3 subscribers match');
    // Nothing tracked is shown: there is nothing tracked.
    const headings = /<thead>(.*?)<\/thead>/.exec(all.body)?.[1] ?? '';
    expect(headings).toContain('Address');
    expect(headings).not.toMatch(/open|click|read/i);
  });

  it('pages through many subscribers, newest first, with the total on every page', async () => {
    for (let i = 1; i <= 120; i++)
      await insertSubscriber(t.db, clock, {
        email: `p${String(i).padStart(3, '0')}@example.org`,
        follows: [['country', mexico]],
      });
    const first = await admin.get('/admin/subscribers');
    expect(textOf(first.body)).toContain('120 subscribers match');
    expect(first.body.match(/href="\/admin\/subscribers\/\d+"/g)).toHaveLength(50);
    expect(first.body).toContain('p120@example.org');
    const next = /href="(\/admin\/subscribers\?after=\d+)"/.exec(first.body)?.[1] ?? '';
    expect(next).not.toBe('');
    const second = await admin.get(next.replaceAll('&amp;', '&'));
    expect(second.body).toContain('p070@example.org');
    expect(second.body).not.toContain('p071@example.org');
    const third = await admin.get(
      (/href="(\/admin\/subscribers\?after=\d+)"/.exec(second.body)?.[1] ?? '').replaceAll('&amp;', '&'),
    );
    expect(third.body.match(/href="\/admin\/subscribers\/\d+"/g)).toHaveLength(20);
    expect(third.body).toContain('p001@example.org');
    expect(third.body).not.toMatch(/after=\d+/);
    expect(textOf(third.body)).toContain('120 subscribers match');
    // The filters ride along with the pages.
    const filtered = await admin.get('/admin/subscribers?status=confirmed');
    expect(filtered.body).toMatch(/href="\/admin\/subscribers\?status=confirmed&amp;after=\d+"/);
  });
});

describe('a subscriber’s history', () => {
  it('shows details, follows, consent, alerts with their errors, digests and suppression', async () => {
    const id = await insertSubscriber(t.db, clock, {
      email: 'dana@example.org',
      follows: [['country', mexico]],
    });
    await t.db
      .insertInto('consent_wordings')
      .values({ hash: 'a'.repeat(64), language: 'en', text: 'I agree', created_at: clock.toISOString() })
      .execute();
    await t.db
      .insertInto('consent_events')
      .values({
        subscriber_id: id,
        kind: 'confirmed',
        occurred_at: clock.toISOString(),
        source_page: '/subscribe',
        source_form: 'subscribe-page',
        wording_hash: 'a'.repeat(64),
        token_hash: null,
        ip: null,
        details: null,
      })
      .execute();
    const article = await t.db.selectFrom('articles').select('id').executeTakeFirstOrThrow();
    const alert = await t.db
      .insertInto('alerts')
      .values({
        article_id: article.id,
        title: 'Journalist detained',
        summary: '',
        path: '/x',
        follows: '[]',
        published_at: clock.toISOString(),
        created_at: clock.toISOString(),
        fanned_out_at: clock.toISOString(),
        withdrawn_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('alert_deliveries')
      .values({
        alert_id: alert.id,
        subscriber_id: id,
        status: 'dead',
        attempts: 5,
        next_attempt_at: clock.toISOString(),
        claimed_until: null,
        sent_at: null,
        last_error: '550 mailbox unavailable',
      })
      .execute();
    await t.db
      .insertInto('digests')
      .values({
        subscriber_id: id,
        period: 'daily:2026-11-30',
        status: 'sent',
        claimed_until: null,
        sent_at: clock.toISOString(),
        created_at: clock.toISOString(),
      })
      .execute();
    let page = await campaigner.get(`/admin/subscribers/${id}`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('dana@example.org');
    expect(text).toContain('Mexico');
    expect(text).toContain('I agree');
    expect(text).toContain('Journalist detained');
    expect(text).toContain('550 mailbox unavailable');
    expect(text).toContain('daily:2026-11-30');
    expect(text).toContain('not on the suppression list');
    expect(page.body).toContain('/admin/subscribers/consent/export?email=dana%40example.org&amp;format=csv');
    await suppress(
      t.db,
      salt,
      { email: 'dana@example.org', reason: 'bounce', source: 'admin', note: '', at: clock },
      clock,
    );
    page = await campaigner.get(`/admin/subscribers/${id}`);
    expect(textOf(page.body)).toContain('is on the suppression list');
    expect((await admin.get('/admin/subscribers/999999')).statusCode).toBe(404);
    expect((await admin.get('/admin/subscribers/abc')).statusCode).toBe(404);
  });
});

describe('the export', () => {
  it('writes the consent columns, guards formulas, and is audited without addresses', async () => {
    const id = await insertSubscriber(t.db, clock, {
      email: 'eve@example.org',
      follows: [
        ['country', mexico],
        ['topic', topic.id],
      ],
    });
    await t.db
      .updateTable('subscribers')
      .set({ name: '=HYPERLINK("http://evil","x")' })
      .where('id', '=', id)
      .execute();
    await insertSubscriber(t.db, clock, {
      email: 'other@example.org',
      follows: [['everything', 0]],
      status: 'pending',
    });
    const res = await admin.get('/admin/subscribers/export?status=confirmed');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="subscribers-2026-12-01\.csv"$/,
    );
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"email","name","language","frequency","status","follows","created","confirmed","consent_event","consent_source","consent_date","consent_wording_hash","consent_wording"',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"eve@example.org"');
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(lines[1]).toContain(`"country:mexico topic:${topic.slug}"`);
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'subscriber.exported')
      .execute();
    expect(audit).toHaveLength(1);
    const entry = JSON.stringify(audit[0]);
    expect(entry).toContain('status=confirmed');
    expect(entry).not.toContain('@example.org');
  });

  it('exports what an import added with its consent, and can be imported again as it is', async () => {
    const preview = await upload(admin, `${HEADER}\r\n${row('fay@example.org')}\r\n`);
    await admin.post('/admin/subscribers/import/confirm', { id: importIdOf(preview.body) });
    const res = await admin.get('/admin/subscribers/export');
    const [header, line] = res.body.trimEnd().split('\r\n');
    expect(line).toContain('"imported","Petition, Mexico City, March 2024","2024-03-05T00:00:00.000Z"');
    expect(line).toContain(`"${WORDING}"`);
    await t.db.deleteFrom('subscribers').execute();
    const again = await upload(admin, `${header}\r\n${line}\r\n`);
    expect(textOf(again.body)).toContain('1 to add, 0 already on the list, 0 refused.');
  });

  it('streams a large list in batches', async () => {
    const values = Array.from({ length: 2500 }, (_, i) => ({
      email: `bulk${i}@example.org`,
      name: null,
      language: 'en',
      frequency: 'each' as const,
      status: 'confirmed' as const,
      created_at: clock.toISOString(),
      confirmed_at: clock.toISOString(),
      updated_at: clock.toISOString(),
    }));
    for (let i = 0; i < values.length; i += 500)
      await t.db
        .insertInto('subscribers')
        .values(values.slice(i, i + 500))
        .execute();
    const res = await admin.get('/admin/subscribers/export');
    const lines = res.body.trimEnd().split('\r\n');
    expect(lines).toHaveLength(2501);
    expect(new Set(lines).size).toBe(2501);
  });
});

describe('the import', () => {
  it('previews, then adds the good rows once, confirmed, with an imported consent event', async () => {
    const csv = [
      HEADER,
      row('New.Person@Example.org', `country:mexico topic:${topic.slug}`),
      row('daily@example.org', 'everything', { frequency: 'daily' }),
    ].join('\r\n');
    const preview = await upload(admin, csv);
    expect(preview.statusCode).toBe(200);
    expect(textOf(preview.body)).toContain('2 to add, 0 already on the list, 0 refused.');
    // A preview writes no subscriber.
    expect(await t.db.selectFrom('subscribers').selectAll().execute()).toHaveLength(0);
    const id = importIdOf(preview.body);
    const done = await admin.post('/admin/subscribers/import/confirm', { id });
    expect(done.statusCode).toBe(200);
    expect(textOf(done.body)).toContain('Imported: 2 added, 0 skipped, 0 refused.');
    const added = await t.db.selectFrom('subscribers').selectAll().orderBy('email').execute();
    expect(added.map((s) => [s.email, s.status, s.frequency])).toEqual([
      ['daily@example.org', 'confirmed', 'daily'],
      ['new.person@example.org', 'confirmed', 'each'],
    ]);
    const follows = await t.db
      .selectFrom('subscriber_follows')
      .select(['kind', 'target_id'])
      .where('subscriber_id', '=', (added[1] as { id: number }).id)
      .orderBy('kind')
      .execute();
    expect(follows).toEqual([
      { kind: 'country', target_id: mexico },
      { kind: 'topic', target_id: topic.id },
    ]);
    const events = await t.db.selectFrom('consent_events').selectAll().execute();
    expect(events.map((e) => e.kind)).toEqual(['imported', 'imported']);
    expect(events[0]?.source_page).toBe('Petition, Mexico City, March 2024');
    // The wording is stored once, by its hash.
    const wordings = await t.db
      .selectFrom('consent_wordings')
      .selectAll()
      .where('text', '=', WORDING)
      .execute();
    expect(wordings).toHaveLength(1);
    expect(events.every((e) => e.wording_hash === wordings[0]?.hash)).toBe(true);
    // Pressed again: nobody is added twice.
    const again = await admin.post('/admin/subscribers/import/confirm', { id });
    expect(textOf(again.body)).toContain('already imported');
    expect(await t.db.selectFrom('subscribers').selectAll().execute()).toHaveLength(2);
    // The file's addresses are not kept; the audit has counts only.
    const stored = await t.db.selectFrom('subscriber_imports').selectAll().executeTakeFirstOrThrow();
    expect(stored.content).toBe('');
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'subscriber.imported')
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit[0])).not.toContain('example.org');
    expect(audit[0]?.message).toContain('"added":2');
  });

  it('refuses rows without consent, suppressed, malformed or with unknown follows, and skips duplicates', async () => {
    await insertSubscriber(t.db, clock, { email: 'exists@example.org', follows: [['everything', 0]] });
    await suppress(
      t.db,
      salt,
      { email: 'bounced@example.org', reason: 'bounce', source: 'webhook', note: '', at: clock },
      clock,
    );
    await suppress(
      t.db,
      salt,
      { email: 'left@example.org', reason: 'unsubscribed', source: 'link', note: '', at: clock },
      clock,
    );
    await suppress(
      t.db,
      salt,
      { email: 'erased@example.org', reason: 'erased', source: 'erasure', note: '', at: clock },
      clock,
    );
    const csv = [
      HEADER,
      row('good@example.org'), // 2
      row('nosource@example.org', 'country:mexico', { source: '' }), // 3
      row('nodate@example.org', 'country:mexico', { date: '' }), // 4
      row('nowording@example.org', 'country:mexico', { wording: '' }), // 5
      row('bounced@example.org'), // 6
      row('left@example.org'), // 7
      row('erased@example.org'), // 8
      row('exists@example.org'), // 9
      row('good@example.org'), // 10
      row('unknown@example.org', 'country:atlantis'), // 11
      row('not an address'), // 12
      row('evil@example.org\r\nBcc: all@example.org'), // 13
      row(`${'a'.repeat(250)}@example.org`), // 14
      row('future@example.org', 'country:mexico', { date: '2099-01-01' }), // 15
      row('nofollow@example.org', ''), // 16
    ].join('\r\n');
    const preview = await upload(admin, csv);
    expect(preview.statusCode).toBe(200);
    const text = textOf(preview.body);
    expect(text).toContain('1 to add, 2 already on the list, 12 refused.');
    expect(text).toMatch(/ 3 nosource@example\.org No consent_source/);
    expect(text).toMatch(/ 4 nodate@example\.org No consent_date/);
    expect(text).toMatch(/ 5 nowording@example\.org No consent_wording/);
    expect(text).toMatch(/ 6 bounced@example\.org The address is on the suppression list/);
    expect(text).toMatch(/ 7 left@example\.org The address is on the suppression list/);
    expect(text).toMatch(/ 8 erased@example\.org The address is on the suppression list/);
    expect(text).toMatch(/ 9 exists@example\.org Already a subscriber/);
    expect(text).toMatch(/ 10 good@example\.org The same address is in row 2/);
    expect(text).toMatch(/ 11 unknown@example\.org Unknown follow: country:atlantis/);
    expect(text).toMatch(/ 12 not an address Not a valid email address/);
    expect(text).toMatch(/ 13 evil@example\.org\s+Bcc: all@example\.org Not a valid email address/);
    expect(text).toMatch(/ 14 a+@exa Not a valid email address/);
    expect(text).toMatch(/ 15 future@example\.org consent_date is not a date/);
    expect(text).toMatch(/ 16 nofollow@example\.org No follows/);
    const done = await admin.post('/admin/subscribers/import/confirm', { id: importIdOf(preview.body) });
    expect(textOf(done.body)).toContain('Imported: 1 added, 2 skipped, 12 refused.');
    const emails = (await t.db.selectFrom('subscribers').select('email').orderBy('email').execute()).map(
      (r) => r.email,
    );
    expect(emails).toEqual(['exists@example.org', 'good@example.org']);
  });

  it('adds nobody twice when the button is pressed twice at once', async () => {
    const preview = await upload(
      admin,
      `${HEADER}\r\n${row('twice@example.org')}\r\n${row('also@example.org')}`,
    );
    const id = importIdOf(preview.body);
    const answers = await Promise.all([
      admin.post('/admin/subscribers/import/confirm', { id }),
      admin.post('/admin/subscribers/import/confirm', { id }),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(answers.filter((a) => textOf(a.body).includes('already imported'))).toHaveLength(1);
    expect(await t.db.selectFrom('subscribers').selectAll().execute()).toHaveLength(2);
    expect(await t.db.selectFrom('consent_events').selectAll().execute()).toHaveLength(2);
  });

  it('checks again at confirmation: an address suppressed since the preview is refused', async () => {
    const preview = await upload(
      admin,
      `${HEADER}\r\n${row('late@example.org')}\r\n${row('fine@example.org')}`,
    );
    await suppress(
      t.db,
      salt,
      { email: 'late@example.org', reason: 'complaint', source: 'webhook', note: '', at: clock },
      clock,
    );
    const done = await admin.post('/admin/subscribers/import/confirm', { id: importIdOf(preview.body) });
    expect(textOf(done.body)).toContain('Imported: 1 added, 0 skipped, 1 refused.');
  });

  it('refuses a preview over an hour old, or someone else’s', async () => {
    const preview = await upload(admin, `${HEADER}\r\n${row('slow@example.org')}`);
    const id = importIdOf(preview.body);
    await makeUser(t.db, 'admin', 'second@candle.test').catch(() => undefined);
    const second = await logIn(t.app, 'second@candle.test');
    expect((await second.post('/admin/subscribers/import/confirm', { id })).statusCode).toBe(410);
    clock = new Date(clock.getTime() + 61 * 60_000);
    expect((await admin.post('/admin/subscribers/import/confirm', { id })).statusCode).toBe(410);
    expect(await t.db.selectFrom('subscribers').selectAll().execute()).toHaveLength(0);
    expect((await admin.post('/admin/subscribers/import/confirm', { id: 'x' })).statusCode).toBe(400);
    // The hourly sweep deletes the preview and the addresses it held.
    await forgetOldImports(t.db, clock);
    expect(await t.db.selectFrom('subscriber_imports').selectAll().execute()).toHaveLength(0);
  });

  it('refuses a malformed file with a clear message, never a 500', async () => {
    const cases: Array<[string | Buffer, RegExp]> = [
      [Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0xff]), /not a CSV text file/],
      ['name,email\r\nAna,ana@example.org', /Missing: consent_source, consent_date, consent_wording/],
      [`${HEADER},email\r\n`, /named twice: email/],
      [HEADER, /no subscribers/],
      // An empty file is no file, as a browser sends it.
      ['', /Choose a CSV file/],
      [`${HEADER}\r\n"unclosed,x`, /quote is misplaced in row 2/],
      [`${HEADER}\r\na"b@example.org,x`, /quote is misplaced in row 2/],
      [`${HEADER}\r\n${'x@example.org\r\n'.repeat(MAX_IMPORT_ROWS + 1)}`, /more than 50,000 rows/],
    ];
    for (const [csv, message] of cases) {
      const res = await upload(admin, csv);
      expect(res.statusCode, String(message)).toBe(400);
      expect(textOf(res.body)).toMatch(message);
      expect(res.body).toContain('aria-invalid="true"');
    }
    const tooLarge = await upload(admin, Buffer.alloc(10 * 1024 * 1024 + 1, 'a'));
    expect(tooLarge.statusCode).toBe(400);
    expect(textOf(tooLarge.body)).toContain('larger than 10 MB');
    const noFile = await uploadAs(t.app, admin, '/admin/subscribers/import', {});
    expect(noFile.statusCode).toBe(400);
    expect(textOf(noFile.body)).toContain('Choose a CSV file');
    expect(await t.db.selectFrom('subscriber_imports').selectAll().execute()).toHaveLength(0);
  });
});

describe('who may do what', () => {
  it('lets a campaigner see and export but not import; editors and authors see nothing', async () => {
    const id = await insertSubscriber(t.db, clock, {
      email: 'gus@example.org',
      follows: [['everything', 0]],
    });
    expect((await campaigner.get('/admin/subscribers')).statusCode).toBe(200);
    expect((await campaigner.get('/admin/subscribers')).body).not.toContain('/admin/subscribers/import');
    expect((await admin.get('/admin/subscribers')).body).toContain('/admin/subscribers/import');
    expect((await campaigner.get(`/admin/subscribers/${id}`)).statusCode).toBe(200);
    expect((await campaigner.get('/admin/subscribers/export')).statusCode).toBe(200);
    expect((await campaigner.get('/admin/subscribers/import')).statusCode).toBe(403);
    expect((await upload(campaigner, `${HEADER}\r\n${row('x@example.org')}`)).statusCode).toBe(403);
    expect((await campaigner.post('/admin/subscribers/import/confirm', { id: '1' })).statusCode).toBe(403);
    for (const session of [editor, author]) {
      for (const url of [
        '/admin/subscribers',
        `/admin/subscribers/${id}`,
        '/admin/subscribers/export',
        '/admin/subscribers/import',
      ])
        expect((await session.get(url)).statusCode, url).toBe(403);
      expect((await upload(session, `${HEADER}\r\n${row('x@example.org')}`)).statusCode).toBe(403);
    }
    expect(await t.db.selectFrom('subscribers').selectAll().execute()).toHaveLength(1);
    // The menu shows the list before the consent records.
    const menu = (await campaigner.get('/admin')).body;
    expect(menu.indexOf('href="/admin/subscribers"')).toBeGreaterThan(-1);
    expect(menu.indexOf('href="/admin/subscribers"')).toBeLessThan(
      menu.indexOf('href="/admin/subscribers/consent"'),
    );
  });
});
