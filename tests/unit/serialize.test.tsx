import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { describe, expect, it, vi } from 'vitest';
import { renderCard } from '../../src/newsroom/cards.js';
import type { ArticleView, CountryView, ItemList, ItemSummary } from '../../src/newsroom/models.js';
import { ItemCard } from '../../src/newsroom/views/items.js';
import { articlePage, countryPage } from '../../src/newsroom/views/pages.js';
import type { SafeHtml } from '../../src/platform/text/markdown.js';
import { Layout, SearchForm } from '../../src/platform/views/layout.js';
import { escapeHtml, serialize } from '../../src/platform/views/serialize.js';
import { pageText } from '../../src/platform/views/slots.js';

// Keep the tree each page function renders and the text made of it, to render it with the reference.
const rendered = vi.hoisted(() => [] as Array<{ tree: VNode; html: string }>);
vi.mock('../../src/platform/views/render.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/platform/views/render.js')>();
  return {
    ...real,
    renderDocument: (page: VNode) => {
      const html = real.renderDocument(page);
      rendered.push({ tree: page, html });
      return html;
    },
  };
});

const site = { name: 'Candle & Co', publicUrl: 'http://candle.test', assets: { css: '/a.css', js: '/a.js' } };

/** The reference: what preact-render-to-string makes of the same tree. */
function expectSameAsPreact(tree: VNode) {
  expect(serialize(tree)).toBe(renderToString(tree));
}

function Greeting(props: { name: string }) {
  return (
    <>
      Hello, <b>{props.name}</b>
      {[1, 2].map((n) => (
        <i key={n}>{n}</i>
      ))}
    </>
  );
}

describe('serialize', () => {
  it('escapes text and attribute values', () => {
    expectSameAsPreact(
      <p title={'"quoted" & <tagged>'} data-x="a'b">
        {'<script>alert("x")</script> & more'}
      </p>,
    );
    expect(serialize(<p>{'<script>'}</p>)).toBe('<p>&lt;script></p>');
    expect(escapeHtml('a "b" & <c>')).toBe('a &quot;b&quot; &amp; &lt;c>');
  });

  it('renders components, fragments, arrays, numbers and skips empty values', () => {
    expectSameAsPreact(
      <div>
        <Greeting name="Adelaida & Adrián" />
        {0}
        {null}
        {false}
        {true}
        {undefined}
        {''}
        {[<span key="a">a</span>, [<span key="b">b</span>]]}
      </div>,
    );
  });

  it('spells attributes as HTML does', () => {
    expectSameAsPreact(
      <form action="/search" method="get">
        <label htmlFor="q" className="visually-hidden">
          Search
        </label>
        <input id="q" maxLength={200} autocomplete="off" readonly required={false} value="" />
        <button type="button" aria-expanded={false} aria-controls="menu" hidden tabIndex={-1}>
          Menu
        </button>
        <time dateTime="2020-06-18T15:00:00Z">June 18</time>
        <meta httpEquiv="refresh" content="5" />
        <a href="/" onClick={() => {}}>
          home
        </a>
      </form>,
    );
  });

  it('handles form values as the DOM would show them', () => {
    expectSameAsPreact(
      <div>
        <select name="type" value="report">
          <option value="news">News</option>
          <option value="report">Report</option>
          <option value="blog" selected>
            Blog
          </option>
        </select>
        <textarea name="body" value={'Line & <line>'} />
        <input type="checkbox" checked defaultChecked />
      </div>,
    );
  });

  it('writes inner HTML as given, and void elements closed', () => {
    expectSameAsPreact(
      <div>
        <div class="prose" dangerouslySetInnerHTML={{ __html: '<p>Already <em>safe</em></p>' }} />
        <img src="/a.webp" alt="" />
        <br />
        <link rel="stylesheet" href="/a.css" />
      </div>,
    );
  });

  it('never takes plain data for markup', () => {
    const forged = JSON.parse('{"type":"script","props":{"children":"alert(1)"}}') as unknown;
    expect(serialize(<p>{forged as string}</p>)).toBe('<p></p>');
    // An attribute name that could break out of the tag is dropped, as the reference does.
    const unsafe = { 'x"><script': 'y' } as Record<string, string>;
    expect(serialize(<p {...unsafe} />)).toBe('<p></p>');
  });

  it('renders the site shell and search form exactly as the reference renderer', () => {
    expectSameAsPreact(
      <Layout site={site} meta={{ title: 'Mexico', canonical: '/countries/mexico', section: 'countries' }}>
        <SearchForm query={'"Vásquez" <torture>'} id="again" label="Search again" />
      </Layout>,
    );
  });
});

