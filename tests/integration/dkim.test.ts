import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { dkimTxtRecord } from '../../src/platform/mail/dkim.js';
import { type Mailer, queueMail, smtpMailer } from '../../src/platform/mail/index.js';
import { testApp } from '../support/app.js';
import { verifyDkim } from '../support/dkim-verify.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const dkimEnv = {
  DKIM_DOMAIN: 'news.example.org',
  DKIM_SELECTOR: 'candle2026',
  DKIM_PRIVATE_KEY: privateKey,
};

describe('DKIM signing over SMTP', () => {
  let smtp: SmtpPeer;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await smtpPeer();
    const config = loadConfig({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Candle <alerts@news.example.org>',
      ...dkimEnv,
    });
    mailer = smtpMailer(config.smtpUrl as string, config.mailFrom, { dkim: config.dkim, maxConnections: 1 });
  });
  afterAll(async () => {
    await mailer.close();
    await smtp.close();
  });

  it('signs every message for the domain and selector, verifiable with the published key', async () => {
    await mailer.send({
      to: 'ana@example.net',
      subject: 'Urgent action: Mexico',
      text: 'Write to the governor today.\n\nTrailing spaces   \n',
      html: '<p>Write to the governor today.</p>',
      messageId: 'dkim-1@candle',
      listHeaders: {
        'List-Unsubscribe': '<https://news.example.org/subscribe/unsubscribe/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    });
    const [message] = smtp.to('ana@example.net');
    expect(message).toBeDefined();
    const raw = message?.raw as Buffer;
    expect(message?.parsed.headers.has('dkim-signature')).toBe(true);

    // The key a receiver finds in DNS: the record `candle mail check` prints.
    const record = dkimTxtRecord({ domainName: 'news.example.org', keySelector: 'candle2026', privateKey });
    const published = createPublicKey({
      key: Buffer.from(record.value.replace(/^.*p=/, ''), 'base64'),
      format: 'der',
      type: 'spki',
    });
    const tags = verifyDkim(raw, published);
    expect(tags).toMatchObject({ d: 'news.example.org', s: 'candle2026', a: 'rsa-sha256' });
    // One-click unsubscribe counts only when the signature covers both list headers (RFC 8058).
    expect(tags.h?.toLowerCase().split(':')).toEqual(
      expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']),
    );

    // The check is real: a changed subject or body no longer verifies.
    const tampered = Buffer.from(raw.toString('latin1').replace('Mexico', 'Mexic0'), 'latin1');
    expect(() => verifyDkim(tampered, published)).toThrow(/does not verify/);
    const body = Buffer.from(raw.toString('latin1').replace('governor', 'g0vernor'), 'latin1');
    expect(() => verifyDkim(body, published)).toThrow(/body hash/);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(() => verifyDkim(raw, other)).toThrow(/does not verify/);
  });

  it('sends unsigned without the DKIM settings', async () => {
    const plain = smtpMailer(smtp.url, 'Candle <alerts@news.example.org>', { maxConnections: 1 });
    await plain.send({ to: 'plain@example.net', subject: 'Hello', text: 'Hi', messageId: 'dkim-2@candle' });
    await plain.close();
    expect(smtp.to('plain@example.net')[0]?.parsed.headers.has('dkim-signature')).toBe(false);
  });

  it('signs the mail the app sends when the settings are given (the worker’s mailer)', async () => {
    const t = await testApp({
      demo: false,
      env: { SMTP_URL: smtp.url, MAIL_FROM: 'Candle <alerts@news.example.org>', ...dkimEnv },
    });
    try {
      await queueMail(t.db, { to: 'app@example.net', subject: 'From the app', text: 'Hi' }, new Date());
      for (let i = 0; i < 10 && smtp.to('app@example.net').length === 0; i++) await t.worker.runDue();
      const [message] = smtp.to('app@example.net');
      expect(verifyDkim(message?.raw as Buffer, createPublicKey(privateKey))).toMatchObject({
        d: 'news.example.org',
        s: 'candle2026',
      });
    } finally {
      await t.close();
    }
  });
});
