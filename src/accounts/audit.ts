import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/index.js';

/** Who did something: a signed-in person, or the system itself (a scheduled job). */
export interface Actor {
  userId: number | null;
  label: string;
  ip: string;
}

export const systemActor: Actor = { userId: null, label: 'system', ip: '' };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  summary: string;
  before?: unknown;
  after?: unknown;
}

/** Written in the same transaction as the change it records. */
export async function recordAudit(
  db: Kysely<Database>,
  actor: Actor,
  entry: AuditEntry,
  now: Date,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      user_id: actor.userId,
      actor: actor.label,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: String(entry.entityId),
      summary: entry.summary,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: actor.ip,
      created_at: now.toISOString(),
    })
    .execute();
}

export async function listAudit(db: Kysely<Database>, limit: number, offset: number) {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countAudit(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
