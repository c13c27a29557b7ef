import { describe, expect, it } from 'vitest';
import {
  doneFormSchema,
  emailFormSchema,
  failureOf,
  hourOf,
  keepInformedWording,
  letterFor,
  officeOpen,
  retryAt,
  roomThisHour,
  sampleLetter,
  signedLetter,
} from '../../src/actions/taking/rules.js';

const letter = {
  name: 'Ana Torres',
  email: ' Ana@Example.ORG ',
  city: 'Montréal',
  country: 'Canada',
  subject: 'Una carta',
  body: '  Le escribo.\n\nGracias.  ',
  keep_informed: '',
  wording: '',
  source_page: '/articles/x',
};

describe('the email form', () => {
  it('reads a letter: the address normalised, the body trimmed, keep-me-informed off unless ticked', () => {
    const read = emailFormSchema().parse(letter);
    expect(read).toMatchObject({
      email: 'ana@example.org',
      body: 'Le escribo.\n\nGracias.',
      keep_informed: false,
      wording: null,
    });
    expect(emailFormSchema().parse({ ...letter, keep_informed: 'yes' }).keep_informed).toBe(true);
  });

  it('refuses line breaks and control characters where they would write mail headers', () => {
    for (const field of ['name', 'city', 'country', 'subject', 'email'] as const) {
      for (const bad of ['a\r\nBcc: x@example.org', 'a\nb', 'a\u0085b', 'a\u2028b']) {
        const value = field === 'email' ? `ana${bad}@example.org` : bad;
        expect(
          emailFormSchema().safeParse({ ...letter, [field]: value }).success,
          `${field}: ${JSON.stringify(bad)}`,
        ).toBe(false);
      }
    }
    // The body keeps its lines, but not other control characters.
    expect(emailFormSchema().safeParse({ ...letter, body: 'one\ntwo' }).success).toBe(true);
    expect(emailFormSchema().safeParse({ ...letter, body: 'one\u0007two' }).success).toBe(false);
  });

  it('refuses an empty or over-long letter, and empty names and places', () => {
    expect(emailFormSchema().safeParse({ ...letter, body: ' \n ' }).success).toBe(false);
    expect(emailFormSchema().safeParse({ ...letter, body: 'x'.repeat(5001) }).success).toBe(false);
    expect(emailFormSchema().safeParse({ ...letter, body: 'x'.repeat(5000) }).success).toBe(true);
    expect(emailFormSchema().safeParse({ ...letter, name: ' ' }).success).toBe(false);
    expect(emailFormSchema().safeParse({ ...letter, city: '' }).success).toBe(false);
    expect(emailFormSchema().safeParse({ ...letter, name: 'x'.repeat(101) }).success).toBe(false);
  });

  it('keeps only a path of this site as the page the form was on', () => {
    expect(emailFormSchema().parse({ ...letter, source_page: 'https://evil.example/x' }).source_page).toBe(
      '',
    );
    expect(emailFormSchema().parse({ ...letter, source_page: '//evil.example' }).source_page).toBe('');
  });
});

describe('"I did it"', () => {
  const base = { name: 'Bea', email: 'bea@example.org', keep_informed: '', wording: '', source_page: '' };
  it('takes the details each channel knows, or none', () => {
    expect(doneFormSchema().safeParse({ ...base, channel: 'call', detail: 'wrong-number' }).success).toBe(
      true,
    );
    expect(doneFormSchema().safeParse({ ...base, channel: 'call', detail: '' }).success).toBe(true);
    expect(doneFormSchema().safeParse({ ...base, channel: 'post', detail: 'bluesky' }).success).toBe(true);
    expect(doneFormSchema().safeParse({ ...base, channel: 'post', detail: 'voicemail' }).success).toBe(false);
    expect(doneFormSchema().safeParse({ ...base, channel: 'letter', detail: 'x' }).success).toBe(false);
    expect(doneFormSchema().safeParse({ ...base, channel: 'email', detail: '' }).success).toBe(false);
  });
});

