import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchLetters } from '../../src/actions/taking/letters.js';
import { type Mailer, smtpMailer } from '../../src/platform/mail/index.js';
import { formBody } from '../support/admin.js';
import { type TestApp, testApp } from '../support/app.js';
import { articleIdOf } from '../support/content.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';

/**
 * Emailed letters (issue 13) reaching a real SMTP peer under an injected clock: held until the
 * official's office hours in their time zone, from Candle with Reply-To the supporter, at most the
 * urgent action's cap per target per clock hour (500 letters at 50 an hour: 50 each hour, all 500
 * in the end), and a claim whose worker died resent once, with the same Message-ID.
 */

let t: TestApp;
let smtp: SmtpPeer;
let clock = new Date('2020-07-05T20:00:00Z');
let open: number;

const GOVERNOR = 'gobernador@bc-demo.example.org';
const AMBASSADOR = 'embajada@mx-demo.example.org';

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({
    now: () => clock,
    env: { SMTP_URL: smtp.url, MAIL_FROM: 'Candle <actions@candle.test>' },
  });
  open = await articleIdOf(t.db, 'mexico-adrian-vasquez-further-information');
  await t.scheduleRecurringJobs();
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** Moves the clock and lets the worker run what is due then (the dispatcher's minute among it). */
async function at(iso: string) {
  clock = new Date(iso);
  await t.worker.runDue();
}

async function target(fields: { name: string; email: string; time_zone: string; office_hours: string }) {
  const stamp = clock.toISOString();
  const row = await t.db
    .insertInto('ua_targets')
    .values({
      ...fields,
      country_code: 'MX',
      language: 'es',
      salutation: 'Estimado Señor',
      created_at: stamp,
      updated_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Confirmed supporters with one counted action each and a queued letter to one target. */
async function queueLetters(targetId: number, count: number, prefix: string) {
  const stamp = clock.toISOString();
  for (let from = 0; from < count; from += 100) {
    const batch = Array.from({ length: Math.min(100, count - from) }, (_, i) => from + i);
    const supporters = await t.db
      .insertInto('ua_supporters')
      .values(
        batch.map((i) => ({
          email: `${prefix}${i}@example.org`,
          name: `Supporter ${i}`,
          city: 'Quito',
          country: 'Ecuador',
          confirmed_at: stamp,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .returning('id')
      .execute();
    const actions = await t.db
      .insertInto('ua_actions_taken')
      .values(
        supporters.map((s) => ({
          article_id: open,
          supporter_id: s.id,
          channel: 'email' as const,
          state: 'counted' as const,
          created_at: stamp,
          counted_at: stamp,
        })),
      )
      .returning('id')
      .execute();
    await t.db
      .insertInto('ua_letters')
      .values(
        actions.map((a) => ({
          action_id: a.id,
          article_id: open,
          target_id: targetId,
          role: 'target' as const,
          language: 'es',
          subject: 'Una carta',
          body: 'Le escribo.',
          status: 'queued' as const,
          message_id: `test-${prefix}-${a.id}@candle`,
          created_at: stamp,
        })),
      )
      .execute();
  }
}

describe('a supporter’s letter', () => {
  it('waits for the confirmation, then for the office hours in the officials’ zones, and goes with Reply-To the supporter', async () => {
    // Sunday 13:00 in Tijuana: the form, then the confirmation from the mail.
    const posted = await t.app.inject({
      method: 'POST',
      url: `/actions/${open}/email`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '198.51.100.1' },
      payload: formBody({
        name: 'Ana Torres',
        email: 'ana@example.org',
        city: 'Montréal',
        country: 'Canada',
        subject: 'Adrián Vásquez: reparación',
        body: 'Le pido que repare el daño causado.',
      }),
    });
    expect(posted.statusCode, posted.body).toBe(303);
    await t.worker.runDue();
    // Before the confirmation nothing goes in her name; the only mail is hers, the link.
    expect(smtp.received.map((r) => r.to)).toEqual([['ana@example.org']]);
    const link = /http:\/\/candle\.test(\/actions\/confirm\/[\w-]{43})/.exec(
      smtp.received[0]!.parsed.text ?? '',
    )![1]!;
    const confirmed = await t.app.inject({
      method: 'POST',
      url: link,
      headers: { 'x-forwarded-for': '198.51.100.1' },
    });
    expect(confirmed.statusCode).toBe(200);
    await t.worker.runDue();
    expect(smtp.to(GOVERNOR)).toEqual([]);
    expect(smtp.to(AMBASSADOR)).toEqual([]);

    // Monday 08:59 in Tijuana (11:59 in Ottawa): the ambassador's office is open, the governor's not yet.
    await at('2020-07-06T15:59:00Z');
    expect(smtp.to(GOVERNOR)).toEqual([]);
    expect(smtp.to(AMBASSADOR).length).toBe(1);
    // 09:00 in Tijuana.
    await at('2020-07-06T16:00:00Z');
    const [letter] = smtp.to(GOVERNOR);
    expect(letter).toBeDefined();
    const mail = letter!.parsed;
    expect(mail.from?.value[0]?.address).toBe('actions@candle.test');
    expect(mail.replyTo?.value.map((v) => v.address)).toEqual(['ana@example.org']);
    expect(mail.subject).toBe('Adrián Vásquez: reparación');
    expect(mail.text).toBe(
      'Señor Gobernador,\n\nLe pido que repare el daño causado.\n\nAna Torres\nMontréal, Canada\n',
    );
    const row = await t.db
      .selectFrom('ua_letters')
      .selectAll()
      .where('target_id', 'in', (eb) =>
        eb.selectFrom('ua_targets').select('id').where('email', '=', GOVERNOR),
      )
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'sent', tries: 1, sent_at: '2020-07-06T16:00:00.000Z' });
    expect(mail.messageId).toBe(`<${row.message_id}>`);

    // Nothing is sent twice.
    await at('2020-07-06T17:00:00Z');
    expect(smtp.to(GOVERNOR).length).toBe(1);
    expect(smtp.to(AMBASSADOR).length).toBe(1);
  });
});

describe('the cap per target per hour', () => {
  it('sends 500 letters to one official at 50 an hour: 50 each hour, none dropped, all 500 in the end', async () => {
    await t.db.updateTable('urgent_actions').set({ hourly_cap: 50 }).where('article_id', '=', open).execute();
    clock = new Date('2020-07-07T00:00:00Z');
    const busy = await target({
      name: 'Busy Official',
      email: 'busy@office.example.org',
      time_zone: 'UTC',
      office_hours: 'Mon-Sun 00:00-24:00',
    });
    await queueLetters(busy, 500, 'cap');
    const sentTo = () => smtp.to('busy@office.example.org').length;
    for (let hour = 0; hour < 10; hour++) {
      const base = Date.parse('2020-07-07T00:00:30Z') + hour * 60 * 60_000;
      await at(new Date(base).toISOString());
      expect(sentTo()).toBe(50 * (hour + 1));
      // Later in the same hour the dispatcher runs again and sends nothing more.
      await at(new Date(base + 30 * 60_000).toISOString());
      expect(sentTo()).toBe(50 * (hour + 1));
    }
    await at('2020-07-07T10:00:30Z');
    expect(sentTo()).toBe(500);
    const ids = new Set(smtp.to('busy@office.example.org').map((r) => r.parsed.messageId));
    expect(ids.size).toBe(500);
    const left = await t.db
      .selectFrom('ua_letters')
      .select('status')
      .where('target_id', '=', busy)
      .where('status', '!=', 'sent')
      .execute();
    expect(left).toEqual([]);
  });
});

describe('dispatchers side by side', () => {
  // Claims are conditional, so runs side by side never take one letter twice; the official's row
  // lock (claimFor) closes the narrower window of one run counting before another's claim commits,
  // which this test does not force.
  it('share one official’s hour: together they send no more than the cap, and nothing twice', async () => {
    clock = new Date('2020-07-10T12:00:00Z');
    await t.db.updateTable('urgent_actions').set({ hourly_cap: 10 }).where('article_id', '=', open).execute();
    const shared = await target({
      name: 'Shared Official',
      email: 'shared@office.example.org',
      time_zone: 'UTC',
      office_hours: '',
    });
    await queueLetters(shared, 30, 'twin');
    const mailer = smtpMailer(smtp.url, 'Candle <actions@candle.test>');
    const run = () => dispatchLetters({ db: t.db, now: () => clock, mailer });
    const runs = await Promise.all([run(), run(), run(), run(), run(), run()]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(10);
    expect(smtp.to('shared@office.example.org').length).toBe(10);
    const ids = new Set(smtp.to('shared@office.example.org').map((r) => r.parsed.messageId));
    expect(ids.size).toBe(10);
    await mailer.close();
  });
});

describe('a worker that dies mid-send', () => {
  it('leaves its claim to run out; the letter is sent again once, with the same Message-ID', async () => {
    clock = new Date('2020-07-08T12:00:00Z');
    const lone = await target({
      name: 'Lone Official',
      email: 'lone@office.example.org',
      time_zone: 'UTC',
      office_hours: '',
    });
    await queueLetters(lone, 1, 'crash');
    const real = smtpMailer(smtp.url, 'Candle <actions@candle.test>');
    let accepted!: () => void;
    const wasAccepted = new Promise<void>((resolve) => {
      accepted = resolve;
    });
    // The server accepted the message, then the worker died before marking it sent.
    const dying: Mailer = {
      concurrency: 1,
      async send(message) {
        await real.send(message);
        accepted();
        await new Promise(() => {});
      },
      close: () => real.close(),
    };
    void dispatchLetters({ db: t.db, now: () => clock, mailer: dying });
    await wasAccepted;
    expect(smtp.to('lone@office.example.org').length).toBe(1);
    const claimed = await t.db
      .selectFrom('ua_letters')
      .selectAll()
      .where('target_id', '=', lone)
      .executeTakeFirstOrThrow();
    expect(claimed.status).toBe('sending');

    // Within the lease nobody takes it; after it, the next run sends it again, once.
    await at('2020-07-08T12:01:00Z');
    expect(smtp.to('lone@office.example.org').length).toBe(1);
    await at('2020-07-08T12:03:00Z');
    await at('2020-07-08T12:10:00Z');
    const copies = smtp.to('lone@office.example.org');
    expect(copies.length).toBe(2);
    expect(copies[0]!.parsed.messageId).toBe(copies[1]!.parsed.messageId);
    expect(copies[0]!.parsed.messageId).toBe(`<${claimed.message_id}>`);
    const done = await t.db
      .selectFrom('ua_letters')
      .selectAll()
      .where('target_id', '=', lone)
      .executeTakeFirstOrThrow();
    expect(done.status).toBe('sent');
    await real.close();
  });

  it('bounces a letter the official’s server refuses for good, and does not try it again', async () => {
    clock = new Date('2020-07-09T12:00:00Z');
    const refusing = await target({
      name: 'Gone Official',
      email: 'gone@office.example.org',
      time_zone: 'UTC',
      office_hours: '',
    });
    smtp.refuse.add('gone@office.example.org');
    try {
      await queueLetters(refusing, 1, 'refused');
      const status = async () =>
        await t.db
          .selectFrom('ua_letters')
          .select(['status', 'tries'])
          .where('target_id', '=', refusing)
          .executeTakeFirstOrThrow();
      await at('2020-07-09T12:00:00Z');
      expect(await status()).toEqual({ status: 'bounced', tries: 1 });
      await at('2020-07-09T15:00:00Z');
      expect(await status()).toEqual({ status: 'bounced', tries: 1 });
    } finally {
      smtp.refuse.delete('gone@office.example.org');
    }
  });

  it('retries a letter refused for now (4xx) after 1, 5, 30 minutes and 2 hours, then gives it up as dead', async () => {
    clock = new Date('2020-07-09T18:00:00Z');
    const busy = await target({
      name: 'Full Official',
      email: 'full@office.example.org',
      time_zone: 'UTC',
      office_hours: '',
    });
    await queueLetters(busy, 1, 'greylisted');
    const tries: string[] = [];
    const greylisting: Mailer = {
      concurrency: 1,
      async send() {
        tries.push(clock.toISOString());
        throw Object.assign(new Error('452 mailbox full'), { responseCode: 452 });
      },
      close: async () => {},
    };
    const status = async () =>
      await t.db
        .selectFrom('ua_letters')
        .select(['status', 'tries'])
        .where('target_id', '=', busy)
        .executeTakeFirstOrThrow();
    for (const when of ['18:00:00', '18:00:59', '18:01:00', '18:05:59', '18:06:00', '18:36:00', '20:36:00']) {
      clock = new Date(`2020-07-09T${when}Z`);
      await dispatchLetters({ db: t.db, now: () => clock, mailer: greylisting });
    }
    expect(tries).toEqual(
      ['18:00:00', '18:01:00', '18:06:00', '18:36:00', '20:36:00'].map((x) => `2020-07-09T${x}.000Z`),
    );
    expect(await status()).toEqual({ status: 'dead', tries: 5 });
  });
});
