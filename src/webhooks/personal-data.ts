import { type Kysely, sql } from 'kysely';
import type { Database } from '../platform/db/index.js';
import type { PersonalDataHolder } from '../platform/personal-data.js';

/*
 * The delivery log as a holder of personal data (platform/personal-data.ts): a body may carry a
 * person's address (`subscriber.confirmed` to an endpoint that asked for addresses; and any
 * `email` or `name` a future kind adds to its data). An erasure, from whichever room's page,
 * replaces those fields by "erased" in every delivery that holds them, whatever its state: the
 * row and its state stay (the administrator's log of what was sent where stays true), a delivery
 * still waiting is sent with "erased" in place of the address (Candle no longer knows it), and a
 * delivered one keeps no address either. Only this room reads its tables.
 */

/** The fields of an event's data that name a person. */
const PERSONAL_FIELDS = ['email', 'name'] as const;
export const ERASED = 'erased';

/** `like` matches `_` and `%` as wildcards: an address may contain `_`. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

const sameAddress = (a: unknown, email: string) =>
  typeof a === 'string' && a.trim().normalize('NFC').toLowerCase() === email;

/** The deliveries whose body's data names this address, with the body parsed. */
async function deliveriesOf(db: Kysely<Database>, email: string) {
  // The address as JSON writes it, quotes included; `like` narrows, the parsed body decides
  // (SQLite's `like` ignores case, PostgreSQL's does not: addresses are stored normalised).
  const pattern = `%${likeEscaped(JSON.stringify(email))}%`;
  const rows = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select(['d.id', 'd.event', 'd.body', 'd.status', 'd.created_at', 'e.url', 'e.description'])
    .where(sql<boolean>`d.body like ${pattern} escape '\\'`)
    .orderBy('d.id')
    .execute();
  const out: Array<(typeof rows)[number] & { parsed: { data: Record<string, unknown> } }> = [];
  for (const row of rows) {
    let parsed: { data?: unknown };
    try {
      parsed = JSON.parse(row.body) as { data?: unknown };
    } catch {
      continue;
    }
    const data = parsed.data;
    if (typeof data !== 'object' || data === null) continue;
    const fields = data as Record<string, unknown>;
    if (sameAddress(fields.email, email))
      out.push(Object.assign(row, { parsed: parsed as { data: Record<string, unknown> } }));
  }
  return out;
}

/** The webhooks room's holder: app.ts hands it to the rooms a person downloads or erases from. */
export function webhooksPersonalData(): PersonalDataHolder {
  return {
    section: 'webhook_deliveries',
    async exportOf(db, email) {
      const found = await deliveriesOf(db, email);
      if (found.length === 0) return null;
      // Who was told of them, and when: the endpoint as the administrator named it.
      return found.map((d) => ({
        event: d.event,
        status: d.status,
        createdAt: d.created_at,
        sentTo: d.description ? `${d.description} (${d.url})` : d.url,
        data: d.parsed.data,
      }));
    },
    async eraseOf(trx, email, now) {
      const found = await deliveriesOf(trx, email);
      for (const d of found) {
        const data = { ...d.parsed.data };
        for (const field of PERSONAL_FIELDS) if (field in data) data[field] = ERASED;
        await trx
          .updateTable('webhook_deliveries')
          .set({ body: JSON.stringify({ ...d.parsed, data }), updated_at: now.toISOString() })
          .where('id', '=', d.id)
          .execute();
      }
      return found.length > 0;
    },
  };
}
