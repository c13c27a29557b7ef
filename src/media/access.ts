import { declareAccess } from '../accounts/index.js';

/** What media lets each role do (administrators may do everything). */
export const mediaAccess = declareAccess({
  permissions: {
    'media.upload': ['editor', 'author', 'campaigner'],
    'media.manage': ['editor'],
  },
  menu: [{ href: '/admin/media', key: 'admin.nav.media', permission: 'media.upload', order: 20 }],
});
