import { generate, generateSecret } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../../src/accounts/tokens.js';
import { formBody, makeUser, sessionCookie, TEST_PASSWORD } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let clock = Date.parse('2030-01-01T09:00:00Z');
const form = 'application/x-www-form-urlencoded';
let address = 0;
/** A fresh client address per request: the per-address limit is not what these tests are about. */
const nextAddress = () => {
  address++;
  return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
};

beforeAll(async () => {
  t = await testApp({ demo: false, now: () => new Date(clock) });
});
afterAll(async () => {
  await t?.close();
});

function attempt(email: string, password: string) {
  return t.app.inject({
    method: 'POST',
    url: '/admin/login',
    headers: { 'content-type': form, 'sec-fetch-site': 'same-origin', 'x-forwarded-for': nextAddress() },
    payload: formBody({ email, password }),
  });
}

async function userRow(email: string) {
  return t.db
    .selectFrom('users')
    .select(['id', 'failed_logins', 'locked_until'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}

/** Delivers queued mail to the outbox and returns what reached `to`. */
async function mailTo(to: string) {
  await t.worker.runDue();
  return t.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', to).orderBy('id').execute();
}

async function pauseEntries(userId: number) {
  return t.db
    .selectFrom('audit_log')
    .select('summary')
    .where('action', '=', 'user.lock')
    .where('entity_id', '=', String(userId))
    .execute();
}

/** The page with the echoed email taken out: what would tell one answer from another. */
const answer = (res: { statusCode: number; body: string }, email: string) => ({
  status: res.statusCode,
  body: res.body.replaceAll(email, '<email>'),
});

describe(`login pause under concurrency on ${dialectUnderTest}`, () => {
  it('pauses after 40 parallel wrong passwords, so the right one is refused during the pause', async () => {
    const email = 'parallel@candle.test';
    const user = await makeUser(t.db, 'editor', email);
    const wrong = await Promise.all(Array.from({ length: 40 }, () => attempt(email, 'wrong password!!')));
    expect(wrong.every((r) => r.statusCode === 401)).toBe(true);
    const row = await userRow(email);
    // Every guess was counted: none overwrote another.
    expect(row.failed_logins).toBe(40);
    expect(Date.parse(row.locked_until!)).toBe(clock + 15 * 60_000);

    const right = await attempt(email, TEST_PASSWORD);
    expect(right.statusCode).toBe(401);
    expect(right.cookies.find((c) => c.name === 'candle_session')).toBeUndefined();
    expect(await pauseEntries(user.id)).toHaveLength(1);

    // The pause ends by itself: a quarter of an hour later the right password works.
    clock += 15 * 60_000 + 1000;
    const later = await attempt(email, TEST_PASSWORD);
    expect(later.statusCode).toBe(303);
    expect((await userRow(email)).failed_logins).toBe(0);
  });

  it('checks at most five passwords per pause, however many arrive at once', async () => {
    const email = 'race@candle.test';
    await makeUser(t.db, 'author', email);
    // The right password among 20 sent together: at most five are checked, the rest refused unread,
    // and the guesses beyond five start the pause whatever the order.
    const answers = await Promise.all([
      ...Array.from({ length: 19 }, () => attempt(email, 'wrong password!!')),
      attempt(email, TEST_PASSWORD),
    ]);
    expect(answers.filter((r) => r.statusCode === 303).length).toBeLessThanOrEqual(1);
    expect((await userRow(email)).locked_until).not.toBeNull();
    expect((await attempt(email, TEST_PASSWORD)).statusCode).toBe(401);
  });
});

describe(`login answers that do not reveal an account on ${dialectUnderTest}`, () => {
  it('answers an unknown address, a wrong password and a paused account alike', async () => {
    const email = 'quiet@candle.test';
    await makeUser(t.db, 'author', email);
    const unknown = await attempt('nobody@candle.test', 'wrong password!!');
    const wrong = await attempt(email, 'wrong password!!');
    for (let i = 0; i < 4; i++) await attempt(email, 'wrong password!!');
    expect((await userRow(email)).locked_until).not.toBeNull();
    const paused = await attempt(email, TEST_PASSWORD);
    expect(answer(wrong, email)).toEqual(answer(unknown, 'nobody@candle.test'));
    expect(answer(paused, email)).toEqual(answer(wrong, email));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('paused');
  });

  it('takes as long to refuse a paused account as a wrong password (one hash check each)', async () => {
    const email = 'timing@candle.test';
    await makeUser(t.db, 'author', email);
    const timed = async (password: string) => {
      const start = performance.now();
      await attempt(email, password);
      return performance.now() - start;
    };
    const wrong: number[] = [];
    for (let i = 0; i < 4; i++) wrong.push(await timed('wrong password!!'));
    await attempt(email, 'wrong password!!');
    expect((await userRow(email)).locked_until).not.toBeNull();
    const paused: number[] = [];
    for (let i = 0; i < 4; i++) paused.push(await timed(TEST_PASSWORD));
    // Minimums: a busy machine only ever adds time. Without a hash check a paused answer took a tenth.
    expect(Math.min(...paused)).toBeGreaterThan(Math.min(...wrong) * 0.4);
  });

  it('tells the owner once per pause, saying when it ends and that a reset lifts it', async () => {
    const email = 'owner@candle.test';
    await makeUser(t.db, 'editor', email);
    await Promise.all(Array.from({ length: 12 }, () => attempt(email, 'wrong password!!')));
    const mail = await mailTo(email);
    expect(mail).toHaveLength(1);
    const ends = new Date(clock + 15 * 60_000).toISOString().slice(11, 16);
    expect(mail[0]!.subject).toMatch(/paused/i);
    expect(mail[0]!.text_body).toContain(`${ends} UTC`);
    expect(mail[0]!.text_body).toMatch(/reset/i);
    expect(mail[0]!.text_body).toContain('http://candle.test/admin/reset');

    // More guesses during the same pause send nothing more; the next pause sends one more.
    await Promise.all(Array.from({ length: 5 }, () => attempt(email, 'wrong password!!')));
    expect(await mailTo(email)).toHaveLength(1);
    clock += 16 * 60_000;
    await Promise.all(Array.from({ length: 8 }, () => attempt(email, 'wrong password!!')));
    expect(await mailTo(email)).toHaveLength(2);
  });
});

describe(`second-factor codes counted per account on ${dialectUnderTest}`, () => {
  async function halfSignedIn(email: string) {
    const res = await attempt(email, TEST_PASSWORD);
    expect(res.headers.location).toBe('/admin/login/code');
    const cookie = sessionCookie(res);
    const page = await t.app.inject({ method: 'GET', url: '/admin/login/code', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const code = (value: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/login/code',
        headers: {
          cookie,
          'content-type': form,
          'sec-fetch-site': 'same-origin',
          'x-forwarded-for': nextAddress(),
        },
        payload: formBody({ _csrf: csrf, code: value }),
      });
    return { cookie, code };
  }

  it('ends the half-signed-in session and pauses logins after five wrong codes', async () => {
    const email = 'codes@candle.test';
    const user = await makeUser(t.db, 'editor', email);
    const secret = generateSecret();
    await t.db.updateTable('users').set({ totp_secret: secret }).where('id', '=', user.id).execute();
    const { cookie, code } = await halfSignedIn(email);
    // From a new address each time: the per-address limit alone would never stop this.
    const wrong = await Promise.all(Array.from({ length: 30 }, () => code('000000')));
    expect(wrong.filter((r) => r.statusCode === 303)).toEqual([]);
    const right = await code(await generate({ secret }));
    expect(right.statusCode).not.toBe(303);
    const still = await t.app.inject({ method: 'GET', url: '/admin/articles', headers: { cookie } });
    expect(still.headers.location).toMatch(/^\/admin\/login\?next=/);
    const row = await userRow(email);
    expect(Date.parse(row.locked_until!)).toBeGreaterThan(clock);
    // The pause holds for the password step as well.
    expect((await attempt(email, TEST_PASSWORD)).statusCode).toBe(401);
    expect(await pauseEntries(user.id)).toHaveLength(1);
    expect((await mailTo(email))[0]?.text_body).toMatch(/code/);
  });

  it('lets a person who mistypes a code a few times still log in', async () => {
    const email = 'typo@candle.test';
    const user = await makeUser(t.db, 'author', email);
    const secret = generateSecret();
    await t.db.updateTable('users').set({ totp_secret: secret }).where('id', '=', user.id).execute();
    const { code } = await halfSignedIn(email);
    for (let i = 0; i < 4; i++) expect((await code('000000')).statusCode).toBe(401);
    const right = await code(await generate({ secret }));
    expect(right.headers.location).toBe('/admin');
  });
});

describe(`password reset links on ${dialectUnderTest}`, () => {
  it('is used once even when sent twice at the same moment', async () => {
    const email = 'reset-race@candle.test';
    const user = await makeUser(t.db, 'author', email);
    const token = 'r'.repeat(43);
    await t.db
      .insertInto('password_resets')
      .values({
        token_hash: sha256(token),
        user_id: user.id,
        expires_at: new Date(clock + 3600_000).toISOString(),
        used_at: null,
        created_at: new Date(clock).toISOString(),
      })
      .execute();
    const use = (password: string) =>
      t.app.inject({
        method: 'POST',
        url: `/admin/reset/${token}`,
        headers: { 'content-type': form, 'sec-fetch-site': 'same-origin' },
        payload: formBody({ password }),
      });
    const weak = await use('short');
    expect(weak.statusCode).toBe(400);
    const both = await Promise.all([use('first long new password'), use('second long new password')]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 400]);
  });
});

describe(`the current password asked before a change on ${dialectUnderTest}`, () => {
  it('is counted like a login: a stolen session cannot guess it at leisure', async () => {
    const email = 'stolen-session@candle.test';
    const user = await makeUser(t.db, 'editor', email);
    const login = await attempt(email, TEST_PASSWORD);
    const cookie = sessionCookie(login);
    const page = await t.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const change = (current: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/account/password',
        headers: { cookie, 'content-type': form, 'sec-fetch-site': 'same-origin' },
        payload: formBody({ _csrf: csrf, current, password: 'a brand new passphrase 42' }),
      });
    // Guesses in parallel, as a script would send them: at most five are checked.
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => change(`guess number ${i}`)));
    expect(answers.filter((a) => a.statusCode === 400).length).toBeLessThanOrEqual(4);
    expect(answers.some((a) => a.statusCode === 401)).toBe(true);
    // The pause began, every session of the account ended, and the owner was told.
    expect((await userRow(email)).locked_until).not.toBeNull();
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual(
      [],
    );
    expect(await mailTo(email)).toHaveLength(1);
    // The right password cannot be reached by the same session now.
    expect((await change(TEST_PASSWORD)).statusCode).not.toBe(200);
    const stillOld = await t.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stillOld.password_hash).toBe(user.password_hash);
  });

  it('lets a person who mistypes it once change their password', async () => {
    const email = 'mistypes@candle.test';
    await makeUser(t.db, 'editor', email);
    const cookie = sessionCookie(await attempt(email, TEST_PASSWORD));
    const page = await t.app.inject({ method: 'GET', url: '/admin/account', headers: { cookie } });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const change = (current: string) =>
      t.app.inject({
        method: 'POST',
        url: '/admin/account/password',
        headers: { cookie, 'content-type': form, 'sec-fetch-site': 'same-origin' },
        payload: formBody({ _csrf: csrf, current, password: 'a brand new passphrase 42' }),
      });
    expect((await change('not quite it')).statusCode).toBe(400);
    expect((await change(TEST_PASSWORD)).statusCode).toBe(200);
    expect((await userRow(email)).failed_logins).toBe(0);
  });
});
