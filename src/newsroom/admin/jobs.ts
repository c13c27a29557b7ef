import { z } from 'zod';
import * as editor from './service.js';

const publishPayload = z.object({ articleId: z.number().int(), version: z.number().int() });

/** The newsroom's background jobs, for the worker. */
export function newsroomJobs(deps: editor.EditorDeps) {
  return {
    [editor.PUBLISH_JOB]: async (payload: unknown) => {
      await editor.publishDue(deps, publishPayload.parse(payload));
    },
  };
}
