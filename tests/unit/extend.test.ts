import { describe, expect, it } from 'vitest';
import { extend } from '../../src/platform/extend.js';

describe('extend', () => {
  it('copies the base, lets the extra fields win, and leaves the base as it was', () => {
    const base = { title: 'Mexico', page: undefined as number | undefined, section: 'countries' };
    const out = extend(base, { page: 2, canonical: '/countries/mexico?page=2' });
    expect(out).toEqual({
      title: 'Mexico',
      page: 2,
      section: 'countries',
      canonical: '/countries/mexico?page=2',
    });
    expect(base).toEqual({ title: 'Mexico', page: undefined, section: 'countries' });
    expect(out).not.toBe(base);
  });
});
