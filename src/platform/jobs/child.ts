import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * `candle serve` runs the background jobs in a child process of its own (`WORKER=child`, the
 * default), below the web server's priority: a fan-out to many subscribers or a batch of letters
 * then costs the readers nothing but the CPU the server leaves idle, and a job that leaks or
 * crashes takes only the child down. The child is the program's own `worker` command, started
 * with the V8 flags of `bin/candle-worker.mjs` (read from its first line, as the benches read
 * them), restarted after it dies with a pause that doubles up to a minute, and stopped with the
 * server.
 */

/** How much lower than the server the child runs (nice), as README advises for `candle-worker`. */
export const CHILD_NICENESS = 10;
const FIRST_PAUSE_MS = 1_000;
const LONGEST_PAUSE_MS = 60_000;
/** A child that ran this long before dying was healthy: the next restart is quick again. */
const HEALTHY_MS = 60_000;

/**
 * The node flags of bin/candle-worker.mjs, found in the nearest folder above the script that has
 * it (the checkout: above dist/ or src/); none when the program runs from elsewhere.
 */
export function workerNodeFlags(script: string): string[] {
  for (let dir = dirname(script); ; dir = dirname(dir)) {
    const bin = join(dir, 'bin', 'candle-worker.mjs');
    if (existsSync(bin))
      return readFileSync(bin, 'utf8')
        .split('\n')[0]!
        .replace(/^#!\/usr\/bin\/env -S node\s*/, '')
        .split(/\s+/)
        .filter(Boolean);
    if (dirname(dir) === dir) return [];
  }
}

/** The flags this process was started with, less the heap sizes the worker chooses for itself. */
function inheritedFlags(): string[] {
  const own = /^--(max-semi-space-size|max-old-space-size|single-threaded-gc|no-allocation-site-pretenuring)/;
  return process.execArgv.filter((flag) => !own.test(flag));
}

export interface WorkerChild {
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface WorkerChildOptions {
  /** The script this process runs (dist/main.js, or src/main.ts under tsx). */
  script: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  /** Told each child's process id as it starts. */
  started?: (pid: number) => void;
}

export function startWorkerChild(options: WorkerChildOptions): WorkerChild {
  const flags = [...inheritedFlags(), ...workerNodeFlags(options.script)];
  let child: ChildProcess | undefined;
  let stopping = false;
  let pause = FIRST_PAUSE_MS;
  let restart: NodeJS.Timeout | undefined;

  const launch = () => {
    const started = Date.now();
    const current = spawn(process.execPath, [...flags, options.script, 'worker'], {
      env: { ...options.env, WORKER: 'here' },
      // The IPC channel closes when this process dies, however it dies: the child stops then
      // (main.ts), so no worker outlives its server.
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child = current;
    if (current.pid !== undefined) {
      options.started?.(current.pid);
      try {
        setPriority(current.pid, CHILD_NICENESS);
      } catch {
        // Not allowed to lower it (some containers): the jobs still run, only less politely.
      }
    }
    current.on('error', (err) => options.log(`worker process could not start: ${err.message}`));
    current.on('exit', (code, signal) => {
      if (stopping) return;
      if (Date.now() - started > HEALTHY_MS) pause = FIRST_PAUSE_MS;
      options.log(
        `worker process ended (${signal ?? `exit ${code}`}); starting another in ${Math.round(pause / 1000)} s`,
      );
      restart = setTimeout(launch, pause);
      pause = Math.min(pause * 2, LONGEST_PAUSE_MS);
    });
  };
  launch();

  return {
    get pid() {
      return child?.pid;
    },
    async stop() {
      stopping = true;
      clearTimeout(restart);
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
      current.kill('SIGTERM');
      // The worker finishes its leases' current step; past this, it is stopped outright.
      const force = setTimeout(() => current.kill('SIGKILL'), 8_000);
      await exited;
      clearTimeout(force);
    },
  };
}
