import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../platform/db/index.js';
import { type MessageKey, t } from '../platform/i18n/index.js';

/** Who did something: a signed-in person, or the system itself (a scheduled job). */
export interface Actor {
  userId: number | null;
  label: string;
  ip: string;
}

export const systemActor: Actor = { userId: null, label: 'system', ip: '' };

/** An entry's sentence as data: a catalogue key (`audit.…`) and the values that fill it. */
export interface AuditMessage {
  key: MessageKey & `audit.${string}`;
  params?: Record<string, string | number>;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | number;
  message: AuditMessage;
  before?: unknown;
  after?: unknown;
}

const storedMessage = z.object({
  key: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/**
 * What an entry says, in the reader's words: its sentence from the catalogue, filled with its
 * values. An entry from before messages were kept as data (or whose key the catalogue no longer
 * has) shows the English summary it was written with.
 */
export function auditText(row: { message: string | null; summary: string }): string {
  if (!row.message) return row.summary;
  try {
    const message = storedMessage.parse(JSON.parse(row.message));
    if (!message.key.startsWith('audit.')) return row.summary;
    const text = t(message.key as MessageKey, message.params ?? {});
    return text === undefined ? row.summary : text;
  } catch {
    return row.summary;
  }
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
      // Kept in English beside the data, for exports and for a catalogue that loses the key.
      summary: t(entry.message.key, entry.message.params ?? {}),
      message: JSON.stringify(entry.message),
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
