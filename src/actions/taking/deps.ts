import type { Db } from '../../platform/db/index.js';

/** What taking action needs, handed over in app.ts. */
export interface TakingDeps {
  db: Db;
  now: () => Date;
  siteName: string;
  publicUrl: string;
  /**
   * Told, after the transaction committed, of the urgent actions whose counted actions just grew:
   * where the counters' purge hooks in (composed in app.ts). A failure there is logged, never the
   * supporter's: their action is safe already.
   */
  onCounted?: (articleIds: readonly number[]) => Promise<void>;
  log?: { warn(obj: object, msg: string): void };
}

/** Tells the counters, once the counting transaction has committed. */
export async function counted(deps: TakingDeps, articleIds: readonly number[]): Promise<void> {
  if (!deps.onCounted || articleIds.length === 0) return;
  try {
    await deps.onCounted(articleIds);
  } catch (err) {
    deps.log?.warn({ err: err instanceof Error ? err.message : String(err) }, 'counts not refreshed');
  }
}
