import type { Kysely } from 'kysely';
import type { Database, Db } from '../../platform/db/index.js';

/** What taking action needs, handed over in app.ts. */
export interface TakingDeps {
  db: Db;
  now: () => Date;
  siteName: string;
  publicUrl: string;
  /**
   * Told, inside the transaction, of the urgent actions whose counted actions just grew: where the
   * counters' purge hooks in (composed in app.ts). Optional: counting needs nobody's answer.
   */
  onCounted?: (trx: Kysely<Database>, articleIds: readonly number[], now: Date) => Promise<void>;
}
