export {
  type Actor,
  type AuditEntry,
  type AuditMessage,
  auditText,
  recordAudit,
  systemActor,
} from './audit.js';
export { adminGuard, forbiddenPage, formToken, sendAdminHtml, submissionOrigin } from './http.js';
export {
  type Access,
  can,
  type DashboardContext,
  type DashboardEntry,
  declareAccess,
  type Permission,
} from './policy.js';
export { accountsRoutes } from './routes.js';
export {
  type AccountsDeps,
  actorOf,
  countUsers,
  createUser,
  type Staff,
} from './service.js';
export { newToken, sha256 } from './tokens.js';
export { AdminLayout } from './views/admin-layout.js';
export { DashboardSection } from './views/dashboard-section.js';
