import type { FastifyInstance, HTTPMethods } from 'fastify';
import * as account from './handlers/account.js';
import * as dashboard from './handlers/dashboard.js';
import * as login from './handlers/login.js';
import * as records from './handlers/records.js';
import { type AccountsRouteDeps, accountsContext, type Handler } from './handlers/shared.js';
import * as users from './handlers/users.js';
import type { Permission } from './policy.js';

interface AccountsRoute {
  method: Extract<HTTPMethods, 'GET' | 'POST'>;
  url: string;
  /** What adminGuard (http.tsx) checks before the handler runs. */
  permission: Permission | 'public' | 'signed-in';
  handler: Handler;
}

/** Everything the accounts room serves, and who may reach it. */
// biome-ignore format: one route a line, in columns, so the whole surface reads at a glance
const ROUTES: readonly AccountsRoute[] = [
  { method: 'GET',  url: '/admin/login',                  permission: 'public',         handler: login.showLogin },
  { method: 'POST', url: '/admin/login',                  permission: 'public',         handler: login.logIn },
  // Half signed in (a right password, the code still to come) is enough for these two.
  { method: 'GET',  url: '/admin/login/code',             permission: 'signed-in',      handler: login.showCode },
  { method: 'POST', url: '/admin/login/code',             permission: 'signed-in',      handler: login.checkCode },
  { method: 'POST', url: '/admin/logout',                 permission: 'signed-in',      handler: login.logOut },
  { method: 'GET',  url: '/admin/reset',                  permission: 'public',         handler: login.showResetRequest },
  { method: 'POST', url: '/admin/reset',                  permission: 'public',         handler: login.requestReset },
  { method: 'GET',  url: '/admin/reset/:token',           permission: 'public',         handler: login.showNewPassword },
  { method: 'POST', url: '/admin/reset/:token',           permission: 'public',         handler: login.resetPassword },
  // Public to the guard: the handler opens it only at the machine itself, and only until an account exists.
  { method: 'GET',  url: '/admin/setup',                  permission: 'public',         handler: login.showSetup },
  { method: 'POST', url: '/admin/setup',                  permission: 'public',         handler: login.setUp },
  { method: 'GET',  url: '/admin/users',                  permission: 'user.manage',    handler: users.showUsers },
  { method: 'POST', url: '/admin/users',                  permission: 'user.manage',    handler: users.createUser },
  { method: 'POST', url: '/admin/users/:id/sessions/end', permission: 'user.manage',    handler: users.endSessions },
  // Every role holds dashboard.view, so everyone signed in has a dashboard and an account page.
  { method: 'GET',  url: '/admin',                        permission: 'dashboard.view', handler: dashboard.showDashboard },
  { method: 'GET',  url: '/admin/account',                permission: 'dashboard.view', handler: account.showAccount },
  { method: 'POST', url: '/admin/account/password',       permission: 'dashboard.view', handler: account.changePassword },
  { method: 'POST', url: '/admin/account/2fa',            permission: 'dashboard.view', handler: account.turnTwoFactorOn },
  { method: 'POST', url: '/admin/account/2fa/off',        permission: 'dashboard.view', handler: account.turnTwoFactorOff },
  { method: 'GET',  url: '/admin/audit',                  permission: 'audit.read',     handler: records.showAudit },
  { method: 'GET',  url: '/admin/outbox',                 permission: 'outbox.read',    handler: records.showOutbox },
];

export function accountsRoutes(app: FastifyInstance, deps: AccountsRouteDeps) {
  const ctx = accountsContext(deps);
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      config: { permission: route.permission },
      handler: (request, reply) => route.handler(ctx, request, reply),
    });
  }
}
