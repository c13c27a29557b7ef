import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CDN_PURGE_JOB } from '../../src/platform/cache/cdn-purge.js';
import { EVERYTHING, recordPurge } from '../../src/platform/cache/purge-bus.js';
import { PUBLIC_CACHE_CONTROL } from '../../src/platform/http/public-page.js';
import { logIn, makeUser, type Session } from '../support/admin.js';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';
import { freePort, type RunningVarnish, startVarnish, varnishMissing } from '../support/varnish.js';

/**
 * deploy/varnish/default.vcl in a real varnishd, in front of Candle listening on 127.0.0.1, with
 * CDN_PURGE pointing at it and the job worker and purge listener running as in `candle serve`.
 */
let t: TestApp;
let varnish: RunningVarnish | undefined;
let editor: Session;
let mexicoId: string;

beforeAll(async () => {
  if (varnishMissing) return;
  // Varnish's port is in Candle's configuration and Candle's in Varnish's: take Varnish's first.
  const varnishPort = await freePort();
  t = await testApp({ env: { CDN_PURGE: `varnish:http://127.0.0.1:${varnishPort}` } });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  t.worker.start();
  await t.purges.start();
  varnish = await startVarnish((t.app.server.address() as AddressInfo).port, varnishPort);
  await makeUser(t.db, 'editor');
  editor = await logIn(t.app, 'editor@candle.test');
  mexicoId = String(
    (await t.db.selectFrom('countries').select('id').where('slug', '=', 'mexico').executeTakeFirstOrThrow())
      .id,
  );
});
afterAll(async () => {
  await varnish?.stop();
  await t?.worker.stop();
  await t?.purges.stop();
  await t?.close();
});

