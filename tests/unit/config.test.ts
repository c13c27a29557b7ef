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
});
