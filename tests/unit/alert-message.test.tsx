import { describe, expect, it } from 'vitest';
import { type AlertContent, alertContent, mailLanguage } from '../../src/subscriptions/delivery/content.js';
import { alertMessage, digestMessage } from '../../src/subscriptions/delivery/message.js';
import type { SubscriberLinks } from '../../src/subscriptions/links.js';
import { mailHtmlProblems } from '../support/mail-html.js';

/** The rendering of alert and digest messages: old alerts, hostile strings, long titles, language. */

const ctx = { siteName: 'Candle', publicUrl: 'https://candle.test' };
const to = { id: 7, email: 'reader@one.test', language: 'en' };
const links: SubscriberLinks = {
  manageUrl: 'https://candle.test/subscribe/preferences/7.1.abc',
  unsubscribeUrl: 'https://candle.test/subscribe/unsubscribe/7.1.abc',
  listUnsubscribeHeaders: {
    'List-Unsubscribe': '<https://candle.test/subscribe/unsubscribe/7.1.abc>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
};

/** An alert row as the database holds it: written before migration 022 unless told otherwise. */
const row = (fields: Partial<Parameters<typeof alertContent>[0]> = {}) => ({
  id: 3,
  title: 'Release the defenders',
  summary: 'Three defenders were detained in Mérida.',
  path: '/articles/release-the-defenders',
  published_at: '2026-12-01T10:00:00.000Z',
  item_type: null,
  item_language: null,
  image_path: null,
  image_alt: '',
  image_caption: '',
  image_credit: '',
  ...fields,
});

const withPicture = (fields: Partial<Parameters<typeof alertContent>[0]> = {}): AlertContent =>
  alertContent(
    row({
      item_type: 'urgent-action',
      image_path: '/media/defenders-0123456789ab-share.jpg',
      image_alt: 'Three people holding a banner',
      image_caption: 'Outside the court in Mérida.',
      image_credit: 'Ana Ruiz',
      ...fields,
    }),
  );

describe('an alert message', () => {
  it('renders an alert written before it had a type or a picture', () => {
    const m = alertMessage(ctx, alertContent(row()), to, links);
    expect(m.html).not.toContain('<img');
    expect(m.html).toContain('<html lang="en"');
    expect(m.html).toContain('<time datetime="2026-12-01T10:00:00.000Z">December 1, 2026</time>');
    expect(m.text).toContain('December 1, 2026\nRelease the defenders');
    expect(m.text).not.toContain('Picture:');
    expect(mailHtmlProblems(m.html, 'https://candle.test/')).toEqual([]);
  });

  it('shows the type, the date, the picture with its alt text, caption and credit, in both parts', () => {
    const m = alertMessage(ctx, withPicture(), to, links);
    expect(m.html).toContain('Urgent action');
    expect(m.html).toContain(
      'src="https://candle.test/media/defenders-0123456789ab-share.jpg" alt="Three people holding a banner"',
    );
    expect(m.html).toContain('Outside the court in Mérida.');
    expect(m.html).toContain('Photo: Ana Ruiz');
    expect(m.html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(m.html).toContain('prefers-color-scheme: dark');
    expect(m.html).toContain('Candle</a>');
    expect(m.text).toBe(
      [
        'Candle',
        '',
        'Urgent action · December 1, 2026',
        'Release the defenders',
        '',
        'Picture: Three people holding a banner',
        'Outside the court in Mérida.',
        'Photo: Ana Ruiz',
        '',
        'Three defenders were detained in Mérida.',
        '',
        'Read it on the site: https://candle.test/articles/release-the-defenders',
        '',
        '--',
        'You receive this because you subscribed to Candle. Change or stop these emails: https://candle.test/subscribe/preferences/7.1.abc',
      ].join('\n'),
    );
    expect(m.listHeaders).toEqual(links.listUnsubscribeHeaders);
    expect(mailHtmlProblems(m.html, 'https://candle.test/')).toEqual([]);
  });

  it('escapes a hostile title, summary, alt text, caption and credit, and keeps the subject on one line', () => {
    const hostile = withPicture({
      title: 'Free them</title><script>alert(1)</script>\r\nBcc: victim@evil.test',
      summary: '<a href="https://evil.test/">click</a> & more',
      image_alt: '"><img src="https://evil.test/pixel.gif" onerror="alert(1)">',
      image_caption: '</figcaption><a href="https://evil.test/">x</a>',
      image_credit: '<style>body{display:none}</style>',
    });
    const m = alertMessage(ctx, hostile, to, links);
    expect(m.subject).toBe('Free them</title><script>alert(1)</script> Bcc: victim@evil.test');
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).not.toContain('<script');
    expect(m.html).not.toContain('src="https://evil.test');
    expect(m.html).not.toContain('href="https://evil.test');
    expect(m.html).not.toContain('<style>body');
    expect(String(m.html).match(/<img\b/g)).toHaveLength(1);
    expect(m.html).toContain('&lt;script>');
    expect(mailHtmlProblems(m.html, 'https://candle.test/')).toEqual([]);
    // The plain text says it as it is: text is not markup.
    expect(m.text).toContain('<a href="https://evil.test/">click</a> & more');
  });

  it('never shows a picture whose address is not on the site', () => {
    for (const image_path of ['//evil.test/x.jpg', 'https://evil.test/x.jpg', '/\\evil.test/x.jpg', 'x.jpg'])
      expect(alertContent(row({ image_path })).picture).toBeNull();
    expect(alertContent(row({ item_type: 'not-a-type' })).type).toBeNull();
  });

  it('keeps a very long title whole, wrapping on a small screen', () => {
    const title = `${'Defenders'.repeat(200)} ${'é'.repeat(300)}`;
    const m = alertMessage(ctx, withPicture({ title }), to, null);
    expect(m.subject).toBe(title);
    expect(m.text).toContain(title);
    expect(m.html).toMatch(/<h1[^>]*overflow-wrap: anywhere[^>]*><a [^>]*>DefendersDefenders/);
    expect(m.html).toContain('max-width: 600px');
    expect(mailHtmlProblems(m.html, 'https://candle.test/')).toEqual([]);
  });

  it('is written in the subscriber’s language when there is a catalogue for it, else English', () => {
    expect(mailLanguage('en')).toBe('en');
    expect(mailLanguage('xx')).toBe('en');
    expect(mailLanguage(null)).toBe('en');
    const m = alertMessage(ctx, withPicture(), { id: 7, email: 'a@one.test', language: 'zz' }, null);
    expect(m.html).toContain('<html lang="en"');
    // An item in another language than the message's says so, for screen readers.
    const spanish = alertMessage(ctx, withPicture({ item_language: 'es' }), to, null);
    expect(spanish.html).toMatch(/<h1 lang="es"/);
    expect(spanish.html).toMatch(/<p lang="es"/);
    const english = alertMessage(ctx, withPicture({ item_language: 'en' }), to, null);
    expect(english.html).not.toMatch(/<h1 lang=/);
  });
});

describe('a digest message', () => {
  it('lists each item as the same card, headings in order, small pictures with their alt text', () => {
    const items = [
      withPicture({ id: 1 }),
      alertContent(row({ id: 2, title: 'An older alert', path: '/articles/older' })),
      withPicture({ id: 4, item_type: 'press-release', title: 'A statement', image_credit: '' }),
    ];
    const m = digestMessage(ctx, { period: 'daily:2026-12-01', frequency: 'daily', items }, to, links);
    expect(m.subject).toBe('Candle: today’s news you follow (3)');
    expect([...String(m.html).matchAll(/<h([1-6])/g)].map((h) => h[1])).toEqual(['1', '2', '2', '2']);
    expect(String(m.html).match(/<img [^>]*alt="Three people holding a banner"/g)).toHaveLength(2);
    expect(m.html).toContain('width="160"');
    expect(m.html).toContain('Press statement');
    expect(m.html).toContain('Photo: Ana Ruiz');
    expect(m.text).toContain('Press statement · December 1, 2026\nA statement\nPicture: Three people');
    expect(m.text).toContain('December 1, 2026\nAn older alert\nThree defenders');
    expect(mailHtmlProblems(m.html, 'https://candle.test/')).toEqual([]);
  });
});
