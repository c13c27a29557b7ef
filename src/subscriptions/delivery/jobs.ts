import type { JobHandler } from '../../platform/jobs/index.js';
import type { LinkKeys } from '../links.js';
import { networkJobs } from '../network/jobs.js';
import { DIGEST_JOB, type DigestDeps, digestPayload, sendDigests } from './digest.js';
import { FANOUT_JOB, fanOut, fanOutPayload, SEND_JOB, sendBatch, sendPayload } from './fanout.js';

/** Delivery's jobs, for the worker's table in app.ts: alerts, digests and the network's messages. */
export function deliveryJobs(
  deps: DigestDeps & { linkKeys: LinkKeys; recordIp: boolean },
): Record<string, JobHandler> {
  return {
    [FANOUT_JOB]: (payload) => fanOut(deps, fanOutPayload.parse(payload)),
    [SEND_JOB]: (payload) => sendBatch(deps, sendPayload.parse(payload)),
    [DIGEST_JOB]: (payload) => sendDigests(deps, digestPayload.parse(payload)),
    ...networkJobs(deps),
  };
}
