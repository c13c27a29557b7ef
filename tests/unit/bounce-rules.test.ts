import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  bounceAddress,
  bounceToken,
  NotAReport,
  parseDeliveryReport,
  severityOf,
  tokenInAddress,
  verifyBounceToken,
} from '../../src/platform/mail/bounce.js';

/** Bounce tokens (VERP-style envelope senders) and the reading of delivery status notifications. */

const keys = ['k'.repeat(40)] as const;

describe('bounce tokens', () => {
  it('names the message in the envelope sender, signed, and verifies under an older key too', () => {
    const address = bounceAddress({ address: 'bounces@news.example.org', keys }, { kind: 'l', id: 42 });
    expect(address).toMatch(/^bounces\+l42-[0-9a-f]{20}@news\.example\.org$/);
    const token = tokenInAddress(address) as string;
    expect(verifyBounceToken(keys, token)).toEqual({ ok: true, ref: { kind: 'l', id: 42 } });
    expect(verifyBounceToken(['n'.repeat(40), keys[0]], token).ok).toBe(true);
    // A relay that uppercases the address on the way back changes nothing.
    expect(verifyBounceToken(keys, tokenInAddress(address.toUpperCase()) as string).ok).toBe(true);
  });

  it('refuses another id, another kind or another key as forged', () => {
    const token = bounceToken(keys, { kind: 's', id: 7 });
    expect(verifyBounceToken(keys, token.replace('s7-', 's8-'))).toEqual({ ok: false, reason: 'forged' });
    expect(verifyBounceToken(keys, token.replace('s7-', 'l7-')).ok).toBe(false);
    expect(verifyBounceToken(['x'.repeat(40)], token).ok).toBe(false);
    expect(verifyBounceToken(keys, 'nonsense').ok).toBe(false);
  });

  it('finds a token only in an address of its shape', () => {
    expect(tokenInAddress('bounces@news.example.org')).toBeNull();
    expect(tokenInAddress('ana+newsletters@example.org')).toBeNull();
    expect(tokenInAddress(`<b+${bounceToken(keys, { kind: 'l', id: 1 })}@x.example>`)).not.toBeNull();
  });

  it('BOUNCE_ADDRESS is an address without a + of its own', () => {
    expect(loadConfig({ BOUNCE_ADDRESS: 'Bounces@News.example.org' }).bounceAddress).toBe(
      'bounces@news.example.org',
    );
    expect(() => loadConfig({ BOUNCE_ADDRESS: 'bounces+x@news.example.org' })).toThrow(/BOUNCE_ADDRESS/);
    expect(() => loadConfig({ BOUNCE_ADDRESS: 'not an address' })).toThrow(/BOUNCE_ADDRESS/);
  });
});

const report = (status: string) =>
  [
    'From: MAILER-DAEMON@mx.example',
    'To: bounces+l1-00000000000000000000@news.example.org',
    'Delivered-To: bounces+l2-00000000000000000000@news.example.org',
    'Message-ID: <r1@mx.example>',
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    'Status: 2.0.0 (words a person reads, not the report)',
    '',
    '--b',
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.example',
    '',
    'Final-Recipient: rfc822; one@example.org',
    'Action: failed',
    `Status: ${status}`,
    'Diagnostic-Code: smtp; 550 5.1.1 <one@example.org>:',
    '  User unknown',
    '',
    'Final-Recipient: rfc822;<Two@Example.org>',
    'Action: delivered',
    'Status: 2.0.0',
    '',
    '--b--',
    '',
  ].join('\r\n');

describe('delivery status notifications', () => {
  it('reads each recipient’s action, status and diagnostic, and the addressees the mail system gave', async () => {
    const r = await parseDeliveryReport(report('5.1.1'));
    expect(r.messageId).toBe('<r1@mx.example>');
    expect(r.addressedTo[0]).toBe('bounces+l2-00000000000000000000@news.example.org');
    expect(r.recipients).toEqual([
      {
        finalRecipient: 'one@example.org',
        originalRecipient: '',
        action: 'failed',
        status: '5.1.1',
        diagnostic: '550 5.1.1 <one@example.org>: User unknown',
      },
      {
        finalRecipient: 'two@example.org',
        originalRecipient: '',
        action: 'delivered',
        status: '2.0.0',
        diagnostic: '',
      },
    ]);
    expect(r.recipients.map(severityOf)).toEqual(['hard', null]);
  });

  it('tells a hard failure (5.x.x) from a soft one (4.x.x)', () => {
    const r = (status: string, action: string) =>
      severityOf({ finalRecipient: 'a@b', originalRecipient: '', action, status, diagnostic: '' });
    expect(r('5.2.2', 'failed')).toBe('hard');
    expect(r('4.2.2', 'delayed')).toBe('soft');
    expect(r('4.4.7', 'failed')).toBe('soft');
    expect(r('2.0.0', 'delivered')).toBeNull();
  });

  it('refuses a message that is not a report', async () => {
    await expect(
      parseDeliveryReport('From: a@b.example\r\nSubject: hi\r\n\r\nStatus: 5.1.1\r\n'),
    ).rejects.toThrow(NotAReport);
  });
});
