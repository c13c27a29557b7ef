import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { loadDemo } from '../../src/demo/index.js';
import { logIn, makeUser } from '../support/admin.js';
import { dialectUnderTest, TEST_PUBLIC_URL, type TestApp, testApp } from '../support/app.js';

let first: TestApp;
let second: App;

beforeAll(async () => {
  first = await testApp();
  // A second instance on the same database, with a page cache of its own.
  second = await buildApp(
    loadConfig({
      DATABASE_URL: 'sqlite::memory:',
      DATA_DIR: first.dataDir,
      LOG_LEVEL: 'silent',
      PUBLIC_URL: TEST_PUBLIC_URL,
    }),
    first.db,
  );
  await second.purges.start(60_000);
  await makeUser(first.db, 'editor');
});
afterAll(async () => {
  await second?.purges.stop();
  await second?.app.close();
  await first?.close();
});

describe(`two instances on one ${dialectUnderTest} database`, () => {
  it('an edit on one purges the cached page on the other', async () => {
    const page = () => second.app.inject({ method: 'GET', url: '/countries/mexico' });
    expect((await page()).headers['x-cache']).toBe('MISS');
    expect((await page()).headers['x-cache']).toBe('HIT');

    const editor = await logIn(first.app, 'editor@candle.test');
    const mexico = await first.db
      .selectFrom('countries')
      .select('id')
      .where('slug', '=', 'mexico')
      .executeTakeFirstOrThrow();
    const saved = await editor.post('/admin/articles/new', {
      title: 'Published on the first instance',
      type: 'news',
      countries: [String(mexico.id)],
      action: 'publish',
      version: '0',
    });
    expect(saved.statusCode).toBe(303);

    // Until the second instance reads the purge log it may serve its copy; then never again.
    expect(await second.purges.poll()).toBeGreaterThan(0);
    const fresh = await page();
    expect(fresh.headers['x-cache']).toBe('MISS');
    expect(fresh.body).toContain('Published on the first instance');
  });

  it('a demo reload purges everything everywhere', async () => {
    await second.app.inject({ method: 'GET', url: '/topics' });
    await loadDemo({ db: first.db, dataDir: first.dataDir, now: () => new Date() });
    await second.purges.poll();
    expect(second.cache.size).toBe(0);
  });
});
