import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candleArgs } from '../support/command.js';
import { type SmtpPeer, smtpPeer } from '../support/smtp.js';

const run = promisify(execFile);

/** The test's own settings only: a developer's SMTP_URL or DKIM_* must not leak into the command. */
function withoutMailSettings(env: NodeJS.ProcessEnv) {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !/^(SMTP_URL|MAIL_FROM|DKIM_)/.test(name)),
  );
}

async function candle(args: string[], env: Record<string, string>) {
  try {
    const out = await run(process.execPath, [...candleArgs(), ...args], {
      env: { ...withoutMailSettings(process.env), LOG_LEVEL: 'silent', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: out.stdout, stderr: out.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** An SMTP server configured to say no, on a free port. */
async function server(options: SMTPServerOptions) {
  // Not the default 30 s for a connection the command left open (tests/support/smtp.ts says why).
  const s = new SMTPServer({ logger: false, disabledCommands: ['STARTTLS'], closeTimeout: 250, ...options });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return {
    port: (s.server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => s.close(() => r())),
  };
}

const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
const publicKeyBase64 = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64');
const dkim = { DKIM_DOMAIN: 'news.example.org', DKIM_SELECTOR: 'candle2026', DKIM_PRIVATE_KEY: key };

describe('candle mail check', () => {
  let smtp: SmtpPeer;
  beforeAll(async () => {
    smtp = await smtpPeer();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('says mail goes to the outbox without SMTP_URL, and succeeds', async () => {
    const result = await candle(['mail', 'check'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/SMTP_URL is unset: mail goes to the embedded outbox \(\/admin\/outbox\)/);
  });

  it('prints the SPF, DKIM and DMARC records and passes against a working server', async () => {
    const result = await candle(['mail', 'check'], {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Candle <alerts@news.example.org>',
      ...dkim,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('SPF: a TXT record on news.example.org');
    expect(result.stdout).toContain('DKIM: a TXT record on candle2026._domainkey.news.example.org');
    expect(result.stdout).toContain(`  v=DKIM1; k=rsa; p=${publicKeyBase64}\n`);
    expect(result.stdout).toContain('Alignment: aligned: DKIM_DOMAIN is MAIL_FROM');
    expect(result.stdout).toContain('DMARC: a TXT record on _dmarc.news.example.org');
    expect(result.stdout).toContain('v=DMARC1; p=none; rua=mailto:dmarc-reports@news.example.org');
    expect(result.stdout).toMatch(
      /candle: the SMTP server at 127\.0\.0\.1:\d+ accepts Candle's connection\n$/,
    );
    // Checking sends nothing.
    expect(smtp.received).toHaveLength(0);
  });

  it('says when the signing domain is not the sender’s, and when nothing signs', async () => {
    const other = await candle(['mail', 'check'], {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'alerts@campaigns.example.net',
      ...dkim,
    });
    expect(other.code).toBe(0);
    expect(other.stdout).toMatch(
      /NOT aligned: DKIM_DOMAIN news\.example\.org is not MAIL_FROM's domain campaigns\.example\.net/,
    );
    const parent = await candle(['mail', 'check'], {
      SMTP_URL: smtp.url,
      MAIL_FROM: 'a@alerts.news.example.org',
      ...dkim,
    });
    expect(parent.stdout).toMatch(/aligned under DMARC's relaxed alignment/);
    const unsigned = await candle(['mail', 'check'], { SMTP_URL: smtp.url, MAIL_FROM: 'a@news.example.org' });
    expect(unsigned.code).toBe(0);
    expect(unsigned.stdout).toMatch(/DKIM: Candle does not sign/);
    expect(unsigned.stdout).not.toMatch(/_domainkey/);
  });

  describe('fails with one clear line when the server cannot be used', () => {
    const oneLine = (result: { code: number; stderr: string }, pattern: RegExp) => {
      expect(result.code).toBe(1);
      const lines = result.stderr.trim().split('\n');
      expect(lines, result.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(pattern);
    };

    it('a host that does not resolve', async () => {
      // .invalid never resolves (RFC 2606), and asking sends nothing to anyone.
      oneLine(
        await candle(['mail', 'check'], { SMTP_URL: 'smtp://relay.invalid:587' }),
        /^candle: cannot send through relay\.invalid:587: relay\.invalid does not resolve: check SMTP_URL's host$/,
      );
    });

    it('nothing listening', async () => {
      const gone = await server({});
      await gone.close();
      oneLine(
        await candle(['mail', 'check'], { SMTP_URL: `smtp://127.0.0.1:${gone.port}`, ...dkim }),
        new RegExp(`^candle: cannot send through 127\\.0\\.0\\.1:${gone.port}: nothing accepts connections`),
      );
    });

    it('a server that turns the connection away', async () => {
      const busy = await server({
        onConnect(_session, callback) {
          callback(Object.assign(new Error('too busy, try later'), { responseCode: 421 }));
        },
      });
      oneLine(
        await candle(['mail', 'check'], { SMTP_URL: `smtp://127.0.0.1:${busy.port}` }),
        /^candle: cannot send through 127\.0\.0\.1:\d+: the server at 127\.0\.0\.1:\d+ said: 421 too busy, try later/,
      );
      await busy.close();
    });

    it('a wrong password, never printed', async () => {
      const strict = await server({
        allowInsecureAuth: true,
        onAuth(_auth, _session, callback) {
          callback(
            Object.assign(new Error('5.7.8 Authentication credentials invalid'), { responseCode: 535 }),
          );
        },
      });
      const result = await candle(['mail', 'check'], {
        SMTP_URL: `smtp://candle:s3cret-pass@127.0.0.1:${strict.port}`,
      });
      oneLine(
        result,
        /^candle: cannot send through 127\.0\.0\.1:\d+: the server refused the user name and password in SMTP_URL: 535/,
      );
      expect(result.stderr + result.stdout).not.toContain('s3cret-pass');
      await strict.close();
    });
  });
});
