export { actionsAccess } from './access.js';
export { countsChanged, countsJobs, countsRoutes } from './counts.js';
export { type ArticleRef, type CaseRef, keys as actionKeys, type Newsroom } from './newsroom.js';
export { actionItemExtras, actionSection, actionsAdminRoutes, actionsJobs } from './routes.js';
export { type ActionsDeps, DEADLINE_JOB, numberOnPublish } from './service.js';
