import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { CLAIM_MS } from './rules.js';

/*
 * The lease both the send log (`alert_deliveries`) and digests (`digests`) claim rows with, in one
 * place: a row is 'sending' with `claimed_until` while a worker holds it. Conditions in SQL on
 * those two columns, so either table's queries use them.
 */

/** A claim's lease: when it is taken, and its end, which also tells this claim from a later one. */
export function leaseFrom(now: Date): { at: string; until: string } {
  return { at: now.toISOString(), until: new Date(now.getTime() + CLAIM_MS).toISOString() };
}

/** Claimed by a worker whose lease ran out by `at` (it died): the row may be taken again. */
export function leaseRanOut(at: string, table?: string): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(table ? `${table}.${name}` : name);
  return sql<SqlBool>`(${col('status')} = 'sending' and ${col('claimed_until')} < ${at})`;
}

/** Still held by the claim whose lease ends `until`: a worker that comes back late changes nothing. */
export function heldUntil(until: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${sql.ref('status')} = 'sending' and ${sql.ref('claimed_until')} = ${until})`;
}
