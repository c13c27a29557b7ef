import type { Role } from '../platform/db/index.js';

export const PERMISSIONS = [
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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** Who may do what. Anything not listed is refused. */
const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  editor: [
    'dashboard.view',
    'article.write',
    'article.publish',
    'article.editOthers',
    'taxonomy.manage',
    'case.manage',
    'media.upload',
    'media.manage',
  ],
  author: ['dashboard.view', 'article.write', 'media.upload'],
  // Campaigners publish urgent actions only; the newsroom's rules narrow article.publish by type.
  campaigner: ['dashboard.view', 'article.write', 'article.publish', 'case.manage', 'media.upload'],
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role]?.includes(permission) ?? false;
}
