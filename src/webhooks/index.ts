export { webhooksAccess } from './access.js';
export { type DeliverDeps, deliverOnce, webhookJobs } from './deliver.js';
export { DELIVER_JOB, type EventData, emitEvent, emitEvents } from './events.js';
export { webhooksPersonalData } from './personal-data.js';
export { webhooksRoutes } from './routes.js';
export { signature, verifySignature } from './rules.js';
