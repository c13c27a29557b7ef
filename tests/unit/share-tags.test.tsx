import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { ShareTags, shareTags } from '../../src/platform/views/share.js';
import type { PageMeta, Site } from '../../src/platform/views/site.js';

const site: Site = {
  name: 'Candle',
  publicUrl: 'https://news.example.org',
  assets: {
    css: '/assets/site.css',
    js: '/assets/site.js',
    icon: '/assets/icon.svg',
    shareImage: '/assets/share.abc.jpg',
    feedStylesheet: '/assets/feed.abc.xsl',
  },
};

/** The tags as one object (a key seen twice would show as a failure of `toEqual`'s shape). */
function tagsOf(meta: PageMeta): Record<string, string> {
  const tags = shareTags(site, meta);
  const out: Record<string, string> = {};
  for (const tag of tags) {
    expect(out, `${tag.key} twice`).not.toHaveProperty(tag.key);
    out[tag.key] = tag.content;
  }
  return out;
}

describe('shareTags', () => {
  it("gives a page with no picture the site's default image and asks for the small card", () => {
    const tags = tagsOf({ title: 'Countries', description: 'Every country.', canonical: '/countries' });
    expect(tags['og:image']).toBe('https://news.example.org/assets/share.abc.jpg');
    expect(tags['twitter:image']).toBe(tags['og:image']);
    expect(tags['og:image:alt']).toBe('Candle: a lit candle');
    expect(tags['og:image:width']).toBe('1200');
    expect(tags['og:image:height']).toBe('630');
    expect(tags['twitter:card']).toBe('summary');
    expect(tags['og:type']).toBe('website');
  });

  it('gives a page with its own picture the large card, with the picture made absolute', () => {
    const tags = tagsOf({
      title: 'Adrián',
      canonical: '/cases/adrian',
      share: { image: { src: '/media/k-share.jpg', alt: 'A portrait' } },
    });
    expect(tags['og:image']).toBe('https://news.example.org/media/k-share.jpg');
    expect(tags['og:image:alt']).toBe('A portrait');
    expect(tags['twitter:image:alt']).toBe('A portrait');
    expect(tags['twitter:card']).toBe('summary_large_image');
  });

  it('calls an article an article, and every other page a website', () => {
    expect(tagsOf({ title: 'A', canonical: '/articles/a', share: { type: 'article' } })['og:type']).toBe(
      'article',
    );
    expect(tagsOf({ title: 'Home', canonical: '/' })['og:type']).toBe('website');
  });

  it('names the canonical address, absolute; or the share address of a page without one', () => {
    const tags = tagsOf({ title: 'Mexico', canonical: '/countries/mexico?page=2' });
    expect(tags['og:url']).toBe('https://news.example.org/countries/mexico?page=2');
    const search = tagsOf({ title: 'Search', noindex: true, share: { url: '/search?q=torture' } });
    expect(search['og:url']).toBe('https://news.example.org/search?q=torture');
  });

  it("falls back to the site's tagline for a page with no description, and names the site", () => {
    const tags = tagsOf({ title: 'Latest', canonical: '/latest' });
    expect(tags['og:description']).toBe('News and urgent actions for human rights');
    expect(tags['twitter:description']).toBe(tags['og:description']);
    expect(tags['og:site_name']).toBe('Candle');
    expect(tags['og:title']).toBe('Latest');
    expect(tags['twitter:title']).toBe('Latest');
  });

  it('writes nothing for a page with no address to share (an error page)', () => {
    expect(shareTags(site, { title: 'Not found', noindex: true })).toEqual([]);
  });

  it('leaves out the alt tags of a picture without alt text rather than writing them empty', () => {
    const tags = tagsOf({
      title: 'A',
      canonical: '/a',
      share: { image: { src: '/media/k-share.jpg', alt: '' } },
    });
    expect(tags).not.toHaveProperty('og:image:alt');
    expect(tags).not.toHaveProperty('twitter:image:alt');
    expect(tags['og:image']).toBe('https://news.example.org/media/k-share.jpg');
  });
});

describe('ShareTags', () => {
  it('escapes quotes, ampersands and angle brackets in what pages and editors wrote', () => {
    const html = renderToString(
      <ShareTags
        site={site}
        meta={{
          title: 'Torture & "ill-treatment" <b>',
          description: `It's </head>`,
          canonical: '/t?a=1&b=2',
        }}
      />,
    );
    expect(html).toContain(
      '<meta property="og:title" content="Torture &amp; &quot;ill-treatment&quot; &lt;b>"/>',
    );
    expect(html).toContain(
      '<meta name="twitter:title" content="Torture &amp; &quot;ill-treatment&quot; &lt;b>"/>',
    );
    expect(html).toContain('<meta property="og:url" content="https://news.example.org/t?a=1&amp;b=2"/>');
    expect(html).not.toContain('</head>');
    // Open Graph in `property`, Twitter in `name`: each consumer reads only its own attribute.
    expect(html).toMatch(/<meta property="og:image" content="[^"]+"\/>/);
    expect(html).toMatch(/<meta name="twitter:card" content="summary"\/>/);
  });
});