describe('the letter', () => {
  const fallback = {
    reference: 'UA 87/20',
    title: 'Reparation for Adrián',
    asks: ['Repair the harm', 'Apologise'],
  };
  const es = { language: 'es', subject: 'Carta', body: 'Le escribo.' };
  const en = { language: 'en', subject: 'Letter', body: 'I write.' };

  it('opens in the target’s language with the page’s beside it', () => {
    expect(sampleLetter([en, es], 'es', 'en', fallback)).toEqual({ letter: es, translation: en });
    expect(sampleLetter([es], 'es', 'en', fallback)).toEqual({ letter: es, translation: null });
    // No letter in the target's language: the page's, with nothing beside it.
    expect(sampleLetter([en], 'fr', 'en', fallback)).toEqual({ letter: en, translation: null });
  });

  it('shows a French reader the French translation beside it, else the site’s first language', () => {
    const fr = { language: 'fr', subject: 'Lettre', body: 'Je vous écris.' };
    expect(sampleLetter([en, es, fr], 'es', 'fr', fallback)).toEqual({ letter: es, translation: fr });
    expect(sampleLetter([en, es], 'es', 'fr', fallback)).toEqual({ letter: es, translation: en });
    // No letter in the target's language: the reader's, else the site's first, nothing beside it.
    expect(sampleLetter([en, fr], 'de', 'fr', fallback)).toEqual({ letter: fr, translation: null });
    expect(sampleLetter([en], 'de', 'fr', fallback)).toEqual({ letter: en, translation: null });
    // Written from the asks for a French reader: in French, and saying so.
    const made = sampleLetter([], 'es', 'fr', fallback).letter;
    expect(made.language).toBe('fr');
    expect(made.body).not.toBe(sampleLetter([], 'es', 'en', fallback).letter.body);
  });

  it('is written from the asks when the campaigner wrote none (or an empty one)', () => {
    const { letter: made, translation } = sampleLetter([{ ...es, body: '  ' }], 'es', 'en', fallback);
    expect(translation).toBeNull();
    expect(made.language).toBe('en');
    expect(made.subject).toBe('UA 87/20: Reparation for Adrián');
    expect(made.body).toContain('- Repair the harm\n- Apologise');
  });

  it('goes to each official in their own language when left as offered, else as the supporter wrote it', () => {
    const fr = { language: 'fr', subject: 'Lettre', body: '   ' };
    const samples = [es, en, fr];
    // Unedited (a browser's CRLF and surrounding space are no edit): each their own sample.
    const asSent = { subject: ' Carta ', body: 'Le escribo.\r\n' };
    expect(letterFor(asSent, es, samples, 'es')).toEqual(es);
    expect(letterFor(asSent, es, samples, 'en')).toEqual(en);
    // No sample in their language (or only an empty one): the one offered, as sent.
    expect(letterFor(asSent, es, samples, 'de')).toEqual({ language: 'es', ...asSent });
    expect(letterFor(asSent, es, samples, 'fr')).toEqual({ language: 'es', ...asSent });
    // Edited, the body or only the subject: the supporter's words to everyone, in the offered language.
    for (const edited of [
      { subject: 'Carta', body: 'Le escribo, señor.' },
      { subject: 'Carta urgente', body: 'Le escribo.' },
    ]) {
      expect(letterFor(edited, es, samples, 'en')).toEqual({ language: 'es', ...edited });
      expect(letterFor(edited, es, samples, 'es')).toEqual({ language: 'es', ...edited });
    }
    // Offered one written from the asks (no sample): it goes as offered to everyone.
    const made = sampleLetter([], 'es', 'en', fallback).letter;
    expect(letterFor(made, made, [], 'es')).toEqual(made);
  });

  it('is signed with the salutation, the supporter’s name and place', () => {
    expect(
      signedLetter(' Le escribo. ', 'Señor Gobernador', { name: 'Ana', city: 'Quito', country: 'Ecuador' }),
    ).toBe('Señor Gobernador,\n\nLe escribo.\n\nAna\nQuito, Ecuador\n');
    expect(signedLetter('Hi.', '', { name: 'Ana', city: '', country: '' })).toBe('Hi.\n\nAna\n');
  });

  it('asks to be kept informed in a wording known by its hash', () => {
    const w = keepInformedWording('Candle');
    expect(w.text).toContain('Candle');
    expect(w.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(keepInformedWording('Other').hash).not.toBe(w.hash);
  });
});

describe('office hours', () => {
  const hours = 'Mon-Fri 09:00-15:00';
  it('are read in the office’s own zone, with its daylight saving time', () => {
    // Monday 16:00 UTC is 09:00 in Tijuana in July (UTC-7) but 08:00 in January (UTC-8).
    expect(officeOpen(hours, 'America/Tijuana', new Date('2020-07-06T16:00:00Z'))).toBe(true);
    expect(officeOpen(hours, 'America/Tijuana', new Date('2020-07-06T15:59:00Z'))).toBe(false);
    expect(officeOpen(hours, 'America/Tijuana', new Date('2021-01-04T16:00:00Z'))).toBe(false);
    expect(officeOpen(hours, 'America/Tijuana', new Date('2021-01-04T17:00:00Z'))).toBe(true);
    // The end is exclusive; the weekend is closed.
    expect(officeOpen(hours, 'America/Tijuana', new Date('2020-07-06T22:00:00Z'))).toBe(false);
    expect(officeOpen(hours, 'America/Tijuana', new Date('2020-07-05T18:00:00Z'))).toBe(false);
  });

  it('count the local weekday, not the UTC one', () => {
    // Monday 02:00 UTC is still Sunday 19:00 in Tijuana; Monday 23:30 UTC is Tuesday in Manila.
    expect(officeOpen('Sun 18:00-20:00', 'America/Tijuana', new Date('2020-07-06T02:00:00Z'))).toBe(true);
    expect(officeOpen('Mon 18:00-20:00', 'America/Tijuana', new Date('2020-07-06T02:00:00Z'))).toBe(false);
    expect(officeOpen('Tue 07:00-08:00', 'Asia/Manila', new Date('2020-07-06T23:30:00Z'))).toBe(true);
  });

  it('unknown or unreadable are no reason to hold a letter forever', () => {
    expect(officeOpen('', 'UTC', new Date('2020-07-05T03:00:00Z'))).toBe(true);
    expect(officeOpen('whenever', 'UTC', new Date('2020-07-05T03:00:00Z'))).toBe(true);
    expect(officeOpen(hours, 'Not/AZone', new Date('2020-07-05T03:00:00Z'))).toBe(true);
    expect(officeOpen('Mon-Sun 00:00-24:00', 'UTC', new Date('2020-07-05T23:59:00Z'))).toBe(true);
  });
});

describe('pacing', () => {
  it('counts letters in clock hours and leaves the room the cap allows', () => {
    expect(hourOf(new Date('2020-07-06T16:59:59.999Z'))).toEqual({
      start: new Date('2020-07-06T16:00:00Z'),
      end: new Date('2020-07-06T17:00:00Z'),
    });
    expect(roomThisHour(50, 0, 0)).toBe(50);
    expect(roomThisHour(50, 45, 3)).toBe(2);
    expect(roomThisHour(50, 50, 0)).toBe(0);
    expect(roomThisHour(20, 25, 0)).toBe(0);
  });

  it('retries after 1 min, 5 min, 30 min, 2 h; a refusal for good bounces, a temporary one is a try, an outage is not', () => {
    const now = new Date('2020-07-06T00:00:00Z');
    expect([1, 2, 3, 4, 5].map((n) => (retryAt(n, now).getTime() - now.getTime()) / 60_000)).toEqual([
      1, 5, 30, 120, 120,
    ]);
    expect(failureOf(Object.assign(new Error('no'), { responseCode: 550 }))).toBe('bounced');
    expect(failureOf(Object.assign(new Error('later'), { responseCode: 451 }))).toBe('letter');
    expect(failureOf(new Error('ECONNREFUSED'))).toBe('server');
  });
});
