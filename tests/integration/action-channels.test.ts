import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody, logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { pdfInfo, pdfText } from '../support/pdf.js';

/**
 * The letter, post and call channels (issue 13) through the app, on the demo: the sample letters,
 * goal and cap in the editor (checked, audited, the page purged), the printable letter read back
 * from its PDF (accents, address, salutation, the supporter's name, the postage hint), refusals
 * for unknown targets and actions no longer open, and the Mastodon server a supporter names.
 */

let t: TestApp;
// The demo is loaded as of 2020-07-01: its UA 87/20 update is open for 60 days from then.
const clock = new Date('2020-07-02T17:00:00Z');
let campaigner: Session;
let author: Session;
let updateId: number;
let firstId: number;
let pastId: number;
let kenyaId: number;
let successId: number;
let governorId: number;
let ambassadorId: number;
let kenyaTargetId: number;

const UPDATE = '/articles/mexico-adrian-vasquez-further-information';

async function articleId(slug: string): Promise<number> {
  const row = await t.db
    .selectFrom('articles')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function targetId(name: string): Promise<number> {
  const row = await t.db
    .selectFrom('ua_targets')
    .select('id')
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  await makeUser(t.db, 'campaigner');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
  await makeUser(t.db, 'author');
  author = await logIn(t.app, 'author@candle.test');
  updateId = await articleId('mexico-adrian-vasquez-further-information');
  firstId = await articleId('mexico-adrian-vasquez-covid-19-reparation');
  pastId = await articleId('philippines-joy-dalisay-journalist-shot-at');
  kenyaId = await articleId('kenya-nasieku-lemayian-arrested');
  successId = await articleId('mexico-adelaida-protection-withdrawn');
  governorId = await targetId('Jaime Bonilla Valdez');
  ambassadorId = await targetId('Embajador de México');
  kenyaTargetId = await targetId('Director of Public Prosecutions');
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string) => t.app.inject({ method: 'GET', url });
const post = (url: string, form: Record<string, string | string[]>) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: formBody(form),
  });

const LETTER = { name: 'Zoë Lefèvre-Müller', city: 'Montréal', country: 'Canada' };

