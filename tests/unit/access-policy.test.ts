import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { adminGuard, can } from '../../src/accounts/index.js';
import { menuFor } from '../../src/accounts/policy.js';
import '../../src/media/access.js';
import '../../src/newsroom/access.js';
import type { Db } from '../../src/platform/db/index.js';

describe('permissions declared by each room', () => {
  it('gives each role what it had when one list held them all', () => {
    const holds = (role: Parameters<typeof can>[0]) =>
      [
        'dashboard.view',
        'article.write',
        'article.publish',
        'article.editOthers',
        'taxonomy.manage',
        'case.manage',
        'media.upload',
        'media.manage',
        'user.manage',
        'audit.read',
        'outbox.read',
      ].filter((p) => can(role, p));
    expect(holds('admin')).toHaveLength(11);
    expect(holds('editor')).toEqual([
      'dashboard.view',
      'article.write',
      'article.publish',
      'article.editOthers',
      'taxonomy.manage',
      'case.manage',
      'media.upload',
      'media.manage',
    ]);
    expect(holds('author')).toEqual(['dashboard.view', 'article.write', 'media.upload']);
    expect(holds('campaigner')).toEqual([
      'dashboard.view',
      'article.write',
      'article.publish',
      'case.manage',
      'media.upload',
    ]);
    expect(can('admin', 'nobody.declared.this')).toBe(false);
  });

  it('builds the admin menu from every room’s entries, in order, for what a role may open', () => {
    expect(menuFor('author').map((m) => m.href)).toEqual([
      '/admin',
      '/admin/articles',
      '/admin/articles/new',
      '/admin/media',
      '/admin/account',
    ]);
    expect(menuFor('admin').map((m) => m.href)).toContain('/admin/outbox');
  });

  it('stops the app at start when an admin route names a permission nobody declared', () => {
    const app = Fastify();
    adminGuard(app, {
      db: {} as Db,
      now: () => new Date(),
      publicUrl: 'http://candle.test',
      siteName: 'Candle',
      site: {
        name: 'Candle',
        publicUrl: 'http://candle.test',
        assets: { css: '', js: '', icon: '', shareImage: '', feedStylesheet: '' },
      },
    });
    expect(() =>
      app.get('/admin/typo', { config: { permission: 'article.wirte' } }, async () => 'never'),
    ).toThrow(/article\.wirte/);
    expect(() =>
      app.get('/admin/fine', { config: { permission: 'article.write' } }, async () => 'fine'),
    ).not.toThrow();
  });
});
