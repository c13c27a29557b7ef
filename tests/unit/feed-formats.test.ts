import { describe, expect, it } from 'vitest';
import { absoluteUrls, articleFeedId, feedLinks } from '../../src/newsroom/feed-formats.js';

const site = {
  name: 'Candle',
  publicUrl: 'https://news.example.org',
  assets: { css: '', js: '', icon: '', shareImage: '', feedStylesheet: '' },
};

describe('articleFeedId', () => {
  it('is a tag: URI of the site’s host and the article’s number, never its address', () => {
    expect(articleFeedId(site, 42)).toBe('tag:news.example.org,2026:article:42');
    expect(articleFeedId({ ...site, publicUrl: 'http://localhost:3000' }, 7)).toBe(
      'tag:localhost,2026:article:7',
    );
  });
});

describe('absoluteUrls', () => {
  it('makes the site’s own links, pictures and srcsets absolute', () => {
    const html =
      '<a href="/articles/x">x</a><img src="/media/a-960.webp" srcset="/media/a-480.webp 480w, /media/a-960.webp 960w">';
    expect(absoluteUrls(html, 'https://n.org')).toBe(
      '<a href="https://n.org/articles/x">x</a><img src="https://n.org/media/a-960.webp" srcset="https://n.org/media/a-480.webp 480w, https://n.org/media/a-960.webp 960w">',
    );
  });

  it('leaves other sites’ addresses, protocol-relative ones and text alone', () => {
    const html =
      '<a href="https://other.org/x">/not/a/link</a><a href="//cdn.org/y">y</a><a href="#top">t</a>';
    expect(absoluteUrls(html, 'https://n.org')).toBe(html);
  });
});

describe('feedLinks', () => {
  it('names RSS, Atom and JSON Feed under the page, with the type filter of everything kept', () => {
    expect(feedLinks('/countries/mexico', 'Mexico').map((l) => [l.type, l.href])).toEqual([
      ['application/rss+xml', '/countries/mexico/feed.xml'],
      ['application/atom+xml', '/countries/mexico/feed.atom'],
      ['application/feed+json', '/countries/mexico/feed.json'],
    ]);
    expect(feedLinks('', 'Urgent actions', 'urgent-action')[1]!.href).toBe('/feed.atom?type=urgent-action');
  });
});