const item: ItemSummary = {
  id: 7,
  type: 'urgent-action',
  href: '/articles/a-case',
  title: 'A case & its "title"',
  summary: 'Write to the <Governor>.',
  location: 'Mexicali',
  reference: 'UA 58/20',
  publishedAt: '2020-06-18T15:00:00Z',
  updatedAt: '2020-06-19T15:00:00Z',
  image: {
    src: '/media/x-960.webp',
    srcset: '/media/x-480.webp 480w, /media/x-960.webp 960w',
    avifSrcset: '/media/x-480.avif 480w',
    width: 960,
    height: 540,
    alt: 'A portrait',
    caption: 'At home, 2020',
    credit: 'Demo & archive',
  },
  countries: [{ href: '/countries/mexico', name: 'Mexico' }],
};

describe('whole pages', () => {
  it('match the reference renderer byte for byte', () => {
    const list: ItemList = {
      items: [item, { ...item, id: 8, image: null, countries: [] }].map((i) => ({
        id: i.id,
        html: Buffer.from(renderCard(i)),
      })),
      pagination: { page: 2, totalPages: 9, totalItems: 100, href: (n) => `/countries/mexico?page=${n}` },
    };
    const country: CountryView = {
      id: 1,
      code: 'MX',
      name: 'Mexico',
      href: '/countries/mexico',
      feedHref: '/countries/mexico/feed.xml',
      region: { href: '/regions/americas', name: 'Americas' },
    };
    const article: ArticleView = {
      ...item,
      bodyHtml: '<p>Body</p>' as SafeHtml,
      topics: [{ href: '/topics/torture', name: 'Torture' }],
      cases: [{ href: '/cases/adrian', name: 'Adrián' }],
      attachments: [{ href: '/media/r.pdf', name: 'report.pdf', mime: 'application/pdf', bytes: 2048 }],
      countryCodes: ['MX'],
    };
    // The cards, stored as HTML and placed raw, are the reference's rendering of the card too.
    for (const i of [item, { ...item, id: 8, image: null, countries: [] }]) {
      expect(renderCard(i)).toBe(renderToString(<ItemCard item={i} />));
    }
    rendered.length = 0;
    const country_ = countryPage(site, { country, list });
    const article_ = articlePage(site, article);
    expect(rendered).toHaveLength(2);
    // Rendering the tree again fills new slots: the markers' numbers differ, nothing else.
    const slotless = (html: string) =>
      html
        .split('\u0001')
        .filter((_, i) => i % 2 === 0)
        .join('<slot>');
    for (const { tree, html } of rendered) {
      expect(slotless(html)).toBe(slotless(`<!doctype html>${renderToString(tree)}`));
    }
    expect(pageText(article_)).toContain('<div class="prose"><p>Body</p></div>');
    // The header, the two cards and the footer.
    expect(slotless(rendered[0]?.html ?? '').match(/<slot>/g)).toHaveLength(4);
    // The page's bytes hold them where their slots were.
    const text = pageText(country_);
    expect(text).toContain(`<li>${renderCard(item)}</li>`);
    expect(text).toMatch(/<header class="site-header"><div class="site-header__bar">[\s\S]+id="site-search"/);
    expect(text).toMatch(/<footer class="site-footer"><p>/);
    expect(text).not.toContain('\u0001');
    for (const html of [text, pageText(article_)])
      expect(html).toContain('A case &amp; its &quot;title&quot;');
  });
});
