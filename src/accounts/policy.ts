import type { VNode } from 'preact';
import type { Db, Role } from '../platform/db/index.js';
import type { MessageKey } from '../platform/i18n/index.js';
import { recentChanges, waitingWork } from './dashboard.js';
import type { Staff } from './service.js';

/**
 * Who may do what, declared by each room for what it owns: the accounts room for users, the audit
 * log and the outbox; the newsroom for articles, cases and taxonomy; media for uploads. A room
 * declares its permissions once (`declareAccess`, in its `access.ts`), with its entries of the
 * admin menu and its sections of the dashboard, and checks them through the checker it gets back,
 * typed with its own names. Anything not declared is refused, and an admin route that names an
 * undeclared permission stops the app at start (http.tsx).
 */

/** An entry of the admin menu, shown to those who hold its permission, in `order`. */
export interface MenuEntry {
  href: string;
  key: MessageKey;
  permission: string;
  order: number;
}

/** What a dashboard section is given when the dashboard is shown. */
export interface DashboardContext<P extends string = string> {
  db: Db;
  staff: Staff;
  /** Whether the person holds one of the declaring room's permissions. */
  can: (permission: P) => boolean;
}

/** A section of the admin dashboard (`/admin`), shown to those who hold its permission, in `order`. */
export interface DashboardEntry<P extends string = string> {
  permission: P;
  order: number;
  /** Reads what the section shows and renders it; null when it has nothing to say. */
  show: (ctx: DashboardContext<P>) => Promise<VNode | null>;
}

const grants = new Map<string, ReadonlySet<Role>>();
const menu = new Map<string, MenuEntry>();
/** The declared sections, each bound to its room's permissions. */
const dashboard: Array<{
  permission: string;
  order: number;
  show: (db: Db, staff: Staff) => Promise<VNode | null>;
}> = [];

export interface Access<P extends string> {
  /** Whether a role holds one of this room's permissions. */
  can: (role: Role, permission: P) => boolean;
}

export function declareAccess<const P extends string>(declared: {
  permissions: Record<P, readonly Role[]>;
  menu?: ReadonlyArray<Omit<MenuEntry, 'permission'> & { permission: NoInfer<P> }>;
  dashboard?: ReadonlyArray<DashboardEntry<NoInfer<P>>>;
}): Access<P> {
  for (const [permission, roles] of Object.entries(declared.permissions) as Array<[P, readonly Role[]]>) {
    // Administrators hold every permission, whichever room declares it.
    grants.set(permission, new Set<Role>(['admin', ...roles]));
  }
  for (const entry of declared.menu ?? []) menu.set(entry.href, entry);
  for (const entry of declared.dashboard ?? []) {
    dashboard.push({
      permission: entry.permission,
      order: entry.order,
      show: (db, staff) => entry.show({ db, staff, can: (p) => can(staff.user.role, p) }),
    });
  }
  return { can };
}

export function isDeclared(permission: string): boolean {
  return grants.has(permission);
}

/** Whether a role holds a permission, for code that checks another room's (the admin guard). */
export function can(role: Role, permission: string): boolean {
  return grants.get(permission)?.has(role) ?? false;
}

/** The admin menu a role sees. */
export function menuFor(role: Role): MenuEntry[] {
  return [...menu.values()].filter((m) => can(role, m.permission)).sort((a, b) => a.order - b.order);
}

/** The dashboard's sections for this person, read side by side, in order. */
export async function dashboardFor(db: Db, staff: Staff): Promise<VNode[]> {
  const shown = dashboard.filter((d) => can(staff.user.role, d.permission)).sort((a, b) => a.order - b.order);
  const sections = await Promise.all(shown.map((d) => d.show(db, staff)));
  return sections.filter((s) => s !== null);
}

/** The accounts room's own permissions and menu entries. */
export const accountsAccess = declareAccess({
  permissions: {
    'dashboard.view': ['editor', 'author', 'campaigner'],
    // Everyone's recent changes on the dashboard; the others see their own, because a change's
    // summary names the title of a draft they may not open (the editors, as for articles).
    'audit.recent': ['editor'],
    'user.manage': [],
    'audit.read': [],
    'outbox.read': [],
  },
  menu: [
    { href: '/admin', key: 'admin.nav.dashboard', permission: 'dashboard.view', order: 0 },
    { href: '/admin/users', key: 'admin.nav.users', permission: 'user.manage', order: 80 },
    { href: '/admin/audit', key: 'admin.nav.audit', permission: 'audit.read', order: 90 },
    { href: '/admin/outbox', key: 'admin.nav.outbox', permission: 'outbox.read', order: 95 },
    { href: '/admin/account', key: 'admin.nav.account', permission: 'dashboard.view', order: 100 },
  ],
  dashboard: [
    { permission: 'dashboard.view', order: 0, show: waitingWork },
    { permission: 'dashboard.view', order: 90, show: recentChanges },
  ],
});

export type Permission = string;
