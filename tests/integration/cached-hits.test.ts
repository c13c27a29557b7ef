import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectUnderTest, type TestApp, testApp } from '../support/app.js';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await testApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await t?.close();
});

/** Headers that differ between any two responses whoever sends them. */
const VARYING = new Set(['date', 'x-cache', 'keep-alive', 'connection']);

function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => !VARYING.has(name)));
}

describe(`pages answered from the page cache before Fastify (${dialectUnderTest})`, () => {
  it('sends what Fastify sent for the miss: the same status, headers and bytes', async () => {
    const url = `${base}/countries/mexico?page=2`;
    const miss = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const missBody = await miss.text();
    const hit = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    const hitBody = await hit.text();
    expect(miss.headers.get('x-cache')).toBe('MISS');
    expect(hit.headers.get('x-cache')).toBe('HIT');
    expect(hit.status).toBe(200);
    expect(headersOf(hit)).toEqual(headersOf(miss));
    expect(hit.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(hitBody).toBe(missBody);
  });

  it('answers conditional, compressed and HEAD requests from the cache too', async () => {
    const url = `${base}/countries/mexico`;
    const first = await fetch(url);
    const etag = first.headers.get('etag') ?? '';
    const body = await first.text();

    const notModified = await fetch(url, { headers: { 'if-none-match': etag } });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.get('x-cache')).toBe('HIT');
    expect(await notModified.text()).toBe('');

    // fetch() would decompress by itself: read the raw bytes through node:http instead.
    const http = await import('node:http');
    const raw = await new Promise<{ headers: Record<string, unknown>; bytes: Buffer }>((resolve, reject) => {
      http
        .get(url, { headers: { 'accept-encoding': 'br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    expect(raw.headers['x-cache']).toBe('HIT');
    expect(raw.headers['content-encoding']).toBe('br');
    expect(Number(raw.headers['content-length'])).toBe(raw.bytes.length);
    expect(brotliDecompressSync(raw.bytes).toString()).toBe(body);

    const head = await fetch(url, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-cache')).toBe('HIT');
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(body));
    expect(await head.text()).toBe('');
  });

  it('leaves everything else to Fastify: other methods, unknown pages, the admin', async () => {
    await fetch(`${base}/topics`);
    const post = await fetch(`${base}/topics`, { method: 'POST' });
    expect(post.status).toBe(404);
    expect(post.headers.get('x-cache')).toBeNull();
    const missing = await fetch(`${base}/countries/atlantis`);
    expect(missing.status).toBe(404);
    const admin = await fetch(`${base}/admin`, { redirect: 'manual' });
    expect(admin.headers.get('x-cache')).toBeNull();
    expect(admin.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('sends a purged page through Fastify again, freshly rendered', async () => {
    const url = `${base}/topics`;
    await fetch(url);
    expect((await fetch(url)).headers.get('x-cache')).toBe('HIT');
    t.cache.purge(['taxonomy']);
    expect((await fetch(url)).headers.get('x-cache')).toBe('MISS');
  });
});
