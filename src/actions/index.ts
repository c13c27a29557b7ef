export { actionsAccess } from './access.js';
export { actionChannelRoutes } from './channel-routes.js';
export { type ArticleRef, type CaseRef, keys as actionKeys, type Newsroom } from './newsroom.js';
export { actionSection, actionsAdminRoutes, actionsJobs } from './routes.js';
export { type ActionsDeps, DEADLINE_JOB, numberOnPublish } from './service.js';
