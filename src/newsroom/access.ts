import { declareAccess } from '../accounts/index.js';
import type { Role } from '../platform/db/index.js';
import { recentDrafts, scheduledArticles } from './admin/dashboard.js';

const permissions = {
  'article.write': ['editor', 'author', 'campaigner'],
  // Campaigners publish urgent actions only: the editor's rules narrow this by type.
  'article.publish': ['editor', 'campaigner'],
  'article.editOthers': ['editor'],
  'taxonomy.manage': ['editor'],
  'case.manage': ['editor', 'campaigner'],
} satisfies Record<string, readonly Role[]>;

export type NewsroomPermission = keyof typeof permissions;

/** What the newsroom lets each role do (administrators may do everything). */
export const newsroomAccess = declareAccess({
  permissions,
  menu: [
    { href: '/admin/articles', key: 'admin.nav.articles', permission: 'article.write', order: 10 },
    { href: '/admin/articles/new', key: 'admin.nav.newArticle', permission: 'article.write', order: 11 },
    { href: '/admin/cases', key: 'nav.cases', permission: 'case.manage', order: 30 },
    { href: '/admin/countries', key: 'nav.countries', permission: 'taxonomy.manage', order: 31 },
    { href: '/admin/regions', key: 'nav.regions', permission: 'taxonomy.manage', order: 32 },
    { href: '/admin/topics', key: 'nav.topics', permission: 'taxonomy.manage', order: 33 },
  ],
  dashboard: [
    { permission: 'article.write', order: 10, show: scheduledArticles },
    { permission: 'article.write', order: 20, show: recentDrafts },
  ],
});
