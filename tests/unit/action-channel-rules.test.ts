import { describe, expect, it } from 'vitest';
import {
  callScript,
  describeWeekRange,
  officeHoursInUtc,
  officeHoursLines,
  weekRangeLines,
  zoneOffsetMinutes,
} from '../../src/actions/call-script.js';
import { letterFilename, letterParts, salutationLine, templateFor } from '../../src/actions/letter-pdf.js';
import { postageHint, postageZone } from '../../src/actions/postage.js';
import { parseOfficeHours } from '../../src/actions/rules.js';
import {
  isInstanceHost,
  mastodonHref,
  mentionsOn,
  postLength,
  postText,
  readHandle,
  readInstance,
  shareHref,
} from '../../src/actions/share-links.js';

const URL_ = 'https://candle.test/articles/mexico-adrian-vasquez-further-information';

describe('share links', () => {
  it('reads each kind of handle as its network and the mention that network understands', () => {
    expect(readHandle('@GobiernoBC')).toEqual({ network: 'x', mention: '@GobiernoBC' });
    expect(readHandle('https://twitter.com/GobiernoBC/')).toEqual({ network: 'x', mention: '@GobiernoBC' });
    expect(readHandle('https://x.com/GobiernoBC')).toEqual({ network: 'x', mention: '@GobiernoBC' });
    expect(readHandle('@gob.bsky.social')).toEqual({ network: 'bluesky', mention: '@gob.bsky.social' });
    expect(readHandle('https://bsky.app/profile/Gob.Example.org')).toEqual({
      network: 'bluesky',
      mention: '@gob.example.org',
    });
    expect(readHandle('@gob@Mastodon.Social')).toEqual({
      network: 'mastodon',
      mention: '@gob@mastodon.social',
    });
    expect(readHandle('https://mastodon.social/@gob')).toEqual({
      network: 'mastodon',
      mention: '@gob@mastodon.social',
    });
    for (const bad of [
      '',
      'GobiernoBC',
      '@',
      '@much_too_long_for_x_handles',
      'https://example.org/x',
      '@a@127.0.0.1',
    ]) {
      expect(readHandle(bad), bad).toBeNull();
    }
  });

  it('mentions on each network only its own handles, without repeats, at most three', () => {
    const handles = ['@a', '@b.bsky.social', '@c@mastodon.social', 'https://x.com/a', '@d', '@e', '@f'];
    expect(mentionsOn('x', handles)).toEqual(['@a', '@d', '@e']);
    expect(mentionsOn('bluesky', handles)).toEqual(['@b.bsky.social']);
    expect(mentionsOn('mastodon', handles)).toEqual(['@c@mastodon.social']);
  });

  it('puts mentions, message and address together, and cuts only the message to fit the network', () => {
    const short = postText('x', { mentions: ['@GobBC'], message: 'Please act for Adrián.', url: URL_ });
    expect(short).toBe(`@GobBC Please act for Adrián. ${URL_}`);
    const long = `Please act for Adrián Vásquez Lagunes (UA 87/20): ${'deliver the full reparation '.repeat(20)}`;
    for (const network of ['x', 'bluesky', 'mastodon'] as const) {
      const text = postText(network, { mentions: ['@GobBC'], message: long, url: URL_ });
      expect(text.startsWith('@GobBC Please act for Adrián')).toBe(true);
      expect(text.endsWith(`… ${URL_}`)).toBe(true);
      expect(postLength(network, text, URL_)).toBeLessThanOrEqual(
        { x: 280, bluesky: 300, mastodon: 500 }[network],
      );
    }
    // X counts the address as 23 characters whatever its length.
    expect(postLength('x', `hello ${URL_}`, URL_)).toBe(6 + 23);
    expect(postLength('bluesky', `hello ${URL_}`, URL_)).toBe(6 + URL_.length);
  });

  it('links to each network’s own compose page with the text encoded', () => {
    expect(shareHref('x', 'a b&c #1')).toBe('https://x.com/intent/post?text=a%20b%26c%20%231');
    expect(shareHref('bluesky', 'Adrián')).toBe('https://bsky.app/intent/compose?text=Adri%C3%A1n');
    expect(mastodonHref('mastodon.social', 'a&b')).toBe('https://mastodon.social/share?text=a%26b');
  });

  it('reads the Mastodon server a supporter names as a public host name, and nothing else', () => {
    expect(readInstance('mastodon.social')).toBe('mastodon.social');
    expect(readInstance('  https://Mastodon.Social/  ')).toBe('mastodon.social');
    expect(readInstance('@ana@mastodon.social')).toBe('mastodon.social');
    expect(readInstance('ana@hachyderm.io')).toBe('hachyderm.io');
    expect(readInstance('tööt.example.social')).toBe('xn--tt-fkaa.example.social');
    for (const bad of [
      '',
      'mastodon',
      'localhost',
      'printer.local',
      'host.internal',
      '127.0.0.1',
      '10.0.0.1',
      '[::1]',
      'mastodon.social:443',
      'mastodon.social/share',
      'http://mastodon.social',
      'user:pw@mastodon.social',
      'javascript:alert(1)',
      '-bad.social',
      'bad-.social',
      'a..social',
      'evil.com?x=1',
      'evil.com#x',
      `${'x'.repeat(64)}.social`,
      'a.b\nc.d',
    ]) {
      expect(readInstance(bad), bad).toBeNull();
    }
    expect(isInstanceHost('mastodon.social')).toBe(true);
    expect(isInstanceHost('1.2.3.4')).toBe(false);
  });
});

