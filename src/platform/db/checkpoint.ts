import { sql } from 'kysely';
import { dialectOf } from './dialect.js';
import type { Db } from './index.js';

/*
 * SQLite's write-ahead log is copied back into the database file by a checkpoint. Left to SQLite,
 * the checkpoint runs inside whichever commit finds the log past 1,000 pages: in the server, on
 * its one thread, stalling every request behind it (the action intake at 50 connections: 1,477
 * acknowledged actions/s with a p99 of 736 ms, against 2,368/s and 242 ms without it). So the
 * server's connection leaves checkpoints to the job worker, a process of its own (or, with
 * WORKER=here, the same one), which runs a PASSIVE checkpoint ten times a second: it copies what no
 * reader still needs and never waits for, nor blocks, a writer. Should no worker run, the
 * connection's own automatic checkpoint, at AUTOCHECKPOINT_PAGES, still bounds the log.
 */

/**
 * The log size (pages of 4 KiB: about 400 MB) at which a commit checkpoints after all: a bound on
 * the log, reached only under a sustained stream of writes. The worker's PASSIVE checkpoints copy
 * the log back all the time, but a log starts again from its beginning only when a write begins
 * with every frame of it copied, and under a stream of writes (the action intake: a group commit
 * every 10-15 ms) one always lands while the worker's checkpoint flushes. The log then grows
 * until a commit of the server's own checkpoints it, on the server's thread, fsyncs included:
 * 30-45 ms during which no request moves. At 10,000 pages (40 MB) that happened every half second
 * at 3,500 actions/s (about 6 pages of log an action), and made the intake's p99 (46-57 ms over
 * 30 s); at 100,000 pages it happens every 5 s or so, and the p99 was 31.6 ms
 * (docs/benchmarks.md, 2026-12-05). Reads do not pay for the longer log: a reader searches only
 * the frames the worker has not yet copied back.
 */
export const AUTOCHECKPOINT_PAGES = 100_000;

/**
 * How often the worker checkpoints: often, so that each copies little, and so that the server's
 * own checkpoint at AUTOCHECKPOINT_PAGES finds little left to copy. Each costs the worker a
 * statement.
 */
export const CHECKPOINT_INTERVAL_MS = 100;

export interface CheckpointResult {
  /** Whether another connection held the checkpoint (the next one will go on). */
  busy: boolean;
  /** Pages in the log, and pages of it now in the database file. */
  log: number;
  checkpointed: number;
}

/** One PASSIVE checkpoint on this connection; null on PostgreSQL, which has no such thing to do. */
export async function checkpointOnce(db: Db): Promise<CheckpointResult | null> {
  if (dialectOf(db) !== 'sqlite') return null;
  const { rows } = await sql<{
    busy: number;
    log: number;
    checkpointed: number;
  }>`pragma wal_checkpoint(PASSIVE)`.execute(db);
  const row = rows[0];
  return row ? { busy: row.busy !== 0, log: row.log, checkpointed: row.checkpointed } : null;
}

/**
 * Checkpoints every CHECKPOINT_INTERVAL_MS until stopped (the worker calls it at its start). The
 * timer does not keep the process alive; a failed checkpoint is reported and the next one tries.
 */
export function startCheckpoints(
  db: Db,
  report: (err: unknown) => void,
  intervalMs = CHECKPOINT_INTERVAL_MS,
): () => void {
  if (dialectOf(db) !== 'sqlite') return () => {};
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    checkpointOnce(db)
      .catch(report)
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
