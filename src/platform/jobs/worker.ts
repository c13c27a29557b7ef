import type { Logger } from 'pino';
import type { Db } from '../db/index.js';
import { claimNext, fail, finish, LEASE_MS, renewLease } from './queue.js';

export type JobHandler = (payload: unknown) => Promise<void>;

export interface WorkerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  now: () => Date;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
  pollMs?: number;
  /** How often a running job's lease is renewed; a third of the lease unless a test says. */
  heartbeatMs?: number;
  /**
   * Jobs run side by side, each lane claiming its own (claims never hand one job to two). Two
   * keep the SMTP connections busy while one send batch starts or ends, or a fan-out page is
   * written. `runDue` alone always runs one after another.
   */
  concurrency?: number;
}

/**
 * Runs due jobs with retries, backoff and a dead-letter state. A handler must be idempotent: a
 * worker that dies after the side effect but before marking the job done runs it again.
 */
export class Worker {
  private timer: NodeJS.Timeout | undefined;
  private readonly running: Array<Promise<number> | undefined> = [];

  constructor(private readonly options: WorkerOptions) {}

  start(): void {
    const lanes = Math.max(1, this.options.concurrency ?? 1);
    const tick = () => {
      for (let lane = 0; lane < lanes; lane++)
        this.running[lane] ??= this.runDue().finally(() => {
          this.running[lane] = undefined;
        });
    };
    this.timer = setInterval(tick, this.options.pollMs ?? 1000);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all(this.running.map((lane) => lane?.catch(() => {})));
  }

  /** Runs every job due now, one after another; returns how many ran. */
  async runDue(limit = 100): Promise<number> {
    const { db, handlers, now, log } = this.options;
    let ran = 0;
    while (ran < limit) {
      const job = await claimNext(db, now());
      if (!job) break;
      ran++;
      const handler = handlers[job.kind];
      // While the handler runs, its lease is renewed; a worker that dies stops renewing it.
      const heartbeat = setInterval(
        () => {
          renewLease(db, job.id, now()).catch((err: unknown) =>
            log?.warn(
              { job: job.id, err: err instanceof Error ? err.message : String(err) },
              'job lease not renewed',
            ),
          );
        },
        this.options.heartbeatMs ?? LEASE_MS / 3,
      );
      heartbeat.unref();
      try {
        if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
        await handler(JSON.parse(job.payload));
        clearInterval(heartbeat);
        await finish(db, job.id, now());
      } catch (err) {
        clearInterval(heartbeat);
        const message = err instanceof Error ? err.message : String(err);
        const outcome = await fail(db, job, message, now());
        log?.[outcome === 'dead' ? 'error' : 'warn'](
          { job: job.id, kind: job.kind, err: message },
          `job ${outcome}`,
        );
      }
    }
    return ran;
  }
}
