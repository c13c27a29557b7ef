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

/** The log size (pages of 4 KiB: about 40 MB) at which a commit checkpoints after all. */
export const AUTOCHECKPOINT_PAGES = 10_000;

/**
 * How often the worker checkpoints. Often, so that each copies little: a checkpoint ends with an
 * fsync of the database file, and while ext4 commits its journal for it, the server's next commit
 * waits in its write to the log (the log file's times are journalled too). At 2,000-3,000 actions
 * a second, a checkpoint a second made such a commit take 60-80 ms instead of 8, one every quarter
 * second 30-47 ms (every 0.4-0.8 s, the intake's p99 at 56-73 ms), one every tenth of a second
 * about 20 ms (p99 48 ms); every 50 ms was no better. Each costs the worker a statement.
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
