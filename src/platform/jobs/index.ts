export { backoffMs, cancelQueued, claimNext, enqueue, LEASE_MS, type NewJob } from './queue.js';
export { type JobHandler, Worker, type WorkerOptions } from './worker.js';
