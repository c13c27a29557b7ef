import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start` and `candle` run the bundle scripts/build.mjs makes, not the sources the other
// tests import: this builds it and serves pages from it, on a fresh SQLite database as a first
// start does (the bundle's database code is the same on PostgreSQL; the driver stays outside).
const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candle-bundle-'));
const port = 20_000 + Math.floor(Math.random() * 20_000);
const base = `http://127.0.0.1:${port}`;
let server: ReturnType<typeof spawn>;
let errors = '';

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root });
  server = spawn(process.execPath, ['dist/main.js', 'serve'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      DATABASE_URL: `sqlite:${path.join(dir, 'candle.db')}`,
      DATA_DIR: dir,
      LOG_LEVEL: 'error',
      WORKER: 'off',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  server.stderr?.on('data', (chunk) => {
    errors += chunk;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {}
    if (Date.now() > deadline || server.exitCode !== null)
      throw new Error(`the bundle did not start: ${errors}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}, 90_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the built bundle', () => {
  it('serves the demo: home, a country, an article, search, feeds and the admin login', async () => {
    const country = await fetch(`${base}/countries/mexico`);
    expect(country.status).toBe(200);
    const html = await country.text();
    const article = /class="item__title"><a href="(\/articles\/[^"]+)"/.exec(html)?.[1];
    expect(article).toBeDefined();
    for (const url of ['/', article, '/search?q=torture', '/feed.xml', '/sitemap.xml', '/admin/login']) {
      const res = await fetch(`${base}${url}`, { redirect: 'manual' });
      expect(res.status, `${url}`).toBe(200);
    }
    expect((await fetch(`${base}/countries/nowhere`)).status).toBe(404);
    // A form post goes through the bundled body parser: a wrong password is refused, not a 500.
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=nobody%40example.org&password=wrong',
      redirect: 'manual',
    });
    expect(login.status).toBeLessThan(500);
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(errors).not.toMatch(/Error|require is not defined/);
  });
});
