import { describe, expect, it } from 'vitest';
import { canonicalAddress, etagMatches, notModifiedSince } from '../../src/platform/http/public-page.js';

describe('canonicalAddress', () => {
  it('names the known parameters in the route’s order and nothing else', () => {
    const query = { utm_source: 'x', page: '2', fbclid: 'y', type: 'news', gclid: 'z', other: '1' };
    expect(canonicalAddress('/latest', {}, query, ['type', 'page'])).toBe('/latest?type=news&page=2');
    expect(canonicalAddress('/latest', {}, { fbclid: 'y' }, ['type', 'page'])).toBe('/latest');
  });

  it('puts the route’s parameters back encoded, so no value spells another route', () => {
    expect(canonicalAddress('/countries/:slug', { slug: 'mexico' }, {}, ['page'])).toBe('/countries/mexico');
    expect(canonicalAddress('/countries/:slug', { slug: 'x/feed.xml' }, {}, [])).toBe(
      '/countries/x%2Ffeed.xml',
    );
    expect(canonicalAddress('/sitemaps/articles-:n.xml', { n: '2' }, {}, [])).toBe(
      '/sitemaps/articles-2.xml',
    );
  });

  it('keeps every value of a repeated parameter and encodes them', () => {
    expect(canonicalAddress('/latest', {}, { page: ['2', '3'], type: 'a&b' }, ['type', 'page'])).toBe(
      '/latest?type=a%26b&page=2&page=3',
    );
  });
});

describe('etagMatches', () => {
  it('compares weakly and reads lists, as RFC 9110 asks of If-None-Match', () => {
    expect(etagMatches('"abc"', '"abc"')).toBe(true);
    expect(etagMatches('W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('"x", W/"abc"', '"abc"')).toBe(true);
    expect(etagMatches('*', '"abc"')).toBe(true);
    expect(etagMatches('"abcd"', '"abc"')).toBe(false);
    expect(etagMatches(undefined, '"abc"')).toBe(false);
  });
});

describe('notModifiedSince', () => {
  const lastModified = 'Thu, 03 Dec 2026 12:00:00 GMT';
  it('is true when the client’s copy is as new or newer, to the second', () => {
    expect(notModifiedSince(lastModified, lastModified)).toBe(true);
    expect(notModifiedSince('Thu, 03 Dec 2026 12:00:01 GMT', lastModified)).toBe(true);
    expect(notModifiedSince('Thu, 03 Dec 2026 11:59:59 GMT', lastModified)).toBe(false);
  });

  it('ignores a missing or unreadable date rather than answering 304', () => {
    expect(notModifiedSince(undefined, lastModified)).toBe(false);
    expect(notModifiedSince('', lastModified)).toBe(false);
    expect(notModifiedSince('yesterday', lastModified)).toBe(false);
  });
});
