import { declareAccess } from '../accounts/index.js';

/** What the newsroom lets each role do (administrators may do everything). */
export const newsroomAccess = declareAccess({
  permissions: {
    'article.write': ['editor', 'author', 'campaigner'],
    // Campaigners publish urgent actions only: the editor's rules narrow this by type.
    'article.publish': ['editor', 'campaigner'],
    'article.editOthers': ['editor'],
    'taxonomy.manage': ['editor'],
    'case.manage': ['editor', 'campaigner'],
  },
  menu: [
    { href: '/admin/articles', key: 'admin.nav.articles', permission: 'article.write', order: 10 },
    { href: '/admin/articles/new', key: 'admin.nav.newArticle', permission: 'article.write', order: 11 },
    { href: '/admin/cases', key: 'nav.cases', permission: 'case.manage', order: 30 },
    { href: '/admin/countries', key: 'nav.countries', permission: 'taxonomy.manage', order: 31 },
    { href: '/admin/regions', key: 'nav.regions', permission: 'taxonomy.manage', order: 32 },
    { href: '/admin/topics', key: 'nav.topics', permission: 'taxonomy.manage', order: 33 },
  ],
});
