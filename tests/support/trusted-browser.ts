import { TRUST_COOKIE, trustCookieValue } from '../../src/actions/taking/trusted-browser.js';
import type { Db } from '../../src/platform/db/index.js';
import { loadSubscriberKeys } from '../../src/subscriptions/index.js';
import { TEST_PUBLIC_URL } from './app.js';

/**
 * The Cookie header of a browser a confirmed supporter pressed their confirmation button in, as
 * the app would have set it: minted with the app's own keys (the test app's LINK_SECRET is unset,
 * so the secret it keeps in the database signs). `now` is when it was set (a year's validity).
 * The supporter must exist: the cookie names them by id and is bound to their address.
 */
export async function trustedBrowser(db: Db, email: string, now = new Date()): Promise<{ cookie: string }> {
  const supporter = await db
    .selectFrom('ua_supporters')
    .select(['id', 'email'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const { linkKeys } = await loadSubscriberKeys(
    db,
    {
      publicUrl: TEST_PUBLIC_URL,
      linkSecret: undefined,
      linkSecretPrevious: undefined,
      unsubscribeMailto: undefined,
    },
    now,
  );
  return { cookie: `${TRUST_COOKIE}=${trustCookieValue(linkKeys, supporter, now)}` };
}

/** The Cookie header to send back after an answer that set the trust cookie (the confirmation). */
export function cookieSetBy(res: { headers: Record<string, unknown> }): { cookie: string } {
  const set = [res.headers['set-cookie']].flat().filter((v): v is string => typeof v === 'string');
  const trust = set.find((c) => c.startsWith(`${TRUST_COOKIE}=`));
  if (!trust) throw new Error(`no ${TRUST_COOKIE} cookie was set`);
  return { cookie: trust.split(';')[0]! };
}

/** A supporter written as their confirmation leaves them, confirmed at `at`; their id. */
export async function confirmedSupporter(
  db: Db,
  email: string,
  at: Date,
  person: { name: string; city: string; country: string } = {
    name: 'Ana Torres',
    city: 'Montréal',
    country: 'Canada',
  },
): Promise<number> {
  const stamp = at.toISOString();
  const row = await db
    .insertInto('ua_supporters')
    .values({ email, ...person, confirmed_at: stamp, created_at: stamp, updated_at: stamp })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
