import type { Kysely } from 'kysely';
import type { Database } from './db/index.js';

/**
 * A person (an email address) may be a subscriber, a supporter who acted, a network member…, each
 * kept by its own room. Whichever room's page they download or erase their data from, they get
 * or lose all of it: each room that holds something about a person is a holder, and app.ts hands
 * every room the same list. Rooms never read each other's tables.
 */
export interface PersonalDataHolder {
  /** The section's name in the downloaded file ("subscription", "urgent_actions"). */
  readonly section: string;
  /** What this room holds about the address, or null for nothing. `email` is normalised. */
  exportOf(db: Kysely<Database>, email: string): Promise<unknown | null>;
  /** Deletes it in the caller's transaction; true when there was something. */
  eraseOf(trx: Kysely<Database>, email: string, now: Date): Promise<boolean>;
}

/** Every holder's section that has something, in the holders' order. */
export async function exportPerson(
  holders: readonly PersonalDataHolder[],
  db: Kysely<Database>,
  email: string,
): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const holder of holders) {
    const data = await holder.exportOf(db, email);
    if (data !== null) out[holder.section] = data;
  }
  return out;
}

/** Erases the address from every holder, in the caller's transaction: all or nothing. */
export async function erasePerson(
  holders: readonly PersonalDataHolder[],
  trx: Kysely<Database>,
  email: string,
  now: Date,
): Promise<boolean> {
  let any = false;
  for (const holder of holders) if (await holder.eraseOf(trx, email, now)) any = true;
  return any;
}
