import { describe, expect, it } from 'vitest';
import { dnsAdvice, senderDomain, smtpEndpoint } from '../../src/platform/mail/check.js';

describe('candle mail check’s advice', () => {
  it('finds the domain of MAIL_FROM in each form it is written', () => {
    expect(senderDomain('Candle <Alerts@News.Example.org>')).toBe('news.example.org');
    expect(senderDomain('alerts@example.org')).toBe('example.org');
    expect(senderDomain('"Amnesty, Mexico" <a@example.mx>')).toBe('example.mx');
    expect(senderDomain('Candle')).toBeUndefined();
    expect(senderDomain('Candle <alerts@>')).toBeUndefined();
  });

  it('asks for a MAIL_FROM with a domain rather than advising records for none', () => {
    const lines = dnsAdvice({ smtpUrl: 'smtp://x', mailFrom: 'Candle', dkim: undefined });
    expect(lines).toEqual([expect.stringMatching(/MAIL_FROM "Candle" has no address with a domain/)]);
  });

  it('names the server without the password in SMTP_URL, with the default ports', () => {
    expect(smtpEndpoint('smtps://u:secret@smtp.example.org')).toBe('smtp.example.org:465');
    expect(smtpEndpoint('smtp://u:secret@smtp.example.org')).toBe('smtp.example.org:587');
    expect(smtpEndpoint('smtp://smtp.example.org:2525')).toBe('smtp.example.org:2525');
  });
});
