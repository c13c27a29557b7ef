import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { deleteArticle } from '../support/content.js';

/**
 * Urgent actions (issue 13, first increment) through the app: numbers per year from a counter that
 * never gives one twice, the series and its order, status from events and the deadline, the
 * targets directory and its checks, who may change them, the article page, and its purges.
 */

let t: TestApp;
let clock = new Date('2026-03-02T09:00:00Z');
let campaigner: Session;
let author: Session;
let editor: Session;
let mexicoId: string;
let caseId: number;
let governorId: number;

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  await makeUser(t.db, 'campaigner');
  await makeUser(t.db, 'author');
  await makeUser(t.db, 'editor');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  author = await logIn(t.app, 'author@candle.test');
  editor = await logIn(t.app, 'editor@candle.test');
  mexicoId = String(
    (await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow())
      .id,
  );
  caseId = (
    await t.db
      .selectFrom('cases')
      .select('id')
      .where('slug', '=', 'adrian-vasquez-lagunes')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });
const idFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);
const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

const TARGET = {
  honorific: 'Lic.',
  name: 'Marina Ortega Ruiz',
  title: 'Governor of Tamaulipas',
  body: 'Government of the State of Tamaulipas',
  country_code: 'mx',
  state: 'Tamaulipas',
  postal_address: 'Palacio de Gobierno, Ciudad Victoria, Tamaulipas, México',
  email: 'gobernadora@tamaulipas.example.org',
  phone: '+52 834 000 0000',
  social: '@GobTamaulipasDemo',
  salutation: 'Estimada Gobernadora',
  language: 'es',
  time_zone: 'America/Monterrey',
  office_hours: 'Mon-Fri 09:00-17:00\nSat 10:00-13:00',
};

/** Creates an urgent-action article as a draft; returns its id. */
async function draft(slug: string, title = `Act now: ${slug}`): Promise<number> {
  const res = await campaigner.post('/admin/articles/new', {
    title,
    type: 'urgent-action',
    slug,
    summary: 'A defender is at risk.',
    body: 'Write to the Governor.',
    countries: [mexicoId],
    version: '0',
    action: 'save',
  });
  expect(res.statusCode, res.body).toBe(303);
  return idFrom(res.headers.location);
}

async function publish(id: number, slug: string, title = `Act now: ${slug}`) {
  const form = await campaigner.get(`/admin/articles/${id}`);
  const res = await campaigner.post(`/admin/articles/${id}`, {
    title,
    type: 'urgent-action',
    slug,
    summary: 'A defender is at risk.',
    body: 'Write to the Governor.',
    countries: [mexicoId],
    version: versionOf(form.body),
    action: 'publish',
  });
  expect(res.statusCode, res.body).toBe(303);
}

async function details(id: number, fields: Record<string, string | string[]> = {}) {
  return campaigner.post(`/admin/actions/${id}`, {
    follows_id: '',
    document_index: 'AMR 41/0001/2026',
    issued_on: '2026-03-02',
    act_before: '2026-04-13',
    languages: 'Spanish, English',
    asks: 'Release her at once\nProtect her family',
    background: 'She was detained on **1 March**.',
    person_name: ['Adrián Vásquez Lagunes', ''],
    person_pronouns: ['he/him', ''],
    person_case: [String(caseId), ''],
    [`role_${governorId}`]: 'target',
    goal: '0',
    hourly_cap: '20',
    ...fields,
  });
}

const numberOf = (id: number) =>
  t.db
    .selectFrom('urgent_actions')
    .select(['year', 'number', 'update_ordinal', 'series_id'])
    .where('article_id', '=', id)
    .executeTakeFirstOrThrow();