/** A GET through Varnish, as a browser would send it. */
async function viaVarnish(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${varnish!.url}${url}`, {
    headers: { 'accept-encoding': 'gzip, deflate, br', ...headers },
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

/** X-Varnish names the request, and on a hit also the request that stored the object. */
const isHit = (res: { headers: Headers }) =>
  (res.headers.get('x-varnish') ?? '').trim().split(/\s+/).length === 2;

/** Fetches through Varnish until the page shows `text`; returns how long that took. */
async function waitFor(url: string, text: string, withinMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const res = await viaVarnish(url);
    const elapsed = Date.now() - started;
    if (res.body.includes(text)) return elapsed;
    if (elapsed > withinMs)
      throw new Error(`${url} did not show "${text}" through Varnish within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the worker has sent every queued purge to Varnish: a purge still on its way would
 * drop a page the test has just put in the cache.
 */
async function purgesSent(): Promise<void> {
  const started = Date.now();
  for (;;) {
    const pending = await t.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', CDN_PURGE_JOB)
      .where('status', 'in', ['queued', 'running'])
      .execute();
    if (pending.length === 0) return;
    if (Date.now() - started > 5000) throw new Error('purges still queued after 5 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const versionOf = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;
const idFrom = (location: unknown) => Number(/\/admin\/articles\/(\d+)/.exec(String(location))![1]);

const article = (fields: Record<string, string | string[]>) => ({
  title: 'Defenders detained in Oaxaca',
  type: 'news',
  summary: 'Two defenders were detained on their way home.',
  body: 'They were detained on **3 March**.',
  countries: [mexicoId],
  version: '0',
  action: 'publish',
  ...fields,
});

describe.skipIf(varnishMissing)(`Candle behind Varnish on ${dialectUnderTest}`, () => {
  let articleId: number;

  it('keeps a public page, and answers the second request from its cache', async () => {
    const created = await editor.post('/admin/articles/new', article({ slug: 'defenders-oaxaca' }));
    expect(created.statusCode).toBe(303);
    articleId = idFrom(created.headers.location);
    await purgesSent();

    const first = await viaVarnish('/articles/defenders-oaxaca');
    expect(first.status).toBe(200);
    expect(first.body).toContain('Defenders detained in Oaxaca');
    expect(isHit(first)).toBe(false);
    const second = await viaVarnish('/articles/defenders-oaxaca');
    expect(isHit(second)).toBe(true);
    expect(second.body).toBe(first.body);
    // Candle's caching rules reach the browser unchanged; the content keys stay with Varnish.
    expect(second.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
    expect(second.headers.get('surrogate-key')).toBeNull();
    expect(second.headers.get('xkey')).toBeNull();
    expect(second.headers.get('etag')).toBeTruthy();
  });

  it('gives a shared link with tracking parameters the same object', async () => {
    for (const query of ['?fbclid=x', '?utm_source=newsletter&utm_medium=email', '?gclid=1&fbclid=2']) {
      const res = await viaVarnish(`/articles/defenders-oaxaca${query}`);
      expect(res.status, query).toBe(200);
      expect(isHit(res), query).toBe(true);
    }
  });

  it('keeps one object per encoding however the browser spells Accept-Encoding, each as Candle made it', async () => {
    const url = '/articles/defenders-oaxaca';
    const browser = await viaVarnish(url);
    expect(browser.headers.get('content-encoding')).toBe('br');
    const spellings: Array<[Record<string, string>, string | null]> = [
      [{ 'accept-encoding': 'br;q=1.0, gzip;q=0.8, *;q=0.1' }, 'br'],
      [{ cookie: '_pk_id=1' }, 'br'],
      [{ 'accept-encoding': 'gzip' }, 'gzip'],
      [{ 'accept-encoding': 'gzip, deflate, br;q=0' }, 'gzip'],
      [{ 'accept-encoding': 'identity' }, null],
    ];
    for (const [headers, encoding] of spellings) {
      const first = await viaVarnish(url, headers);
      const again = await viaVarnish(url, headers);
      const what = JSON.stringify(headers);
      expect(first.headers.get('content-encoding'), what).toBe(encoding);
      expect(isHit(again), what).toBe(true);
      // fetch decodes what it was sent: every copy is the same page.
      expect(again.body, what).toBe(browser.body);
    }
  });

  it('serves a page published after a reader met its 404 within 2 s, not a cached 404', async () => {
    // A reader (or the editor checking the address) asks before the item is out.
    const missing = await viaVarnish('/articles/defenders-chiapas');
    expect(missing.status).toBe(404);
    expect(isHit(await viaVarnish('/articles/defenders-chiapas'))).toBe(true);

    const published = await editor.post(
      '/admin/articles/new',
      article({ slug: 'defenders-chiapas', title: 'Defenders detained in Chiapas' }),
    );
    expect(published.statusCode).toBe(303);
    expect(await waitFor('/articles/defenders-chiapas', 'Defenders detained in Chiapas', 2000)).toBeLessThan(
      2000,
    );
    await purgesSent();
  });

  it('shows the edited article within 2 s of the save in the admin, on its page and its country’s', async () => {
    await viaVarnish('/countries/mexico');
    await viaVarnish('/articles/defenders-oaxaca');
    expect(isHit(await viaVarnish('/countries/mexico'))).toBe(true);
    expect(isHit(await viaVarnish('/articles/defenders-oaxaca'))).toBe(true);

    const form = await editor.get(`/admin/articles/${articleId}`);
    const saved = await editor.post(
      `/admin/articles/${articleId}`,
      article({
        slug: 'defenders-oaxaca',
        title: 'Defenders released in Oaxaca',
        version: versionOf(form.body),
      }),
    );
    expect(saved.statusCode).toBe(303);

    expect(await waitFor('/articles/defenders-oaxaca', 'Defenders released in Oaxaca', 2000)).toBeLessThan(
      2000,
    );
    expect(await waitFor('/countries/mexico', 'Defenders released in Oaxaca', 2000)).toBeLessThan(2000);
    await purgesSent();
    const jobs = await t.db
      .selectFrom('jobs')
      .select(['status', 'payload'])
      .where('kind', '=', CDN_PURGE_JOB)
      .execute();
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((job) => job.status === 'done')).toBe(true);
    expect(jobs.some((job) => JSON.parse(job.payload).keys.includes(`article:${articleId}`))).toBe(true);
  });

  it('drops everything on a purge of "*"', async () => {
    await viaVarnish('/');
    expect(isHit(await viaVarnish('/'))).toBe(true);
    await t.db.transaction().execute((trx) => recordPurge(trx, [EVERYTHING], new Date()));
    const started = Date.now();
    while (isHit(await viaVarnish('/'))) {
      expect(Date.now() - started).toBeLessThan(2000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });

  it('never keeps an admin page, with or without a session', async () => {
    for (let i = 0; i < 2; i++) {
      const login = await viaVarnish('/admin/login');
      expect(login.status).toBe(200);
      expect(isHit(login)).toBe(false);
      expect(login.headers.get('cache-control')).toBe('no-store');

      const dashboard = await viaVarnish('/admin', { cookie: editor.cookie });
      expect(dashboard.status).toBe(200);
      expect(isHit(dashboard)).toBe(false);
      expect(dashboard.body).toContain('Test editor');
    }
    // The page a session saw is not handed to a reader without one.
    const anonymous = await viaVarnish('/admin');
    expect(anonymous.body).not.toContain('Test editor');
  });

  it('refuses a PURGE without keys', async () => {
    const res = await fetch(`${varnish!.url}/`, { method: 'PURGE' });
    expect(res.status).toBe(400);
  });
});