describe('the postage hint', () => {
  it('knows the few zones of its country and calls every other country international', () => {
    expect(postageZone('CA')).toBe('domestic');
    expect(postageZone('us')).toBe('usa');
    expect(postageZone('MX')).toBe('international');
    expect(postageZone('')).toBe('international');
    expect(postageHint('MX')).toEqual({ zone: 'international', amount: '$3.99' });
    expect(postageHint('CA')).toEqual({ zone: 'domestic', amount: '$1.44' });
    expect(postageHint('US')).toEqual({ zone: 'usa', amount: '$2.19' });
  });
});

describe('the letter', () => {
  const templates = [
    { language: 'en', subject: 'S', body: 'B' },
    { language: 'es', subject: 'Asunto', body: 'Cuerpo' },
  ];

  it('is in the official’s language, or its family, or the first there is', () => {
    expect(templateFor(templates, 'es')?.language).toBe('es');
    expect(templateFor(templates, 'es-MX')?.language).toBe('es');
    expect(templateFor(templates, 'fr')?.language).toBe('en');
    expect(templateFor([], 'es')).toBeNull();
  });

  it('opens with the salutation and the mark its language uses', () => {
    expect(salutationLine('Señor Gobernador', 'es')).toBe('Señor Gobernador:');
    expect(salutationLine('Dear Governor', 'en')).toBe('Dear Governor,');
    expect(salutationLine('Dear Director,', 'en')).toBe('Dear Director,');
    expect(salutationLine('', 'es-MX')).toBe('A quien corresponda:');
    expect(salutationLine('', 'de')).toBe('Dear Sir or Madam,');
  });

  it('lays out date, address, paragraphs and signature; the place only when given', () => {
    const parts = letterParts({
      reference: 'UA 87/20',
      target: {
        name: 'Ing. Jaime Bonilla Valdez',
        title: 'Gobernador',
        body: '',
        postalAddress: 'Calzada Independencia 994\n\n21000 Mexicali, B.C.\nMéxico ',
        salutation: 'Señor Gobernador',
        language: 'es',
        timeZone: 'America/Tijuana',
        countryCode: 'MX',
      },
      template: { language: 'es', subject: ' Asunto ', body: 'Uno.\r\n\r\nDos\nsigue.\n\n\nAtentamente,' },
      supporter: { name: 'Zoë', city: '', country: 'Canada' },
      // Still 1 July in Tijuana.
      now: new Date('2020-07-02T05:00:00Z'),
    });
    expect(parts.date).toBe('1 de julio de 2020');
    expect(parts.addressee).toEqual([
      'Ing. Jaime Bonilla Valdez',
      'Gobernador',
      'Calzada Independencia 994',
      '21000 Mexicali, B.C.',
      'México',
    ]);
    expect(parts.subject).toBe('Asunto');
    expect(parts.paragraphs).toEqual(['Uno.', 'Dos\nsigue.', 'Atentamente,']);
    expect(parts.signature).toEqual(['Zoë', 'Canada']);
    expect(parts.postage).toContain('about $3.99 from Canada');
  });

  it('is saved under an ASCII name', () => {
    expect(letterFilename('UA 87/20', 'Jaime Bonilla Valdez')).toBe(
      'letter-ua-87-20-jaime-bonilla-valdez.pdf',
    );
    expect(letterFilename(null, 'Embajador de México')).toBe('letter-embajador-de-mexico.pdf');
  });
});

