export { alertOnPublish, type DeliveryDeps } from './delivery/fanout.js';
export { deliveryJobs } from './delivery/jobs.js';
export { EXPIRE_JOB, scheduleExpiry, subscriptionJobs } from './jobs.js';
export { subscriptionsRoutes } from './routes.js';
export type { Followables, FollowTarget } from './rules.js';
export { expireRequests, type SubscriptionsDeps } from './service.js';