describe(`urgent actions on ${dialectUnderTest}`, () => {
  it('shows the demo’s urgent actions: a numbered one, its update, one past its date, one closed', async () => {
    const first = await get('/articles/mexico-adrian-vasquez-covid-19-reparation');
    expect(first.body).toContain('Urgent action UA 87/20');
    expect(first.body).toContain('Jaime Bonilla Valdez');
    // An official's salutation is in their language, marked as such (issue 15).
    expect(first.body).toContain('Salutation: <span lang="es">Señor Gobernador</span>');
    // So are the directory's words for the office: its name, title and address.
    expect(first.body).toContain(
      '<p lang="es"><strong>Ing. Jaime Bonilla Valdez</strong>, Gobernador Constitucional del Estado de Baja California',
    );
    expect(first.body).toContain('<dd class="ua__address" lang="es">Edificio del Poder Ejecutivo');
    expect(first.body).toContain('Send copies to');
    expect(first.body).toContain('href="/articles/mexico-adrian-vasquez-further-information"');
    const update = await get('/articles/mexico-adrian-vasquez-further-information');
    expect(update.body).toContain('Further information on UA 87/20');
    expect(update.body).toContain('1st update');
    // Loaded on 2020-07-01, the demo's update stays open for 60 days after.
    expect(update.body).toContain('<time datetime="2020-08-30">');
    expect((await get('/articles/philippines-joy-dalisay-journalist-shot-at')).body).toContain(
      'No longer open: its date to act has passed.',
    );
    const closed = await get('/articles/kenya-nasieku-lemayian-arrested');
    expect(closed.body).toContain('Why it was closed: The court adjourned the case');
    const counter = await t.db
      .selectFrom('ua_numbers')
      .selectAll()
      .where('year', '=', 2020)
      .executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(87);
  });

  it('keeps targets in a directory, checked at the edge with messages beside the fields', async () => {
    const bad = await campaigner.post('/admin/targets/new', {
      ...TARGET,
      name: '',
      country_code: 'Mexico',
      email: 'not an address',
      phone: 'call me',
      language: 'Spanish',
      time_zone: 'Mars/Olympus_Mons',
      office_hours: 'Mon-Fri 17:00-09:00',
    });
    expect(bad.statusCode).toBe(400);
    for (const message of [
      'Enter the target’s name',
      'Enter a two-letter country code',
      'Enter an email address',
      'Enter a phone number',
      'Enter a language code',
      'Enter a time zone this server knows',
      'Line 1: write a day or days and a time range that ends after it starts',
    ]) {
      expect(bad.body).toContain(message);
    }
    // What was typed comes back.
    expect(bad.body).toContain('Mars/Olympus_Mons');

    const overlap = await campaigner.post('/admin/targets/new', {
      ...TARGET,
      office_hours: 'Mon-Fri 09:00-17:00\nWed 16:00-18:00',
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.body).toContain('Line 2');

    const created = await campaigner.post('/admin/targets/new', TARGET);
    expect(created.statusCode).toBe(303);
    const row = await t.db
      .selectFrom('ua_targets')
      .selectAll()
      .where('name', '=', TARGET.name)
      .executeTakeFirstOrThrow();
    governorId = row.id;
    expect(row.country_code).toBe('MX');
    expect(row.time_zone).toBe('America/Monterrey');
    const list = await campaigner.get('/admin/targets');
    expect(list.body).toContain('Marina Ortega Ruiz');
  });

  it('lets campaigners and administrators change urgent actions and targets, not authors or editors', async () => {
    const id = await draft('permissions-check');
    for (const session of [author, editor]) {
      expect((await session.get('/admin/actions')).statusCode).toBe(403);
      expect((await session.get(`/admin/actions/${id}`)).statusCode).toBe(403);
      expect((await session.get('/admin/targets')).statusCode).toBe(403);
      expect((await session.post('/admin/targets/new', TARGET)).statusCode).toBe(403);
      expect((await session.post(`/admin/actions/${id}`, {})).statusCode).toBe(403);
    }
    expect((await campaigner.get(`/admin/actions/${id}`)).statusCode).toBe(200);
    // No CSRF token, no change.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/admin/targets/new',
      headers: { cookie: campaigner.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...TARGET, name: 'Forged' }).toString(),
    });
    expect(forged.statusCode).toBe(403);
    expect(
      await t.db.selectFrom('ua_targets').select('id').where('name', '=', 'Forged').executeTakeFirst(),
    ).toBeUndefined();
    // The editor links to the details page.
    expect((await campaigner.get(`/admin/articles/${id}`)).body).toContain(`/admin/actions/${id}`);
  });

  let first: number;
  let update: number;

  it('numbers an urgent action on first publication and shows its details on its page', async () => {
    first = await draft('tamaulipas-defender');
    const bad = await details(first, { act_before: '2026-02-30', asks: 'x'.repeat(301) });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a real date as YYYY-MM-DD.');
    expect(bad.body).toContain('At most 10 requests');
    const order = await details(first, { act_before: '2026-03-01' });
    expect(order.body).toContain('The date to act before must come after the date issued.');

    expect((await details(first)).statusCode).toBe(303);
    expect((await numberOf(first)).number).toBeNull();
    const audit = await t.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', String(first))
      .where('action', '=', 'urgent-action.details')
      .executeTakeFirst();
    expect(audit).toBeDefined();

    await publish(first, 'tamaulipas-defender');
    expect(await numberOf(first)).toEqual({ year: 2026, number: 1, update_ordinal: 0, series_id: first });
    const page = await get('/articles/tamaulipas-defender');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Urgent action UA 1/26');
    expect(page.body).toContain('Open: please act now');
    expect(page.body).toContain('<time datetime="2026-04-13">');
    expect(page.body).toContain('AMR 41/0001/2026');
    expect(page.body).toMatch(
      /href="\/cases\/adrian-vasquez-lagunes">Adrián Vásquez Lagunes<\/a> \(he\/him\)/,
    );
    expect(page.body).toContain('Release her at once');
    expect(page.body).toContain('Marina Ortega Ruiz');
    expect(page.body).toContain('Governor of Tamaulipas');
    // An official's office details are shown: they are how supporters reach the office.
    expect(page.body).toContain('href="tel:+528340000000"');
    expect(page.body).toContain('mailto:gobernadora@tamaulipas.example.org');
    expect(page.body).toContain('<strong>1 March</strong>');
    // The article's reference (listings, search) is the number.
    const article = await t.db
      .selectFrom('articles')
      .select('reference')
      .where('id', '=', first)
      .executeTakeFirstOrThrow();
    expect(article.reference).toBe('UA 1/26');
  });

  it('gives an update the series’ number and the next ordinal, and lists the series latest first', async () => {
    update = await draft('tamaulipas-defender-update', 'Defender moved to hospital');
    const refused = await details(update, { follows_id: String(update) });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose an urgent action that has a number');
    expect((await details(update, { follows_id: String(first), act_before: '2026-05-01' })).statusCode).toBe(
      303,
    );
    await get('/articles/tamaulipas-defender');
    await publish(update, 'tamaulipas-defender-update', 'Defender moved to hospital');
    expect(await numberOf(update)).toEqual({ year: 2026, number: 1, update_ordinal: 1, series_id: first });

    const page = await get('/articles/tamaulipas-defender-update');
    expect(page.body).toContain('Further information on UA 1/26');
    expect(page.body).toContain('1st update');
    // The first's page was purged by the update's publication, and now lists it first.
    const root = await get('/articles/tamaulipas-defender');
    expect(root.headers['x-cache']).toBe('MISS');
    expect(root.body).toContain('Open, with further information');
    const series = root.body.slice(root.body.indexOf('ua-series-heading'));
    expect(series.indexOf('Defender moved to hospital')).toBeLessThan(
      series.indexOf('Act now: tamaulipas-defender'),
    );
    const events = await t.db
      .selectFrom('ua_events')
      .select(['kind', 'related_article_id'])
      .where('article_id', '=', first)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { kind: 'opened', related_article_id: null },
      { kind: 'updated', related_article_id: update },
    ]);
  });

  it('never gives a number twice: not after a deletion, and afresh each year', async () => {
    const gone = await draft('to-be-deleted');
    await publish(gone, 'to-be-deleted');
    expect((await numberOf(gone)).number).toBe(2);
    await deleteArticle(t.db, gone);
    const next = await draft('after-deletion');
    await publish(next, 'after-deletion');
    expect((await numberOf(next)).number).toBe(3);

    clock = new Date('2027-01-04T10:00:00Z');
    // A session does not last a year.
    campaigner = await logIn(t.app, 'campaigner@candle.test');
    const nextYear = await draft('new-year');
    await publish(nextYear, 'new-year');
    expect(await numberOf(nextYear)).toMatchObject({ year: 2027, number: 1 });
    expect((await get('/articles/new-year')).body).toContain('UA 1/27');
    clock = new Date('2026-03-03T09:00:00Z');
    campaigner = await logIn(t.app, 'campaigner@candle.test');
  });

  it('gives urgent actions published at the same moment different numbers', async () => {
    const slugs = ['together-1', 'together-2', 'together-3', 'together-4'];
    const ids = await Promise.all(slugs.map((slug) => draft(slug)));
    await Promise.all(ids.map((id, i) => publish(id, slugs[i]!)));
    const numbers = await Promise.all(ids.map(async (id) => (await numberOf(id)).number));
    expect(new Set(numbers).size).toBe(4);
    expect([...numbers].sort((a, b) => a! - b!)).toEqual([4, 5, 6, 7]);
  });

  it('follows explicit events: closed, then success; nothing after success', async () => {
    const before = await get('/articles/tamaulipas-defender');
    expect(before.body).not.toContain('no longer open');
    const closed = await campaigner.post(`/admin/actions/${first}/events`, {
      kind: 'closed',
      note: 'The authorities replied.',
    });
    expect(closed.statusCode).toBe(303);
    const page = await get('/articles/tamaulipas-defender');
    expect(page.headers['x-cache']).toBe('MISS');
    expect(page.body).toContain('This urgent action is no longer open.');
    expect(page.body).toContain('Why it was closed: The authorities replied.');
    // It says what happened since, linking the latest update of its series.
    expect(page.body).toContain(
      'href="/articles/tamaulipas-defender-update">What happened since: Defender moved to hospital',
    );

    const again = await campaigner.post(`/admin/actions/${first}/events`, { kind: 'closed', note: '' });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('That change is not possible from its present status.');
    const success = await campaigner.post(`/admin/actions/${first}/events`, {
      kind: 'success',
      note: 'She was released.',
    });
    expect(success.statusCode).toBe(303);
    expect((await get('/articles/tamaulipas-defender')).body).toContain('Good news: She was released.');
    const final = await campaigner.post(`/admin/actions/${first}/events`, { kind: 'closed', note: '' });
    expect(final.statusCode).toBe(400);
    const unknown = await campaigner.post(`/admin/actions/${first}/events`, { kind: 'reopened', note: '' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Choose a change.');
  });

  it('is no longer open past its date, and the page is purged when that day begins', async () => {
    const open = await get('/articles/tamaulipas-defender-update');
    expect(open.body).toContain('Open: please act now');
    expect((await get('/articles/tamaulipas-defender-update')).headers['x-cache']).toBe('HIT');
    clock = new Date('2026-05-01T00:00:01Z');
    await t.worker.runDue();
    const past = await get('/articles/tamaulipas-defender-update');
    expect(past.headers['x-cache']).toBe('MISS');
    expect(past.body).toContain('No longer open: its date to act has passed.');
    expect(past.body).toContain('We will publish any further information here.');
    campaigner = await logIn(t.app, 'campaigner@candle.test');
  });

  it('purges the series’ pages when an urgent action’s details change', async () => {
    await get('/articles/tamaulipas-defender');
    await get('/articles/tamaulipas-defender-update');
    expect((await get('/articles/tamaulipas-defender-update')).headers['x-cache']).toBe('HIT');
    expect((await details(first, { asks: 'Release her at once\nLet her see a doctor' })).statusCode).toBe(
      303,
    );
    const page = await get('/articles/tamaulipas-defender');
    expect(page.headers['x-cache']).toBe('MISS');
    expect(page.body).toContain('Let her see a doctor');
    // Its update lists it, so it is purged too.
    expect((await get('/articles/tamaulipas-defender-update')).headers['x-cache']).toBe('MISS');
    // The series cannot be changed once numbered: the number was given for it.
    expect((await details(update, { follows_id: '' })).statusCode).toBe(303);
    expect((await numberOf(update)).series_id).toBe(first);
  });

  it('purges the pages naming a target when the target changes', async () => {
    await get('/articles/tamaulipas-defender');
    expect((await get('/articles/tamaulipas-defender')).headers['x-cache']).toBe('HIT');
    const changed = await campaigner.post(`/admin/targets/${governorId}`, {
      ...TARGET,
      title: 'Constitutional Governor of Tamaulipas',
    });
    expect(changed.statusCode).toBe(303);
    const page = await get('/articles/tamaulipas-defender');
    expect(page.headers['x-cache']).toBe('MISS');
    expect(page.body).toContain('Constitutional Governor of Tamaulipas');
    const keys = await t.db
      .selectFrom('cache_purges')
      .select('keys')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(keys.keys.split(' ')).toContain(`ua-target:${governorId}`);
  });

  it('lists urgent actions for campaigners, and refuses details for other articles', async () => {
    const list = await campaigner.get('/admin/actions');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('UA 1/26');
    const news = await t.db
      .selectFrom('articles')
      .select('id')
      .where('type', '=', 'news')
      .executeTakeFirstOrThrow();
    const refused = await campaigner.get(`/admin/actions/${news.id}`);
    expect(refused.statusCode).toBe(409);
    expect((await campaigner.get('/admin/actions/999999')).statusCode).toBe(404);
    expect((await campaigner.get('/admin/targets/999999')).statusCode).toBe(404);
  });

  it('gives a translation its original’s reference, and no number, series or event of its own', async () => {
    const original = await draft('translated-original');
    await publish(original, 'translated-original');
    const { number } = await numberOf(original);
    const asked = await campaigner.post(`/admin/articles/${original}/translate`, { to: 'fr' });
    expect(asked.statusCode, asked.body).toBe(303);
    const french = idFrom(asked.headers.location);
    const form = await campaigner.get(`/admin/articles/${french}`);
    const published = await campaigner.post(`/admin/articles/${french}`, {
      title: 'Agissez : original traduit',
      type: 'urgent-action',
      language: 'fr',
      slug: 'original-traduit',
      summary: 'Un défenseur est en danger.',
      body: 'Écrivez à la gouverneure.',
      countries: [mexicoId],
      version: versionOf(form.body),
      action: 'publish',
    });
    expect(published.statusCode, published.body).toBe(303);
    const reference = await t.db
      .selectFrom('articles')
      .select(['id', 'reference'])
      .where('id', 'in', [original, french])
      .orderBy('id')
      .execute();
    expect(reference.map((r) => r.reference)).toEqual([`UA ${number}/26`, `UA ${number}/26`]);
    expect(
      await t.db.selectFrom('urgent_actions').select('article_id').where('article_id', '=', french).execute(),
    ).toEqual([]);
    expect(
      await t.db.selectFrom('ua_events').select('id').where('article_id', '=', french).execute(),
    ).toEqual([]);
    // The next urgent action takes the next number: the translation spent none.
    const next = await draft('after-a-translation');
    await publish(next, 'after-a-translation');
    expect((await numberOf(next)).number).toBe(number! + 1);
  });
});
