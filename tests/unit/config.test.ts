import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('has embedded defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.database).toEqual({ dialect: 'sqlite', file: path.resolve('data/candle.db') });
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.worker).toBe('child');
    expect(config.proofOfWorkSteps).toBe(4_000);
  });

  it('reads where the jobs run (on: the old name of here) and the proof of work’s steps', () => {
    expect(loadConfig({ WORKER: 'on' }).worker).toBe('here');
    expect(loadConfig({ WORKER: 'off' }).worker).toBe('off');
    expect(() => loadConfig({ WORKER: 'elsewhere' })).toThrow(/WORKER/);
    expect(loadConfig({ PROOF_OF_WORK_STEPS: '40' }).proofOfWorkSteps).toBe(40);
    expect(() => loadConfig({ PROOF_OF_WORK_STEPS: '1' })).toThrow(/PROOF_OF_WORK_STEPS/);
  });

  it('reads PostgreSQL and a public URL without a trailing slash', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@h:5432/db',
      PUBLIC_URL: 'https://news.example.org/',
    });
    expect(config.database).toEqual({ dialect: 'postgres', url: 'postgres://u@h:5432/db' });
    expect(config.publicUrl).toBe('https://news.example.org');
  });

  it('refuses bad values with one message naming each', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty' })).toThrow(ConfigError);
    try {
      loadConfig({ DATABASE_URL: 'mysql://x', PORT: 'eighty' });
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/);
      expect((err as Error).message).toMatch(/DATABASE_URL/);
    }
    expect(() => loadConfig({ DATABASE_URL: 'sqlite:' })).toThrow(/needs a file path/);
  });

  it('refuses an SMTP_URL that names no server, before anything tries to connect', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://' })).toThrow(/SMTP_URL.*must name the server/);
    expect(() => loadConfig({ SMTP_URL: 'mail.example.org' })).toThrow(/must start with smtp/);
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.example.org:465' }).smtpUrl).toBe(
      'smtps://u:p@mail.example.org:465',
    );
  });

  it('reads the secrets of subscribers’ links and the relay, refusing short ones', () => {
    const none = loadConfig({});
    expect([none.linkSecret, none.suppressionWebhookSecret, none.unsubscribeMailto]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const long = 'x'.repeat(32);
    const set = loadConfig({
      LINK_SECRET: long,
      LINK_SECRET_PREVIOUS: `${long}y`,
      SUPPRESSION_WEBHOOK_SECRET: long,
      UNSUBSCRIBE_MAILTO: 'leave@example.org',
    });
    expect(set).toMatchObject({
      linkSecret: long,
      linkSecretPrevious: `${long}y`,
      suppressionWebhookSecret: long,
      unsubscribeMailto: 'leave@example.org',
    });
    expect(() => loadConfig({ LINK_SECRET: 'short' })).toThrow(/LINK_SECRET: must be at least 32/);
    expect(() => loadConfig({ SUPPRESSION_WEBHOOK_SECRET: 'short' })).toThrow(/SUPPRESSION_WEBHOOK_SECRET/);
    expect(() => loadConfig({ UNSUBSCRIBE_MAILTO: 'no\r\nBcc: x@y.z' })).toThrow(/UNSUBSCRIBE_MAILTO/);
  });

  describe('DKIM', () => {
    const rsa = (bits: number) =>
      generateKeyPairSync('rsa', { modulusLength: bits }).privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }) as string;
    const key = rsa(2048);
    const dkim = { DKIM_DOMAIN: 'News.Example.org', DKIM_SELECTOR: 'candle2026', DKIM_PRIVATE_KEY: key };

    it('is off without settings, and reads a key given as PEM text or as a file', () => {
      expect(loadConfig({}).dkim).toBeUndefined();
      const expected = { domainName: 'news.example.org', keySelector: 'candle2026', privateKey: key };
      expect(loadConfig(dkim).dkim).toEqual(expected);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-dkim-'));
      const file = path.join(dir, 'dkim.pem');
      fs.writeFileSync(file, key);
      expect(loadConfig({ ...dkim, DKIM_PRIVATE_KEY: file }).dkim).toEqual(expected);
      fs.rmSync(dir, { recursive: true });
      // One-line env files carry PEM with its line breaks written as \n.
      expect(loadConfig({ ...dkim, DKIM_PRIVATE_KEY: key.replaceAll('\n', '\\n') }).dkim).toEqual(expected);
    });

    it('needs all three settings together', () => {
      expect(() => loadConfig({ DKIM_DOMAIN: 'example.org' })).toThrow(
        /DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY together; DKIM_SELECTOR and DKIM_PRIVATE_KEY unset/,
      );
      expect(() => loadConfig({ ...dkim, DKIM_SELECTOR: undefined })).toThrow(/; DKIM_SELECTOR unset$/);
    });

    it('refuses names that are not DNS labels', () => {
      expect(() => loadConfig({ ...dkim, DKIM_DOMAIN: 'example..org' })).toThrow(
        /DKIM_DOMAIN: must be a domain name/,
      );
      expect(() => loadConfig({ ...dkim, DKIM_DOMAIN: 'https://example.org' })).toThrow(/DKIM_DOMAIN/);
      expect(() => loadConfig({ ...dkim, DKIM_SELECTOR: 'bad_selector' })).toThrow(
        /DKIM_SELECTOR: must be DNS labels/,
      );
      expect(() => loadConfig({ ...dkim, DKIM_SELECTOR: '-x' })).toThrow(/DKIM_SELECTOR/);
      expect(() => loadConfig({ ...dkim, DKIM_SELECTOR: 'a'.repeat(64) })).toThrow(/DKIM_SELECTOR/);
      expect(loadConfig({ ...dkim, DKIM_SELECTOR: `s1.${'a'.repeat(63)}` }).dkim?.keySelector).toBe(
        `s1.${'a'.repeat(63)}`,
      );
    });

    it('refuses a key that cannot sign, saying why', () => {
      expect(() =>
        loadConfig({ ...dkim, DKIM_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\ngarbage\n' }),
      ).toThrow(/DKIM_PRIVATE_KEY: is not a PEM private key/);
      expect(() => loadConfig({ ...dkim, DKIM_PRIVATE_KEY: '/nowhere/dkim.pem' })).toThrow(
        /DKIM_PRIVATE_KEY: neither PEM text \(no -----BEGIN line\) nor a readable file: cannot read \/nowhere\/dkim\.pem \(ENOENT\)/,
      );
      // The body of a key pasted without its BEGIN line is secret: never echoed into logs.
      const body = key.split('\n').slice(1, -2).join('\n');
      expect(() => loadConfig({ ...dkim, DKIM_PRIVATE_KEY: body })).toThrow(
        // Base64 holds '/': read as a path, a long run between two is too long a name, else absent.
        /nor a readable file: cannot read \((ENOENT|ENAMETOOLONG)\)$/,
      );
      const ed25519 = generateKeyPairSync('ed25519').privateKey.export({
        type: 'pkcs8',
        format: 'pem',
      }) as string;
      expect(() => loadConfig({ ...dkim, DKIM_PRIVATE_KEY: ed25519 })).toThrow(
        /is a key of type ed25519; .*needs an RSA key/,
      );
      expect(() => loadConfig({ ...dkim, DKIM_PRIVATE_KEY: rsa(512) })).toThrow(/is a 512-bit RSA key/);
      // A public key pasted by mistake is not a private key.
      const pub = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({
        type: 'spki',
        format: 'pem',
      });
      expect(() => loadConfig({ ...dkim, DKIM_PRIVATE_KEY: pub as string })).toThrow(
        /is not a PEM private key/,
      );
    });
  });
});