describe(`the letter, post and call channels on ${dialectUnderTest}`, () => {
  it('shows the three channels on an open urgent action, and none on one no longer open', async () => {
    const page = await get(UPDATE);
    expect(page.statusCode).toBe(200);
    const html = page.body;
    // The letter: a form to the PDF, both officials with a postal address, the postage hints.
    expect(html).toContain(`action="/actions/${updateId}/letter"`);
    expect(html).toContain(`name="target" value="${governorId}"`);
    expect(html).toContain(`name="target" value="${ambassadorId}"`);
    expect(html).toContain('an international letter (up to 30 g) costs about $3.99 from Canada');
    expect(html).toContain('a standard letter (up to 30 g) within Canada costs about $1.44');
    expect(html).toContain('Reparación integral para Adrián Vásquez Lagunes');
    expect(html).toContain('Translation, in English');
    // The post: the governor's handle in the text, plain links, the Mastodon form.
    expect(html).toContain('https://x.com/intent/post?text=%40GobiernoBC_demo%20Please%20act%20for%20Adri');
    expect(html).toContain('https://bsky.app/intent/compose?text=Please%20act%20for');
    expect(html).toContain(
      encodeURIComponent('http://candle.test/articles/mexico-adrian-vasquez-further-information'),
    );
    expect(html).toContain(`action="/actions/${updateId}/mastodon"`);
    // The call: the number as a tel: link, the script, office hours in Tijuana's time and in UTC.
    expect(html).toContain('href="tel:+526860000000"');
    // The official is greeted and named in their office's language, marked as such (issue 15).
    expect(html).toContain('Good morning, <span lang="es">Señor Gobernador</span>.');
    expect(html).toContain(
      'Call <span lang="es">Ing. Jaime Bonilla Valdez, Gobernador Constitucional del Estado de Baja California</span>',
    );
    expect(html).toContain('I am calling about Adrián Vásquez Lagunes, urgent action UA 87/20.');
    expect(html).toContain('Set a date this year to deliver the full reparation');
    expect(html).toContain('Office hours, their time (America/Tijuana)');
    expect(html).toContain('<li>Mon–Fri 09:00–15:00</li>');
    // Tijuana is seven hours behind UTC in July.
    expect(html).toContain('<li>Mon–Fri 16:00–22:00</li>');
    expect(html).toContain('data-week-ranges="960-1320,2400-2760,3840-4200,5280-5640,6720-7080"');
    // No third-party script, whatever the channels link to.
    expect(html).not.toMatch(/<script[^>]+src="https?:/);

    for (const slug of [
      'philippines-joy-dalisay-journalist-shot-at',
      'kenya-nasieku-lemayian-arrested',
      'mexico-adelaida-protection-withdrawn',
    ]) {
      const ended = await get(`/articles/${slug}`);
      expect(ended.statusCode).toBe(200);
      expect(ended.body).toContain('This urgent action is no longer open.');
      expect(ended.body).not.toContain('/letter"');
      expect(ended.body).not.toContain('/mastodon"');
      expect(ended.body).not.toContain('Post on Bluesky');
      expect(ended.body).not.toContain('Call the office');
    }
    const success = await get('/articles/mexico-adelaida-protection-withdrawn');
    expect(success.body).toContain('Urgent action UA 58/20');
    expect(success.body).toContain('Good news: In May the Protection Mechanism restored');
  });

  it('prints the letter in the official’s language, addressed, dated and signed, with the postage hint', async () => {
    const res = await post(`/actions/${updateId}/letter`, { target: String(governorId), ...LETTER });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="letter-ua-87-20-jaime-bonilla-valdez.pdf"',
    );
    const text = await pdfText(res.rawPayload);
    expect(text).toContain('2 de julio de 2020');
    expect(text).toContain('Ing. Jaime Bonilla Valdez');
    expect(text).toContain('Edificio del Poder Ejecutivo, Calzada Independencia 994');
    expect(text).toContain('Centro Cívico, 21000 Mexicali, B.C.');
    expect(text).toContain('Reparación integral para Adrián Vásquez Lagunes');
    expect(text).toContain('Señor Gobernador:');
    expect(text).toContain('Atentamente,');
    expect(text).toContain('Zoë Lefèvre-Müller');
    expect(text).toContain('Montréal, Canada');
    expect(text).toContain('an international letter (up to 30 g) costs about $3.99 from Canada');
    expect(text).not.toContain('I am writing to you respectfully');
    expect((await pdfInfo(res.rawPayload)).Title).toBe('Reparación integral para Adrián Vásquez Lagunes');

    // The copy to the embassy in Ottawa: its own address, the domestic hint; nothing stored.
    const copy = await post(`/actions/${updateId}/letter`, { target: String(ambassadorId), name: 'Ana' });
    expect(copy.statusCode).toBe(200);
    const copyText = await pdfText(copy.rawPayload);
    expect(copyText).toContain('Ottawa, ON K1P 1A4');
    expect(copyText).toContain('Excelentísimo Señor Embajador:');
    expect(copyText).toContain('within Canada costs about $1.44');
    const stored = await t.db.selectFrom('ua_supporters').select('id').execute();
    expect(stored).toEqual([]);
  });

  it('refuses a letter without a name, or with a line break in it, and keeps what was typed', async () => {
    const empty = await post(`/actions/${updateId}/letter`, {
      target: String(governorId),
      name: ' ',
      city: 'Québec',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.headers['content-type']).toContain('text/html');
    expect(empty.body).toContain('Write your name, as you sign letters');
    expect(empty.body).toContain('value="Québec"');
    expect(empty.body).toContain('href="#field-name"');
    expect(empty.body).toContain('id="field-name"');
    const broken = await post(`/actions/${updateId}/letter`, {
      target: String(governorId),
      name: 'Ana\nBcc: someone@example.org',
    });
    expect(broken.statusCode).toBe(400);
    const long = await post(`/actions/${updateId}/letter`, {
      target: String(governorId),
      name: 'Ana',
      city: 'x'.repeat(101),
    });
    expect(long.statusCode).toBe(400);
  });

  it('answers a letter for an unknown target or action with a clear 404, and one no longer open with a 409', async () => {
    for (const target of ['999999', String(kenyaTargetId), 'abc', '']) {
      const res = await post(`/actions/${updateId}/letter`, { target, ...LETTER });
      expect(res.statusCode, target).toBe(target === 'abc' || target === '' ? 400 : 404);
    }
    const unknownTarget = await post(`/actions/${updateId}/letter`, { target: '999999', ...LETTER });
    expect(unknownTarget.body).toContain('No such letter');
    expect(unknownTarget.headers['content-type']).toContain('text/html');
    for (const url of ['/actions/999999/letter', '/actions/not-a-number/letter']) {
      const res = await post(url, { target: String(governorId), ...LETTER });
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain('No such letter');
    }
    // A news article is no urgent action.
    const news = await articleId('kenya-police-violence-covid-19-curfew');
    expect(
      (await post(`/actions/${news}/letter`, { target: String(governorId), ...LETTER })).statusCode,
    ).toBe(404);
    // Closed, past its date, ended in good news.
    for (const id of [kenyaId, pastId, successId]) {
      const res = await post(`/actions/${id}/letter`, { target: String(governorId), ...LETTER });
      expect(res.statusCode, String(id)).toBe(409);
      expect(res.body).toContain('This urgent action is closed');
      expect(res.body).toContain('Back to the urgent action');
    }
  });

  it('sends a supporter to the Mastodon server they name, and refuses what is no public server', async () => {
    // Not a redirect: the form's page forbids sending a form's answer elsewhere (form-action
    // 'self'), so the answer is a page that goes on by itself and links there.
    const onward = (html: string) => {
      const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)"/.exec(html)?.[1];
      const link = /<a href="(https:[^"]+)" class="button"/.exec(html)?.[1];
      expect(refresh).toBe(link);
      return (link ?? '').replaceAll('&amp;', '&');
    };
    for (const typed of ['mastodon.social', ' https://Mastodon.Social/ ', '@ana@mastodon.social']) {
      const res = await post(`/actions/${updateId}/mastodon`, { instance: typed });
      expect(res.statusCode, typed).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const location = onward(res.body);
      expect(location.startsWith('https://mastodon.social/share?text='), location).toBe(true);
      const text = new URL(location).searchParams.get('text') ?? '';
      expect(text).toContain('Please act for Adrián Vásquez Lagunes (UA 87/20)');
      expect(text).toContain('http://candle.test/articles/mexico-adrian-vasquez-further-information');
      // The governor's handle is an X handle: not mentioned on Mastodon.
      expect(text).not.toContain('@GobiernoBC_demo');
    }
    const idn = await post(`/actions/${updateId}/mastodon`, { instance: 'tööt.example.social' });
    expect(onward(idn.body)).toMatch(/^https:\/\/xn--tt-fkaa\.example\.social\/share\?text=/);
    for (const typed of [
      '',
      'localhost',
      '127.0.0.1',
      '[::1]',
      'mastodon.social:8443',
      'mastodon.social/evil',
      'user:pass@mastodon.social',
      'javascript:alert(1)',
      'mastodon',
      'evil.local',
      'a'.repeat(301),
    ]) {
      const res = await post(`/actions/${updateId}/mastodon`, { instance: typed });
      expect(res.statusCode, typed).toBe(400);
      expect(res.body).not.toContain('http-equiv="refresh"');
      expect(res.body).toContain('Write the name of a Mastodon server, such as mastodon.social.');
    }
    const kept = await post(`/actions/${updateId}/mastodon`, { instance: 'mastodon.social:8443' });
    expect(kept.body).toContain('value="mastodon.social:8443"');
    expect((await post(`/actions/${kenyaId}/mastodon`, { instance: 'mastodon.social' })).statusCode).toBe(
      409,
    );
    expect((await post('/actions/999999/mastodon', { instance: 'mastodon.social' })).statusCode).toBe(404);
  });

  it('lets a campaigner edit the sample letters, goal and cap: checked, audited, the page purged', async () => {
    const form = await campaigner.get(`/admin/actions/${updateId}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Reparación integral para Adrián Vásquez Lagunes');
    expect(form.body).toContain('name="goal"');
    expect(form.body).toContain('value="500"');
    expect(form.body).toContain('Remove the es letter');
    // The page is cached with the Spanish letter.
    expect((await get(UPDATE)).body).toContain('Reparación integral para Adrián');

    const base = {
      follows_id: String(firstId),
      document_index: 'AMR 41/0112/2020 (demo)',
      issued_on: '2020-06-30',
      act_before: '2020-08-30',
      languages: 'Spanish, English',
      asks: 'Set a date this year to deliver the full reparation',
      background: 'Still owed.',
      person_name: ['Adrián Vásquez Lagunes'],
      person_pronouns: ['he/him'],
      person_case: [''],
      [`role_${governorId}`]: 'target',
      [`role_${ambassadorId}`]: 'copy',
      goal: '750',
      hourly_cap: '30',
      letter_language: ['es', 'en', 'fr'],
      letter_subject: ['Reparación ya para Adrián', 'Reparation now for Adrián', 'Réparation pour Adrián'],
      letter_body: [
        'Le pido la reparación.\n\nAtentamente,',
        'I ask for the reparation.',
        'Je demande réparation.',
      ],
      letter_remove: [] as string[],
    };
    const refusals: Array<[Record<string, string | string[]>, string]> = [
      [{ goal: '-1' }, 'Write a whole number from 0 to 10,000,000.'],
      [{ goal: 'many' }, 'Write a whole number from 0 to 10,000,000.'],
      [{ hourly_cap: '0' }, 'Write a whole number from 1 to 10,000.'],
      [{ hourly_cap: '' }, 'Write a whole number from 1 to 10,000.'],
      [{ letter_language: ['Spanish', 'en', 'fr'] }, 'Each letter needs a language code'],
      [{ letter_language: ['es', 'es', 'fr'] }, 'Each letter needs a language code'],
      [{ letter_subject: ['', 'b', 'c'] }, 'Each letter needs a language code'],
      [{ letter_subject: ['a\nb', 'b', 'c'] }, 'Each letter needs a language code'],
      [{ letter_subject: ['x'.repeat(201), 'b', 'c'] }, 'Each letter needs a language code'],
      [{ letter_body: ['', 'b', 'c'] }, 'Each letter needs a language code'],
      [{ letter_body: ['x'.repeat(10_001), 'b', 'c'] }, 'Each letter needs a language code'],
    ];
    for (const [change, message] of refusals) {
      const res = await campaigner.post(`/admin/actions/${updateId}`, { ...base, ...change });
      expect(res.statusCode, JSON.stringify(change).slice(0, 80)).toBe(400);
      expect(res.body).toContain(message);
      // What was typed is kept.
      expect(res.body).toContain('>Still owed.</textarea>');
    }
    expect(
      (
        await t.db
          .selectFrom('ua_letter_templates')
          .select('subject')
          .where('article_id', '=', updateId)
          .where('language', '=', 'es')
          .executeTakeFirstOrThrow()
      ).subject,
    ).toBe('Reparación integral para Adrián Vásquez Lagunes');

    const saved = await campaigner.post(`/admin/actions/${updateId}`, base);
    expect(saved.statusCode, saved.body).toBe(303);
    const row = await t.db
      .selectFrom('urgent_actions')
      .select(['goal', 'hourly_cap'])
      .where('article_id', '=', updateId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ goal: 750, hourly_cap: 30 });
    const letters = await t.db
      .selectFrom('ua_letter_templates')
      .select(['language', 'subject'])
      .where('article_id', '=', updateId)
      .orderBy('language')
      .execute();
    expect(letters.map((l) => l.language)).toEqual(['en', 'es', 'fr']);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['before_json', 'after_json'])
      .where('entity_id', '=', String(updateId))
      .where('action', '=', 'urgent-action.details')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.before_json).toContain('"goal":500');
    expect(audit.after_json).toContain('"goal":750');
    expect(audit.after_json).toContain('Réparation pour Adrián');
    // The cached page was purged: it shows the new letter.
    const page = await get(UPDATE);
    expect(page.body).toContain('Reparación ya para Adrián');
    expect(page.body).not.toContain('Reparación integral para Adrián');

    // Removing a language by its checkbox; the form's spare empty row is ignored.
    const removed = await campaigner.post(`/admin/actions/${updateId}`, {
      ...base,
      letter_language: [...base.letter_language, ''],
      letter_subject: [...base.letter_subject, ''],
      letter_body: [...base.letter_body, ''],
      letter_remove: ['fr'],
    });
    expect(removed.statusCode).toBe(303);
    const after = await t.db
      .selectFrom('ua_letter_templates')
      .select('language')
      .where('article_id', '=', updateId)
      .orderBy('language')
      .execute();
    expect(after.map((l) => l.language)).toEqual(['en', 'es']);

    // The PDF now carries the new letter.
    const pdf = await post(`/actions/${updateId}/letter`, { target: String(governorId), ...LETTER });
    expect(await pdfText(pdf.rawPayload)).toContain('Le pido la reparación.');
  });

  it('lets one client ask for so many letters in ten minutes, then says to wait', async () => {
    const from = (ip: string, form: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: `/actions/${updateId}/letter`,
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formBody(form),
      });
    // Refused requests count too (cheap here: no PDF is made for them).
    for (let i = 0; i < 30; i++) {
      expect((await from('203.0.113.7', { target: String(governorId), name: '' })).statusCode).toBe(400);
    }
    const waited = await from('203.0.113.7', { target: String(governorId), ...LETTER });
    expect(waited.statusCode).toBe(429);
    expect(waited.body).toContain('Too many letters at once');
    // Another client is not held up.
    expect((await from('203.0.113.8', { target: String(governorId), ...LETTER })).statusCode).toBe(200);
  });

  it('keeps the letters, goal and cap to campaigners: an author may neither edit nor publish them', async () => {
    expect((await author.get(`/admin/actions/${updateId}`)).statusCode).toBe(403);
    const refused = await author.post(`/admin/actions/${updateId}`, { goal: '1', hourly_cap: '1' });
    expect(refused.statusCode).toBe(403);
    const mexico = await t.db
      .selectFrom('countries')
      .select('id')
      .where('slug', '=', 'mexico')
      .executeTakeFirstOrThrow();
    const fields = {
      title: 'Defender detained in Mérida',
      type: 'urgent-action',
      slug: 'author-urgent-action',
      summary: 'Write to the Governor.',
      body: 'Detained on 1 July.',
      countries: [String(mexico.id)],
      version: '0',
      action: 'save',
    };
    const created = await author.post('/admin/articles/new', fields);
    expect(created.statusCode).toBe(303);
    const id = /\/admin\/articles\/(\d+)/.exec(String(created.headers.location))![1]!;
    const form = await author.get(`/admin/articles/${id}`);
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]!;
    const publish = await author.post(`/admin/articles/${id}`, { ...fields, version, action: 'publish' });
    expect(publish.statusCode).toBe(403);
    expect((await get('/articles/author-urgent-action')).statusCode).toBe(404);
    const row = await t.db
      .selectFrom('urgent_actions')
      .select('number')
      .where('article_id', '=', Number(id))
      .executeTakeFirst();
    expect(row?.number ?? null).toBeNull();
  });

  it('offers no letter where there is no sample letter, and the post and call still', async () => {
    await t.db.deleteFrom('ua_letter_templates').where('article_id', '=', updateId).execute();
    // Written straight to the table: purge the page as the editor would.
    await campaigner.post(`/admin/actions/${updateId}`, {
      follows_id: String(firstId),
      document_index: '',
      issued_on: '2020-06-30',
      act_before: '2020-08-30',
      languages: 'Spanish',
      asks: 'Deliver the reparation',
      background: '',
      person_name: ['Adrián Vásquez Lagunes'],
      person_pronouns: [''],
      person_case: [''],
      [`role_${governorId}`]: 'target',
      goal: '0',
      hourly_cap: '20',
    });
    const page = await get(UPDATE);
    expect(page.body).not.toContain(`/actions/${updateId}/letter"`);
    expect(page.body).toContain('intent/post');
    expect(page.body).toContain('href="tel:+526860000000"');
    const res = await post(`/actions/${updateId}/letter`, { target: String(governorId), ...LETTER });
    expect(res.statusCode).toBe(404);
  });
});
