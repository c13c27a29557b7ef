import type { Kysely } from 'kysely';
import type { ActionChannel, Database, Db } from '../../platform/db/index.js';

/** An action that has just counted, as other tools are told of it. */
export interface TakenAction {
  actionId: number;
  articleId: number;
  /** "UA 58/20", once numbered. */
  reference: string | null;
  channel: ActionChannel;
}

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
  /**
   * Told, inside the transaction that counted them, of the actions that just counted (the
   * webhooks' `action.taken`, composed in app.ts): a rolled-back action tells nobody.
   */
  onTaken?: (trx: Kysely<Database>, taken: readonly TakenAction[], now: Date) => Promise<void>;
  log?: { warn(obj: object, msg: string): void };
  /**
   * Whether an address may be mailed at all (asked before a confirmation link goes): the
   * subscriptions room's suppression list, composed in app.ts. A supporter's own `bounced_at` is
   * this room's; this also knows an address that bounced before its supporter was swept away.
   */
  mayMail?: (trx: Kysely<Database>, email: string) => Promise<boolean>;
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
