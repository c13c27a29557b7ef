import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loggedBody } from '../../src/webhooks/events.js';
import {
  addressAllowed,
  checkEndpointUrl,
  MAX_TRIES,
  newSecret,
  nextTryAt,
  signature,
  verifySignature,
} from '../../src/webhooks/rules.js';

describe('a delivery’s signature', () => {
  const secret = 'whsec_test';
  const body = '{"id":"x","event":"ping","createdAt":"2026-12-03T10:00:00.000Z","data":{}}';

  it('is the hex HMAC-SHA256 of "<timestamp>.<body>", as a receiver computes it', () => {
    const expected = createHmac('sha256', secret).update(`1764756000.${body}`).digest('hex');
    expect(signature(secret, 1764756000, body)).toBe(`sha256=${expected}`);
  });

  it('verifies when the secret, the timestamp and the body are the ones signed, and recent', () => {
    const now = new Date(1764756000_000 + 60_000);
    const headers = { timestamp: '1764756000', signature: signature(secret, 1764756000, body) };
    expect(verifySignature(secret, headers, body, now)).toBe(true);
    expect(verifySignature('whsec_other', headers, body, now)).toBe(false);
    expect(verifySignature(secret, headers, `${body} `, now)).toBe(false);
    expect(verifySignature(secret, { ...headers, timestamp: '1764756001' }, body, now)).toBe(false);
    expect(verifySignature(secret, { ...headers, signature: undefined }, body, now)).toBe(false);
  });

  it('refuses a replay: the same signed delivery ten minutes later', () => {
    const headers = { timestamp: '1764756000', signature: signature(secret, 1764756000, body) };
    expect(verifySignature(secret, headers, body, new Date(1764756000_000 + 10 * 60_000))).toBe(false);
  });

  it('makes a different secret each time', () => {
    const a = newSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newSecret()).not.toBe(a);
  });
});

describe('the backoff', () => {
  const now = new Date('2026-12-03T10:00:00Z');
  const minutesAfter = (tries: number) => {
    const at = nextTryAt(tries, now);
    return at === null ? null : (at.getTime() - now.getTime()) / 60_000;
  };

  it('waits 1 min, 5 min, 30 min, 2 h and 6 h, then gives up after the sixth try', () => {
    expect([1, 2, 3, 4, 5, 6].map(minutesAfter)).toEqual([1, 5, 30, 120, 360, null]);
    expect(MAX_TRIES).toBe(6);
  });
});

describe('an endpoint’s address', () => {
  const problem = (url: string) => {
    const checked = checkEndpointUrl(url);
    return checked.ok ? 'ok' : checked.problem;
  };

  it('is https, or http to a loopback host only', () => {
    expect(problem('https://hooks.example.org/candle')).toBe('ok');
    expect(problem('http://127.0.0.1:8080/hook')).toBe('ok');
    expect(problem('http://localhost/hook')).toBe('ok');
    expect(problem('http://[::1]:9000/')).toBe('ok');
    expect(problem('http://hooks.example.org/candle')).toBe('scheme');
    expect(problem('ftp://hooks.example.org/')).toBe('scheme');
    expect(problem('javascript:alert(1)')).toBe('scheme');
    expect(problem('hooks.example.org')).toBe('invalid');
    expect(problem('')).toBe('invalid');
  });

  it('carries no user name or password', () => {
    expect(problem('https://user:pass@hooks.example.org/')).toBe('credentials');
  });

  it('is not a private, link-local or reserved address', () => {
    for (const url of [
      'https://10.0.0.5/',
      'https://172.16.3.4/',
      'https://192.168.1.1/',
      'https://169.254.169.254/latest/meta-data',
      'https://100.64.0.1/',
      'https://0.0.0.0/',
      'https://[fd00::1]/',
      'https://[fe80::1]/',
      'https://[::ffff:10.0.0.1]/',
      'https://[::]/',
    ])
      expect(problem(url), url).toBe('private');
    expect(problem('https://93.184.215.14/')).toBe('ok');
    expect(problem('https://127.0.0.1/')).toBe('ok');
  });

  it('is checked again on the addresses a name resolves to', () => {
    expect(addressAllowed('10.1.2.3')).toBe(false);
    expect(addressAllowed('::ffff:192.168.0.1')).toBe(false);
    expect(addressAllowed('127.0.0.1')).toBe(true);
    expect(addressAllowed('::1')).toBe(true);
    expect(addressAllowed('2606:4700::1111')).toBe(true);
    expect(addressAllowed('not an address')).toBe(false);
  });
});

describe('the delivery log', () => {
  const body = (data: object) =>
    JSON.stringify({ id: 'e1', event: 'subscriber.confirmed', createdAt: 'x', data });

  it('forgets a confirmed subscriber’s address once delivered, and keeps every other body as sent', () => {
    const sent = body({ subscriberId: 4, follows: [], email: 'ana@example.org' });
    const kept = loggedBody('subscriber.confirmed', sent);
    expect(kept).not.toContain('ana@example.org');
    expect(JSON.parse(kept).data).toMatchObject({ subscriberId: 4, follows: [] });
    const without = body({ subscriberId: 4, follows: [] });
    expect(loggedBody('subscriber.confirmed', without)).toBe(without);
    const action = '{"data":{"email":"kept only because no such field is ever sent"}}';
    expect(loggedBody('action.taken', action)).toBe(action);
    expect(loggedBody('subscriber.confirmed', 'not json')).toBe('not json');
  });
});
