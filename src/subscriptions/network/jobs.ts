import type { JobHandler } from '../../platform/jobs/index.js';
import type { SubscriptionsDeps } from '../service.js';
import {
  fanOut,
  fanOutPayload,
  NETWORK_EVENTS_JOB,
  NETWORK_FANOUT_JOB,
  NETWORK_SEND_JOB,
  type NetworkDeliveryDeps,
  readEvents,
  scheduleEvents,
  sendBatch,
  sendPayload,
} from './delivery.js';
import { forgetJoinJobs, NETWORK_JOIN_JOB, runJoin } from './membership.js';

/** The network's jobs, for the worker's table (through `deliveryJobs`). */
export function networkJobs(deps: NetworkDeliveryDeps & SubscriptionsDeps): Record<string, JobHandler> {
  return {
    [NETWORK_JOIN_JOB]: async (payload) => {
      await runJoin(deps, payload);
    },
    [NETWORK_FANOUT_JOB]: (payload) => fanOut(deps, fanOutPayload.parse(payload)),
    [NETWORK_SEND_JOB]: (payload) => sendBatch(deps, sendPayload.parse(payload)),
    // Each minute: closings and successes to tell, and join jobs that no longer need the address.
    [NETWORK_EVENTS_JOB]: async () => {
      await readEvents(deps);
      await forgetJoinJobs(deps.db, deps.now());
      await scheduleEvents(deps);
    },
  };
}
