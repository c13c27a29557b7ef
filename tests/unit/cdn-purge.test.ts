import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { cdnPurgeJobHandler, xkeyBatches } from '../../src/platform/cache/cdn-purge.js';

describe('CDN_PURGE', () => {
  it('is off by default', () => {
    expect(loadConfig({}).cdnPurge).toBeUndefined();
  });

  it('names one Varnish, or several separated by commas', () => {
    expect(loadConfig({ CDN_PURGE: 'varnish:http://127.0.0.1:6081' }).cdnPurge).toEqual({
      provider: 'varnish',
      urls: ['http://127.0.0.1:6081'],
    });
    expect(loadConfig({ CDN_PURGE: 'varnish:http://10.0.0.5:6081/,http://10.0.0.6:6081' }).cdnPurge).toEqual({
      provider: 'varnish',
      urls: ['http://10.0.0.5:6081/', 'http://10.0.0.6:6081'],
    });
  });

  it('refuses anything else with a message naming the variable', () => {
    for (const value of [
      '',
      'http://127.0.0.1:6081',
      'varnish:127.0.0.1:6081',
      'fastly:abc',
      'varnish:http://a b',
    ]) {
      expect(() => loadConfig({ CDN_PURGE: value }), value).toThrow(/CDN_PURGE: must be varnish:http/);
    }
  });
});

describe('xkeyBatches', () => {
  it('joins keys with spaces and starts a new header before one grows past the limit', () => {
    expect(xkeyBatches(['article:1', 'country:mx'])).toEqual(['article:1 country:mx']);
    expect(xkeyBatches(['aaaa', 'bbbb', 'cccc'], 9)).toEqual(['aaaa bbbb', 'cccc']);
    expect(xkeyBatches([])).toEqual([]);
  });

  it('keeps every key of a long purge', () => {
    const keys = Array.from({ length: 2000 }, (_, i) => `article:${i}`);
    const batches = xkeyBatches(keys);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.every((b) => b.length <= 4000)).toBe(true);
    expect(batches.join(' ').split(' ')).toEqual(keys);
  });
});

describe('the CDN purge job', () => {
  it('says why it cannot run in a process without CDN_PURGE', async () => {
    await expect(cdnPurgeJobHandler(undefined)({ keys: ['article:1'] })).rejects.toThrow(
      'CDN_PURGE is not set in the process that runs jobs',
    );
  });

  it('refuses a payload without keys', async () => {
    const purger = { purge: async () => {} };
    await expect(cdnPurgeJobHandler(purger)({ keys: [] })).rejects.toThrow();
  });
});
