import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formBody } from '../support/admin.js';
import { type TestApp, testApp } from '../support/app.js';
import { articleIdOf } from '../support/content.js';
import { trustedBrowser } from '../support/trusted-browser.js';

/**
 * Forms sent at the same moment are written together (the intake's group commit), on both
 * databases: each is answered as if it had come alone. Confirmed supporters count at once with
 * their letters queued (from a browser they confirmed from: its cookie), a supporter twice in one
 * group counts once, one client address is held to its limit within a group, and a new address,
 * or a confirmed one from a browser without its cookie, in the same group waits for a confirmation.
 */

let t: TestApp;
const clock = new Date('2020-07-06T15:00:00Z');
let open: number;
const PATH = '/articles/mexico-adrian-vasquez-further-information';

beforeAll(async () => {
  t = await testApp({ now: () => clock });
  open = await articleIdOf(t.db, 'mexico-adrian-vasquez-further-information');
  const at = clock.toISOString();
  await t.db
    .insertInto('ua_supporters')
    .values(
      Array.from({ length: 40 }, (_, i) => ({
        email: `group${i}@example.org`,
        name: `Supporter ${i}`,
        city: 'Montréal',
        country: 'Canada',
        confirmed_at: at,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  for (let i = 0; i < 40; i++) {
    const email = `group${i}@example.org`;
    browsers.set(email, await trustedBrowser(t.db, email));
  }
});
afterAll(async () => {
  await t?.close();
});

const letter = (email: string) => ({
  name: 'Ana Torres',
  email,
  city: 'Montréal',
  country: 'Canada',
  subject: 'Adrián Vásquez',
  body: 'Le escribo para pedirle que repare el daño causado.',
  wording: '',
  source_page: PATH,
  leave_empty: '',
});

/** Each confirmed supporter's browser: the cookie set when they confirmed from it. */
const browsers = new Map<string, { cookie: string }>();

/** A form from a browser that carries the sender's trust cookie (if they have one), unless told `untrusted`. */
const post = (form: Record<string, string>, ip: string, browser: 'trusted' | 'untrusted' = 'trusted') =>
  t.app.inject({
    method: 'POST',
    url: `/actions/${open}/email`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-forwarded-for': ip,
      ...(browser === 'trusted' ? browsers.get(form.email!) : {}),
    },
    payload: formBody(form),
  });

async function actionsOf(emails: readonly string[]) {
  return t.db
    .selectFrom('ua_actions_taken as a')
    .innerJoin('ua_supporters as s', 's.id', 'a.supporter_id')
    .select(['s.email', 'a.id', 'a.state'])
    .where('s.email', 'in', [...emails])
    .where('a.article_id', '=', open)
    .execute();
}

async function lettersOf(actionIds: readonly number[]) {
  return t.db
    .selectFrom('ua_letters')
    .select(['action_id', 'status'])
    .where('action_id', 'in', [...actionIds])
    .execute();
}

describe('forms sent at the same moment', () => {
  it('count each confirmed supporter once, with their letters queued, a repeat in the same group thanked', async () => {
    const emails = Array.from({ length: 12 }, (_, i) => `group${i}@example.org`);
    const answers = await Promise.all([
      ...emails.map((email, i) => post(letter(email), `203.0.113.${i + 1}`)),
      // The first supporter again, in the same burst: thanked, not counted twice.
      post(letter(emails[0]!), '203.0.113.200'),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual(answers.map(() => 303));
    for (const a of answers) expect(a.headers.location).toBe(`/actions/${open}/thanks`);
    const actions = await actionsOf(emails);
    expect(actions.map((a) => a.email).sort()).toEqual([...emails].sort());
    expect(new Set(actions.map((a) => a.state))).toEqual(new Set(['counted']));
    const letters = await lettersOf(actions.map((a) => a.id));
    const officials = letters.length / actions.length;
    expect(officials).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(officials)).toBe(true);
    expect(new Set(letters.map((l) => l.status))).toEqual(new Set(['queued']));
  });

  it('hold one client address to its limit, however many of its forms share a group', async () => {
    const emails = Array.from({ length: 9 }, (_, i) => `group${20 + i}@example.org`);
    const answers = await Promise.all(emails.map((email) => post(letter(email), '198.51.100.77')));
    // Without a proof of work, 6 an hour from one address.
    expect(answers.filter((a) => a.statusCode === 303)).toHaveLength(6);
    expect(answers.filter((a) => a.statusCode === 429)).toHaveLength(3);
    expect(await actionsOf(emails)).toHaveLength(6);
  });

  it('let a new address wait for its confirmation while a confirmed one counts in the same group', async () => {
    const answers = await Promise.all([
      post(letter('newcomer@example.org'), '192.0.2.1'),
      post(letter('newcomer@example.org'), '192.0.2.2'),
      post(letter('group35@example.org'), '192.0.2.3'),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303]);
    const actions = await actionsOf(['newcomer@example.org', 'group35@example.org']);
    expect(actions.map((a) => [a.email, a.state]).sort()).toEqual([
      ['group35@example.org', 'counted'],
      ['newcomer@example.org', 'pending'],
    ]);
    const waiting = await lettersOf(actions.filter((a) => a.state === 'pending').map((a) => a.id));
    expect(new Set(waiting.map((l) => l.status))).toEqual(new Set(['waiting']));
    await t.worker.runDue();
    const mails = await t.db
      .selectFrom('mail_outbox')
      .select('subject')
      .where('to_address', '=', 'newcomer@example.org')
      .execute();
    // A link for the address, and again for its second form (at most two an hour).
    expect(mails.length).toBeGreaterThanOrEqual(1);
    expect(mails.length).toBeLessThanOrEqual(2);
  });

  it('let a confirmed address wait for a fresh link when its browser is not trusted, while a trusted one counts in the same group', async () => {
    const other = browsers.get('group36@example.org')!;
    const answers = await Promise.all([
      post(letter('group37@example.org'), '192.0.2.10', 'untrusted'),
      // The cookie of another supporter holds nothing for this address.
      t.app.inject({
        method: 'POST',
        url: `/actions/${open}/email`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': '192.0.2.11',
          ...other,
        },
        payload: formBody(letter('group38@example.org')),
      }),
      post(letter('group39@example.org'), '192.0.2.12'),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([303, 303, 303]);
    const actions = await actionsOf(['group37@example.org', 'group38@example.org', 'group39@example.org']);
    expect(actions.map((a) => [a.email, a.state]).sort()).toEqual([
      ['group37@example.org', 'pending'],
      ['group38@example.org', 'pending'],
      ['group39@example.org', 'counted'],
    ]);
    const waiting = await lettersOf(actions.filter((a) => a.state === 'pending').map((a) => a.id));
    expect(waiting.length).toBeGreaterThan(0);
    expect(new Set(waiting.map((l) => l.status))).toEqual(new Set(['waiting']));
    await t.worker.runDue();
    const mailed = await t.db
      .selectFrom('mail_outbox')
      .select('to_address')
      .where('to_address', 'in', ['group37@example.org', 'group38@example.org', 'group39@example.org'])
      .execute();
    expect(mailed.map((m) => m.to_address).sort()).toEqual(['group37@example.org', 'group38@example.org']);
  });
});
