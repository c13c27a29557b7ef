export { backoffMs, cancelQueued, claimNext, enqueue, type NewJob } from './queue.js';
export { type JobHandler, Worker, type WorkerOptions } from './worker.js';
