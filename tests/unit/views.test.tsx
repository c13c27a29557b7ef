import { describe, expect, it } from 'vitest';
import { formatDate, t, translator } from '../../src/platform/i18n/index.js';
import { pageWindow, shareLinks } from '../../src/platform/views/components.js';
import { jsonForScript } from '../../src/platform/views/render.js';

describe('pageWindow', () => {
  it('shows every page of a short listing', () => {
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
  });
  it('shows the ends and the neighbourhood of the current page, with gaps', () => {
    expect(pageWindow(10, 20)).toEqual([1, 'gap', 8, 9, 10, 11, 12, 'gap', 20]);
    expect(pageWindow(1, 20)).toEqual([1, 2, 3, 'gap', 20]);
    expect(pageWindow(20, 20)).toEqual([1, 'gap', 18, 19, 20]);
  });
});

describe('text helpers', () => {
  it('formats dates in UTC whatever the server zone', () => {
    expect(formatDate('2020-06-18T23:30:00Z')).toBe('June 18, 2020');
  });
  it('interpolates and keeps unknown placeholders visible', () => {
    expect(t('follow.heading', { name: 'Mexico' })).toBe('Subscribe to Mexico');
    expect(t('follow.heading', { name: 'Chile' })).toBe('Subscribe to Chile');
    expect(t('follow.heading')).toBe('Subscribe to {name}');
    expect(t('follow.heading', { other: 'x' })).toBe('Subscribe to {name}');
    expect(t('pager.of', { n: 2, total: 9 })).toMatch(/2.*9/);
    expect(translator('en')('pager.of', { n: 3, total: 4 })).toBe(t('pager.of', { n: 3, total: 4 }));
  });
  it('formats each date on its own, however often it is asked', () => {
    expect(formatDate('2020-06-18T23:30:00Z')).toBe('June 18, 2020');
    expect(formatDate('2020-06-19T00:30:00Z')).toBe('June 19, 2020');
    expect(formatDate('2020-06-18T23:30:00Z')).toBe('June 18, 2020');
  });
  it('keeps JSON in a script element from closing it', () => {
    expect(jsonForScript({ a: '</script><script>alert(1)</script>' })).not.toContain('</script>');
  });
  it('encodes share links and contacts no one by itself', () => {
    const links = shareLinks('http://candle.test/articles/a?b=1&c=2', 'Title & more');
    expect(links.map((l) => l.id)).toEqual(['facebook', 'x', 'bluesky', 'whatsapp', 'linkedin', 'email']);
    for (const l of links) expect(l.href).not.toContain('&c=2');
    expect(links.find((l) => l.id === 'email')?.href).toMatch(/^mailto:\?subject=Title%20%26%20more/);
  });
});
