import { describe, expect, it } from 'vitest';
import type { AlertContent } from '../../src/subscriptions/delivery/content.js';
import { type Version, versionFor } from '../../src/subscriptions/delivery/versions.js';

/**
 * Which member of a translation group a message shows (issue 15, item 4): the one in the
 * recipient's language when it is public, else the original marked with its language, linked on
 * the site in the recipient's language; the alert being sent keeps its id.
 */

const sent: AlertContent = {
  id: 7,
  title: 'Defenders threatened',
  summary: 'Two defenders were threatened.',
  path: '/articles/defenders-threatened',
  publishedAt: '2026-12-01T10:00:00.000Z',
  type: 'news',
  language: null,
  picture: { path: '/media/1-share.jpg', alt: 'A march', caption: '', credit: '' },
};

const original: Version = {
  articleId: 1,
  group: 1,
  language: 'en',
  isOriginal: true,
  alert: sent,
  slug: 'defenders-threatened',
  title: 'Defenders threatened',
  summary: 'Two defenders were threatened.',
  publishedAt: sent.publishedAt,
};

const french: Version = {
  articleId: 2,
  group: 1,
  language: 'fr',
  isOriginal: false,
  alert: null,
  slug: 'defenseurs-menaces',
  title: 'Défenseurs menacés',
  summary: 'Deux défenseurs ont été menacés.',
  publishedAt: '2026-12-02T10:00:00.000Z',
};

describe('the member of a group a message shows', () => {
  it('is the translation in the reader’s language, at its French address, with the sent alert’s id and picture', () => {
    const shown = versionFor(sent, [original, french], 'fr');
    expect(shown).toMatchObject({
      id: 7,
      title: 'Défenseurs menacés',
      summary: 'Deux défenseurs ont été menacés.',
      path: '/fr/articles/defenseurs-menaces',
      language: 'fr',
      type: 'news',
      picture: sent.picture,
    });
  });

  it('is the original for a reader of a language the group lacks, marked with its language', () => {
    expect(versionFor(sent, [original], 'fr')).toMatchObject({
      title: 'Defenders threatened',
      language: 'en',
      path: '/fr/articles/defenders-threatened',
    });
    expect(versionFor(sent, [original, french], 'en')).toMatchObject({
      title: 'Defenders threatened',
      language: 'en',
      path: '/articles/defenders-threatened',
    });
    // A language without a catalogue reads English.
    expect(versionFor(sent, [original, french], 'de').path).toBe('/articles/defenders-threatened');
  });

  it('is the alert itself when nothing of its group is public any more', () => {
    expect(versionFor(sent, undefined, 'fr')).toMatchObject({
      title: 'Defenders threatened',
      language: 'en',
      path: '/fr/articles/defenders-threatened',
    });
  });
});
