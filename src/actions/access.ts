import { declareAccess } from '../accounts/index.js';

/**
 * Who may change urgent actions (administrators hold every permission). Campaigners run them;
 * authors and editors write articles, and an urgent action's details, status and targets are the
 * campaigners' to decide.
 */
export const actionsAccess = declareAccess({
  permissions: {
    'urgent-action.edit': ['campaigner'],
    'target.edit': ['campaigner'],
  },
  menu: [
    { href: '/admin/actions', key: 'admin.nav.actions', permission: 'urgent-action.edit', order: 20 },
    { href: '/admin/targets', key: 'admin.nav.targets', permission: 'target.edit', order: 21 },
  ],
});

export type ActionsPermission = 'urgent-action.edit' | 'target.edit';
