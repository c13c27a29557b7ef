import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/platform/text/markdown.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ demo: false });
  const region = await t.db
    .insertInto('regions')
    .values({ slug: 'americas', name: 'Americas' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const country = await t.db
    .insertInto('countries')
    .values({ code: 'MX', slug: 'mexico', name: 'Mexico <b>', region_id: region.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const body =
    'Before <script>alert("body")</script> [link](javascript:alert(1)) <img src=x onerror=alert(2)>';
  const now = '2020-06-18T12:00:00.000Z';
  const article = await t.db
    .insertInto('articles')
    .values({
      type: 'news',
      slug: 'hostile',
      title: '<script>alert("title")</script> & "quotes"',
      summary: '<img src=x onerror=alert(3)>',
      body_md: body,
      body_html: renderMarkdown(body),
      status: 'published',
      location: '',
      reference: '',
      lead_image_id: null,
      published_at: now,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.db
    .insertInto('article_countries')
    .values({ article_id: article.id, country_id: country.id, position: 0 })
    .execute();
  await t.db
    .insertInto('articles')
    .values({
      type: 'news',
      slug: 'draft-item',
      title: 'Not yet public',
      summary: '',
      body_md: '',
      body_html: '',
      status: 'draft',
      location: '',
      reference: '',
      lead_image_id: null,
      published_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
});
afterAll(async () => {
  await t?.close();
});

describe(`escaping on ${dialectUnderTest}`, () => {
  it('never lets a title, summary or body inject markup into any page', async () => {
    for (const url of ['/articles/hostile', '/countries/mexico', '/', '/latest']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).not.toContain('<script>alert');
      expect(res.body, url).not.toMatch(/<img src=x/);
      expect(res.body, url).not.toContain('href="javascript:');
    }
    // In the feed, text travels as CDATA: a feed reader sees the title as text, never as markup.
    const feed = await t.app.inject({ method: 'GET', url: '/feed.xml' });
    expect(feed.body).toContain('<title><![CDATA[<script>alert("title")</script> & "quotes"]]></title>');
    expect(feed.body.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '')).not.toContain('<script');
    const article = await t.app.inject({ method: 'GET', url: '/articles/hostile' });
    expect(article.body).toContain('&lt;script>alert(&quot;title&quot;)&lt;/script>');
    const ld = /<script type="application\/ld\+json">(.+?)<\/script>/.exec(article.body)![1]!;
    expect(ld).not.toContain('<');
    expect(JSON.parse(ld).headline).toBe('<script>alert("title")</script> & "quotes"');
  });

  it('keeps drafts off every public page', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/articles/draft-item' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/latest' })).body).not.toContain('Not yet public');
  });

  it('shows an empty country page without error', async () => {
    await t.db
      .insertInto('countries')
      .values({ code: 'KE', slug: 'kenya', name: 'Kenya', region_id: 1 })
      .execute();
    const res = await t.app.inject({ method: 'GET', url: '/countries/kenya' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Nothing has been published here yet.');
  });
});
