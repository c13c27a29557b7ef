import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ demo: false });
});
afterAll(async () => {
  await t?.close();
});

describe('the icon', () => {
  it('is at /favicon.ico, where every browser asks for it (its 404 was the one console error of every page)', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    // An ICO header (reserved 0, type 1 = icon, one image) holding a PNG.
    expect([...res.rawPayload.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
    expect(res.rawPayload.subarray(22, 26).toString('latin1')).toBe('\x89PNG');
  });

  it('is also an SVG under a name that changes with its content', async () => {
    const svgUrl = /\/assets\/icon\.[0-9a-f]{12}\.svg/;
    const { loadAssets } = await import('../../src/platform/http/assets.js');
    const icon = loadAssets().icon;
    expect(icon).toMatch(svgUrl);
    const svg = await t.app.inject({ method: 'GET', url: icon });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toContain('immutable');
  });
});
