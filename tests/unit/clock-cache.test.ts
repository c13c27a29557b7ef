import { describe, expect, it } from 'vitest';
import { ClockCache } from '../../src/platform/cache/clock.js';

describe('ClockCache', () => {
  it('drops an entry not read since it was stored, and says which', () => {
    const dropped: string[] = [];
    const cache = new ClockCache<string, number>(2, (key) => dropped.push(key));
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect(dropped).toEqual(['b']);
    expect(cache.get('a')).toBe(1);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('replaces a value in place without dropping anything', () => {
    const dropped: string[] = [];
    const cache = new ClockCache<string, number>(2, (key) => dropped.push(key));
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    expect(cache.get('a')).toBe(10);
    expect(cache.size).toBe(2);
    expect(dropped).toEqual([]);
  });

  it('hands back what it deletes, without calling it dropped', () => {
    const dropped: string[] = [];
    const cache = new ClockCache<string, number>(2, (key) => dropped.push(key));
    cache.set('a', 1);
    expect(cache.delete('a')).toBe(1);
    expect(cache.delete('a')).toBeUndefined();
    expect(dropped).toEqual([]);
  });

  it('keeps nothing when its size is zero', () => {
    const cache = new ClockCache<string, number>(0);
    cache.set('a', 1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
