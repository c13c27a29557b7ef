export { DIGEST_JOB, scheduleDigest } from './delivery/digest.js';
export { alertOnPublish, type DeliveryDeps } from './delivery/fanout.js';
export { deliveryJobs } from './delivery/jobs.js';
export { EXPIRE_JOB, scheduleExpiry, subscriptionJobs } from './jobs.js';
export { loadSubscriberKeys, type SubscriberKeys } from './keys.js';
export { type SubscriberLinks, subscriberLinksWith } from './links.js';
export { readEvents, scheduleEvents } from './network/delivery.js';
export { networkForAction, networkOverall } from './network/impact.js';
export { confirmMembership } from './network/membership.js';
export { subscriptionsPersonalData } from './rights.js';
export { subscriptionsRoutes } from './routes.js';
export type { Followables, FollowTarget } from './rules.js';
export {
  type ConfirmedHook,
  type ConfirmedSubscriber,
  expireRequests,
  type SubscriptionsDeps,
} from './service.js';
export { addressHash, isHard, isSuppressed, suppress, suppressionOf } from './suppression.js';
