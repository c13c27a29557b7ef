import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bounceSignature } from '../../src/actions/bounce-routes.js';
import { kickDispatcher } from '../../src/actions/taking/supporters.js';
import { isSuppressed, loadSubscriberKeys } from '../../src/subscriptions/index.js';
import { formBody, logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { candleArgs } from '../support/command.js';
import { articleIdOf } from '../support/content.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';
import { confirmedSupporter } from '../support/trusted-browser.js';

/** The suppression list's salt, as the app loaded it. */
const salt = async () =>
  (
    await loadSubscriberKeys(
      t.db,
      {
        publicUrl: 'http://candle.test',
        linkSecret: undefined,
        linkSecretPrevious: undefined,
        unsubscribeMailto: undefined,
      },
      new Date(),
    )
  ).salt;

/**
 * Bounces that come back after the relay took the message (issue 13, "a supporter's email that
 * bounces"): each letter and supporter's mail leaves with an envelope sender of its own
 * (`bounces+<signed token>@…`, seen at a real SMTP peer); a delivery status notification (RFC
 * 3464) sent back to it, posted to /hooks/bounces or piped to `candle mail bounces`, makes the
 * letter `bounced` on the campaigner's delivery status, stops all mail to a supporter's address
 * that bounced for good, only records a temporary failure, and a forged or unknown token changes
 * nothing.
 */

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const OFFICIAL = 'despacho@bounce-demo.example.org';

let t: TestApp;
let smtp: SmtpPeer;
let campaigner: Session;
let clock = new Date('2020-07-06T15:00:00Z');
let open: number;
let targetId: number;
let ip = 0;

beforeAll(async () => {
  smtp = await smtpPeer();
  t = await testApp({
    now: () => clock,
    env: {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Candle <actions@candle.test>',
      BOUNCE_ADDRESS: 'bounces@candle.test',
      SUPPRESSION_WEBHOOK_SECRET: SECRET,
    },
  });
  open = await articleIdOf(t.db, 'mexico-adrian-vasquez-further-information');
  const stamp = clock.toISOString();
  targetId = (
    await t.db
      .insertInto('ua_targets')
      .values({
        name: 'Despacho del Fiscal',
        email: OFFICIAL,
        time_zone: 'UTC',
        office_hours: '',
        country_code: 'MX',
        language: 'es',
        salutation: 'Señor Fiscal',
        created_at: stamp,
        updated_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await t.db
    .insertInto('ua_action_targets')
    .values({ article_id: open, target_id: targetId, role: 'target', position: 99 })
    .execute();
  await makeUser(t.db, 'campaigner');
  campaigner = await logIn(t.app, 'campaigner@candle.test');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A report as a receiving mail system writes it (RFC 3464), to the envelope sender it was given. */
function deliveryReport(o: {
  to: string;
  recipient: string;
  status: string;
  action?: string;
  diagnostic?: string;
  deliveredTo?: string;
}): string {
  const action = o.action ?? (o.status.startsWith('5') ? 'failed' : 'delayed');
  return [
    'Return-Path: <>',
    ...(o.deliveredTo ? [`Delivered-To: ${o.deliveredTo}`] : []),
    'From: Mail Delivery System <MAILER-DAEMON@mx.bounce-demo.example.org>',
    `To: ${o.to}`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <report-${Math.random().toString(36).slice(2)}@mx.bounce-demo.example.org>`,
    'Date: Mon, 6 Jul 2020 15:10:00 +0000',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="=_report"',
    '',
    '--=_report',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system at host mx.bounce-demo.example.org.',
    "I'm sorry to have to inform you that your message could not be delivered.",
    '',
    '--=_report',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.bounce-demo.example.org',
    'Arrival-Date: Mon, 6 Jul 2020 15:00:01 +0000',
    '',
    `Final-Recipient: rfc822; ${o.recipient}`,
    `Original-Recipient: rfc822;${o.recipient}`,
    `Action: ${action}`,
    `Status: ${o.status}`,
    `Diagnostic-Code: smtp; ${o.diagnostic ?? `550 ${o.status} <${o.recipient}>: Recipient address`}`,
    '    rejected: User unknown in virtual mailbox table',
    '',
    '--=_report',
    'Content-Type: text/rfc822-headers',
    '',
    'From: Candle <actions@candle.test>',
    `To: ${o.recipient}`,
    'Subject: Adrián',
    '',
    '--=_report--',
    '',
  ].join('\r\n');
}

function postReport(raw: string, signature = bounceSignature(SECRET, Buffer.from(raw))) {
  return t.app.inject({
    method: 'POST',
    url: '/hooks/bounces',
    headers: { 'content-type': 'message/rfc822', 'x-candle-signature': signature },
    payload: raw,
  });
}

/** `candle mail bounces` on this test's database, the report on its standard input. */
function pipeReport(
  raw: string,
  args: string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...candleArgs(), 'mail', 'bounces', ...args],
      {
        env: { ...process.env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent', DATA_DIR: t.dataDir },
        timeout: 60_000,
      },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(raw);
  });
}

/** A confirmed supporter's letter to the official, sent now through the worker to the SMTP peer. */
async function sentLetter(email: string) {
  // The dispatcher is kicked at most once a second: each letter a second of its own.
  clock = new Date(clock.getTime() + 1000);
  const stamp = clock.toISOString();
  const supporterId = await confirmedSupporter(t.db, email, clock);
  const a = await t.db
    .insertInto('ua_actions_taken')
    .values({
      article_id: open,
      supporter_id: supporterId,
      channel: 'email',
      state: 'counted',
      created_at: stamp,
      counted_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const letter = await t.db
    .insertInto('ua_letters')
    .values({
      action_id: a.id,
      article_id: open,
      target_id: targetId,
      role: 'target',
      language: 'es',
      subject: 'Adrián Vásquez',
      body: 'Le escribo.',
      status: 'queued',
      message_id: `bounce-test-${a.id}@candle`,
      created_at: stamp,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await kickDispatcher(t.db, clock);
  await t.worker.runDue();
  const row = await t.db
    .selectFrom('ua_letters')
    .selectAll()
    .where('id', '=', letter.id)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('sent');
  const received = smtp.received.find((r) => r.parsed.messageId === `<bounce-test-${a.id}@candle>`);
  expect(received, 'the letter reached the SMTP peer').toBeDefined();
  return { id: letter.id, envelopeFrom: received!.from };
}

const letterStatus = async (id: number) =>
  await t.db
    .selectFrom('ua_letters')
    .select(['status', 'error'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
const bouncesOf = (column: 'letter_id' | 'supporter_id', id: number) =>
  t.db.selectFrom('ua_bounces').selectAll().where(column, '=', id).orderBy('id').execute();

/** The campaigner's delivery status of the official (the impact page's letters table), by column. */
async function deliveryOfOfficial(): Promise<Record<string, string>> {
  const res = await campaigner.get(`/admin/actions/${open}/impact/letters.csv`);
  expect(res.statusCode).toBe(200);
  const lines = res.body
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
  const header = (lines[0] as string).split(',');
  const row = lines.find((l) => l.includes('Despacho del Fiscal'));
  expect(row).toBeDefined();
  const cells = (row as string).split(',');
  return Object.fromEntries(header.map((h, i) => [h, cells[i] as string]));
}

describe(`a letter that bounces after the relay took it, on ${dialectUnderTest}`, () => {
  it('leaves with an envelope sender of its own, signed, under BOUNCE_ADDRESS', async () => {
    const letter = await sentLetter('ana.envelope@example.org');
    expect(letter.envelopeFrom).toMatch(new RegExp(`^bounces\\+l${letter.id}-[0-9a-f]{20}@candle\\.test$`));
  });

  it('becomes bounced on the campaigner’s delivery status when its report is posted', async () => {
    const before = await deliveryOfOfficial();
    const letter = await sentLetter('ana.hook@example.org');
    const res = await postReport(
      deliveryReport({ to: letter.envelopeFrom, recipient: OFFICIAL, status: '5.1.1' }),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ about: 'letter', id: letter.id, effect: 'bounced', status: '5.1.1' });
    const row = await letterStatus(letter.id);
    expect(row.status).toBe('bounced');
    expect(row.error).toContain('5.1.1');
    expect(await bouncesOf('letter_id', letter.id)).toMatchObject([{ severity: 'hard', status: '5.1.1' }]);
    const after = await deliveryOfOfficial();
    expect(Number(after.Bounced)).toBe(Number(before.Bounced) + 1);
    expect(Number(after.Sent)).toBe(Number(before.Sent));
  });

  it('only records a temporary failure (4.x.x): the letter stays sent', async () => {
    const letter = await sentLetter('ana.soft@example.org');
    const res = await postReport(
      deliveryReport({
        to: letter.envelopeFrom,
        recipient: OFFICIAL,
        status: '4.2.2',
        diagnostic: '452 4.2.2 Mailbox full',
      }),
    );
    expect(res.json()).toMatchObject({ effect: 'recorded', status: '4.2.2' });
    expect((await letterStatus(letter.id)).status).toBe('sent');
    expect(await bouncesOf('letter_id', letter.id)).toMatchObject([{ severity: 'soft', status: '4.2.2' }]);
  });

  it('refuses a forged token, an unknown letter, an unsigned post and a message that is no report, changing nothing', async () => {
    const letter = await sentLetter('ana.forged@example.org');
    const forged = letter.envelopeFrom.replace(/-[0-9a-f]{20}@/, '-0123456789abcdef0123@');
    const r1 = await postReport(deliveryReport({ to: forged, recipient: OFFICIAL, status: '5.1.1' }));
    expect(r1.statusCode).toBe(422);
    expect(r1.json()).toMatchObject({ error: 'forged' });
    expect(r1.json().message).toContain('not signed by this site');
    // A letter's own token with another id is forged too: the signature covers the id.
    const other = letter.envelopeFrom.replace(`+l${letter.id}-`, `+l${letter.id + 1000}-`);
    expect(
      (await postReport(deliveryReport({ to: other, recipient: OFFICIAL, status: '5.1.1' }))).json(),
    ).toMatchObject({
      error: 'forged',
    });
    const report = deliveryReport({ to: letter.envelopeFrom, recipient: OFFICIAL, status: '5.1.1' });
    expect((await postReport(report, 'sha256=00')).statusCode).toBe(401);
    const notAReport = 'From: a@b.example\r\nTo: bounces@candle.test\r\nSubject: hi\r\n\r\nhello\r\n';
    const r4 = await postReport(notAReport);
    expect(r4.statusCode).toBe(422);
    expect(r4.json()).toMatchObject({ error: 'unreadable' });
    expect((await letterStatus(letter.id)).status).toBe('sent');
    expect(await bouncesOf('letter_id', letter.id)).toEqual([]);
    // A genuine token whose letter is gone (its supporter erased): unknown, nothing recorded.
    await t.db.deleteFrom('ua_letters').where('id', '=', letter.id).execute();
    const r5 = await postReport(report);
    expect(r5.statusCode).toBe(422);
    expect(r5.json()).toMatchObject({ error: 'unknown' });
  });

  it('is read from standard input by `candle mail bounces`, and a forged one is refused with exit 67', async () => {
    const letter = await sentLetter('ana.pipe@example.org');
    const report = deliveryReport({
      to: 'bounces@candle.test',
      deliveredTo: letter.envelopeFrom,
      recipient: OFFICIAL,
      status: '5.2.1',
    });
    const forged = await pipeReport(report, [
      '--recipient',
      letter.envelopeFrom.replace(/-[0-9a-f]{20}@/, '-ffffffffffffffffffff@'),
    ]);
    expect(forged.code).toBe(67);
    expect(forged.stderr).toContain('not signed by this site; nothing recorded');
    expect((await letterStatus(letter.id)).status).toBe('sent');
    const piped = await pipeReport(report);
    expect(piped.stderr).toBe('');
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain(`letter ${letter.id}: bounced for good (5.2.1)`);
    expect((await letterStatus(letter.id)).status).toBe('bounced');
  }, 60_000);
});

function post(url: string, form: Record<string, string>) {
  ip++;
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': `198.51.100.${ip}` },
    payload: formBody(form),
  });
}

const letterForm = (email: string) => ({
  name: 'Ana Torres',
  email,
  city: 'Montréal',
  country: 'Canada',
  subject: 'Adrián Vásquez: reparación',
  body: 'Le escribo para pedirle que repare el daño causado.',
  wording: '',
  source_page: '/articles/mexico-adrian-vasquez-further-information',
  leave_empty: '',
});

/** A new address acts: its confirmation link goes to the SMTP peer; returns the mail's envelope sender. */
async function actsAndIsMailed(email: string) {
  const res = await post(`/actions/${open}/email`, letterForm(email));
  expect(res.statusCode).toBe(303);
  await t.worker.runDue();
  const mails = smtp.to(email);
  expect(mails).toHaveLength(1);
  const s = await t.db
    .selectFrom('ua_supporters')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return { id: s.id, envelopeFrom: (mails[0] as (typeof mails)[number]).from };
}

describe(`a supporter’s email that bounces, on ${dialectUnderTest}`, () => {
  it('a hard bounce (5.x.x) of the confirmation mail stops all mail to the address', async () => {
    const email = 'nadie@example.org';
    const s = await actsAndIsMailed(email);
    expect(s.envelopeFrom).toMatch(new RegExp(`^bounces\\+s${s.id}-[0-9a-f]{20}@candle\\.test$`));
    const res = await postReport(deliveryReport({ to: s.envelopeFrom, recipient: email, status: '5.1.1' }));
    expect(res.json()).toMatchObject({ about: 'supporter', id: s.id, effect: 'suppressed' });
    const row = await t.db
      .selectFrom('ua_supporters')
      .select('bounced_at')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.bounced_at).not.toBeNull();
    // On the subscriptions room's suppression list too: no alert or network mail either.
    expect(await isSuppressed(t.db, await salt(), email)).toBe(true);
    // Hours later, a fresh link asked for, the data link asked for, another action: no mail at all.
    clock = new Date(clock.getTime() + 3 * 3_600_000);
    expect((await post('/actions/link', { email })).statusCode).toBe(200);
    expect((await post('/actions/your-data', { email })).statusCode).toBeLessThan(300);
    expect(
      (await post(`/actions/${open}/done`, { ...letterForm(email), channel: 'call', detail: '' })).statusCode,
    ).toBe(303);
    await t.worker.runDue();
    expect(smtp.to(email)).toHaveLength(1);
  });

  it('an address that bounced for good gets no link even after its supporter was swept away', async () => {
    const email = 'nadie@example.org';
    // The hourly sweep deletes a supporter never confirmed after 7 days, bounce and all.
    await t.db.deleteFrom('ua_supporters').where('email', '=', email).execute();
    clock = new Date(clock.getTime() + 3 * 3_600_000);
    expect((await post(`/actions/${open}/email`, letterForm(email))).statusCode).toBe(303);
    await t.worker.runDue();
    // Recorded as ever (a new supporter, the action pending), but the suppression list holds the address.
    expect(
      await t.db.selectFrom('ua_supporters').select('id').where('email', '=', email).executeTakeFirst(),
    ).toBeDefined();
    expect(smtp.to(email)).toHaveLength(1);
  });

  it('a soft bounce (4.x.x) is only recorded: the next link still goes', async () => {
    const email = 'llena@example.org';
    const s = await actsAndIsMailed(email);
    const res = await postReport(
      deliveryReport({
        to: s.envelopeFrom,
        recipient: email,
        status: '4.2.2',
        diagnostic: '452 4.2.2 Mailbox full',
      }),
    );
    expect(res.json()).toMatchObject({ about: 'supporter', effect: 'recorded' });
    expect(await bouncesOf('supporter_id', s.id)).toMatchObject([{ severity: 'soft', status: '4.2.2' }]);
    const row = await t.db
      .selectFrom('ua_supporters')
      .select('bounced_at')
      .where('id', '=', s.id)
      .executeTakeFirstOrThrow();
    expect(row.bounced_at).toBeNull();
    expect(await isSuppressed(t.db, await salt(), email)).toBe(false);
    clock = new Date(clock.getTime() + 3 * 3_600_000);
    await post('/actions/link', { email });
    await t.worker.runDue();
    expect(smtp.to(email)).toHaveLength(2);
  });

  it('a report about another address under a supporter’s token is refused', async () => {
    const email = 'otra@example.org';
    const s = await actsAndIsMailed(email);
    const report = deliveryReport({
      to: s.envelopeFrom,
      recipient: 'someone-else@example.org',
      status: '5.1.1',
    });
    const res = await postReport(report);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ error: 'other-address' });
    expect(await bouncesOf('supporter_id', s.id)).toEqual([]);
  });
});