describe('the call', () => {
  it('is a script in the supporter’s language from the salutation, the people and the asks', () => {
    const script = callScript({
      salutation: 'Señor Gobernador',
      targetName: 'Ing. Jaime Bonilla Valdez',
      people: ['Ana', 'Beto', 'Carla'],
      asks: ['Release them', 'Protect their families'],
      reference: 'UA 58/20',
    });
    expect(script.greeting).toBe(
      'Good morning, Señor Gobernador. My name is [your name] and I am calling from [your city].',
    );
    expect(script.about).toBe('I am calling about Ana, Beto, and Carla, urgent action UA 58/20.');
    expect(script.asksIntro).toBe('I respectfully ask that you:');
    expect(script.asks).toEqual(['Release them', 'Protect their families']);
    const bare = callScript({ salutation: '', targetName: 'Dr. X', people: [], asks: [], reference: null });
    expect(bare.greeting).toContain('Good morning, Dr. X.');
    expect(bare.about).toBe('I am calling about the people at risk.');
    expect(bare.asksIntro).toBe('');
  });

  it('shows office hours in UTC at the zone’s offset of the day, across midnight and the week’s end', () => {
    expect(zoneOffsetMinutes('America/Tijuana', new Date('2020-07-02T12:00:00Z'))).toBe(-420);
    expect(zoneOffsetMinutes('America/Tijuana', new Date('2020-12-02T12:00:00Z'))).toBe(-480);
    expect(zoneOffsetMinutes('Asia/Kolkata', new Date('2020-12-02T12:00:00Z'))).toBe(330);
    expect(zoneOffsetMinutes('UTC', new Date())).toBe(0);
    const read = parseOfficeHours('Mon 09:00-15:00\nFri 20:00-23:30');
    if (!read.ok) throw new Error('unreadable');
    const summer = officeHoursInUtc(read.ranges, 'America/Tijuana', new Date('2020-07-02T12:00:00Z'));
    expect(summer.map((r) => describeWeekRange(r))).toEqual(['Mon 16:00–22:00', 'Sat 03:00–06:30']);
    const winter = officeHoursInUtc(read.ranges, 'America/Tijuana', new Date('2020-12-02T12:00:00Z'));
    expect(winter.map((r) => describeWeekRange(r))).toEqual(['Mon 17:00–23:00', 'Sat 04:00–07:30']);
    // East of UTC, Monday morning is still Sunday in UTC.
    const manila = parseOfficeHours('Mon 06:00-17:00');
    if (!manila.ok) throw new Error('unreadable');
    const [range] = officeHoursInUtc(manila.ranges, 'Asia/Manila', new Date('2020-07-02T12:00:00Z'));
    expect(describeWeekRange(range!)).toBe('Sun 22:00–Mon 09:00');
    // Seen from a reader's offset (the script does the same): Manila's hours in Manila again.
    expect(describeWeekRange(range!, 480)).toBe('Mon 06:00–17:00');
    expect(describeWeekRange({ start: 1320, end: 1440 })).toBe('Mon 22:00–24:00');
  });

  it('gathers days with the same hours on one line, in the order of the week', () => {
    const read = parseOfficeHours(
      'Mon-Fri 09:00-13:00\nMon-Fri 14:00-17:00\nSat 10:00-12:00\nSun 10:00-12:00',
    );
    if (!read.ok) throw new Error('unreadable');
    expect(officeHoursLines(read.ranges)).toEqual([
      'Mon–Fri 09:00–13:00',
      'Mon–Fri 14:00–17:00',
      'Sat–Sun 10:00–12:00',
    ]);
    const gaps = parseOfficeHours('Mon 09:00-17:00\nWed 09:00-17:00\nThu 09:00-17:00');
    if (!gaps.ok) throw new Error('unreadable');
    expect(officeHoursLines(gaps.ranges)).toEqual(['Mon, Wed–Thu 09:00–17:00']);
    // Manila's weekday mornings begin on the evening before in UTC: each such range on its own line.
    const manila = parseOfficeHours('Mon-Fri 06:00-17:00');
    if (!manila.ok) throw new Error('unreadable');
    const utc = officeHoursInUtc(manila.ranges, 'Asia/Manila', new Date('2020-07-02T12:00:00Z'));
    expect(weekRangeLines(utc)).toEqual([
      'Mon 22:00–Tue 09:00',
      'Tue 22:00–Wed 09:00',
      'Wed 22:00–Thu 09:00',
      'Thu 22:00–Fri 09:00',
      'Sun 22:00–Mon 09:00',
    ]);
    expect(weekRangeLines(utc, 480)).toEqual(['Mon–Fri 06:00–17:00']);
  });
});
